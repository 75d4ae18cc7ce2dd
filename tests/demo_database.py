"""
The demo content, built once per test run and shared by every module that reads it.

``load_demo_content`` costs about 40 s of CPU (wagtail-localize translating 74 objects,
publishing 92 revisions, indexing), and eight modules read the demo: loading it for each
was most of the suite's time. So the first module that asks for it builds it once, with
a real commit (the on-commit work, the report PDF's text and search entries, runs as it
would after a deployment's load), into a copy of the freshly migrated test database, and
keeps that copy aside. A module that reads the demo is then switched to the copy as the
load left it and works in a transaction rolled back at its end; every other test keeps
the empty database, which never sees the demo.

How the copy is kept depends on the database:

- SQLite (the test database is in memory): SQLite's online backup API copies the whole
  database into another in-memory one and back, in milliseconds, as Django itself clones
  in-memory test databases. Before the demo module the demo copy is put in place, after
  it the empty copy taken just before the build.
- PostgreSQL: the demo is built in a database of its own, created from the migrated test
  database as its template (``CREATE DATABASE … TEMPLATE``, a file copy); a demo module's
  connection points there, and its rollback leaves it as built for the next module.

The copy is per pytest-xdist worker (each has its own test database), so a run builds the
demo at most once per worker, however many modules read it.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db import connection


class DemoDatabase:
    """The demo content in a database kept aside, and a way to work in it for a while."""

    def __init__(self):
        if connection.in_atomic_block:
            raise RuntimeError(
                "the demo database is built outside any transaction (ask for it from a "
                "module- or session-scoped fixture, as tests/conftest.py's demo does)"
            )
        self.output = ""

    def load(self) -> None:
        """Run ``load_demo_content`` as a deployment does (with its users) and commit."""
        out = io.StringIO()
        call_command("load_demo_content", stdout=out)
        self.output = out.getvalue()

    @contextmanager
    def loaded(self) -> Iterator[None]:  # pragma: no cover - per backend
        raise NotImplementedError
        yield

    def discard(self) -> None:  # pragma: no cover - per backend
        raise NotImplementedError


class SQLiteDemoDatabase(DemoDatabase):
    def __init__(self):
        super().__init__()
        self.empty = self._copy()
        self.load()
        self.demo = self._copy()
        self._put_back(self.empty)

    def _copy(self) -> sqlite3.Connection:
        copy = sqlite3.connect(":memory:")
        connection.ensure_connection()
        connection.connection.backup(copy)
        return copy

    def _put_back(self, copy: sqlite3.Connection) -> None:
        connection.ensure_connection()
        copy.backup(connection.connection)

    @contextmanager
    def loaded(self) -> Iterator[None]:
        self._put_back(self.demo)
        try:
            yield
        finally:
            self._put_back(self.empty)

    def discard(self) -> None:
        self.empty.close()
        self.demo.close()


class PostgreSQLDemoDatabase(DemoDatabase):
    def __init__(self):
        super().__init__()
        self.empty_name = connection.settings_dict["NAME"]
        self.demo_name = f"{self.empty_name}_demo"
        # A template may have no other session while it is copied: this worker's is the
        # only one on its test database, and it is closed here.
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.demo_name}"')
            cursor.execute(f'CREATE DATABASE "{self.demo_name}" TEMPLATE "{self.empty_name}"')
        with self.loaded():
            self.load()

    def _use(self, name: str) -> None:
        connection.close()
        # In place, as Django's own parallel runner points a worker at its clone: the
        # dict is shared by the connections other threads open.
        connection.settings_dict["NAME"] = name

    @contextmanager
    def loaded(self) -> Iterator[None]:
        self._use(self.demo_name)
        try:
            yield
        finally:
            self._use(self.empty_name)

    def discard(self) -> None:
        self._use(self.empty_name)
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.demo_name}"')


def build() -> DemoDatabase:
    if connection.vendor == "sqlite":
        return SQLiteDemoDatabase()
    if connection.vendor == "postgresql":
        return PostgreSQLDemoDatabase()
    raise NotImplementedError(f"no demo database for {connection.vendor}")
