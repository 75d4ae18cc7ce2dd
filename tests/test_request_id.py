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
from datetime import timedelta
from unittest import mock

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pythonjsonlogger.json import JsonFormatter

from cms import request_id
from cms.api.fastpath import CachedReads
from cms.request_id import RequestIdFilter, RequestIdMiddleware
from newsletter.tasks import send_confirmation
from publishing import signing
from publishing.models import WebhookEndpoint
from tests.test_fastpath import call, keep_connections  # noqa: F401 (a fixture)
from tests.test_webhooks import run_worker
from tests.webhook_receiver import Receiver

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


# The id goes on with the work a request starts (cms/tasks.py) ----------------------------

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_a_task_queued_during_a_request_is_stored_with_its_id(settings):
    settings.TASKS = DATABASE_TASKS
    # As inside a request (RequestIdMiddleware binds the id the same way).
    with request_id.bound("edge-sign-up-1"):
        queued = send_confirmation.enqueue(41)
    row = DBTaskResult.objects.get(pk=queued.id)
    assert row.args_kwargs["request_id"] == "edge-sign-up-1"
    assert row.task_result.args == [41]  # what the task is called with: unchanged
    # Queued outside any request (a command), a task stores no id.
    other = send_confirmation.enqueue(41)
    assert "request_id" not in DBTaskResult.objects.get(pk=other.id).args_kwargs


@pytest.mark.django_db
def test_the_worker_logs_and_sends_a_webhook_with_the_id_of_the_request_that_published(
    site_tree, settings, caplog, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    receiver = Receiver(secret=signing.generate_secret()).start()
    try:
        WebhookEndpoint.objects.create(name="Front end", url=receiver.url, secret=receiver.secret)
        with (
            request_id.bound("edge-publish-7"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            site_tree["report"].save_revision().publish()
        assert request_id.current.get() == "-"
        caplog.handler.addFilter(RequestIdFilter())
        with caplog.at_level(logging.INFO, logger="django_tasks"):
            run_worker(verbosity=1)
        with receiver.arrived:
            receiver.arrived.wait_for(lambda: receiver.received, timeout=5)
    finally:
        receiver.stop()
    assert receiver.received[0].headers["x-request-id"] == "edge-publish-7"
    task_lines = [r for r in caplog.records if r.name == "django_tasks" and "Task id=" in r.message]
    assert {r.request_id for r in task_lines} == {"edge-publish-7"}, task_lines
    assert len(task_lines) >= 2  # started and finished
    assert request_id.current.get() == "-"  # the worker put it back


@pytest.mark.django_db
def test_each_pass_of_the_scheduler_has_an_id_its_publishes_carry(site_tree, settings):
    settings.TASKS = DATABASE_TASKS
    WebhookEndpoint.objects.create(name="Front end", url="http://127.0.0.1:9/", secret="")
    page = site_tree["initiative"]
    page.go_live_at = timezone.now() + timedelta(hours=1)
    page.save_revision().publish()
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=2)):
        call_command("run_scheduler", "--once", stdout=io.StringIO())
    queued = DBTaskResult.objects.get(task_path__endswith="deliver_webhook")
    assert re.match(r"^scheduler-[0-9a-f]{32}$", queued.args_kwargs["request_id"])
