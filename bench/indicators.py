"""
Benchmark of the indicators API on a large series store, in one run, on PostgreSQL and
Redis as production runs.

    .venv/bin/python bench/indicators.py                  # 1,000 indicators × 30 years × 12 places
    .venv/bin/python bench/indicators.py --indicators 200 --seconds 3

The data: ``--indicators`` indicators (1,000), each with a yearly series of ``--years``
years (30) in each of 12 geographies: 360,000 observations at the default size,
generated into the PostgreSQL database ``mha_ind_bench_<indicators>`` (127.0.0.1:5432,
created when missing, bulk inserted, reused) with Redis db 13 as the cache.

It starts gunicorn (2 sync workers, as production on this machine) on ports
10210-10212: the project with its response cache, the project without
(``API_CACHE_ENABLED=0``: cold) and a trivial WSGI app answering the cached detail's
JSON as bytes (the limit). wrk loads each case for ``--seconds`` at concurrency 8:
the indicator listing and an indicator's detail (every geography, 360 observations)
cached and cold, the plain page listing (``/api/v3/pages/``) beside them as the
baseline, and an indicator's CSV (streamed, never cached). Ratios are taken against
the baselines measured in the same run.

Memory: the RSS of each cold worker before and after the CSV load; and, in a process
of its own, tracemalloc's peak while streaming the largest CSV (the export of every
observation, as the admin's export writes it) beside a tenth of it: memory stays flat
when the peak does not grow with the file. Results go to
bench/results/indicators-<time>.json and .md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api import (
    PYTHON,
    RESULTS,
    ROOT,
    Server,
    django_env,
    ensure_database,
    ensure_wrk,
    fetch,
    flush_redis,
    wrk,
)

POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/13"
PORTS = {"cached": 10210, "cold": 10211, "bytes": 10212}
GEOGRAPHIES = 12


def run_django(env: dict, *args: str) -> str:
    """``bench/indicators_data.py`` with the benchmark's settings: its output."""
    command = [PYTHON, "-m", "bench.indicators_data", *args]
    return subprocess.run(
        command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def prepare(database_url: str, indicators: int, years: int) -> str:
    ensure_database(database_url)
    env = django_env(database_url)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    return run_django(env, "generate", str(indicators), str(years), str(GEOGRAPHIES)).strip()


# Measuring ------------------------------------------------------------------------------------


def show(name: str, r: dict) -> None:
    print(
        f"  {name:45} {r['rps']:>9.0f} req/s  p50 {r['p50_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms",
        flush=True,
    )


def measure(args: argparse.Namespace, binary: str, database_url: str) -> dict:
    flush_redis(REDIS)
    env = django_env(database_url, REDIS)
    cached = Server("ind-cached", PORTS["cached"], "cms.wsgi:application", env)
    cold = Server(
        "ind-cold", PORTS["cold"], "cms.wsgi:application", {**env, "API_CACHE_ENABLED": "0"}
    )
    servers = [cached, cold]
    try:
        for server in servers:
            server.wait()
        slug = "indicator-0000"
        detail = f"/api/v3/indicators/{slug}/"
        status, body = fetch(cached.url(detail))
        if status != 200:
            raise RuntimeError(f"{detail} answered {status}")
        bytes_file = RESULTS / "indicator-detail.json"
        bytes_file.write_bytes(body)
        plain = Server(
            "ind-bytes",
            PORTS["bytes"],
            "bench.bytes_app:app",
            {**env, "BENCH_BYTES_FILE": str(bytes_file)},
        )
        servers.append(plain)
        plain.wait()
        observations = sum(len(s["observations"]) for s in json.loads(body)["series"])
        listing = "/api/v3/indicators/?limit=20"
        pages = "/api/v3/pages/?limit=20"
        csv_path = f"/api/v3/indicators/{slug}/data.csv"
        cases = {
            "pages listing (baseline): cached": cached.url(pages),
            "pages listing (baseline): cold": cold.url(pages),
            "indicator listing: cached": cached.url(listing),
            "indicator listing: cold": cold.url(listing),
            "indicator detail: cached": cached.url(detail),
            "indicator detail: cold": cold.url(detail),
            "indicator detail: same JSON as bytes": plain.url("/"),
        }
        results = {}
        for name, url in cases.items():
            results[name] = wrk(binary, url, args.seconds)
            show(name, results[name])
        rss_before = cold.worker_rss_mb()
        results["indicator CSV (streamed): cold"] = wrk(binary, cold.url(csv_path), args.seconds)
        rss_after = cold.worker_rss_mb()
        show("indicator CSV (streamed): cold", results["indicator CSV (streamed): cold"])
        status, csv_body = fetch(cold.url(csv_path))
        return {
            "cases": results,
            "detail_observations": observations,
            "detail_bytes": len(body),
            "csv_bytes": len(csv_body),
            "csv_worker_rss_mb": {"before": rss_before, "after": rss_after},
        }
    finally:
        for server in servers:
            server.stop()


def ratios(cases: dict) -> dict:
    def rate(name: str) -> float:
        return cases[name]["rps"]

    return {
        "detail cached / detail cold": rate("indicator detail: cached")
        / rate("indicator detail: cold"),
        "detail cached / pages listing cached": rate("indicator detail: cached")
        / rate("pages listing (baseline): cached"),
        "detail cold / pages listing cold": rate("indicator detail: cold")
        / rate("pages listing (baseline): cold"),
        "listing cached / pages listing cached": rate("indicator listing: cached")
        / rate("pages listing (baseline): cached"),
        "listing cold / pages listing cold": rate("indicator listing: cold")
        / rate("pages listing (baseline): cold"),
        "detail cached / same bytes": rate("indicator detail: cached")
        / rate("indicator detail: same JSON as bytes"),
    }


def markdown(result: dict, args: argparse.Namespace) -> str:
    lines = [
        f"# Indicators benchmark ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        "",
        f"{args.indicators:,} indicators × {args.years} years × {GEOGRAPHIES} geographies "
        f"= {args.indicators * args.years * GEOGRAPHIES:,} observations; PostgreSQL + Redis; "
        f"gunicorn 2 sync workers; wrk 2 threads, 8 connections, {args.seconds} s per case.",
        f"The detail has {result['detail_observations']} observations "
        f"({result['detail_bytes']:,} bytes).",
        "",
        "| case | req/s | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, r in result["cases"].items():
        lines.append(f"| {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} |")
    lines += ["", "| ratio | value |", "| --- | ---: |"]
    lines += [f"| {name} | {value:.2f} |" for name, value in result["ratios"].items()]
    rss = result["csv_worker_rss_mb"]
    lines += [
        "",
        f"Cold workers' RSS around the CSV load ({result['csv_bytes']:,} bytes a file): "
        f"before {', '.join(f'{v:.1f}' for v in rss['before'])} MB, after "
        f"{', '.join(f'{v:.1f}' for v in rss['after'])} MB.",
        "",
        "Streaming the admin's export of every observation (tracemalloc, its own process):",
        "",
        "| indicators | bytes | peak KB | seconds (slowed by tracemalloc) |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for m in result["memory"]:
        lines.append(
            f"| {m['indicators']:,} | {m['bytes']:,} | {m['peak_kb']:,} | "
            f"{m['seconds_under_tracemalloc']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--years", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    binary = ensure_wrk()
    database_url = f"{POSTGRES}/mha_ind_bench_{args.indicators}"
    print(prepare(database_url, args.indicators, args.years), flush=True)
    result = measure(args, binary, database_url)
    result["ratios"] = ratios(result["cases"])
    result["memory"] = json.loads(run_django(django_env(database_url), "memory"))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"indicators-{stamp}.json").write_text(json.dumps(result, indent=2))
    text = markdown(result, args)
    (RESULTS / f"indicators-{stamp}.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
