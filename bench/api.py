"""
Benchmark of the content API against stock Wagtail on the same data, in one run.

    .venv/bin/python bench/api.py                 # 10,000 generated pages, SQLite
    .venv/bin/python bench/api.py --pages 2000    # quicker
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mha_bench .venv/bin/python bench/api.py
    BENCH_REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/api.py   # cache in Redis

It builds (once, then reuses) a database of the demo content plus generated pages,
starts gunicorn (2 sync workers, as production on this machine) for: the project
with its response cache, the project with the cache off (cold), stock Wagtail API v2
and v3, and a trivial WSGI app serving the project's detail JSON as bytes (the
limit). wrk (installed with apt when missing) loads each for a few seconds at
concurrency 8 and reports requests per second and p50/p99 latency. Results go to
bench/results/ and a Markdown table with the ratios that the targets name is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("Installing wrk (apt)…", flush=True)
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, capture_output=True)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)
    return shutil.which("wrk")


def django_env(database_url: str, settings: str = "bench.settings", **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    if os.environ.get("BENCH_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        BENCH_DATABASE_URL=database_url,
        BENCH_MEDIA_ROOT=str(DATA / "media"),
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def prepare(database_url: str, pages: int) -> None:
    env = django_env(database_url)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run([PYTHON, "-m", "bench.generate", str(pages)], cwd=ROOT, env=env, check=True)
    # The tasks the load queued (the images' renditions above all) run before anything is
    # measured, as the task worker runs them after an upload: no answer lacks them.
    subprocess.run(
        [
            PYTHON,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "-v0",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )


class Server:
    def __init__(self, name: str, port: int, app: str, env: dict):
        self.name, self.port = name, port
        self.process = subprocess.Popen(
            [
                GUNICORN,
                app,
                "--config",
                str(ROOT / "bench" / "gunicorn_bench.py"),
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "/dev/null",
                "--error-logfile",
                str(RESULTS / f"{name}.log"),
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self) -> None:
        for _ in range(120):
            try:
                urllib.request.urlopen(self.url("/healthz/"), timeout=2)  # noqa: S310
                return
            except OSError as exc:
                if getattr(exc, "code", None) == 404:
                    return
                time.sleep(0.5)
        raise RuntimeError(f"{self.name} did not start; see bench/results/{self.name}.log")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str) -> tuple[int, bytes]:
    """GET without following redirects (stock find/ answers with a 302)."""
    try:
        with _opener.open(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wrk(binary: str, url: str, seconds: int) -> dict:
    fetch(url)  # warm: caches, connections
    output = subprocess.run(
        [binary, "-t2", "-c8", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(p: str) -> float:
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rate,
        "p50_ms": percentile("50"),
        "p99_ms": percentile("99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=8)
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{DATA / f'api-{args.pages}.sqlite3'}"
    )
    binary = ensure_wrk()
    print(f"Preparing {args.pages} pages in {database_url}…", flush=True)
    prepare(database_url, args.pages)

    cached = Server("project", 8101, "cms.wsgi:application", django_env(database_url))
    cold = Server(
        "project-cold",
        8102,
        "cms.wsgi:application",
        django_env(database_url, API_CACHE_ENABLED="0"),
    )
    stock = Server(
        "stock", 8103, "cms.wsgi:application", django_env(database_url, "bench.stock_settings")
    )
    servers = [cached, cold, stock]
    results: dict[str, dict] = {}
    try:
        for server in servers:
            server.wait()
        listing = fetch(cached.url("/api/v3/pages/?type=reports.ReportPage&locale=en&limit=20"))
        report_id = json.loads(listing[1])["items"][0]["id"]
        report_path = json.loads(fetch(cached.url(f"/api/v3/pages/{report_id}/"))[1])["path"]
        detail_body = fetch(cached.url(f"/api/v3/pages/{report_id}/"))[1]
        (DATA / "detail.json").write_bytes(detail_body)
        plain = Server(
            "bytes",
            8104,
            "bench.bytes_app:app",
            django_env(database_url, BENCH_BYTES_FILE=str(DATA / "detail.json")),
        )
        servers.append(plain)
        plain.wait()

        cases = {
            "listing: project, cached": cached.url(
                "/api/v3/pages/?type=reports.ReportPage&limit=20"
            ),
            "listing: project, cold": cold.url("/api/v3/pages/?type=reports.ReportPage&limit=20"),
            "listing: stock v2 fields=*": stock.url(
                "/api/v2/pages/?type=reports.ReportPage&fields=*&limit=20"
            ),
            "listing: stock v3": stock.url("/api/v3/pages/?type=reports.ReportPage&limit=20"),
            "detail: project, cached": cached.url(f"/api/v3/pages/{report_id}/"),
            "detail: project, cold": cold.url(f"/api/v3/pages/{report_id}/"),
            "detail: stock v2": stock.url(f"/api/v2/pages/{report_id}/"),
            "detail: stock v3": stock.url(f"/api/v3/pages/{report_id}/"),
            "detail: same JSON as bytes": plain.url("/"),
            "route: project, cached": cached.url(f"/api/v3/route/?path={report_path}"),
            "route: project, cold": cold.url(f"/api/v3/route/?path={report_path}"),
            "route: stock v2 find (302)": stock.url(f"/api/v2/pages/find/?html_path={report_path}"),
            "route: stock v3 find (302)": stock.url(f"/api/v3/pages/find/?html_path={report_path}"),
        }
        for name, url in cases.items():
            results[name] = wrk(binary, url, args.seconds)
            r = results[name]
            line = f"{name:32} {r['rps']:9.1f} req/s  p50 {r['p50_ms']:7.2f} ms"
            print(
                f"{line}  p99 {r['p99_ms']:7.2f} ms"
                + (f"  ({r['errors']} non-2xx)" if r["errors"] else ""),
                flush=True,
            )
    finally:
        for server in servers:
            server.stop()

    def ratio(a: str, b: str) -> float:
        return results[a]["rps"] / results[b]["rps"]

    targets = [
        (
            "cached detail / same JSON as bytes",
            ratio("detail: project, cached", "detail: same JSON as bytes"),
            0.5,
        ),
        ("cold detail / stock v2 detail", ratio("detail: project, cold", "detail: stock v2"), 1.5),
        (
            "cold typed listing / stock v2 fields=* listing",
            ratio("listing: project, cold", "listing: stock v2 fields=*"),
            5.0,
        ),
    ]
    lines = ["| request | req/s | p50 ms | p99 ms |", "|---|---:|---:|---:|"]
    lines += [
        f"| {n} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} |"
        for n, r in results.items()
    ]
    lines += ["", "| target | measured | wanted | |", "|---|---:|---:|---|"]
    lines += [
        f"| {n} | {v:.2f}× | ≥ {w}× | {'met' if v >= w else 'NOT met'} |" for n, v, w in targets
    ]
    table = "\n".join(lines)
    print("\n" + table)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"api-{stamp}.json").write_text(
        json.dumps(
            {
                "pages": args.pages,
                "database": database_url.split("://")[0],
                "results": results,
                "targets": {n: {"measured": v, "wanted": w} for n, v, w in targets},
            },
            indent=2,
        )
    )
    (RESULTS / f"api-{stamp}.md").write_text(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
