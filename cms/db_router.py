"""
Reads from PostgreSQL read replicas, writes to the primary (``DATABASE_REPLICA_URL``,
``cms.databases``).

**Which requests read from a replica.** Only the public content API's anonymous reads:
GET or HEAD of its read endpoints (``PUBLIC_READS``) with no session cookie and no
``Authorization`` header, the bulk of the load (front ends, their CDN, crawlers).
Everything else reads from the primary: the admin and any logged-in or token request
(so an editor always reads what they just saved), previews (a draft saved a moment
ago), the task worker, the scheduler and management commands (which act on what they
read). ``ReplicaReadsMiddleware`` marks a request as one of these, and ``replica_reads()``
does the same for code outside a request.

**What stays on the primary within such a request.** Every write; every read inside a
transaction (it may depend on the transaction's own writes, and Wagtail's publishing
reads and writes in one); the targets of a ``GenericRelation`` (revisions, workflow
states, tagged items…), because Django sends a write made through such a relation's
manager to the database the relation was read from (Django #36389, Wagtail #13008:
``revision.publish()`` then fails on a replica with "cannot execute UPDATE in a read-only
transaction"); and the task tables, whose claims lock rows.

**Fresh enough.** Every change that makes cached API answers stale (``cms.api.cache.
invalidate``) also notes the primary's WAL position once it commits
(``note_write_position``), and a request reads from a replica only if that replica has
replayed at least that far; otherwise from the primary. Without this, an answer built
from a replica a few milliseconds behind a publish would be cached under the publish's
new cache versions and served, stale, for an hour. It costs one small query on the
replica per request that reaches the database (cached answers never do).

**A replica that fails.** One that cannot be reached is skipped for
``DATABASE_REPLICA_RETRY_AFTER`` seconds (5) and the request reads from the primary;
logged once a minute (logger ``cms.db``). One that fails in the middle of a request
makes that request run again, on the primary. Visitors never see the outage.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any

import psycopg
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
    transaction,
)
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from cms.databases import replica_aliases

logger = logging.getLogger("cms.db")

#: The content API's read endpoints, the only paths whose anonymous reads use a replica.
PUBLIC_READS = re.compile(r"^/api/v3/(?:pages|route|navigation|site|search)/")
#: The primary's WAL position after the last change, in the default cache.
POSITION_KEY = "db:primary-position"
LOG_INTERVAL = 60.0
#: Apps whose models are read on the primary only: the task queue locks rows to claim.
PRIMARY_APPS = frozenset({"django_tasks_db"})


@cache
def replicas() -> tuple[str, ...]:
    return tuple(replica_aliases(settings.DATABASES))


@dataclass
class ReadState:
    """Where one request (or one ``replica_reads()`` block) reads from."""

    alias: str | None = None  # chosen at its first read outside a transaction
    failed: bool = False  # its replica failed under one of its queries


_state: ContextVar[ReadState | None] = ContextVar("replica_reads", default=None)


@contextmanager
def replica_reads() -> Iterator[ReadState]:
    """Reads in this block may use a replica (as an anonymous API read does)."""
    state = ReadState()
    token = _state.set(state)
    try:
        yield state
    finally:
        _state.reset(token)


# -- health: replicas that failed are skipped for a while -------------------------------


class Health:
    """This process's view of its replicas: which are skipped, until when."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.retry_at: dict[str, float] = {}
        self.logged_at: dict[str, float] = {}

    def usable(self, alias: str) -> bool:
        """
        Whether to read from it: not failed, or failed and due to be tried again, and
        then answering a connection of its own (a pool's would wait its whole timeout
        on a server still down).
        """
        retry_at = self.retry_at.get(alias)
        if retry_at is None:
            return True
        if time.monotonic() < retry_at:
            return False
        try:  # psycopg's own connection, not the pool's, so psycopg's own errors
            psycopg.connect(**connections[alias].get_connection_params()).close()
        except (psycopg.Error, OSError) as error:
            self.failed(alias, error)
            return False
        with self.lock:
            self.retry_at.pop(alias, None)
            self.logged_at.pop(alias, None)
        logger.warning("Database replica %r answers again; reading from it.", alias)
        return True

    def failed(self, alias: str, error: BaseException) -> None:
        now = time.monotonic()
        retry_after = float(getattr(settings, "DATABASE_REPLICA_RETRY_AFTER", 5))
        close_pool(alias)
        with self.lock:
            self.retry_at[alias] = now + retry_after
            logged = self.logged_at.get(alias)
            if logged is not None and now - logged < LOG_INTERVAL:
                return
            self.logged_at[alias] = now
        logger.warning(
            "Database replica %r failed (%s: %s); reading from the primary, retrying "
            "every %gs (logged once a minute).",
            alias,
            type(error).__name__,
            str(error).strip(),
            retry_after,
        )

    def clear(self) -> None:
        with self.lock:
            self.retry_at.clear()
            self.logged_at.clear()


health = Health()


def close_pool(alias: str) -> None:
    """
    Close the alias's connection pool, if it has one; the next connection makes a new
    one. For a replica that failed: a pool keeps trying a server that is down (and then
    one that is back) with growing delays, and each request would wait its whole
    timeout meanwhile.
    """
    connection = connections[alias]
    if alias in getattr(connection, "_connection_pools", {}):
        with suppress(KeyError):  # another thread closed it first
            getattr(connection, "close_pool")()  # noqa: B009 (PostgreSQL's wrapper only)


# -- freshness: the primary's position after the last change ----------------------------


def note_write_position() -> None:
    """
    Once the current transaction commits (now, outside one), record the primary's WAL
    position, so no request reads from a replica that has not replayed this far.
    """
    if replicas():
        transaction.on_commit(_record_position)


def _record_position() -> None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            # Where WAL is inserted, which is past the commit just made even when commits
            # are not waited for (synchronous_commit=off).
            cursor.execute("SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint")
            (position,) = cursor.fetchone()
    except DatabaseError:  # the change has committed; the outage shows elsewhere
        logger.warning("Could not read the primary's WAL position.", exc_info=True)
        return
    store = caches["default"]
    raise_to = getattr(store, "raise_to", None)
    if raise_to is not None:
        raise_to(POSITION_KEY, position)
        return
    # A cache of one host (files, memory): a race here is between its own processes.
    current = store.get(POSITION_KEY)
    if current is None or current < position:
        store.set(POSITION_KEY, position, timeout=None)


def is_fresh(alias: str) -> bool:
    """Whether the replica has replayed the last recorded change (a query on it)."""
    required = caches["default"].get(POSITION_KEY)
    if required is None:
        return True
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint")
        (replayed,) = cursor.fetchone()
    # NULL: not a standby (a test mirror, or a promoted replica), so nothing to replay.
    return replayed is None or replayed >= required


# -- choosing a replica -----------------------------------------------------------------


def choose() -> str:
    """A usable replica that is fresh enough (tried in random order), or the primary."""
    candidates = [alias for alias in replicas() if health.usable(alias)]
    random.shuffle(candidates)
    for alias in candidates:
        try:
            connections[alias].ensure_connection()
            if is_fresh(alias):
                return alias
        except DatabaseError as error:
            health.failed(alias, error)
    return DEFAULT_DB_ALIAS


def _in_transaction() -> bool:
    primary = connections[DEFAULT_DB_ALIAS]
    # ``autocommit`` is read only once connected (before, it is False by default).
    return primary.in_atomic_block or (primary.connection is not None and not primary.autocommit)


@cache
def primary_models() -> frozenset[type[Model]]:
    """Models read on the primary only (see the module docstring)."""
    from django.contrib.contenttypes.fields import GenericRelation

    found: set[type[Model]] = set()
    for model in apps.get_models():
        if model._meta.app_config.name in PRIMARY_APPS:
            found.add(model)
        for model_field in model._meta.get_fields():
            related = getattr(model_field, "related_model", None)
            if isinstance(model_field, GenericRelation) and isinstance(related, type):
                found.add(related)
    return frozenset(found)


class PrimaryReplicaRouter:
    """Django's database router (``DATABASE_ROUTERS``); see the module docstring."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        state = _state.get()
        if state is None or model in primary_models() or _in_transaction():
            return DEFAULT_DB_ALIAS
        if state.alias is None:
            state.alias = choose()
        return state.alias

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        # Also for an object read from a replica, which Django would save back there.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # Replicas hold the primary's rows: an object read from one may point to
        # an object read from another.
        ours = {DEFAULT_DB_ALIAS, *replicas()}
        return True if {obj1._state.db, obj2._state.db} <= ours else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # Replicas receive the primary's schema by replication.
        return False if db in replicas() else None


# -- the request ------------------------------------------------------------------------


def reads_from_replica(request: HttpRequest) -> bool:
    """An anonymous read of the public content API (see the module docstring)."""
    return (
        request.method in ("GET", "HEAD")
        and PUBLIC_READS.match(request.path_info) is not None
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _watch(alias: str, state: ReadState) -> Callable[..., Any]:
    """An execute wrapper noting that the replica failed under a query."""

    def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        try:
            return execute(sql, params, many, context)
        except (OperationalError, InterfaceError) as error:
            health.failed(alias, error)
            state.failed = True
            raise

    return watch


class ReplicaReadsMiddleware:
    """
    Marks the public API's anonymous reads as ones that may use a replica, and runs one
    again on the primary when its replica failed under it (answered with an error).
    Not used at all without replicas.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        if not replicas():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not reads_from_replica(request):
            return self.get_response(request)
        with replica_reads() as state, ExitStack() as watching:
            for alias in replicas():
                watching.enter_context(connections[alias].execute_wrapper(_watch(alias, state)))
            response = self.get_response(request)
        if state.failed and response.status_code >= 500:
            # Its replica went away under the request: answer from the primary instead.
            return self.get_response(request)
        return response
