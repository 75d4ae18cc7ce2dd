"""
The demo content, built once per test run and shared by every module that reads it.

``load_demo_content`` costs about 20 s of CPU on this machine (wagtail-localize
translating 74 objects, publishing 92 revisions, indexing), and eight modules read the
demo: loading it for each was most of the suite's time. So the first module that asks
for it builds it once, with a real commit (the on-commit work, the report PDF's text and
search entries, runs as it would after a deployment's load), into a copy of the freshly
migrated test database, and keeps that copy aside. A module that reads the demo is then
switched to the copy as the load left it and works in a transaction rolled back at its
end; every other test keeps the empty database, which never sees the demo.

How the copy is kept depends on the database:

- SQLite (the test database is in memory): SQLite's online backup API copies the whole
  database into another in-memory one and back, in milliseconds, as Django itself clones
  in-memory test databases. Before the demo module the demo copy is put in place, after
  it the empty copy taken just before the build.
- PostgreSQL: the demo is in a database of its own, created from a built demo database
  as its template (``CREATE DATABASE … TEMPLATE``, a file copy); a demo module's
  connection points there, and its rollback leaves it as built for the next module.

Under pytest-xdist the build is shared by the run's workers too (``SharedBuild``): the
first worker to need the demo builds it while holding a lock, and leaves it in a folder
of the run (an SQLite file, or the name of a PostgreSQL template database, and the media
files the load wrote); a worker that needs it later copies that, in about a second,
instead of loading the demo again (one that needs it during the build waits for it,
which takes no longer than building its own). The workers' migrated databases are
alike, so the copy fits each of them. The xdist controller removes the folder and the
template at the end of the run (tests/conftest.py).
"""

from __future__ import annotations

import fcntl
import io
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection


def shared_folder(run_id: str | None = None) -> Path | None:
    """The folder a run's workers share the demo through, or None outside pytest-xdist."""
    run_id = run_id or os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not run_id:
        return None
    return Path(tempfile.gettempdir()) / f"mha-test-demo-{run_id}"


class SharedBuild:
    """
    One demo build for all of a run's workers: ``claim()`` holds the run's lock and says
    whether a worker has already built it; the builder records what it built with
    ``finish()``, under the same lock.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(exist_ok=True)
        self.database = folder / "demo.sqlite3"
        self.media = folder / "media"
        self.output_file = folder / "output.txt"
        self.template_file = folder / "template"
        self.ready_file = folder / "ready"

    @contextmanager
    def claim(self) -> Iterator[bool]:
        with open(self.folder / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield self.ready_file.exists()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def finish(self, output: str, media_before: dict[Path, float]) -> None:
        """Keep the load's output and the media files it wrote, then mark the build done."""
        self.output_file.write_text(output)
        root = Path(settings.MEDIA_ROOT)
        for path, mtime in media_files(root).items():
            if media_before.get(path) != mtime:
                target = self.media / path
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(root / path, target)
        self.ready_file.touch()

    def take(self) -> str:
        """Put the build's media files in this worker's media root; the load's output."""
        if self.media.exists():
            shutil.copytree(self.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
        return self.output_file.read_text()


def media_files(root: Path) -> dict[Path, float]:
    return {
        path.relative_to(root): path.stat().st_mtime for path in root.rglob("*") if path.is_file()
    }


class DemoDatabase:
    """The demo content in a database kept aside, and a way to work in it for a while."""

    def __init__(self):
        if connection.in_atomic_block:
            raise RuntimeError(
                "the demo database is built outside any transaction (ask for it from a "
                "module- or session-scoped fixture, as tests/conftest.py's demo does)"
            )
        self.output = ""
        folder = shared_folder()
        self.shared = SharedBuild(folder) if folder else None

    def load(self) -> None:
        """Run ``load_demo_content`` as a deployment does (with its users) and commit."""
        out = io.StringIO()
        call_command("load_demo_content", stdout=out)
        self.output = out.getvalue()

    def prepare(self) -> None:
        """Build the demo, or take the one another worker of this run has built."""
        if self.shared is None:
            self.build()
            return
        with self.shared.claim() as built:
            if built:
                self.output = self.shared.take()
                self.copy_shared()
            else:
                media_before = media_files(Path(settings.MEDIA_ROOT))
                self.build()
                self.share()
                self.shared.finish(self.output, media_before)

    def build(self) -> None:  # pragma: no cover - per backend
        raise NotImplementedError

    def share(self) -> None:  # pragma: no cover - per backend
        """Leave the build where the run's other workers find it."""
        raise NotImplementedError

    def copy_shared(self) -> None:  # pragma: no cover - per backend
        """Make this worker's demo database from the run's shared build."""
        raise NotImplementedError

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
        self.prepare()
        self.demo = self._copy()
        self._put_back(self.empty)

    def build(self) -> None:
        self.load()

    def share(self) -> None:
        assert self.shared is not None
        target = sqlite3.connect(self.shared.database)
        try:
            connection.connection.backup(target)
        finally:
            target.close()

    def copy_shared(self) -> None:
        assert self.shared is not None
        source = sqlite3.connect(self.shared.database)
        try:
            self._put_back(source)
        finally:
            source.close()

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
        self.prepare()

    def build(self) -> None:
        self._create(self.demo_name, template=self.empty_name)
        with self.loaded():
            self.load()

    def share(self) -> None:
        # The other workers copy a template no test ever connects to, so that no session
        # of this worker's is on it while they do.
        assert self.shared is not None
        name = shared_template_name(self.shared.folder)
        self._create(name, template=self.demo_name)
        self.shared.template_file.write_text(name)

    def copy_shared(self) -> None:
        assert self.shared is not None
        self._create(self.demo_name, template=self.shared.template_file.read_text())

    def _create(self, name: str, template: str) -> None:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

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


def shared_template_name(folder: Path) -> str:
    return f"test_mha_demo_{folder.name.rsplit('-', 1)[-1][:16]}"


def remove_shared(run_id: str) -> None:
    """After a run: its shared build's folder and template database (the controller's job)."""
    folder = shared_folder(run_id)
    if folder is None or not folder.exists():
        return
    template = folder / "template"
    if template.exists():
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{template.read_text()}"')
    shutil.rmtree(folder, ignore_errors=True)


def build() -> DemoDatabase:
    if connection.vendor == "sqlite":
        return SQLiteDemoDatabase()
    if connection.vendor == "postgresql":
        return PostgreSQLDemoDatabase()
    raise NotImplementedError(f"no demo database for {connection.vendor}")
