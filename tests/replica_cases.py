"""
Routing against a real primary and its streaming replica (cms/db_router.py).

Run by tests/test_replica.py, which starts the two clusters (tests/postgres_cluster.py),
points DATABASE_URL and DATABASE_REPLICA_URL at them and runs this module in a pytest
process of its own (its name keeps it out of the normal run). pytest-django creates the
test database on the primary; the replica receives it by streaming replication and the
``replica`` alias reads it there (a test mirror). The tests commit for real, in order,
on one page tree, so that the replica has something to replay.

Each test proves where its queries ran: the replica is a hot standby, so a write sent
there fails ("cannot execute UPDATE in a read-only transaction"); pausing its replay
makes it serve the old content, which only the replica can.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from typing import Any

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.test import Client
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from cms import db_router
from cms.db_router import replica_reads
from tests.postgres_cluster import Pair
from tests.shared import make_home, make_site_tree

pytestmark = pytest.mark.skipif(
    "MHA_REPLICA_PAIR" not in os.environ,
    reason="started by tests/test_replica.py, which runs the clusters it needs",
)

REPLICA = "replica"


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker):
    """The test database on the primary; its replica reads it by replication."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        created = setup_databases(verbosity=0, interactive=False, aliases={"default", REPLICA})
    yield
    with django_db_blocker.unblock():
        for alias in connections:
            connections[alias].close()
        teardown_databases(created, verbosity=0)


@pytest.fixture(scope="module")
def pair() -> Pair:
    return Pair.attach(json.loads(os.environ["MHA_REPLICA_PAIR"]))


@pytest.fixture(scope="module")
def tree(pair, django_db_setup, django_db_blocker) -> Iterator[dict[str, Any]]:
    """One page of each type, committed, with database access for the whole module."""
    with django_db_blocker.unblock():
        pages = make_site_tree(make_home())
        pages["admin"] = get_user_model().objects.create_superuser("admin", "a@example.org", "x")
        pair.wait_for_replay()
        yield pages


@pytest.fixture(autouse=True)
def _fresh(pair):
    """Each test starts with the replica replaying, and seen as healthy."""
    db_router.health.clear()
    cache.clear()
    yield
    with pair.replica.connect() as replica:
        if replica.execute("SELECT pg_is_wal_replay_paused()").fetchone()[0]:  # type: ignore[index]
            replica.execute("SELECT pg_wal_replay_resume()")


@contextmanager
def queries() -> Iterator[dict[str, list[str]]]:
    """The SQL each connection ran (sent, whether it succeeded or not)."""
    ran: dict[str, list[str]] = {DEFAULT_DB_ALIAS: [], REPLICA: []}

    def recorder(alias: str) -> Callable[..., Any]:
        def record(execute, sql, params, many, context):
            ran[alias].append(sql)
            return execute(sql, params, many, context)

        return record

    with ExitStack() as stack:
        for alias in ran:
            stack.enter_context(connections[alias].execute_wrapper(recorder(alias)))
        yield ran


def page_queries(sql: list[str]) -> list[str]:
    return [statement for statement in sql if "wagtailcore_page" in statement]


@contextmanager
def replay_paused(pair: Pair) -> Iterator[None]:
    with pair.replica.connect() as replica:
        replica.execute("SELECT pg_wal_replay_pause()")
    yield
    with pair.replica.connect() as replica:
        replica.execute("SELECT pg_wal_replay_resume()")
    pair.wait_for_replay()


def title_of(client: Client, page: Page) -> str:
    response = client.get(f"/api/v3/pages/{page.pk}/")
    assert response.status_code == 200, response.content[:500]
    return response.json()["title"]


def test_the_replica_alias_is_a_read_only_standby_of_the_test_database(tree, pair):
    primary, replica = connections[DEFAULT_DB_ALIAS], connections[REPLICA]
    assert replica.settings_dict["NAME"] == primary.settings_dict["NAME"]
    assert replica.settings_dict["PORT"] == pair.replica.port
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    # A write sent to the replica fails: what makes every other test here a proof.
    with pytest.raises(DatabaseError, match="read-only transaction"):
        Page.objects.using(REPLICA).filter(pk=tree["home"].pk).update(title="Misrouted")


def test_anonymous_api_reads_come_from_the_replica(tree, pair):
    page = tree["report"]
    with queries() as ran:
        assert title_of(Client(), page) == page.title
    assert page_queries(ran[REPLICA]), "the replica served no page query"
    assert ran[DEFAULT_DB_ALIAS] == []
    # Proof by content: with its replay paused, the replica still has the old title (a
    # change written without telling the cache, so nothing sends reads elsewhere).
    with replay_paused(pair):
        Page.objects.filter(pk=page.pk).update(title="Changed on the primary only")
        cache.clear()
        assert title_of(Client(), page) == page.title
        assert Page.objects.get(pk=page.pk).title == "Changed on the primary only"
    cache.clear()
    assert title_of(Client(), page) == "Changed on the primary only"
    Page.objects.filter(pk=page.pk).update(title=page.title)


def test_a_publish_is_served_fresh_before_the_replica_replays_it(tree, pair):
    page = tree["initiative"].specific_class.objects.get(pk=tree["initiative"].pk)
    client = Client()
    assert title_of(client, page) == page.title
    with replay_paused(pair):
        page.title = "Published while the replica lags"
        page.save_revision().publish()
        with queries() as ran:
            # The replica has not replayed the publish: the answer comes from the primary.
            assert title_of(client, page) == "Published while the replica lags"
        assert page_queries(ran[DEFAULT_DB_ALIAS])
        assert not page_queries(ran[REPLICA])
    cache.clear()
    with queries() as ran:
        assert title_of(client, page) == "Published while the replica lags"
    assert page_queries(ran[REPLICA]) and not ran[DEFAULT_DB_ALIAS]


class NaiveRouter:
    """Every read to the replica, every write to the primary: what Wagtail breaks on."""

    def db_for_read(self, model, **hints):
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True


def test_publishing_while_reads_may_use_the_replica_writes_the_primary(tree, settings):
    page = tree["industry"].specific_class.objects.get(pk=tree["industry"].pk)
    page.title = "Published under the router"
    revision = page.save_revision()
    with replica_reads():
        revision.publish()
    assert Page.objects.get(pk=page.pk).title == "Published under the router"
    assert page.revisions.count() >= 2

    # The same publish under a naive router fails: the rules in cms.db_router matter.
    page = Page.objects.get(pk=page.pk).specific
    page.title = "Published under a naive router"
    revision = page.save_revision()
    settings.DATABASE_ROUTERS = [NaiveRouter()]
    with pytest.raises(DatabaseError, match="read-only transaction"):
        revision.publish()
    settings.DATABASE_ROUTERS = ["cms.db_router.PrimaryReplicaRouter"]
    assert Page.objects.get(pk=page.pk).title == "Published under the router"


def test_the_admin_edit_flow_reads_and_writes_the_primary(tree, pair):
    admin = Client()
    admin.force_login(tree["admin"])
    page = tree["content"]
    edit_url = f"/admin/pages/{page.pk}/edit/"
    with replay_paused(pair), queries() as ran:
        form = admin.get(edit_url)
        assert form.status_code == 200
        data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
        # The StreamField editor is drawn by JavaScript, which posts the block count.
        data.update({"title": "Edited in the admin", "body-count": "0"})
        data["action-publish"] = "action-publish"
        response = admin.post(edit_url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        # Read your writes: the editor sees the new title at once, from the primary.
        assert "Edited in the admin" in admin.get(edit_url).content.decode()
        # The API as the editor (logged in) reads the primary too.
        assert title_of(admin, page) == "Edited in the admin"
        # Anonymous readers do not get the replica's old copy either (it lags).
        assert title_of(Client(), page) == "Edited in the admin"
    assert not page_queries(ran[REPLICA])
    assert page_queries(ran[DEFAULT_DB_ALIAS])


def test_the_task_worker_claims_on_the_primary(tree, pair):
    from publishing.tasks import deliver_webhook

    # Queued in the database, as production does (the test settings run tasks at once).
    backend = deliver_webhook.using(backend="default")
    with override_tasks():
        result = backend.enqueue("00000000-0000-0000-0000-000000000000")
        # The worker's claim locks rows (SELECT … FOR UPDATE): on a replica it would fail.
        with replica_reads():
            from django.core.management import call_command

            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL", row.traceback
    # And the worker as its own process, as production runs it, with the replica set.
    with override_tasks():
        second = backend.enqueue("00000000-0000-0000-0000-000000000001")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "TASKS_BACKEND": "database"}
    env["DATABASE_URL"] = f"{pair.primary.url}/{connections['default'].settings_dict['NAME']}"
    env["DATABASE_REPLICA_URL"] = f"{pair.replica.url}/{connections[REPLICA].settings_dict['NAME']}"
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert DBTaskResult.objects.get(pk=second.id).status == "SUCCESSFUL"


@contextmanager
def override_tasks() -> Iterator[None]:
    from django.test import override_settings

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


def test_readiness_reports_the_replica_and_its_lag(tree, pair):
    ready = Client().get("/readyz/")
    assert ready.status_code == 200, ready.content
    replica = ready.json()["checks"][REPLICA]
    assert replica["ok"] and replica["standby"] is True
    assert replica["lag_seconds"] == 0
    with replay_paused(pair):
        Page.objects.filter(pk=tree["home"].pk).update(title=tree["home"].title)
        pair.wait_for_receipt()
        lagging = Client().get("/readyz/").json()["checks"][REPLICA]
        assert lagging["ok"] and lagging["lag_seconds"] > 0


def killing_the_replica_at_the_first_page_query() -> Callable[..., Any]:
    """An execute wrapper: the replica's server process ends just before the query."""
    fired = []

    def kill(execute, sql, params, many, context):
        if not fired and "wagtailcore_page" in sql:
            fired.append(sql)
            raw = context["connection"].connection
            with suppress(psycopg.Error):  # the connection ends, as intended
                raw.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return execute(sql, params, many, context)

    kill.fired = fired  # type: ignore[attr-defined]
    return kill


def test_a_replica_lost_mid_request_is_answered_from_the_primary(tree):
    page = tree["report"]
    kill = killing_the_replica_at_the_first_page_query()
    with connections[REPLICA].execute_wrapper(kill), queries() as ran:
        response = Client().get(f"/api/v3/pages/{page.pk}/")
    assert kill.fired, "the replica was never queried"
    assert response.status_code == 200, response.content[:500]
    assert response.json()["title"] == Page.objects.get(pk=page.pk).title
    assert page_queries(ran[DEFAULT_DB_ALIAS])
    assert not db_router.health.usable(REPLICA)  # left alone for a while


def test_a_replica_that_is_down_sends_reads_to_the_primary(tree, pair):
    page = tree["report"]
    pair.stop_server(pair.replica)
    try:
        for alias in connections:
            connections[alias].close()
        with queries() as ran:
            assert title_of(Client(), page) == Page.objects.get(pk=page.pk).title
            cache.clear()
            # Left alone now: the next read does not even try it.
            assert title_of(Client(), page) == Page.objects.get(pk=page.pk).title
        assert page_queries(ran[DEFAULT_DB_ALIAS])
        ready = Client().get("/readyz/")
        assert ready.status_code == 503
        assert ready.json()["failed"] == [REPLICA]
        assert "reads go to the primary" in ready.json()["checks"][REPLICA]["error"]
    finally:
        pair.start_server(pair.replica)
    db_router.health.clear()
    pair.wait_for_replay()
    cache.clear()
    with queries() as ran:
        title_of(Client(), page)
    assert page_queries(ran[REPLICA])


def test_connections_are_pooled_when_asked(tree):
    if not os.environ.get("DATABASE_POOL_MAX_SIZE"):
        pytest.skip("DATABASE_POOL_MAX_SIZE is not set")
    for alias in (DEFAULT_DB_ALIAS, REPLICA):
        pool = connections[alias].pool
        assert pool is not None and pool.max_size == int(os.environ["DATABASE_POOL_MAX_SIZE"])
