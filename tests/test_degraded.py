"""
A dependency that fails degrades the answer, never breaks it.

With Redis unreachable every read endpoint answers from the database with
``X-Cache: BYPASS`` (logged once, retried after a back-off, recovering by itself),
publishing still works, and nothing a publish during the outage made stale is
served once Redis is back. With the database unreachable, answers are 503 with
``Retry-After`` (problem+json on the API), never 500. The Redis here is the test's
own (tests/redis_server.py), stopped and started to drill the outage.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from wagtail.models import PageViewRestriction

from cms import redis_cache
from cms.api.fastpath import CachedReads
from tests.redis_server import free_port, redis_server, resilient_caches  # noqa: F401
from tests.test_fastpath import call, keep_connections  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


def reset_outages() -> None:
    for outage in redis_cache._outages.values():
        outage.stale.clear()
        outage.flush = False
    redis_cache._outages.clear()


@pytest.fixture
def redis_cache_server(settings, redis_server):  # noqa: F811
    """The site's cache is the resilient backend on the test's own Redis."""
    reset_outages()
    settings.CACHES = resilient_caches(redis_server.url)
    from django.core.cache import cache

    cache.clear()
    yield redis_server
    reset_outages()


def read_endpoints(site_tree) -> list[tuple[str, str, dict]]:
    report = site_tree["report"]
    return [
        ("GET", "/api/v3/pages/", {}),
        ("GET", f"/api/v3/pages/{report.pk}/", {}),
        ("HEAD", f"/api/v3/pages/{report.pk}/", {}),
        ("GET", "/api/v3/route/", {"path": "/"}),
        ("GET", "/api/v3/navigation/", {}),
        ("GET", "/api/v3/site/", {}),
        ("GET", "/api/v3/search/", {"q": "progress"}),
        ("GET", "/api/v3/search/suggest/", {"q": "prog"}),
        ("GET", "/api/v3/search/popular/", {"locale": "en"}),
    ]


def ask(client, method: str, path: str, params: dict):
    return client.head(path, params) if method == "HEAD" else client.get(path, params)


def warm(client, method: str, path: str, params: dict) -> None:
    """Ask until the answer comes from Redis (the first site/ read creates its settings
    row, which makes the answer built meanwhile stale, so it is not stored)."""
    for _ in range(3):
        if ask(client, method, path, params)["X-Cache"] == "HIT":
            return
    raise AssertionError(f"{path} never came from the cache")


def outage_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "cms.cache"]


def wait_past_back_off() -> None:
    time.sleep(0.3)  # RETRY_AFTER is 0.2 s in these tests


@pytest.mark.django_db
def test_every_read_endpoint_answers_uncached_while_redis_is_down(
    client, site_tree, redis_cache_server, caplog
):
    endpoints = read_endpoints(site_tree)
    for method, path, params in endpoints:
        warm(client, method, path, params)

    redis_cache_server.stop()
    caplog.set_level(logging.WARNING, logger="cms.cache")
    for method, path, params in endpoints:
        response = ask(client, method, path, params)
        assert response.status_code == 200, (path, response.content[:300])
        assert response["X-Cache"] == "BYPASS", path
        assert response["Cache-Control"].startswith("public")
        if method == "GET":
            assert response.json()
    # One line for the outage, however many requests met it.
    lines = outage_lines(caplog)
    assert len(lines) == 1 and "unreachable" in lines[0], lines

    redis_cache_server.start()
    wait_past_back_off()
    for method, path, params in endpoints:
        warm(client, method, path, params)
    lines = outage_lines(caplog)
    assert len(lines) == 2 and "reachable again" in lines[1], lines


@pytest.mark.django_db
def test_the_fast_path_falls_through_to_django_while_redis_is_down(
    site_tree,
    redis_cache_server,
    keep_connections,  # noqa: F811
):
    app = CachedReads(WSGIHandler())
    path = f"/api/v3/pages/{site_tree['report'].pk}/"
    assert call(app, path)[1]["X-Cache"] == "MISS"
    assert call(app, path)[1]["X-Cache"] == "HIT"
    redis_cache_server.stop()
    status, headers, body = call(app, path)
    assert status.startswith("200") and headers["X-Cache"] == "BYPASS"
    assert json.loads(body)["title"] == "Progress Points"


@pytest.mark.django_db
def test_a_publish_during_the_outage_lands_and_its_stale_answers_are_never_served(
    client, site_tree, redis_cache_server
):
    report = site_tree["report"]
    detail = f"/api/v3/pages/{report.pk}/"
    for path in (detail, "/api/v3/pages/"):
        client.get(path)
        assert client.get(path)["X-Cache"] == "HIT"

    # Redis goes away keeping its data (as one with snapshots restarts with them).
    redis_cache_server.stop(save=True)
    report.title = "Progress Points, fourth edition"
    report.save_revision().publish()  # invalidation cannot reach Redis; must not fail
    during = client.get(detail)
    assert during["X-Cache"] == "BYPASS"
    assert during.json()["title"] == "Progress Points, fourth edition"

    # Back with the old answers and the old tag versions still in it.
    redis_cache_server.start()
    assert redis_cache_server.cli("dbsize") != "0"
    wait_past_back_off()
    after = client.get(detail)
    assert after.json()["title"] == "Progress Points, fourth edition"
    assert after["X-Cache"] == "MISS"
    titles = [item["title"] for item in client.get("/api/v3/pages/").json()["items"]]
    assert "Progress Points, fourth edition" in titles
    assert "Progress Points" not in titles
    again = client.get(detail)
    assert again["X-Cache"] == "HIT" and again.json()["title"] == after.json()["title"]


@pytest.mark.django_db
def test_a_page_restricted_during_the_outage_stays_private_after_it(
    client, site_tree, redis_cache_server
):
    report = site_tree["report"]
    ids = lambda: [item["id"] for item in client.get("/api/v3/pages/").json()["items"]]  # noqa: E731
    assert report.pk in ids()
    assert client.get(f"/api/v3/pages/{report.pk}/").status_code == 200

    redis_cache_server.stop(save=True)
    PageViewRestriction.objects.create(page=report, restriction_type="login")
    assert report.pk not in ids()

    redis_cache_server.start()
    wait_past_back_off()
    assert report.pk not in ids()
    assert client.get(f"/api/v3/pages/{report.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_process_that_failed_a_write_heals_without_another_request(
    client, site_tree, redis_cache_server
):
    report = site_tree["report"]
    client.get(f"/api/v3/pages/{report.pk}/")
    tag_keys = redis_cache_server.cli("--scan", "--pattern", f"*api:tag:page:{report.pk}")
    assert tag_keys, "the answer depends on the page's tag"

    redis_cache_server.stop(save=True)
    report.title = "Renamed while Redis was away"
    report.save_revision().publish()
    redis_cache_server.start()
    assert redis_cache_server.cli("exists", tag_keys.split()[0]) == "1"  # the stale version

    deadline = time.monotonic() + 5
    while redis_cache_server.cli("exists", tag_keys.split()[0]) != "0":
        assert time.monotonic() < deadline, "the stale tag version was never removed"
        time.sleep(0.1)


class Blackhole:
    """A port that accepts connections and never answers: a Redis that hangs."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", free_port()))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        for connection in self.accepted:
            connection.close()
        self.socket.close()


@pytest.mark.django_db
def test_a_hanging_redis_costs_one_timeout_per_back_off_not_one_per_request(
    client, site_tree, settings, caplog
):
    reset_outages()
    hole = Blackhole()
    try:
        settings.CACHES = resilient_caches(f"redis://127.0.0.1:{hole.port}/0", retry_after=60)
        caplog.set_level(logging.WARNING, logger="cms.cache")
        for path in ("/api/v3/pages/", "/api/v3/navigation/", "/api/v3/site/", "/api/v3/pages/"):
            response = client.get(path)
            assert response.status_code == 200 and response["X-Cache"] == "BYPASS"
        assert len(hole.accepted) == 1
        assert len(outage_lines(caplog)) == 1
    finally:
        reset_outages()
        hole.close()


# -- the database down: a real server process pointed at a closed port ----------------

SERVE = """
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

import cms.wsgi

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

server = make_server("127.0.0.1", int(sys.argv[1]), cms.wsgi.application, handler_class=Quiet)
print("ready", flush=True)
server.serve_forever()
"""


@pytest.fixture(params=["cms.settings.test", "cms.settings.dev"])
def server_without_database(request, tmp_path):
    closed = free_port()  # nothing listens there
    port = closed + 1
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": request.param,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed}/mha",
        "CACHE_DIR": str(tmp_path / "cache"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.strip() == "ready", process.stderr.read()
        yield f"http://127.0.0.1:{port}", request.param
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
        process.stderr.close()


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_without_the_database_answers_are_503_with_retry_after(server_without_database):
    base, settings_module = server_without_database
    for path in (
        "/api/v3/pages/",
        "/api/v3/pages/3/",
        "/api/v3/route/?path=/",
        "/api/v3/navigation/",
        "/api/v3/site/",
        "/api/v3/search/?q=progress",
        "/api/v3/search/suggest/?q=prog",
        "/api/v3/search/popular/",
    ):
        status, headers, body = fetch(base + path)
        assert status == 503, (path, body[:300])
        assert headers["Content-Type"] == "application/problem+json"
        assert headers["Retry-After"] == "30"
        assert json.loads(body)["status"] == 503

    # A view outside the API (a document download looks the document up).
    status, headers, body = fetch(base + "/documents/1/report.pdf")
    assert status == 503 and headers["Retry-After"] == "30"
    assert headers["Content-Type"].startswith("text/plain")
    if settings_module == "cms.settings.test":
        # Raised in middleware, not a view (the redirects middleware looks a 404 up):
        # handler500 turns it into the same 503. (With DEBUG on Django shows its
        # debugging page for those instead.) A path under one of this host's own
        # prefixes: any other is redirected to the front end (cms/headless.py).
        status, headers, _ = fetch(base + "/static/no-such-file.php")
        assert status == 503 and headers["Retry-After"] == "30"

    # Liveness needs no database; readiness says which check failed.
    assert fetch(base + "/healthz/")[0] == 200
    status, headers, body = fetch(base + "/readyz/")
    assert status == 503
    assert json.loads(body)["failed"] == ["database"]
