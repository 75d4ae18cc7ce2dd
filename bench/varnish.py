"""
Varnish in front of the content API under bench/api.py's publish-storm mix: how many
answers the CDN serves itself, with and without publishing, and how long a publish takes
to be fresh through it.

    .venv/bin/python bench/varnish.py                      # 10,000 pages, 20 s a load
    .venv/bin/python bench/varnish.py --pages 2000 --seconds 10

It uses bench/api.py's PostgreSQL + Redis database (``mha_bench_api_<pages>``, built
when missing, as bench/api.py builds it; ``--database-url`` and ``--redis-url`` name
others) and starts, on loopback:

- the project under gunicorn (2 sync workers, bench/gunicorn_bench.py) with the Varnish
  purger configured (``CDN_PURGE_BACKENDS=varnish``: answers carry ``xkey`` and the CDN's
  day-long TTL);
- varnishd with deploy/varnish/api.vcl in front of it (``--port``; gunicorn on the next);
- the task worker as production runs it (``db_worker --interval 0.2``), which sends the
  purges each publish queues.

Every path of bench/api.py's storm mix (routes of hundreds of pages, a listing after
every third) is requested through Varnish once, so the CDN holds the mix as after any
while of traffic; then wrk loads the mix through Varnish for ``--seconds`` twice: alone,
and while bench/publisher.py publishes one report a second as an editor does. Each load
reports requests per second, p50/p99, Varnish's own hit ratio (``MAIN.cache_hit`` ÷
(``cache_hit`` + ``cache_miss``) from varnishstat, counted over the load) and the
requests that reached gunicorn (``MAIN.backend_req``). Then one report is published five
times, and each time the script polls its detail through Varnish until the new title is
served: the publish-to-fresh time (from the publish's commit).

Results go to bench/results/varnish-<time>.json and .md, and the Markdown is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api import (  # noqa: E402
    DATA,
    POSTGRES,
    PYTHON,
    REDIS,
    RESULTS,
    Server,
    django_env,
    ensure_wrk,
    fetch,
    flush_redis,
    prepare,
    storm_paths,
    wrk_mix,
)

VCL_DIR = ROOT / "deploy" / "varnish"
COUNTERS = ("MAIN.cache_hit", "MAIN.cache_miss", "MAIN.cache_hitpass", "MAIN.backend_req")
FRESH_PUBLISHES = 5


class Varnish:
    def __init__(self, port: int, origin_port: int) -> None:
        self.port = port
        self.folder = DATA / "varnish"
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        (self.folder / "backend.vcl").write_text(
            f'backend default {{ .host = "127.0.0.1"; .port = "{origin_port}"; }}\n'
        )
        self.process = subprocess.Popen(
            [
                shutil.which("varnishd") or "varnishd",
                "-F",
                "-j",
                "none",
                "-a",
                f"127.0.0.1:{port}",
                "-T",
                "none",
                "-n",
                str(self.folder / "work"),
                "-s",
                "malloc,256m",
                "-p",
                f"vcl_path={self.folder}:{VCL_DIR}",
                "-f",
                "api.vcl",
            ],
            stdout=(RESULTS / "varnishd.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self) -> None:
        for _ in range(100):
            if fetch(self.url("/healthz/"))[0] == 200:
                return
            time.sleep(0.2)
        raise RuntimeError("varnishd did not start; see bench/results/varnishd.log")

    def counters(self) -> dict[str, int]:
        output = subprocess.run(
            [
                "varnishstat",
                "-n",
                str(self.folder / "work"),
                "-1",
                *(argument for name in COUNTERS for argument in ("-f", name)),
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
        found = {}
        for line in output.splitlines():
            name, value, *_ = line.split()
            found[name] = int(value)
        return found

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


class Through:
    """bench/api.py's Server, but its URLs are Varnish's (for storm_paths and wrk_mix)."""

    def __init__(self, varnish: Varnish) -> None:
        self.name = "varnish"
        self.url = varnish.url


def load(binary: str, varnish: Varnish, paths_file: Path, seconds: int) -> dict:
    before = varnish.counters()
    result = wrk_mix(binary, Through(varnish), paths_file, seconds)  # type: ignore[arg-type]
    after = varnish.counters()
    delta = {name: after.get(name, 0) - before.get(name, 0) for name in COUNTERS}
    hits, misses = delta["MAIN.cache_hit"], delta["MAIN.cache_miss"]
    return {
        "rps": result["rps"],
        "p50_ms": result["p50_ms"],
        "p99_ms": result["p99_ms"],
        "errors": result["errors"],
        "varnish_hit": hits,
        "varnish_miss": misses,
        "varnish_hitpass": delta["MAIN.cache_hitpass"],
        "varnish_hit_ratio": hits / (hits + misses) if hits + misses else 0.0,
        "backend_requests": delta["MAIN.backend_req"],
    }


def publish_to_fresh(varnish: Varnish, env: dict) -> list[float]:
    """Publish one report FRESH_PUBLISHES times; seconds from each commit to a fresh answer."""
    editor = subprocess.Popen(
        [PYTHON, str(Path(__file__).resolve()), "--publish-titles", str(FRESH_PUBLISHES)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    times = []
    try:
        page_id = int(editor.stdout.readline())
        url = varnish.url(f"/api/v3/pages/{page_id}/")
        for _ in range(FRESH_PUBLISHES):
            fetch(url)  # cached before the publish
            line = editor.stdout.readline()  # "<title>\t<commit time>", once it committed
            title, committed = line.rstrip("\n").split("\t")
            deadline = time.time() + 30
            while time.time() < deadline:
                status, body = fetch(url)
                if status == 200 and json.loads(body)["title"] == title:
                    times.append(time.time() - float(committed))
                    break
                time.sleep(0.005)
            else:
                raise RuntimeError(f"{url} still stale 30 s after the publish")
    finally:
        editor.wait(timeout=60)
    return times


def publish_titles(count: int) -> None:
    """The editor of publish_to_fresh (in a process of its own, as an editor's request)."""
    import django

    django.setup()
    from reports.models import ReportPage

    page = ReportPage.objects.live().order_by("pk").first()
    print(page.pk, flush=True)
    for n in range(count):
        time.sleep(2)  # the last purge and its repeat done; the answer cached again
        page.title = f"{page.title.split(' · ')[0]} · revision {time.time():.0f}-{n}"
        page.save_revision().publish()  # returns once committed (the purge is queued)
        print(f"{page.title}\t{time.time()}", flush=True)


def markdown(run: dict) -> str:
    lines = [
        f"Varnish in front of the API, {run['pages']:,} pages, {run['date']}: "
        f"bench/api.py's storm mix ({run['routes']} routes, {run['listings']} listings), "
        f"wrk -t2 -c8, {run['seconds']} s each",
        "",
        "| load | req/s | p50 ms | p99 ms | Varnish hit ratio | hits / misses "
        "| reached gunicorn | publishes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ("without publishing", "one publish a second"):
        r = run[name]
        lines.append(
            f"| {name} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{100 * r['varnish_hit_ratio']:.2f}% | {r['varnish_hit']} / {r['varnish_miss']} | "
            f"{r['backend_requests']} | {r.get('publishes', 0)} |"
        )
    fresh = ", ".join(f"{1000 * t:.0f}" for t in run["publish_to_fresh_s"])
    lines += ["", f"Publish (commit) to fresh through Varnish, ms: {fresh}"]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=20, help="of wrk's load, each")
    parser.add_argument("--database-url", help="default: bench/api.py's mha_bench_api_<pages>")
    parser.add_argument("--redis-url", default=REDIS)
    parser.add_argument("--port", type=int, default=8131, help="Varnish's; gunicorn the next")
    parser.add_argument("--publish-titles", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.publish_titles:
        publish_titles(args.publish_titles)
        return 0
    if not shutil.which("varnishd"):
        print("varnishd is missing: apt-get install varnish varnish-modules", file=sys.stderr)
        return 1
    binary = ensure_wrk()
    RESULTS.mkdir(parents=True, exist_ok=True)
    database_url = args.database_url or f"{POSTGRES}/mha_bench_api_{args.pages}"
    prepare(database_url, args.pages)
    flush_redis(args.redis_url)
    varnish_port, origin_port = args.port, args.port + 1
    env = django_env(
        database_url,
        args.redis_url,
        CDN_PURGE_BACKENDS="varnish",
        CDN_VARNISH_URLS=f"http://127.0.0.1:{varnish_port}",
        CDN_API_URL=f"http://127.0.0.1:{varnish_port}",
        CDN_FRONTEND_URL="",
        TASKS_BACKEND="database",
    )
    origin = Server("varnish-origin", origin_port, "cms.wsgi:application", env)
    varnish = Varnish(varnish_port, origin_port)
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "-v0"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    run: dict = {"pages": args.pages, "seconds": args.seconds, "date": time.strftime("%Y-%m-%d")}
    try:
        origin.wait()
        varnish.wait()
        paths = storm_paths(origin)
        run["routes"] = sum("/route/" in path for path in paths)
        run["listings"] = len({path for path in paths if "/route/" not in path})
        paths_file = DATA / "varnish-paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        for path in paths:  # in Varnish, as after any while of traffic
            fetch(varnish.url(path))
        run["without publishing"] = load(binary, varnish, paths_file, args.seconds)
        publisher = subprocess.Popen(
            [PYTHON, "-m", "bench.publisher", str(args.seconds)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            if publisher.stdout.readline().strip() != "ready":
                raise RuntimeError("bench/publisher.py did not start")
            stormy = load(binary, varnish, paths_file, args.seconds)
            published = json.loads(publisher.communicate(timeout=60)[0].splitlines()[-1])
        finally:
            if publisher.poll() is None:
                publisher.kill()
        run["one publish a second"] = {**stormy, **published}
        time.sleep(6)  # the storm's last purges and their repeats
        run["publish_to_fresh_s"] = publish_to_fresh(varnish, env)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
        varnish.stop()
        origin.stop()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"varnish-{stamp}.json").write_text(json.dumps(run, indent=2))
    text = markdown(run)
    (RESULTS / f"varnish-{stamp}.md").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
