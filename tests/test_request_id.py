"""
Every answer carries a request id (``X-Request-ID``), the proxy's when it sent a well
formed one, and every log line written while the answer is built names it
(cms/request_id.py); cached answers from the WSGI fast path get their own, never the id
of the request that filled the cache.
"""

import io
import json
import logging
import re

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse
from django.test import RequestFactory
from pythonjsonlogger.json import JsonFormatter

from cms.api.fastpath import CachedReads
from cms.request_id import RequestIdFilter, RequestIdMiddleware
from tests.test_fastpath import call, keep_connections  # noqa: F401 (a fixture)

GENERATED = re.compile(r"^[0-9a-f]{32}$")


@pytest.mark.django_db
def test_every_answer_has_an_id_and_a_well_formed_one_from_the_proxy_is_kept(client, site_tree):
    first = client.get("/api/v3/pages/")["X-Request-ID"]
    second = client.get("/api/v3/pages/")["X-Request-ID"]
    assert GENERATED.match(first) and GENERATED.match(second) and first != second
    assert client.get("/api/v3/nope/")["X-Request-ID"]  # errors too
    kept = client.get("/api/v3/pages/", HTTP_X_REQUEST_ID="edge-7f3a:1")
    assert kept["X-Request-ID"] == "edge-7f3a:1"
    for sent in ("x" * 129, "a b", "<script>", ""):
        answered = client.get("/api/v3/pages/", HTTP_X_REQUEST_ID=sent)["X-Request-ID"]
        assert GENERATED.match(answered), sent


@pytest.mark.django_db
def test_a_cached_answer_from_the_fast_path_has_its_own_id(site_tree, keep_connections):  # noqa: F811
    app = CachedReads(WSGIHandler())
    path = f"/api/v3/pages/{site_tree['report'].pk}/"
    _, filled, _ = call(app, path)
    _, hit, _ = call(app, path)
    _, edge_hit, _ = call(app, path, x_request_id="edge-1")
    assert hit["X-Cache"] == edge_hit["X-Cache"] == "HIT"
    assert GENERATED.match(hit["X-Request-ID"]) and hit["X-Request-ID"] != filled["X-Request-ID"]
    assert edge_hit["X-Request-ID"] == "edge-1"


def test_log_lines_written_for_a_request_name_its_id_as_json():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter("%(levelname)s %(name)s %(message)s %(request_id)s"))
    logger = logging.getLogger("cms.test_request_id")
    logger.addHandler(handler)
    try:

        def view(request):
            logger.warning("building the answer")
            return HttpResponse("ok")

        response = RequestIdMiddleware(view)(RequestFactory().get("/api/v3/pages/"))
        logger.warning("after the request")
    finally:
        logger.removeHandler(handler)
    during, after = (json.loads(line) for line in stream.getvalue().splitlines())
    assert during["message"] == "building the answer"
    assert during["request_id"] == response["X-Request-ID"]
    assert after["request_id"] == "-"
