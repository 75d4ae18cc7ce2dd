"""
Benchmark of the content API against stock Wagtail on the same data, in one run, in the
configuration production runs and beside it the lighter ones.

    .venv/bin/python bench/api.py                       # 10,000 pages, all configurations
    .venv/bin/python bench/api.py --configs pg-redis    # production's only: a quicker run
    .venv/bin/python bench/api.py --pages 2000 --seconds 3

Configurations (``--configs``, in the order given; default all three):
  pg-redis      PostgreSQL (database ``mha_bench_api_<pages>`` on 127.0.0.1:5432, user
                postgres, created when missing) and Redis (db 9), as production. The
                issue's targets apply to this one, and only it has the publish storm.
  sqlite-local  SQLite (bench/data/api-<pages>.sqlite3) with each worker's own memory
                as the cache (Django's locmem), as the figures before Redis was required.
  sqlite-redis  the same SQLite database with Redis (db 9).

Each database is built once (the demo content plus generated pages) and reused; the
tasks the load queued (the images' renditions above all) run before anything is
measured. Redis db 9 is emptied before each configuration that uses it.

For each configuration it starts gunicorn (2 sync workers, as production on this
machine) for: the project with its response cache, the project with the cache off
(``API_CACHE_ENABLED=0``: cold), stock Wagtail API v2 and v3, and a trivial WSGI app
serving the project's detail JSON as bytes (the limit). wrk (installed with apt when
missing) loads each case (a listing, a report's detail, its route: cached, cold, and
the stock equivalents) for ``--seconds`` at concurrency 8 and reports requests per
second and p50/p99 latency. Ratios against the baselines measured in the same run are
checked against the targets.

The publish storm (pg-redis): wrk loads the cached server with a mix of routes of
hundreds of pages and, after every third, one of several listings (by type, parent,
locale, tag), cycling through them (bench/storm.lua), for ``--storm-seconds`` twice:
once alone, once while bench/publisher.py publishes one report page a second as the
editor does (a new revision, published), in the same database and Redis. Every path is
requested once before, so the cache holds the mix as after any while of traffic. Each
load reports requests per second, p50/p99, and the hit ratio (the X-Cache header of
every answer: HIT, MISS, BYPASS), with the number of publishes Wagtail logged.

The RSS of each gunicorn worker of the cached and the cold project servers is read after
start-up and after the run. Results go to bench/results/api-<time>.json and .md, and
the Markdown tables are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
STORM_SCRIPT = ROOT / "bench" / "storm.lua"
FOLLOW_SCRIPT = ROOT / "bench" / "follow.lua"
#: The case loaded with FOLLOW_SCRIPT: stock find/'s 302 and then the detail it names.
FOLLOWED_FIND = "route: stock v2 find + detail (pages/s)"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/9"
PORT_BASE = 8101  # the configurations take 4 ports each from here (--port-base)
DATABASE_PREFIX = "mha_bench_api_"  # + the number of pages (--database-prefix)
PROJECT = "cms.wsgi:application"
STOCK = "cms.wsgi:django_application"  # without the project's cached reads in front
THREADS, CONNECTIONS = 2, 8


@dataclass(frozen=True)
class Config:
    key: str
    title: str
    database_url: str
    redis_url: str  # empty: each worker's own memory
    first_port: int  # the four servers take this port and the next three
    production: bool = False


def configurations(
    pages: int,
    port_base: int = PORT_BASE,
    database_prefix: str = DATABASE_PREFIX,
    redis: str = REDIS,
) -> dict[str, Config]:
    sqlite = f"sqlite:///{DATA / f'api-{pages}.sqlite3'}"
    postgres = f"{POSTGRES}/{database_prefix}{pages}"
    return {
        "pg-redis": Config("pg-redis", "PostgreSQL + Redis", postgres, redis, port_base, True),
        "sqlite-local": Config(
            "sqlite-local", "SQLite, in-process cache", sqlite, "", port_base + 4
        ),
        "sqlite-redis": Config("sqlite-redis", "SQLite + Redis", sqlite, redis, port_base + 8),
    }


@dataclass(frozen=True)
class Target:
    """One of the issue's targets: a ratio of two cases' requests per second."""

    name: str
    case: str
    baseline: str
    wanted: float


TARGETS = [
    Target(
        "cached detail ÷ same JSON as bytes",
        "detail: project, cached",
        "detail: same JSON as bytes",
        0.8,
    ),
    Target("cold detail ÷ stock v2 detail", "detail: project, cold", "detail: stock v2", 5.0),
    Target(
        "cold listing ÷ stock v2 fields=* listing",
        "listing: project, cold",
        "listing: stock v2 fields=*",
        5.0,
    ),
    # Stock find/ answers a path with a 302 to the detail: a client gets the page the
    # route answers with two requests, so the route is set against the pair.
    Target(
        "cold route ÷ stock v2 find + detail",
        "route: project, cold",
        FOLLOWED_FIND,
        5.0,
    ),
]


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


def django_env(
    database_url: str, redis_url: str = "", settings: str = "bench.settings", **extra: str
) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        BENCH_DATABASE_URL=database_url,
        BENCH_MEDIA_ROOT=str(DATA / "media"),
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def ensure_database(database_url: str) -> None:
    """Create the PostgreSQL database when it does not exist yet (SQLite makes its file)."""
    if not database_url.startswith("postgres"):
        return
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(database_url: str, pages: int) -> None:
    ensure_database(database_url)
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


def flush_redis(url: str) -> None:
    """Empty the benchmark's Redis db: no configuration reads what another one cached."""
    import redis

    redis.Redis.from_url(url).flushdb()


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

    def worker_rss_mb(self) -> list[float]:
        """The resident memory of each gunicorn worker (the master's children), in MB."""
        pid = self.process.pid
        workers = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        sizes = []
        for worker in sorted(workers, key=int):
            status = Path(f"/proc/{worker}/status").read_text()
            kilobytes = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE).group(1)
            sizes.append(int(kilobytes) / 1024)
        return sizes

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


def get_json(server: Server, path: str) -> dict:
    status, body = fetch(server.url(path))
    if status != 200:
        raise RuntimeError(f"{server.name}{path} answered {status}")
    return json.loads(body)


def run_wrk(binary: str, url: str, seconds: int, script: tuple[str, ...] = ()) -> str:
    """wrk's output; ``script``: a Lua script's path and its arguments, if any."""
    command = [binary, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", script[0], url, "--", *script[1:]]
    else:
        command.append(url)
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def load_summary(output: str) -> dict:
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


def wrk(binary: str, url: str, seconds: int) -> dict:
    status, _ = fetch(url)  # warm: caches, connections
    if status >= 400:  # a broken case would make its ratios meaningless
        raise RuntimeError(f"{url} answered {status}")
    return load_summary(run_wrk(binary, url, seconds))


def wrk_follow(binary: str, url: str, seconds: int) -> dict:
    """Pairs of requests: find/'s 302, then the page it names; the rate is of pages got."""
    output = run_wrk(binary, url, seconds, (str(FOLLOW_SCRIPT),))
    found, followed, other, requests = (
        int(n)
        for n in re.search(
            r"follow FOUND (\d+) FOLLOWED (\d+) OTHER (\d+) REQUESTS (\d+)", output
        ).groups()
    )
    if other or not followed or abs(found - followed) > CONNECTIONS:
        raise RuntimeError(f"{url}: {found} redirects, {followed} pages, {other} other answers")
    summary = load_summary(output)
    # wrk's rate counts both requests of each pair; p50/p99 are of single requests.
    return {**summary, "rps": summary["rps"] * followed / requests, "pairs": followed}


def wrk_mix(binary: str, server: Server, paths_file: Path, seconds: int) -> dict:
    """Load the paths in ``paths_file`` in turn and count the answers' X-Cache labels."""
    script = (str(STORM_SCRIPT), str(paths_file), str(THREADS))
    output = run_wrk(binary, server.url("/"), seconds, script)
    labels = re.search(
        r"x-cache HIT (\d+) MISS (\d+) BYPASS (\d+) NONE (\d+) REQUESTS (\d+)", output
    )
    hit, miss, bypass, none, requests = (int(n) for n in labels.groups())
    if hit + miss + bypass + none != requests:
        raise RuntimeError(f"storm.lua counted {hit + miss + bypass + none} of {requests} answers")
    counts = {"hit": hit, "miss": miss, "bypass": bypass, "none": none}
    return {**load_summary(output), **counts, "hit_ratio": hit / requests}


def cases(cached: Server, cold: Server, stock: Server, plain: Server, page: dict) -> dict:
    listing = "/api/v3/pages/?type=reports.ReportPage&limit=20"
    detail = f"/api/v3/pages/{page['id']}/"
    path = quote(page["path"])
    return {
        "listing: project, cached": cached.url(listing),
        "listing: project, cold": cold.url(listing),
        "listing: stock v2 fields=*": stock.url(
            "/api/v2/pages/?type=reports.ReportPage&fields=*&limit=20"
        ),
        "listing: stock v3": stock.url(listing),
        "detail: project, cached": cached.url(detail),
        "detail: project, cold": cold.url(detail),
        "detail: stock v2": stock.url(f"/api/v2/pages/{page['id']}/"),
        "detail: stock v3": stock.url(detail),
        "detail: same JSON as bytes": plain.url("/"),
        "route: project, cached": cached.url(f"/api/v3/route/?path={path}"),
        "route: project, cold": cold.url(f"/api/v3/route/?path={path}"),
        "route: stock v2 find (302)": stock.url(f"/api/v2/pages/find/?html_path={path}"),
        "route: stock v3 find (302)": stock.url(f"/api/v3/pages/find/?html_path={path}"),
        FOLLOWED_FIND: stock.url(f"/api/v2/pages/find/?html_path={path}"),
    }


def storm_paths(server: Server) -> list[str]:
    """
    The storm's mix: routes of pages all over the site (three slices of the English tree
    and every Spanish page), shuffled, with a listing after every third route, the
    listings in turn, so about one request in four is a listing.
    """

    def first_id(page_type: str) -> int:
        found = get_json(server, f"/api/v3/pages/?type={page_type}&locale=en&limit=1")
        return found["items"][0]["id"]

    listings = [
        "/api/v3/pages/?type=reports.ReportPage&limit=20",
        "/api/v3/pages/?type=reports.ReportPage&limit=20&offset=20",
        "/api/v3/pages/?type=initiatives.InitiativePage&limit=20",
        "/api/v3/pages/?type=home.ContentPage&locale=en&limit=20",
        f"/api/v3/pages/?child_of={first_id('reports.ReportIndexPage')}&limit=20",
        f"/api/v3/pages/?child_of={first_id('initiatives.InitiativeIndexPage')}&limit=20",
        "/api/v3/pages/?locale=es&limit=20",
        "/api/v3/pages/?tag=jobs&limit=20",
    ]
    english = get_json(server, "/api/v3/pages/?locale=en&limit=1")["count"]
    offsets = (0, english // 2, max(0, english - 100))
    pages = [f"/api/v3/pages/?locale=en&limit=100&offset={o}" for o in offsets]
    pages.append("/api/v3/pages/?locale=es&limit=100")
    found = (item["path"] for p in pages for item in get_json(server, p)["items"])
    routes = list(dict.fromkeys(found))  # each page once, in the order found
    random.Random(17).shuffle(routes)
    mix = []
    for n, path in enumerate(routes):
        mix.append(f"/api/v3/route/?path={quote(path)}")
        if n % 3 == 2:
            mix.append(listings[n // 3 % len(listings)])
    return mix


def storm(binary: str, server: Server, config: Config, seconds: int) -> dict:
    """The mix alone, then the mix while a separate process publishes one page a second."""
    paths = storm_paths(server)
    paths_file = DATA / "storm-paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    for path in paths:  # in the cache, as after any while of traffic
        fetch(server.url(path))
    quiet = wrk_mix(binary, server, paths_file, seconds)
    publisher = subprocess.Popen(
        [PYTHON, "-m", "bench.publisher", str(seconds)],
        cwd=ROOT,
        env=django_env(config.database_url, config.redis_url),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        if publisher.stdout.readline().strip() != "ready":
            raise RuntimeError("bench/publisher.py did not start")
        stormy = wrk_mix(binary, server, paths_file, seconds)
        published = json.loads(publisher.communicate(timeout=60)[0].splitlines()[-1])
    finally:
        if publisher.poll() is None:
            publisher.kill()
    return {
        "routes": sum("/route/" in path for path in paths),
        "listings": len({path for path in paths if "/route/" not in path}),
        "seconds": seconds,
        "without publishing": quiet,
        "one publish a second": {**stormy, **published},
    }


def start_servers(config: Config) -> tuple[Server, Server, Server]:
    port, url, redis = config.first_port, config.database_url, config.redis_url
    return (
        Server(f"{config.key}-project", port, PROJECT, django_env(url, redis)),
        Server(
            f"{config.key}-project-cold",
            port + 1,
            PROJECT,
            django_env(url, redis, API_CACHE_ENABLED="0"),
        ),
        Server(
            f"{config.key}-stock", port + 2, STOCK, django_env(url, redis, "bench.stock_settings")
        ),
    )


def measure(config: Config, binary: str, seconds: int, storm_seconds: int) -> dict:
    """Every case of one configuration, its targets, its storm and its workers' memory."""
    if config.redis_url:
        flush_redis(config.redis_url)
    cached, cold, stock = start_servers(config)
    servers = [cached, cold, stock]
    run: dict = {"title": config.title, "database": config.database_url.split("://")[0]}
    try:
        for server in servers:
            server.wait()
        before = {"project, cached": cached.worker_rss_mb(), "project, cold": cold.worker_rss_mb()}
        listing = get_json(cached, "/api/v3/pages/?type=reports.ReportPage&locale=en&limit=20")
        body = fetch(cached.url(f"/api/v3/pages/{listing['items'][0]['id']}/"))[1]
        page = json.loads(body)
        detail_file = DATA / f"detail-{config.key}.json"
        detail_file.write_bytes(body)
        plain = Server(
            f"{config.key}-bytes",
            config.first_port + 3,
            "bench.bytes_app:app",
            django_env(config.database_url, BENCH_BYTES_FILE=str(detail_file)),
        )
        servers.append(plain)
        plain.wait()
        run["results"] = {}
        for name, url in cases(cached, cold, stock, plain, page).items():
            load = wrk_follow if name == FOLLOWED_FIND else wrk
            run["results"][name] = load(binary, url, seconds)
            print_case(config, name, run["results"][name])
        run["targets"] = targets(run["results"])
        print_targets(config, run["targets"])
        if config.production:
            run["storm"] = storm(binary, cached, config, storm_seconds)
            print_storm(run["storm"])
        after = {"project, cached": cached.worker_rss_mb(), "project, cold": cold.worker_rss_mb()}
        run["rss_mb"] = {
            n: {"after start-up": before[n], "after the run": after[n]} for n in before
        }
        print_rss(run["rss_mb"])
    finally:
        for server in servers:
            server.stop()
    return run


def targets(results: dict) -> dict:
    checked = {}
    for target in TARGETS:
        measured = results[target.case]["rps"] / results[target.baseline]["rps"]
        checked[target.name] = {
            "measured": measured,
            "wanted": target.wanted,
            "met": measured >= target.wanted,
        }
    return checked


# Printing as it goes ---------------------------------------------------------------------


def print_case(config: Config, name: str, r: dict) -> None:
    line = f"{config.key:12} {name:28} {r['rps']:9.1f} req/s  p50 {r['p50_ms']:7.2f} ms"
    errors = f"  ({r['errors']} non-2xx)" if r["errors"] else ""
    print(f"{line}  p99 {r['p99_ms']:7.2f} ms{errors}", flush=True)


def print_targets(config: Config, measured: dict) -> None:
    scope = "the issue's targets" if config.production else "for information"
    print(f"Targets, {config.title} ({scope}):")
    for name, t in measured.items():
        verdict = "met" if t["met"] else "NOT met"
        print(f"  {name:42} {t['measured']:6.2f}×  (≥ {t['wanted']}×)  {verdict}", flush=True)


def print_storm(result: dict) -> None:
    for load in ("without publishing", "one publish a second"):
        r = result[load]
        line = f"storm, {load:20} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:7.2f} ms"
        line += f"  p99 {r['p99_ms']:7.2f} ms  hits {r['hit_ratio']:6.1%}"
        line += f" (HIT {r['hit']}, MISS {r['miss']}, BYPASS {r['bypass']})"
        if "publishes" in r:
            line += f", {r['publishes']} publishes"
        print(line, flush=True)


def print_rss(rss: dict) -> None:
    for server, sizes in rss.items():
        print(f"worker RSS, {server}: {rss_text(sizes)} MB", flush=True)


def rss_text(sizes: dict) -> str:
    start, end = sizes["after start-up"], sizes["after the run"]
    return ", ".join(f"{a:.0f} → {b:.0f}" for a, b in zip(start, end, strict=False))


# The report --------------------------------------------------------------------------------


def markdown(runs: dict, args: argparse.Namespace) -> str:
    titles = [run["title"] for run in runs.values()]
    header = "| {} | " + " | ".join(titles) + " |"
    rule = "|---|" + "---:|" * len(titles)
    lines = [
        f"{args.pages} pages; gunicorn, 2 sync workers; wrk -t{THREADS} -c{CONNECTIONS}, "
        f"{args.seconds} s a case. Requests per second (p50 / p99 ms):",
        "",
        header.format("request"),
        rule,
    ]
    for case in next(iter(runs.values()))["results"]:
        cells = [cell(run["results"][case]) for run in runs.values()]
        lines.append(f"| {case} | " + " | ".join(cells) + " |")
    lines += ["", "Targets (the issue's apply to PostgreSQL + Redis):", ""]
    lines += [header.format("ratio (wanted)"), rule]
    for target in TARGETS:
        cells = [verdict(run["targets"][target.name]) for run in runs.values()]
        lines.append(f"| {target.name} (≥ {target.wanted}) | " + " | ".join(cells) + " |")
    lines += ["", "Gunicorn workers' RSS, MB (after start-up → after the run):", ""]
    lines += [header.format("server"), rule]
    for server in ("project, cached", "project, cold"):
        cells = [rss_text(run["rss_mb"][server]) for run in runs.values()]
        lines.append(f"| {server} | " + " | ".join(cells) + " |")
    for run in runs.values():
        if "storm" in run:
            lines += ["", *storm_markdown(run["title"], run["storm"])]
    return "\n".join(lines)


def cell(r: dict) -> str:
    errors = f", {r['errors']} non-2xx" if r["errors"] else ""
    return f"{r['rps']:,.0f} ({r['p50_ms']:.1f} / {r['p99_ms']:.1f}{errors})"


def verdict(t: dict) -> str:
    return f"{t['measured']:.2f} {'met' if t['met'] else '**NOT met**'}"


def storm_markdown(title: str, result: dict) -> list[str]:
    lines = [
        f"Publish storm, {title}: routes of {result['routes']} pages and, after every third, "
        f"one of {result['listings']} listings; {result['seconds']} s each:",
        "",
        "| load | req/s | p50 ms | p99 ms | hit ratio | HIT / MISS / BYPASS | publishes |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for load in ("without publishing", "one publish a second"):
        r = result[load]
        lines.append(
            f"| {load} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} "
            f"| {r['hit_ratio']:.1%} | {r['hit']} / {r['miss']} / {r['bypass']} "
            f"| {r.get('publishes', 0)} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=8, help="of wrk's load for each case")
    parser.add_argument("--storm-seconds", type=int, default=20, help="for each storm load")
    parser.add_argument("--configs", default="pg-redis,sqlite-local,sqlite-redis")
    parser.add_argument(
        "--port-base",
        type=int,
        default=PORT_BASE,
        help="the first of the 12 ports the servers take, 4 a configuration (default %(default)s)",
    )
    parser.add_argument(
        "--database-prefix",
        default=DATABASE_PREFIX,
        help="of the PostgreSQL database's name, the number of pages after it "
        "(default %(default)s)",
    )
    parser.add_argument("--redis-url", default=REDIS, help="emptied first (default %(default)s)")
    args = parser.parse_args()
    available = configurations(args.pages, args.port_base, args.database_prefix, args.redis_url)
    chosen = [key.strip() for key in args.configs.split(",") if key.strip()]
    unknown = sorted(set(chosen) - set(available))
    if unknown or not chosen:
        parser.error(f"--configs: choose from {', '.join(available)} (unknown: {unknown})")
    DATA.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    binary = ensure_wrk()
    prepared: set[str] = set()
    runs = {}
    for key in chosen:
        config = available[key]
        if config.database_url not in prepared:
            print(f"Preparing {args.pages} pages in {config.database_url}…", flush=True)
            prepare(config.database_url, args.pages)
            prepared.add(config.database_url)
        runs[key] = measure(config, binary, args.seconds, args.storm_seconds)
    report = markdown(runs, args)
    print("\n" + report)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    summary = {
        "pages": args.pages,
        "seconds": args.seconds,
        "storm_seconds": args.storm_seconds,
        "configs": runs,
    }
    (RESULTS / f"api-{stamp}.json").write_text(json.dumps(summary, indent=2))
    (RESULTS / f"api-{stamp}.md").write_text(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
