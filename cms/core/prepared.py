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

    def run(self, values: Sequence[Any]) -> list[Any]:
        params = list(self.params)
        for (position, as_hex), value in zip(self.slots, values, strict=True):
            params[position] = value.hex if as_hex else value
        compiler = copy.copy(self.compiler)
        compiler.connection = connections[self.template.db]
        sql = self.sql

        def as_sql(*args: Any, **kwargs: Any) -> tuple[str, tuple[Any, ...]]:
            return sql, tuple(params)

        compiler.as_sql = as_sql  # the SQL compiled once
        queryset = self.template.all()  # a clone
        # Django's iterable asks the query for its compiler: this one is compiled already.
        queryset.query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
        return list(queryset)


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
