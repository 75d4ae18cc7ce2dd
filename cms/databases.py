"""
The database settings beyond ``DATABASE_URL``: read replicas and connection pooling.

Read by ``cms.settings.base`` before Django is set up, so nothing here imports models.

``DATABASE_REPLICA_URL`` (one URL, or several separated by commas) adds one alias per
replica: ``replica``, ``replica_2``… ``cms.db_router`` sends the public API's anonymous
reads there and everything else to ``default``. Each replica's sessions are read-only
(a hot standby refuses writes anyway; this also holds when the URL names a server that
is not one), and it waits at most ``connect_timeout`` seconds (2 unless the URL says
otherwise) to connect, so a replica that does not answer sends reads to the primary
quickly.

``DATABASE_POOL_MAX_SIZE`` turns on psycopg's connection pool for every PostgreSQL
alias: each process keeps up to that many connections per alias and lends one to each
request, instead of opening one per request or keeping one per thread
(``CONN_MAX_AGE``, which a pool replaces: Django refuses both at once). Pools are per
process, so instances × processes × (threads or max size) must fit the server's
``max_connections`` (README, "Production").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

REPLICA = "replica"
POSTGRES = "django.db.backends.postgresql"
READ_ONLY = "-c default_transaction_read_only=on"


def replica_alias(index: int) -> str:
    return REPLICA if index == 0 else f"{REPLICA}_{index + 1}"


def replicas(environ: Mapping[str, str], default: Mapping[str, Any]) -> dict[str, Any]:
    """One alias per URL of ``DATABASE_REPLICA_URL``; none when it is unset."""
    urls = [url.strip() for url in environ.get("DATABASE_REPLICA_URL", "").split(",")]
    databases: dict[str, Any] = {}
    for index, url in enumerate(url for url in urls if url):
        database = dj_database_url.parse(
            url,
            conn_max_age=default.get("CONN_MAX_AGE", 0),
            conn_health_checks=True,
        )
        if database["ENGINE"] != POSTGRES or default["ENGINE"] != POSTGRES:
            raise ImproperlyConfigured(
                "DATABASE_REPLICA_URL needs PostgreSQL, for the primary (DATABASE_URL) too."
            )
        options = database.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", 2)
        options["options"] = f"{options.get('options', '')} {READ_ONLY}".strip()
        databases[replica_alias(index)] = database
    return databases


def replica_aliases(databases: Mapping[str, Any]) -> list[str]:
    return [alias for alias in databases if alias == REPLICA or alias.startswith(f"{REPLICA}_")]


def _positive_int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        value = -1
    if value < 0:
        raise ImproperlyConfigured(f"{name} is a whole number of 0 or more, not {raw!r}.")
    return value


def pool(databases: Mapping[str, Any], environ: Mapping[str, str]) -> None:
    """With ``DATABASE_POOL_MAX_SIZE``, a psycopg pool for each PostgreSQL alias."""
    max_size = _positive_int(environ, "DATABASE_POOL_MAX_SIZE", 0)
    if not max_size:
        return
    min_size = _positive_int(environ, "DATABASE_POOL_MIN_SIZE", 1)
    timeout = float(environ.get("DATABASE_POOL_TIMEOUT", "5"))
    if min_size > max_size:
        raise ImproperlyConfigured("DATABASE_POOL_MIN_SIZE is larger than DATABASE_POOL_MAX_SIZE.")
    replica_set = set(replica_aliases(databases))
    for alias, database in databases.items():
        if database["ENGINE"] != POSTGRES:
            continue
        # The pool keeps connections open between requests; Django refuses both.
        database["CONN_MAX_AGE"] = 0
        options = database.setdefault("OPTIONS", {})
        # How long a request waits for a connection before it fails (a 503). A pool
        # whose server is down keeps trying in the background and makes the request
        # wait all that time, so a replica's wait is its connect_timeout: then the
        # request reads from the primary.
        wait = timeout
        if alias in replica_set:
            wait = min(timeout, float(options.get("connect_timeout", timeout)))
        options["pool"] = {"min_size": min_size, "max_size": max_size, "timeout": wait}


def prepared_statements(databases: Mapping[str, Any], environ: Mapping[str, str]) -> None:
    """
    PostgreSQL keeps the API's prepared queries (``cms.core.prepared``) planned, unless
    ``DATABASE_PREPARED_STATEMENTS=off``: a pooler in transaction mode that does not
    track prepared statements (PgBouncer before 1.21, or without
    ``max_prepared_statements``) would hand a statement to a server that never saw it.
    Django's own queries bind values on the client and are never prepared either way.
    """
    setting = environ.get("DATABASE_PREPARED_STATEMENTS", "on").strip().lower()
    if setting not in {"on", "off"}:
        raise ImproperlyConfigured(
            f"DATABASE_PREPARED_STATEMENTS is 'on' or 'off', not {setting!r}."
        )
    if setting == "off":
        return
    for database in databases.values():
        if database["ENGINE"] == POSTGRES:
            # psycopg prepares a query the first time a server-binding cursor runs it.
            database.setdefault("OPTIONS", {}).setdefault("prepare_threshold", 0)
