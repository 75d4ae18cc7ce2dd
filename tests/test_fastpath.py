"""The WSGI fast path answers cached reads exactly as Django would, and nothing else."""

import io

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.utils.datastructures import CaseInsensitiveMapping

from cms.api.fastpath import CachedReads


def call(app, path, query="", method="GET", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        **{f"HTTP_{k.upper()}": v for k, v in headers.items()},
    }
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, CaseInsensitiveMapping(dict(headers))

    body = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], body


@pytest.fixture
def keep_connections():
    """Like Django's test client: a request must not close the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_a_cached_read_is_answered_by_the_fast_path(site_tree, keep_connections):
    app = CachedReads(WSGIHandler())
    report = site_tree["report"]
    path = f"/api/v3/pages/{report.pk}/"
    status, headers, body = call(app, path)
    assert status.startswith("200") and headers["X-Cache"] == "MISS"
    status, fast_headers, fast_body = call(app, path)
    assert fast_headers["X-Cache"] == "HIT"
    assert fast_body == body
    for name in ("Content-Type", "ETag", "Cache-Control", "X-Content-Type-Options"):
        assert fast_headers[name] == headers[name]
    assert "Authorization" in fast_headers["Vary"]
    status, _, empty = call(app, path, if_none_match=fast_headers["ETag"])
    assert status.startswith("304") and empty == b""
    status, head_headers, empty = call(app, path, method="HEAD")
    assert empty == b"" and head_headers["Content-Length"] == str(len(body))

    # Credentials and CORS requests go through Django.
    assert call(app, path, authorization="Bearer x")[1]["Cache-Control"] == "private, no-store"
    origin = call(app, path, origin="http://127.0.0.1:3000")[1]
    assert origin["Access-Control-Allow-Origin"] == "http://127.0.0.1:3000"

    # A change makes the cached answer stale at once.
    report.title = "Renamed"
    report.save_revision().publish()
    status, headers, body = call(app, path)
    assert headers["X-Cache"] == "MISS" and b"Renamed" in body


def test_an_entry_s_shared_headers_follow_the_settings(settings):
    from cms.api.fastpath import shared_headers

    entry = {"cdn_tags": ["page:7", "listing"], "headers": [("Vary", "Authorization")]}
    first = dict(shared_headers(entry))
    assert "s-maxage=300" in first["Cache-Control"] and first["Vary"] == "Authorization"
    assert shared_headers(entry) is shared_headers(entry)  # worked out once
    settings.API_CACHE = {"S_MAXAGE": 120}
    settings.CDN = {"TAG_HEADERS": ["Cache-Tag"]}
    changed = dict(shared_headers(entry))
    assert "s-maxage=120" in changed["Cache-Control"]
    assert changed["Cache-Tag"] == "page:7,listing" and "xkey" not in changed
