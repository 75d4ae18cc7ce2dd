"""
Signed publish webhooks: what is sent for each kind of change, to a real HTTP receiver
on localhost, and how the outbox survives failures, slowness and restarts.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Locale, Page, Site

from cms.core.models import SiteSettings
from publishing import delivery as outbox
from publishing import signing
from publishing.models import WebhookDelivery, WebhookEndpoint
from tests import factories
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def receiver():
    receiver = Receiver(secret=signing.generate_secret()).start()
    WebhookEndpoint.objects.create(name="Front end", url=receiver.url, secret=receiver.secret)
    yield receiver
    receiver.stop()


@pytest.fixture
def spanish_report(site_tree):
    spanish = Locale.objects.get(language_code="es")
    report_es = site_tree["report"].copy_for_translation(spanish, copy_parents=True)
    report_es.save_revision().publish()
    return report_es


def run_worker(verbosity: int = 0) -> None:
    """
    django-tasks-db's worker command, run until the queue is empty. It claims each task
    in a transaction of its own (BEGIN EXCLUSIVE on SQLite), which cannot open inside
    the test's transaction, so a savepoint stands in for it.
    """
    worker = "django_tasks_db.management.commands.db_worker"
    with (
        mock.patch(f"{worker}.exclusive_transaction", lambda using=None: transaction.atomic(using)),
        # It also closes the connection between tasks, which would end the test's.
        mock.patch(f"{worker}.close_old_connections", lambda: None),
    ):
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=verbosity
        )


def publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()


# Signing ------------------------------------------------------------------------------


def test_signature_matches_the_standard_webhooks_test_vector():
    # From the Standard Webhooks specification's reference libraries.
    assert (
        signing.signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            b'{"test": 2432232314}',
        )
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_verify_refuses_a_changed_body_an_old_timestamp_and_another_secret():
    secret = signing.generate_secret()
    body = b'{"event":"page.published"}'
    headers = signing.headers(secret, "msg_1", body)
    signing.verify(secret, headers, body)
    with pytest.raises(signing.InvalidSignature):
        signing.verify(secret, headers, body + b" ")
    with pytest.raises(signing.InvalidSignature):
        signing.verify(signing.generate_secret(), headers, body)
    stale = signing.headers(secret, "msg_1", body, timestamp=int(time.time()) - 3600)
    with pytest.raises(signing.InvalidSignature):
        signing.verify(secret, stale, body)
    with pytest.raises(signing.InvalidSignature):
        signing.verify(secret, {}, body)


# What is sent -------------------------------------------------------------------------


def test_publishing_a_report_sends_a_signed_event_naming_its_paths_in_every_locale(
    site_tree, spanish_report, receiver, django_capture_on_commit_callbacks
):
    report = site_tree["report"]
    publish(report, django_capture_on_commit_callbacks)

    [payload] = receiver.verified()
    assert payload["event"] == "page.published"
    assert payload["object"] == {
        "kind": "page",
        "id": report.pk,
        "type": "reports.ReportPage",
        "title": report.title,
    }
    es_path = f"/es/{spanish_report.url_path.split('/', 2)[2]}"
    assert {
        "/business-insights/reports/progress-points/",  # the report
        "/business-insights/reports/",  # the index listing it
        es_path,  # its translation, whose language switch names it
    } <= set(payload["paths"])
    assert es_path.startswith("/es/business-insights/")
    assert f"page:{report.pk}" in payload["tags"]
    assert payload["site_wide"] is False
    [request] = receiver.received
    assert request.headers["webhook-id"] == str(WebhookDelivery.objects.get().pk)
    assert request.headers["content-type"] == "application/json"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 204)


def test_publishing_the_spanish_translation_names_its_es_path(
    spanish_report, receiver, django_capture_on_commit_callbacks
):
    publish(spanish_report, django_capture_on_commit_callbacks)
    [payload] = receiver.verified()
    assert "/es/business-insights/reports/progress-points/" in payload["paths"]
    assert "/business-insights/reports/progress-points/" in payload["paths"]


def test_pages_that_feature_a_page_are_named_too(
    site_tree, receiver, django_capture_on_commit_callbacks
):
    linking = factories.ContentPageFactory(
        parent=site_tree["content"],
        title="Read the report",
        body=[
            (
                "paragraph",
                f'<p>See <a linktype="page" id="{site_tree["report"].pk}">the report</a>.</p>',
            )
        ],
    )
    linking.save_revision().publish()
    publish(site_tree["report"], django_capture_on_commit_callbacks)
    [payload] = receiver.verified()
    assert "/business-insights/read-the-report/" in payload["paths"]


def test_unpublishing_names_the_page_and_its_descendants(
    site_tree, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        site_tree["report_index"].unpublish()
    [payload] = receiver.verified()
    assert payload["event"] == "page.unpublished"
    assert {
        "/business-insights/reports/",
        "/business-insights/reports/progress-points/",
        "/business-insights/",
    } <= set(payload["paths"])


def test_moving_names_old_and_new_paths(site_tree, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site_tree["report_index"].move(site_tree["home"], pos="last-child")
    [payload] = receiver.verified()
    assert payload["event"] == "page.moved"
    assert {
        "/business-insights/reports/",
        "/business-insights/reports/progress-points/",
        "/reports/",
        "/reports/progress-points/",
    } <= set(payload["paths"])


def test_changing_a_slug_names_old_and_new_paths(
    site_tree, receiver, django_capture_on_commit_callbacks
):
    report = site_tree["report"]
    report.slug = "progress-points-2026"
    with django_capture_on_commit_callbacks(execute=True):
        report.save_revision().publish()
    events = {payload["event"]: payload for payload in receiver.verified()}
    assert "/business-insights/reports/progress-points/" in events["page.moved"]["paths"]
    assert "/business-insights/reports/progress-points-2026/" in events["page.moved"]["paths"]


def test_deleting_names_each_live_page_once(
    site_tree, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        site_tree["report_index"].delete()
    payloads = receiver.verified()
    assert sorted(p["object"]["type"] for p in payloads) == [
        "reports.ReportIndexPage",
        "reports.ReportPage",
    ]
    assert all(p["event"] == "page.deleted" for p in payloads)
    paths = set().union(*(p["paths"] for p in payloads))
    assert "/business-insights/reports/progress-points/" in paths


def test_a_changed_image_names_the_pages_that_show_it(
    site_tree, receiver, django_capture_on_commit_callbacks
):
    image = factories.ImageFactory()
    report = site_tree["report"]
    report.listing_image = image
    report.save_revision().publish()
    WebhookDelivery.objects.all().delete()
    receiver.received.clear()
    image.title = "Hartford skyline at dusk"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    [payload] = receiver.verified()
    assert payload["event"] == "image.changed"
    assert payload["object"]["kind"] == "image"
    assert "/business-insights/reports/progress-points/" in payload["paths"]
    assert payload["tags"] == [f"wagtailimages.image:{image.pk}"]


def test_reading_a_pdfs_text_names_the_pages_that_show_it(
    site_tree, receiver, django_capture_on_commit_callbacks
):
    # A report's detail says on which page of its PDF each heading is: when the text is
    # read (again), the front end must rebuild the report's page.
    from search import documents

    document = factories.DocumentFactory()
    report = site_tree["report"]
    report.document = document
    report.save_revision().publish()
    WebhookDelivery.objects.all().delete()
    receiver.received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        documents.extract(document.pk)
    [payload] = receiver.verified()
    assert payload["event"] == "document.changed"
    assert "/business-insights/reports/progress-points/" in payload["paths"]
    assert payload["tags"] == [f"wagtaildocs.document:{document.pk}"]


def test_an_unused_image_sends_nothing(receiver, django_capture_on_commit_callbacks, home):
    with django_capture_on_commit_callbacks(execute=True):
        factories.ImageFactory()
    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_site_settings_are_site_wide(home, receiver, django_capture_on_commit_callbacks):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "860-525-4451"
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
    [payload] = receiver.verified()
    assert payload["event"] == "settings.changed"
    assert payload["site_wide"] is True


def test_a_rolled_back_publish_sends_nothing(site_tree, receiver):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        site_tree["report"].save_revision().publish()
        raise Abort
    assert not WebhookDelivery.objects.exists()
    assert receiver.received == []


def test_inactive_endpoints_receive_nothing(
    site_tree, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.update(is_active=False)
    publish(site_tree["report"], django_capture_on_commit_callbacks)
    assert not WebhookDelivery.objects.exists()


# Failures, slowness, restarts ---------------------------------------------------------


def test_a_failing_endpoint_is_retried_with_backoff_then_given_up(
    site_tree, receiver, django_capture_on_commit_callbacks
):
    receiver.status = 503
    publish(site_tree["report"], django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "HTTP 503")
    first_delay = delivery.next_attempt_at - delivery.last_attempt_at
    assert timedelta(seconds=9) < first_delay <= timedelta(seconds=11)

    # Not due yet: a second task run does nothing.
    assert outbox.attempt(str(delivery.pk)) is None
    for attempt in range(2, outbox.MAX_ATTEMPTS + 1):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        outbox.attempt(str(delivery.pk))
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
        if attempt == 3:
            gap = delivery.next_attempt_at - delivery.last_attempt_at
            assert timedelta(seconds=39) < gap <= timedelta(seconds=41)
    assert delivery.status == "failed"
    assert len(receiver.received) == outbox.MAX_ATTEMPTS
    # Every attempt is freshly signed and carries the same id.
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    receiver.verified()


def test_an_unreachable_endpoint_is_recorded_not_raised(
    site_tree, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.update(url="http://127.0.0.1:9/")  # discard port: refused
    publish(site_tree["report"], django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert "ConnectionRefusedError" in delivery.last_error or "URLError" in delivery.last_error
    assert site_tree["report"].live


@override_settings(TASKS=DATABASE_TASKS)
def test_a_slow_endpoint_never_slows_publishing_and_the_worker_delivers(
    site_tree, receiver, django_capture_on_commit_callbacks
):
    receiver.hold = threading.Event()  # the receiver answers only when released
    started = time.monotonic()
    publish(site_tree["report"], django_capture_on_commit_callbacks)
    assert time.monotonic() - started < 2  # the receiver has not even been called
    assert receiver.received == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert DBTaskResult.objects.filter(task_path="publishing.tasks.deliver_webhook").count() == 1

    threading.Timer(0.5, receiver.hold.set).start()
    run_worker()
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    [payload] = receiver.verified()
    assert payload["event"] == "page.published"


@override_settings(TASKS=DATABASE_TASKS)
def test_a_delivery_whose_task_or_worker_was_lost_is_sent_after_a_restart(
    site_tree, receiver, django_capture_on_commit_callbacks
):
    publish(site_tree["report"], django_capture_on_commit_callbacks)
    publish(site_tree["initiative"], django_capture_on_commit_callbacks)
    lost_task, died_sending = WebhookDelivery.objects.order_by("created_at")
    # The first lost its queued task (the process stopped between commit and enqueue)…
    DBTaskResult.objects.all().delete()
    long_ago = timezone.now() - timedelta(minutes=10)
    WebhookDelivery.objects.filter(pk=lost_task.pk).update(next_attempt_at=long_ago)
    # …the second was being sent when its worker was killed.
    WebhookDelivery.objects.filter(pk=died_sending.pk).update(
        status="sending", attempts=1, last_attempt_at=long_ago
    )

    call_command("run_scheduler", "--once", verbosity=0)  # the restarted scheduler
    run_worker()

    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}
    assert {p["object"]["id"] for p in receiver.verified()} == {
        site_tree["report"].pk,
        site_tree["initiative"].pk,
    }


def test_a_delivery_is_sent_once_even_if_queued_twice(
    site_tree, receiver, django_capture_on_commit_callbacks
):
    publish(site_tree["report"], django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert outbox.attempt(str(delivery.pk)) is None  # already delivered: claimed by nobody
    assert len(receiver.received) == 1


# Admin and commands -------------------------------------------------------------------


def test_add_webhook_endpoint_command_is_idempotent():
    secret = signing.generate_secret()
    call_command("add_webhook_endpoint", "http://127.0.0.1:3000/api/revalidate", secret=secret)
    call_command(
        "add_webhook_endpoint", "http://127.0.0.1:3000/api/revalidate", secret=secret, name="Site"
    )
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.name, endpoint.secret, endpoint.is_active) == ("Site", secret, True)


def test_add_webhook_endpoint_refuses_a_bad_secret():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="secret"):
        call_command("add_webhook_endpoint", "http://127.0.0.1/", secret="whsec_not base64!")


def test_the_log_shows_status_attempts_and_last_error(
    site_tree, receiver, admin_client, django_capture_on_commit_callbacks
):
    receiver.status = 500
    publish(site_tree["report"], django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    listing = admin_client.get("/admin/webhook_log/")
    assert listing.status_code == 200
    assert b"HTTP 500" in listing.content
    assert b"page.published" in listing.content
    inspect = admin_client.get(f"/admin/webhook_log/inspect/{delivery.pk}/")
    assert inspect.status_code == 200
    assert b"/business-insights/reports/progress-points/" in inspect.content


def test_a_new_endpoint_gets_a_random_secret(admin_client):
    response = admin_client.get("/admin/webhook_endpoints/new/")
    assert response.status_code == 200
    assert b"whsec_" in response.content
    assert Page.objects.exists()


def test_a_failed_delivery_can_be_sent_again_from_the_log(
    site_tree, receiver, admin_client, django_capture_on_commit_callbacks
):
    receiver.status = 500
    publish(site_tree["report"], django_capture_on_commit_callbacks)
    WebhookDelivery.objects.update(status="failed", attempts=outbox.MAX_ATTEMPTS)
    delivery = WebhookDelivery.objects.get()
    inspect = admin_client.get(f"/admin/webhook_log/inspect/{delivery.pk}/")
    assert b"Send again" in inspect.content

    receiver.status = 204  # the receiver was fixed
    confirm = admin_client.get(f"/admin/webhook_log/resend/{delivery.pk}/")
    assert confirm.status_code == 200
    assert b"HTTP 500" in confirm.content
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/webhook_log/resend/{delivery.pk}/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 1)
    assert len(receiver.received) == 2
    receiver.verified()


def test_a_pending_delivery_cannot_be_sent_again(site_tree, admin_client):
    endpoint = WebhookEndpoint.objects.create(name="Site", url="https://example.org/hook")
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="page.published", payload={})
    assert admin_client.get(f"/admin/webhook_log/resend/{delivery.pk}/").status_code == 404
