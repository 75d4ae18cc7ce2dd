"""
The API behind a real CDN: Varnish with xkey (tests/varnish_server.py) caches the API's
answers, and a publish purges exactly what it made stale, through the outbox, whether
the purge is sent at once or by the task worker, and again after Varnish was down.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from publishing import purges
from publishing.models import PurgeRequest
from tests.test_webhooks import DATABASE_TASKS, run_worker
from tests.varnish_server import cdn, get

__all__ = ["cdn"]  # the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged_by_varnish(cdn):
    """The CMS purges this Varnish; the API is reached through it."""
    varnish, origin = cdn
    purgers = {
        "varnish": {"BACKEND": "publishing.purgers.varnish.Purger", "LOCATIONS": [varnish.url]}
    }
    conf = {**settings.CDN, "API_URL": varnish.url, "FRONTEND_URL": "", "MAX_AGE": 86400}
    with override_settings(CDN_PURGERS=purgers, CDN=conf):
        yield varnish, origin


def title_of(answer) -> str:
    return json.loads(answer.body)["title"]


def publish_title(page, title: str, capture) -> None:
    page.title = title
    with capture(execute=True):
        page.save_revision().publish()


def test_answers_go_from_miss_to_hit_and_carry_their_tags(site_tree, purged_by_varnish):
    varnish, origin = purged_by_varnish
    report = site_tree["report"]
    url = f"{varnish.url}/api/v3/pages/{report.pk}/"
    first = get(url)
    assert first.status == 200 and first.headers["X-Varnish-Cache"] == "MISS"
    second = get(url)
    assert second.headers["X-Varnish-Cache"] == "HIT" and second.body == first.body
    # Varnish keeps the CDN's headers to itself; the origin sends them.
    assert "xkey" not in {name.lower() for name in second.headers}
    direct = get(f"{origin.url}/api/v3/pages/{report.pk}/")
    assert f"page:{report.pk}" in direct.headers["xkey"].split()
    assert direct.headers["Surrogate-Control"].startswith("max-age=86400")
    # A request with credentials is never answered from the CDN.
    assert get(url, Authorization="Bearer nope").headers["X-Varnish-Cache"] == "MISS"


def test_a_publish_is_fresh_through_varnish_within_a_second_and_others_stay_hits(
    site_tree, purged_by_varnish, django_capture_on_commit_callbacks
):
    varnish, _ = purged_by_varnish
    report, industry = site_tree["report"], site_tree["industry"]
    path = get(f"{varnish.url}/api/v3/pages/{report.pk}/")
    urls = {
        "detail": f"{varnish.url}/api/v3/pages/{report.pk}/",
        "route": f"{varnish.url}/api/v3/route/?path={json.loads(path.body)['path']}",
        "listing": f"{varnish.url}/api/v3/pages/?type=reports.ReportPage",
    }
    unrelated = [
        f"{varnish.url}/api/v3/pages/{industry.pk}/",
        f"{varnish.url}/api/v3/pages/?type=industries.IndustryProfilePage",
    ]
    for url in [*urls.values(), *unrelated]:
        get(url)
        assert get(url).headers["X-Varnish-Cache"] == "HIT"

    started = time.monotonic()
    publish_title(report, "Progress Points, revised", django_capture_on_commit_callbacks)
    published = time.monotonic()
    detail = get(urls["detail"])
    fresh = time.monotonic()

    assert detail.headers["X-Varnish-Cache"] == "MISS"
    assert title_of(detail) == "Progress Points, revised"
    assert fresh - published < 1, f"{fresh - published:.3f} s from the commit to a fresh answer"
    print(
        f"publish to fresh through Varnish: {fresh - started:.3f} s "
        f"(commit to fresh {fresh - published:.3f} s)"
    )
    route = get(urls["route"])
    assert route.headers["X-Varnish-Cache"] == "MISS"
    assert json.loads(route.body)["page"]["title"] == "Progress Points, revised"
    listing = get(urls["listing"])
    assert listing.headers["X-Varnish-Cache"] == "MISS"
    assert "Progress Points, revised" in {
        item["title"] for item in json.loads(listing.body)["items"]
    }
    for url in unrelated:
        assert get(url).headers["X-Varnish-Cache"] == "HIT", url
    purge = PurgeRequest.objects.get()
    assert (purge.status, purge.attempts, purge.backend) == ("delivered", 1, "varnish")
    assert f"page:{report.pk}" in purge.tags and "all:page" in purge.tags
    assert f"{varnish.url}/api/v3/pages/{report.pk}/" in purge.urls


@override_settings(TASKS=DATABASE_TASKS)
def test_the_task_worker_sends_the_purge(
    site_tree, purged_by_varnish, django_capture_on_commit_callbacks
):
    varnish, _ = purged_by_varnish
    report = site_tree["report"]
    url = f"{varnish.url}/api/v3/pages/{report.pk}/"
    get(url)
    publish_title(report, "Progress Points, by the worker", django_capture_on_commit_callbacks)
    # Queued, not sent: Varnish still has the old answer until the worker runs.
    assert PurgeRequest.objects.get().status == "pending"
    assert get(url).headers["X-Varnish-Cache"] == "HIT"
    started = time.monotonic()
    run_worker()
    answer = get(url)
    assert answer.headers["X-Varnish-Cache"] == "MISS"
    assert title_of(answer) == "Progress Points, by the worker"
    assert PurgeRequest.objects.get().status == "delivered"
    print(f"worker run to fresh through Varnish: {time.monotonic() - started:.3f} s")


def test_a_purge_while_varnish_is_down_is_retried_until_it_succeeds(
    site_tree, purged_by_varnish, django_capture_on_commit_callbacks
):
    varnish, origin = purged_by_varnish
    report = site_tree["report"]
    varnish.stop()
    publish_title(report, "Progress Points, during the outage", django_capture_on_commit_callbacks)
    purge = PurgeRequest.objects.get()
    assert (purge.status, purge.attempts) == ("pending", 1)
    assert "Connection refused" in purge.last_error or "URLError" in purge.last_error
    assert timedelta(seconds=9) < purge.next_attempt_at - purge.last_attempt_at
    # The API answers all the while, and the publish went through.
    answer = get(f"{origin.url}/api/v3/pages/{report.pk}/")
    assert answer.status == 200 and title_of(answer) == "Progress Points, during the outage"

    # Not due yet: nothing is sent before the backoff has passed.
    assert purges.attempt(str(purge.pk)) is None
    PurgeRequest.objects.filter(pk=purge.pk).update(next_attempt_at=timezone.now())
    assert purges.attempt(str(purge.pk)) == "pending"  # still down
    varnish.start()
    PurgeRequest.objects.filter(pk=purge.pk).update(next_attempt_at=timezone.now())
    assert purges.attempt(str(purge.pk)) == "delivered"
    purge.refresh_from_db()
    assert (purge.attempts, purge.last_error) == (3, "")
    assert title_of(get(f"{varnish.url}/api/v3/pages/{report.pk}/")) == (
        "Progress Points, during the outage"
    )
