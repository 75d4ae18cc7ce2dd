"""
Read replicas, for real: a PostgreSQL primary and a streaming replica of this test's
own (tests/postgres_cluster.py, ports 9500-9549), and tests/replica_cases.py run against
them in a pytest process of its own, with a connection pool on both (its docstring says
what each case proves). Skipped, saying why, only where PostgreSQL's server programs
are missing or cannot run; CI has them.

The routing rules without a server (which requests may read from a replica, the
settings) are checked here too.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from cms import databases
from cms.db_router import reads_from_replica
from tests.postgres_cluster import Pair, Unavailable
from tests.redis_server import redis_server, resilient_caches  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
CASES = "tests/replica_cases.py"
POOL_SIZE = "4"


@pytest.fixture(scope="module")
def pair():
    try:
        started = Pair().start()
    except Unavailable as reason:
        if os.environ.get("CI"):  # .ci/run installs them: a skip there would hide a gap
            pytest.fail(f"CI must run the replica test: {reason}")
        pytest.skip(str(reason))
    yield started
    started.remove()


def test_routing_against_a_real_primary_and_streaming_replica(pair):
    name = "mha_h_replica"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"{pair.primary.url}/{name}",
        "DATABASE_REPLICA_URL": f"{pair.replica.url}/{name}",
        "DATABASE_POOL_MAX_SIZE": POOL_SIZE,
        "MHA_REPLICA_PAIR": json.dumps(pair.describe()),
    }
    for inherited in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "TEST_REDIS_URL"):
        env.pop(inherited, None)
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", CASES, "-n", "0", "-p", "no:cacheprovider", "-q", "-rs"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    output = run.stdout[-6000:] + run.stderr[-3000:]
    assert run.returncode == 0, output
    summary = re.search(r"(\d+) passed", run.stdout)
    assert summary and int(summary.group(1)) >= 9, output
    assert " skipped" not in run.stdout, output
    print(f"replica cases: {summary.group(0)} in {time.monotonic() - started:.1f} s")


@pytest.mark.parametrize(
    ("method", "path", "headers", "cookies", "expected"),
    [
        ("GET", "/api/v3/pages/12/", {}, {}, True),
        ("HEAD", "/api/v3/route/", {}, {}, True),
        ("GET", "/api/v3/search/", {}, {}, True),
        ("GET", "/api/v3/navigation/", {}, {}, True),
        ("GET", "/api/v3/site/", {}, {}, True),
        # Logged in, or with a token: the primary, so an editor reads what they wrote.
        ("GET", "/api/v3/pages/12/", {}, {"sessionid": "x"}, False),
        ("GET", "/api/v3/pages/12/", {"HTTP_AUTHORIZATION": "Bearer x"}, {}, False),
        # Previews show a draft saved a moment ago; writes and the admin never.
        ("GET", "/api/v3/preview/", {}, {}, False),
        ("POST", "/api/v3/newsletter/subscribe/", {}, {}, False),
        ("GET", "/admin/pages/", {}, {}, False),
        ("GET", "/readyz/", {}, {}, False),
    ],
)
def test_only_anonymous_reads_of_the_public_api_may_use_a_replica(
    method, path, headers, cookies, expected
):
    request = RequestFactory().generic(method, path, **headers)
    request.COOKIES.update(cookies)
    assert reads_from_replica(request) is expected


POSTGRES = {"ENGINE": "django.db.backends.postgresql", "CONN_MAX_AGE": 60}


def test_each_replica_url_is_an_alias_with_read_only_sessions():
    found = databases.replicas(
        {"DATABASE_REPLICA_URL": "postgres://r1/mha, postgres://r2/mha?connect_timeout=5"},
        POSTGRES,
    )
    assert list(found) == ["replica", "replica_2"]
    assert found["replica"]["HOST"] == "r1" and found["replica_2"]["HOST"] == "r2"
    assert found["replica"]["OPTIONS"]["connect_timeout"] == 2
    assert found["replica_2"]["OPTIONS"]["connect_timeout"] == 5
    assert all(
        "default_transaction_read_only=on" in d["OPTIONS"]["options"] for d in found.values()
    )
    assert found["replica"]["CONN_MAX_AGE"] == 60
    assert databases.replicas({}, POSTGRES) == {}
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        databases.replicas({"DATABASE_REPLICA_URL": "postgres://r1/mha"}, {"ENGINE": "sqlite3"})


def test_a_pool_replaces_persistent_connections():
    configured = {"default": dict(POSTGRES), "replica": dict(POSTGRES), "other": {"ENGINE": "x"}}
    databases.pool(configured, {})
    assert "pool" not in configured["default"].get("OPTIONS", {})
    configured["replica"]["OPTIONS"] = {"connect_timeout": 2}
    databases.pool(configured, {"DATABASE_POOL_MAX_SIZE": "8", "DATABASE_POOL_TIMEOUT": "3"})
    assert configured["default"]["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8, "timeout": 3}
    # A replica that is down costs a request its connect_timeout, then the primary answers.
    assert configured["replica"]["OPTIONS"]["pool"]["timeout"] == 2
    for alias in ("default", "replica"):
        assert configured[alias]["CONN_MAX_AGE"] == 0
    assert "OPTIONS" not in configured["other"]
    for bad in ({"DATABASE_POOL_MAX_SIZE": "lots"}, {"DATABASE_POOL_MAX_SIZE": "-1"}):
        with pytest.raises(ImproperlyConfigured, match="DATABASE_POOL_MAX_SIZE"):
            databases.pool({"default": dict(POSTGRES)}, bad)
    with pytest.raises(ImproperlyConfigured, match="MIN_SIZE"):
        databases.pool(
            {"default": dict(POSTGRES)},
            {"DATABASE_POOL_MAX_SIZE": "2", "DATABASE_POOL_MIN_SIZE": "3"},
        )


def test_the_primary_position_only_ever_rises_in_redis(redis_server):  # noqa: F811
    from cms.redis_cache import ResilientRedisCache

    store = ResilientRedisCache(redis_server.url, resilient_caches(redis_server.url)["default"])
    store.raise_to("position", 500)
    store.raise_to("position", 90)  # an older change noted late never lowers it
    assert store.get("position") == 500
    store.raise_to("position", 2**52 + 1)
    assert store.get("position") == 2**52 + 1
