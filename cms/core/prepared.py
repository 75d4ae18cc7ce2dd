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
import datetime
import decimal
import json
import logging
import threading
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet

__all__ = ["PreparedBundle", "PreparedQuery"]

logger = logging.getLogger(__name__)

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

    def bind(self, values: Sequence[Any]) -> list[Any]:
        """The SQL's parameters with ``values`` in the placeholders' places."""
        params = list(self.params)
        for (position, as_hex), value in zip(self.slots, values, strict=True):
            params[position] = value.hex if as_hex else value
        return params

    def run(self, values: Sequence[Any]) -> list[Any]:
        params = self.bind(values)
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

    def instances(self, rows: list[tuple[Any, ...]]) -> list[Any]:
        """What ``run`` returns for a query that fetched ``rows`` (fetched elsewhere)."""
        converters = self.converters
        compiler = copy.copy(self.compiler)
        compiler.execute_sql = lambda *args, **kwargs: [rows]
        compiler.get_converters = lambda expressions: converters
        self.current = compiler
        found: list[Any] = list(self.iterable(self.queryset))
        return found


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
        self.check(values)
        result: list[Any] = self.statement().run(values)
        return result

    def check(self, values: Sequence[Any]) -> None:
        if len(values) != len(self.kinds):
            raise TypeError(f"expected {len(self.kinds)} values, got {len(values)}")
        for value, kind in zip(values, self.kinds, strict=True):
            if not isinstance(value, kind) or isinstance(value, bool):
                raise TypeError(f"expected {kind.__name__}, got {value!r}")

    def statement(self) -> _Statement:
        """This thread's compiled statement for the database the queryset reads."""
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
        found: _Statement = statement
        return found


class PreparedBundle:
    """
    Prepared queries of the same values, run as one statement on PostgreSQL: one round
    trip instead of one each. ``PreparedBundle([build_a, build_b], int)(5)`` returns
    ``[list(build_a(5)), list(build_b(5))]``, each list made of model instances exactly as
    its ``PreparedQuery`` makes them (the rows go through the same Django iterable).

    The statement selects one row, one column a query: the query's rows as a JSON array
    (``json_agg``, in the query's own order), each row an array of its columns; the
    columns whose JSON form is not their value's (UUIDs, dates, decimals, JSON documents,
    floats) are read back into what psycopg would have given. Where the database cannot
    (anything but PostgreSQL), or a column is of a type it cannot carry (it logs which),
    it returns None, and the caller runs the queries itself, as it needs them.
    """

    def __init__(self, builds: Sequence[Callable[..., QuerySet[Any]]], *kinds: type):
        self.queries = [PreparedQuery(build, *kinds) for build in builds]
        self._local = threading.local()

    def __call__(self, *values: Any) -> list[list[Any]] | None:
        self.queries[0].check(values)
        db = self.queries[0].statement().db
        if connections[db].vendor != "postgresql":
            return None
        statements = [query.statement() for query in self.queries]
        if any(statement.db != db for statement in statements):
            return None
        local = self._local
        if not hasattr(local, "bundles"):
            local.bundles = {}
        if db not in local.bundles:
            try:
                local.bundles[db] = _Bundle(statements)
            except ImproperlyConfigured as error:
                # A column it cannot carry (a new field type): each query runs alone.
                logger.warning("Queries not bundled (%s): each runs alone", error)
                local.bundles[db] = None
        bundle: _Bundle | None = local.bundles[db]
        return bundle.run(values) if bundle is not None else None


#: Postgres arrays are built with at most this many arguments (FUNC_MAX_ARGS is 100).
_ARGUMENTS = 90


class _Bundle:
    def __init__(self, statements: list[_Statement]):
        self.statements = statements
        self.readers: list[list[Callable[[Any], Any] | None]] = []
        parts = []
        for statement in statements:
            compiler = statement.compiler
            if compiler.has_extra_select:
                raise ImproperlyConfigured("a bundled query selects only what it returns")
            select = compiler.select
            names = [f"c{n}" for n in range(len(select))]
            columns, readers = [], []
            for (expression, *_compiled), name in zip(select, names, strict=True):
                cast, reader = _json_column(expression)
                columns.append(f"s.{name}{cast}")
                readers.append(reader)
            arrays = ", ".join(
                f"json_build_array({', '.join(columns[n : n + _ARGUMENTS])})"
                for n in range(0, len(columns), _ARGUMENTS)
            )
            order = _order_by(compiler, select)
            # Fixed fragments and Django's compiled SQL; the values stay parameters.
            parts.append(
                f"(SELECT json_agg(json_build_array({arrays}){order}) "  # noqa: S608
                f"FROM ({statement.sql}) AS s({', '.join(names)}))::text"
            )
            self.readers.append(readers)
        self.sql = "SELECT " + ", ".join(parts)

    def run(self, values: Sequence[Any]) -> list[list[Any]]:
        params = [param for statement in self.statements for param in statement.bind(values)]
        connection = connections[self.statements[0].db]
        with _PreparingConnection(connection).cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        found = []
        for statement, readers, text in zip(self.statements, self.readers, row, strict=True):
            rows = []
            for chunks in json.loads(text) if text else ():
                values_ = [value for chunk in chunks for value in chunk]
                rows.append(
                    tuple(
                        read(value) if read is not None and value is not None else value
                        for read, value in zip(readers, values_, strict=True)
                    )
                )
            found.append(statement.instances(rows))
        return found


#: Model fields whose JSON form is their value as psycopg gives it.
_AS_JSON = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "BooleanField",
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
    "FileField",
    "FilePathField",
}
#: The others: read from their text (``::text``), as psycopg reads them.
_FROM_TEXT: dict[str, Callable[[str], Any]] = {
    "UUIDField": uuid.UUID,
    "DateField": datetime.date.fromisoformat,
    "DateTimeField": datetime.datetime.fromisoformat,
    "TimeField": datetime.time.fromisoformat,
    "DecimalField": decimal.Decimal,
    "FloatField": float,
}


def _json_column(expression: Any) -> tuple[str, Callable[[Any], Any] | None]:
    """How a column is written into the JSON (a cast) and read back (None: as it is)."""
    field = expression.output_field
    while field.is_relation:
        field = field.target_field
    kind = field.get_internal_type()
    if kind in _AS_JSON:
        return "", None
    if kind == "JSONField":
        return "::text", None  # the document's text, as Django reads it
    if kind == "DateTimeField":
        # The session's time zone is UTC (Django's connection): ISO 8601 with +00:00.
        return "", _FROM_TEXT[kind]
    if kind in _FROM_TEXT:
        return ("" if kind in {"DateField", "TimeField"} else "::text"), _FROM_TEXT[kind]
    raise ImproperlyConfigured(f"a bundled query cannot select a {kind}")


def _order_by(compiler: Any, select: list[Any]) -> str:
    """The query's ORDER BY in terms of its columns (``s.cN``), for ``json_agg``."""
    terms = []
    for expression, (_sql, params, _is_ref) in compiler.get_order_by():
        positions = [n for n, entry in enumerate(select) if entry[0] == expression.expression]
        if params or not positions:
            raise ImproperlyConfigured("a bundled query orders by the columns it selects")
        term = f"s.c{positions[0]} {'DESC' if expression.descending else 'ASC'}"
        if expression.nulls_first:
            term += " NULLS FIRST"
        elif expression.nulls_last:
            term += " NULLS LAST"
        terms.append(term)
    return f" ORDER BY {', '.join(terms)}" if terms else ""
