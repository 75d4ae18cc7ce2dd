"""
Fault drill: a backup restored into a new database answers exactly as the original.

Loads the demo content into a scratch PostgreSQL database, backs it up as an operator
would (``pg_dump`` of the database and a copy of ``MEDIA_ROOT`` taken together),
restores the dump with ``pg_restore`` into a second new database, then sends every
public API request to each in turn (every page's detail, ``route/`` and ``find/`` of
every public path in both languages, the listings, navigation at every depth, site,
search, suggestions and popular searches, and a few 404s) and compares the answers
byte for byte: status, body and the headers a client or CDN keeps (``Content-Type``,
``Content-Length``, ``ETag``, ``Cache-Control``, ``Vary``, ``X-Cache``).

Nothing is normalised. Each side is served by a fresh process with an empty cache, so
both answer as a freshly started server would. The two runs start from the same data
(the original is recorded after the dump is taken), because searches count towards
"popular searches": recording first would give the restored side other counts.

    .venv/bin/python tools/drills/dump_restore.py            # PostgreSQL on 127.0.0.1:5432
    .venv/bin/python tools/drills/dump_restore.py --server postgres://postgres@host:5432

Exits 1 and prints the first differences if any answer differs.
"""

from __future__ import annotations

import argparse
import base64
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCE, RESTORED = "mha_drill_source", "mha_drill_restored"
#: Headers that a client or a CDN keeps, so they must survive a restore too.
HEADERS = ("Content-Type", "Content-Length", "ETag", "Cache-Control", "Vary", "X-Cache")
SEARCHES = {
    "en": ["talent", "hartford", "insurance", "progress points", "manufacturing"],
    "es": ["talento", "hartford", "empleo", "seguros"],
}
SUGGESTIONS = {"en": ["insu", "tal", "hart"], "es": ["tal", "emp"]}
STEP_TIMEOUT = 600


def postgres_bin(name: str) -> str:
    """The newest installed PostgreSQL client tool (``/usr/lib/postgresql/N/bin``)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    for directory in reversed(versions):
        if (directory / name).exists():
            return str(directory / name)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install the PostgreSQL client")
    return found


def run(command: list[str], **kwargs) -> None:
    subprocess.run(command, check=True, timeout=STEP_TIMEOUT, **kwargs)  # noqa: S603


def environment(server: str, database: str, media: Path, cache: Path) -> dict[str, str]:
    env = {**os.environ}
    env.pop("REDIS_URL", None)  # each side's cache is its own empty directory
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL=f"{server}/{database}",
        MEDIA_ROOT=str(media),
        CACHE_DIR=str(cache),
        TASKS_BACKEND="immediate",  # the PDF's text is read while loading, not later
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    run([sys.executable, "manage.py", *args], cwd=ROOT, env=env)


# Recording (in a process of its own per database) -------------------------------------


def requests_for(client) -> list[str]:
    """Every public read the API serves for the content in the database."""
    targets, ids, paths, types = _listings(client)
    targets += _page_reads(ids, paths, types)
    targets += _search_reads()
    targets += ["/api/v3/route/?path=/no-such-page/", "/api/v3/pages/999999/"]
    return targets


def _listings(client) -> tuple[list[str], list[int], list[str], set[str]]:
    """Every page listed in both languages: the listing requests, and the pages' ids,
    paths and types."""
    targets: list[str] = []
    ids: list[int] = []
    paths: list[str] = []
    types: set[str] = set()
    for locale in ("en", "es"):
        offset = 0
        while True:
            target = (
                f"/api/v3/pages/?{urlencode({'locale': locale, 'limit': 100, 'offset': offset})}"
            )
            answer = client.get(target).json()
            targets.append(target)
            for card in answer["items"]:
                ids.append(card["id"])
                paths.append(card["path"])
                types.add(card["type"])
            offset += 100
            if offset >= answer["count"]:
                break
    return targets, ids, paths, types


def _page_reads(ids: list[int], paths: list[str], types: set[str]) -> list[str]:
    targets = [f"/api/v3/pages/{page_id}/" for page_id in ids]
    for path in paths:
        targets.append(f"/api/v3/route/?{urlencode({'path': path})}")
        targets.append(f"/api/v3/pages/find/?{urlencode({'html_path': path})}")
    for locale in ("en", "es"):
        for page_type in sorted(types):
            for order in ("tree", "-date", "title"):
                query = {"type": page_type, "locale": locale, "order": order}
                targets.append(f"/api/v3/pages/?{urlencode(query)}")
        for depth in (1, 2, 3, 4):
            targets.append(f"/api/v3/navigation/?locale={locale}&depth={depth}")
        targets.append(f"/api/v3/site/?locale={locale}")
    targets += [f"/api/v3/pages/?child_of={page_id}&limit=100" for page_id in ids]
    return targets


def _search_reads() -> list[str]:
    targets = []
    for locale, queries in SEARCHES.items():
        for query in queries:
            for sort in ("relevance", "newest"):
                params = {"q": query, "locale": locale, "sort": sort}
                targets.append(f"/api/v3/search/?{urlencode(params)}")
    for locale, prefixes in SUGGESTIONS.items():
        for prefix in prefixes:
            targets.append(f"/api/v3/search/suggest/?{urlencode({'q': prefix, 'locale': locale})}")
    for locale in ("en", "es"):
        targets.append(f"/api/v3/search/popular/?locale={locale}")
    return targets


def record(output: Path, requests_file: Path | None) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    client = Client()
    if requests_file is None:
        targets = requests_for(Client())
        from django.core.cache import cache

        cache.clear()  # the listing walk above must not warm the cache for what follows
    else:
        targets = json.loads(requests_file.read_text())
    answers = []
    for target in targets:
        response = client.get(target)
        answers.append(
            {
                "request": target,
                "status": response.status_code,
                "headers": {name: response.headers.get(name) for name in HEADERS},
                "body": base64.b64encode(response.content).decode(),
            }
        )
    output.write_text(json.dumps(answers))


# The drill ----------------------------------------------------------------------------


def describe(answer: dict) -> list[str]:
    lines = [f"{answer['status']}"] + [f"{k}: {v}" for k, v in answer["headers"].items()]
    body = base64.b64decode(answer["body"])
    try:
        lines += json.dumps(json.loads(body), indent=1, ensure_ascii=False).splitlines()
    except ValueError:
        lines.append(repr(body))
    return lines


def compare(original: list[dict], restored: list[dict]) -> int:
    differing = [(a, b) for a, b in zip(original, restored, strict=True) if a != b]
    total = sum(len(base64.b64decode(a["body"])) for a in original)
    print(
        f"{len(original)} answers ({total:,} bytes of JSON) compared: "
        f"{len(original) - len(differing)} identical, {len(differing)} different"
    )
    for before, after in differing[:5]:
        print(f"\n{before['request']}:")
        diff = difflib.unified_diff(
            describe(before), describe(after), "original", "restored", lineterm="", n=2
        )
        print("\n".join(list(diff)[:60]))
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--record", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--requests", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.record:
        record(options.record, options.requests)
        return 0

    started = time.monotonic()
    psql = [postgres_bin("psql"), options.server + "/postgres", "-qX", "-v", "ON_ERROR_STOP=1"]
    with tempfile.TemporaryDirectory(prefix="mha-drill-") as scratch:
        work = Path(scratch)
        for database in (SOURCE, RESTORED):
            run(
                [
                    *psql,
                    "-c",
                    f"DROP DATABASE IF EXISTS {database}",
                    "-c",
                    f"CREATE DATABASE {database}",
                ]
            )
        source = environment(options.server, SOURCE, work / "media", work / "cache-source")
        restored = environment(
            options.server, RESTORED, work / "media-restored", work / "cache-restored"
        )

        print("==> Loading the demo content into", SOURCE)
        manage(source, "migrate", "--no-input", "-v0")
        manage(source, "load_demo_content", "--no-users", "-v0")
        loaded = time.monotonic()

        print(f"==> Backing up: pg_dump of {SOURCE} and a copy of MEDIA_ROOT")
        dump = work / "backup.dump"
        run(
            [
                postgres_bin("pg_dump"),
                "-Fc",
                "--no-owner",
                "-f",
                str(dump),
                f"{options.server}/{SOURCE}",
            ]
        )
        shutil.copytree(work / "media", work / "media-restored")
        print(f"==> Restoring into {RESTORED} with pg_restore ({dump.stat().st_size:,} bytes)")
        run(
            [
                postgres_bin("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "-d",
                f"{options.server}/{RESTORED}",
                str(dump),
            ]
        )

        print("==> Recording every public API answer from each database")
        original, again = work / "original.json", work / "restored.json"
        script = [sys.executable, str(Path(__file__).resolve())]
        run([*script, "--record", str(original)], cwd=ROOT, env=source)
        targets = work / "requests.json"
        targets.write_text(json.dumps([a["request"] for a in json.loads(original.read_text())]))
        run([*script, "--record", str(again), "--requests", str(targets)], cwd=ROOT, env=restored)
        status = compare(json.loads(original.read_text()), json.loads(again.read_text()))
        for database in (SOURCE, RESTORED):
            run([*psql, "-c", f"DROP DATABASE IF EXISTS {database}"])
    print(
        f"Done in {time.monotonic() - started:.0f} s "
        f"(loading the demo content {loaded - started:.0f} s)."
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
