"""
Fault drills: what a publish does when something it depends on fails.

- The search index fails: the publish lands, the index update is retried by the task
  worker, and search finds the page once the retry has run.
- The webhook receiver fails: the publish lands, the delivery is retried and arrives.
- The database goes away in the middle of a publish (PostgreSQL only): nothing of it
  is left half written: the page's live state, its revisions and log, its search
  entries and the outbox are as before.

Each drill is bounded in time and talks to loopback only. (``tools/drills/`` has the
drill that needs processes of its own: a dump and restore that must answer alike.)
"""

from __future__ import annotations

import os
from unittest import mock

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published

from publishing import signing
from publishing.models import WebhookDelivery, WebhookEndpoint
from search import indexer
from search import tasks as search_tasks
from search.models import Entry, Facet, Suggestion
from tests.webhook_receiver import Receiver

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ON_POSTGRES = connection.vendor == "postgresql"


def run_worker() -> None:
    """
    django-tasks-db's worker, until no task is due. It claims each task in a
    transaction of its own, which cannot open inside the test's, so a savepoint stands
    in for it (as in test_webhooks.py).
    """
    worker = "django_tasks_db.management.commands.db_worker"
    with (
        mock.patch(f"{worker}.exclusive_transaction", lambda using=None: transaction.atomic(using)),
        mock.patch(f"{worker}.close_old_connections", lambda: None),
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def time_passes() -> None:
    """Everything waiting for a later time is due now (instead of sleeping for it)."""
    now = timezone.now()
    DBTaskResult.objects.filter(status="READY").update(run_after=now)
    WebhookDelivery.objects.filter(status="pending").update(next_attempt_at=now)


def search_paths(client, query: str) -> list[str]:
    response = client.get("/api/v3/search/", {"q": query})
    assert response.status_code == 200, response.content
    return [result["path"] for result in response.json()["results"]]


# The search index fails ---------------------------------------------------------------


class IndexOutage:
    """The index fails after writing part of a page's entries, as a full disk would."""

    def __init__(self) -> None:
        self.down = True
        self.failures = 0
        self.real = indexer._replace_page

    def __call__(self, *args, **kwargs):
        written = self.real(*args, **kwargs)
        if self.down:
            self.failures += 1
            raise DatabaseError("could not extend file: No space left on device")
        return written


def reindex_tasks():
    return DBTaskResult.objects.filter(task_path="search.tasks.reindex_pages")


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_publish_lands_while_the_search_index_fails_and_search_catches_up(
    site_tree, client, django_capture_on_commit_callbacks
):
    page = site_tree["content"]
    page.title = "Quokka sightings along the riverfront"
    outage = IndexOutage()
    with mock.patch.object(indexer, "_replace_page", outage):
        started = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        finished = timezone.now()

        # The publish landed; the half-written entries did not.
        page.refresh_from_db()
        assert page.live and page.title == "Quokka sightings along the riverfront"
        assert page.live_revision == page.latest_revision
        assert not Entry.objects.filter(page_id=page.pk, title__startswith="Quokka").exists()
        assert search_paths(client, "quokka") == []
        [retry] = reindex_tasks()
        assert retry.status == "READY"
        assert retry.args_kwargs == {"args": [[page.pk]], "kwargs": {"attempt": 1}}
        first_delay = search_tasks.REINDEX_FIRST_DELAY
        assert started + first_delay <= retry.run_after <= finished + first_delay

        # Still failing when the retry comes round: it queues the next, twice as late.
        time_passes()
        started = timezone.now()
        run_worker()
        finished = timezone.now()
        assert outage.failures == 2
        assert reindex_tasks().filter(status="SUCCESSFUL").count() == 1
        [second] = reindex_tasks().filter(status="READY")
        assert second.args_kwargs["kwargs"] == {"attempt": 2}
        assert search_tasks.reindex_delay(2) == 2 * first_delay
        assert started + 2 * first_delay <= second.run_after <= finished + 2 * first_delay

        # The index is back; the next retry indexes the page and search finds it.
        outage.down = False
        time_passes()
        run_worker()
    assert not reindex_tasks().filter(status="READY").exists()
    assert search_paths(client, "quokka") == [f"/{page.slug}/"]


@pytest.mark.django_db
def test_with_the_immediate_backend_the_retry_runs_after_the_commit(
    site_tree, client, django_capture_on_commit_callbacks
):
    page = site_tree["content"]
    page.title = "Quokka census"
    outage = IndexOutage()
    with mock.patch.object(indexer, "_replace_page", outage):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            page.save_revision().publish()
        outage.down = False  # the outage is over by the time the transaction commits
        for callback in callbacks:
            callback()
    assert outage.failures == 1
    assert search_paths(client, "quokka") == [f"/{page.slug}/"]


# The webhook receiver fails ------------------------------------------------------------


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_publish_lands_while_the_webhook_receiver_fails_and_the_delivery_is_retried(
    site_tree, django_capture_on_commit_callbacks
):
    receiver = Receiver(secret=signing.generate_secret(), status=500).start()
    try:
        WebhookEndpoint.objects.create(name="Front end", url=receiver.url, secret=receiver.secret)
        report = site_tree["report"]
        report.title = "Progress Points, revised"
        with django_capture_on_commit_callbacks(execute=True):
            report.save_revision().publish()
        report.refresh_from_db()
        assert report.live and report.title == "Progress Points, revised"

        # The first attempt: the receiver answers 500. (The worker queues the retry's
        # task when its own transaction commits.)
        with django_capture_on_commit_callbacks(execute=True):
            run_worker()
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
            "pending",
            1,
            500,
        )
        assert delivery.next_attempt_at > timezone.now()

        assert delivery_tasks("READY") == 1
        receiver.status = 200  # the receiver recovers
        time_passes()
        run_worker()
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
            "delivered",
            2,
            200,
        )
        first, second = receiver.verified()  # both attempts signed, the same event
        assert first == second
        assert first["object"]["id"] == report.pk
        assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    finally:
        receiver.stop()


def delivery_tasks(status: str) -> int:
    return DBTaskResult.objects.filter(
        task_path="publishing.tasks.deliver_webhook", status=status
    ).count()


# The database goes away mid-publish ----------------------------------------------------


def snapshot(page_id: int) -> dict:
    """Everything a publish writes, for one page."""
    page = Page.objects.get(pk=page_id)
    entries = Entry.objects.filter(page_id=page_id)
    return {
        "page": (page.live, page.title, page.live_revision_id, page.last_published_at),
        "latest_revision": page.latest_revision_id,
        "revisions": sorted(
            Revision.page_revisions.filter(object_id=str(page_id)).values_list(
                "pk", "approved_go_live_at", "created_at"
            )
        ),
        "log": sorted(PageLogEntry.objects.filter(page_id=page_id).values_list("pk", "action")),
        "search": sorted(entries.values_list("key", "title", "terms")),
        "facets": Facet.objects.filter(entry__page_id=page_id).count(),
        "suggestions": sorted(
            Suggestion.objects.filter(entry__page_id=page_id).values_list("phrase", flat=True)
        ),
        "outbox": sorted(WebhookDelivery.objects.values_list("pk", flat=True)),
    }


@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs PostgreSQL: terminates the publishing connection from another one",
)
# Real commits need a transactional test, which empties the database when it ends (the
# locales, groups and collections the migrations made included), and xdist may then run
# other tests on that database. So it runs only in a pytest process of its own:
# `RUN_TRANSACTIONAL_DRILLS=1 bin/test tests/test_fault_drills.py -n 0` (.ci/run).
@pytest.mark.skipif(
    not os.environ.get("RUN_TRANSACTIONAL_DRILLS"),
    reason="transactional drill: runs in its own process (RUN_TRANSACTIONAL_DRILLS=1)",
)
@pytest.mark.django_db(transaction=True)
def test_a_database_gone_mid_publish_leaves_nothing_half_written(site_tree):
    receiver = Receiver(secret=signing.generate_secret()).start()
    try:
        WebhookEndpoint.objects.create(name="Front end", url=receiver.url, secret=receiver.secret)
        page = site_tree["initiative"]
        page.title = "Half-published initiative"
        revision = page.save_revision()
        before = snapshot(page.pk)
        pid = connection.cursor().connection.info.backend_pid
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        params.pop("prepare_threshold", None)

        def terminate(**kwargs):
            # Last of the receivers: the page, its revision, the search entries and the
            # outbox row are written; the log entry and the commit are still to come.
            assert Entry.objects.filter(page_id=page.pk, title=page.title).exists()
            assert WebhookDelivery.objects.exists()
            with psycopg.connect(**params, autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])

        page_published.connect(terminate, weak=False, dispatch_uid="drill-terminate")
        try:
            with pytest.raises((OperationalError, InterfaceError)):
                revision.publish()
        finally:
            page_published.disconnect(dispatch_uid="drill-terminate")
            connection.close()

        assert snapshot(page.pk) == before
        # And the publish can simply be done again once the database is back.
        Revision.objects.get(pk=revision.pk).publish()
        assert Page.objects.get(pk=page.pk).title == "Half-published initiative"
        assert WebhookDelivery.objects.count() == len(before["outbox"]) + 1
    finally:
        receiver.stop()
