"""
Scheduled publishing: pages go live and expire when the scheduler runs after their
time, one page that cannot be published does not hold up the others, and going live
on schedule sends the publish webhook like any other publish.
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale, Page, PageLogEntry, Revision

from publishing import signing
from publishing.models import WebhookEndpoint
from publishing.scheduling import run_due
from tests import factories
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db


def schedule(page, go_live_at, expire_at=None):
    page.go_live_at = go_live_at
    page.expire_at = expire_at
    revision = page.save_revision()
    revision.publish()
    return revision


def at(moment):
    """Move the clock: everything reading django.utils.timezone.now sees ``moment``."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def run_scheduler() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("run_scheduler", "--once", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_page_goes_live_at_its_time_and_expires_at_its_expiry(site_tree):
    now = timezone.now()
    page = factories.ContentPageFactory(
        parent=site_tree["content"], title="Annual meeting", live=False
    )
    schedule(page, now + timedelta(hours=1), expire_at=now + timedelta(days=2))
    page.refresh_from_db()
    assert not page.live
    assert page.status_string == "scheduled"

    with at(now + timedelta(minutes=30)):
        run_scheduler()
    page.refresh_from_db()
    assert not page.live  # not yet

    with at(now + timedelta(hours=1, minutes=1)):
        out, _ = run_scheduler()
    page.refresh_from_db()
    assert page.live
    assert "Annual meeting" in out
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()

    with at(now + timedelta(days=2, minutes=1)):
        out, _ = run_scheduler()
    page.refresh_from_db()
    assert (page.live, page.expired) == (False, True)
    assert "Unpublished expired" in out
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert "wagtail.publish.scheduled" in actions
    assert "wagtail.unpublish.scheduled" in actions


def test_one_failing_page_does_not_stop_the_others(site_tree):
    now = timezone.now()
    broken = factories.ContentPageFactory(parent=site_tree["content"], title="Broken", live=False)
    fine = factories.ContentPageFactory(parent=site_tree["content"], title="Fine", live=False)
    broken_revision = schedule(broken, now + timedelta(minutes=5))
    schedule(fine, now + timedelta(minutes=10))
    # A revision that can no longer be published (its title was lost): saving it fails
    # validation. It is due first, so a runner without isolation would stop there.
    broken_revision.content["title"] = ""
    broken_revision.save(update_fields=["content"])

    with at(now + timedelta(minutes=15)):
        outcome = run_due()
    fine.refresh_from_db()
    broken.refresh_from_db()
    assert fine.live
    assert not broken.live
    assert [("Fine" in label) for label in outcome.published] == [True]
    assert [("Broken" in label) for label in outcome.failed] == [True]

    # It stays scheduled, and is tried again (and reported) on the next run.
    with at(now + timedelta(minutes=16)):
        _, err = run_scheduler()
    assert "Failed" in err and "Broken" in err


def test_a_scheduled_spanish_page_goes_live_and_the_webhook_names_its_es_path(
    site_tree, django_capture_on_commit_callbacks
):
    receiver = Receiver(secret=signing.generate_secret()).start()
    try:
        WebhookEndpoint.objects.create(name="Front end", url=receiver.url, secret=receiver.secret)
        spanish = Locale.objects.get(language_code="es")
        report_es = site_tree["report"].copy_for_translation(spanish, copy_parents=True)
        assert not report_es.live
        receiver.received.clear()  # the Spanish section's aliases went live with the copy
        now = timezone.now()
        report_es.title = "Puntos de progreso"
        schedule(report_es, now + timedelta(hours=2))
        assert not Page.objects.get(pk=report_es.pk).live
        assert receiver.received == []  # scheduling is not publishing

        with (
            at(now + timedelta(hours=2, seconds=1)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            run_scheduler()
        receiver.wait_for(1)
        [payload] = receiver.verified()
        assert payload["event"] == "page.published"
        assert payload["object"]["title"] == "Puntos de progreso"
        assert "/es/business-insights/reports/progress-points/" in payload["paths"]
    finally:
        receiver.stop()
