"""
Querysets compiled once per process: the same SQL run again with new values.

Django turns a queryset into SQL anew each time it is evaluated, and for the small
queries of a page's detail (the page with its foreign keys, its inline lists, its
translations and ancestors) that compilation costs several times what the database
takes to answer: about 1 ms of Python against 0.15 ms for PostgreSQL to run it and send
the rows. A ``PreparedQuery`` builds its queryset once with placeholder values, compiles
it, notes where each placeholder landed among the SQL's parameters, and from then on runs
that SQL with the real values in their place. The rows become model instances exactly as
Django's own iteration makes them (select_related, prefetch_related and ``only`` behave
as usual), since the compiled statement is handed to Django's own iterable.

The values it takes are plain ones whose database form is the value itself (``int``,
``str``) or a UUID; a placeholder that Django changed on its way into the SQL (a
``__contains`` lookup wraps it in ``%``) is refused when the query is first prepared, so
a misuse fails at once rather than running another query. Each database alias (and
thread) gets its own compiled statement and connection.
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet

__all__ = ["PreparedQuery"]

# A placeholder's value: distinctive enough never to equal another parameter of the query.
_INT_BASE = -1_973_000_000
_UUID_BASE = uuid.UUID("6d686170-7265-4000-8000-000000000000").int


def _placeholder(kind: type, n: int) -> Any:
    if kind is int:
        return _INT_BASE - n
    if kind is str:
        return f"\x1fprepared-{n}\x1f"
    if kind is uuid.UUID:
        return uuid.UUID(int=_UUID_BASE + n)
    raise ImproperlyConfigured(f"a prepared query takes int, str or UUID values, not {kind}")


class _Statement:
    """One compiled query: the compiler Django left after compiling it, and its SQL."""

    def __init__(self, template: QuerySet[Any], placeholders: list[Any]):
        self.template = template
        compiler = template.query.get_compiler(using=template.db)
        self.sql, params = compiler.as_sql()
        self.compiler = compiler
        self.params = list(params)
        # For each value: its position among the parameters, and whether the database
        # takes it as a UUID's hex (SQLite) or as the value itself.
        self.slots: list[tuple[int, bool]] = []
        for placeholder in placeholders:
            found = [
                (i, isinstance(param, str) and isinstance(placeholder, uuid.UUID))
                for i, param in enumerate(self.params)
                if param == placeholder
                or (isinstance(placeholder, uuid.UUID) and param == placeholder.hex)
            ]
            if len(found) != 1:
                raise ImproperlyConfigured(
                    f"a prepared query's value {placeholder!r} should appear once, as it "
                    f"is, among the SQL's parameters; found {len(found)} in {self.params!r}"
                )
            self.slots.append(found[0])
        if template._prefetch_related_lookups:  # type: ignore[attr-defined]
            raise ImproperlyConfigured("a prepared query cannot prefetch_related")
        # How each column's value is converted from the database's: the same every time.
        selected = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = compiler.get_converters(selected)
        self.db = template.db
        # The queryset Django's iterable reads (its model, database, fetch mode): asked for
        # its compiler, it gives the one made for the call under way. Statements are kept
        # per thread, so one call runs at a time.
        self.queryset = template.all()
        self.queryset.query.get_compiler = lambda *args, **kwargs: self.current  # type: ignore[method-assign]
        self.iterable: Any = self.queryset._iterable_class
        self.current = compiler

    def run(self, values: Sequence[Any]) -> list[Any]:
        params = list(self.params)
        for (position, as_hex), value in zip(self.slots, values, strict=True):
            params[position] = value.hex if as_hex else value
        sql, converters = self.sql, self.converters
        compiler = copy.copy(self.compiler)
        connection = connections[self.db]
        compiler.connection = (
            _PreparingConnection(connection) if connection.vendor == "postgresql" else connection
        )
        compiler.as_sql = lambda *args, **kwargs: (sql, tuple(params))  # compiled once
        compiler.get_converters = lambda expressions: converters
        self.current = compiler
        rows: list[Any] = list(self.iterable(self.queryset))
        return rows


class _PreparingConnection:
    """
    A database connection whose cursors bind values on the server (psycopg's ``Cursor``,
    not the ``ClientCursor`` Django uses), so that PostgreSQL plans a statement once and
    keeps it: psycopg prepares a query it has run five times on a connection. The SQL is
    the same for every call of a prepared query, so each is planned once per connection
    instead of on every request. Everything else is the connection's own.
    """

    def __init__(self, connection: Any):
        self._connection = connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def cursor(self) -> Any:
        from django.db.backends.postgresql.base import TIMESTAMPTZ_OID, ServerBindingCursor
        from django.db.backends.postgresql.psycopg_any import register_tzloader
        from psycopg.pq import Format

        connection = self._connection
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        if connection.connection.prepare_threshold is None:  # DATABASE_PREPARED_STATEMENTS=off
            return connection.cursor()
        with connection.wrap_database_errors:
            cursor = ServerBindingCursor(connection.connection)  # type: ignore[call-arg]  # the stubs do not know psycopg 3's cursor
            # As Django's own cursors: timestamps in the connection's time zone.
            loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
            if connection.timezone != loader.timezone:
                register_tzloader(connection.timezone, cursor)
            return connection._prepare_cursor(cursor)


class PreparedQuery:
    """
    ``PreparedQuery(build, int, str)`` wraps a function of an int and a str that returns
    a queryset; calling it with values returns the list that ``list(build(*values))``
    would, from SQL compiled on the first call in each thread for each database.
    """

    def __init__(self, build: Callable[..., QuerySet[Any]], *kinds: type):
        self.build = build
        self.kinds = kinds
        self.placeholders = [_placeholder(kind, n) for n, kind in enumerate(kinds)]
        self._local = threading.local()

    def __call__(self, *values: Any) -> list[Any]:
        if len(values) != len(self.kinds):
            raise TypeError(f"expected {len(self.kinds)} values, got {len(values)}")
        for value, kind in zip(values, self.kinds, strict=True):
            if not isinstance(value, kind) or isinstance(value, bool):
                raise TypeError(f"expected {kind.__name__}, got {value!r}")
        local = self._local
        if not hasattr(local, "statements"):
            local.template = self.build(*self.placeholders)
            local.statements = {}
        # The database is chosen for each call, as the queryset would choose it (routers).
        db = local.template.db
        statement = local.statements.get(db)
        if statement is None:
            template = local.template.using(db)
            statement = local.statements[db] = _Statement(template, self.placeholders)
        result: list[Any] = statement.run(values)
        return result
