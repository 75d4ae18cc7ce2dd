"""
A PostgreSQL primary and a streaming replica of a test's own, on loopback in ports
9500-9549 (never the shared server on 5432).

``initdb`` into a temporary folder (``wal_level=replica``, replication allowed from
127.0.0.1 without a password), ``pg_basebackup -R -X stream`` into a second folder, and
both started with ``pg_ctl``. PostgreSQL refuses to run as root, so as root the
commands run as the ``postgres`` user (``runuser``). ``binaries()`` finds the server's
programs under /usr/lib/postgresql/*/bin (Debian's layout) or on ``PATH``; a test skips
when they are missing or cannot be run, and says why.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests import ports

PROGRAMS = ("initdb", "pg_ctl", "pg_basebackup")
FIRST_PORT, LAST_PORT = 9500, 9549


class Unavailable(Exception):
    """The binaries are missing or cannot be run here (the reason is the message)."""


def binaries() -> Path:
    """The folder holding initdb, pg_ctl and pg_basebackup (the newest version)."""
    folders = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda f: int(f.split("/")[-2] or 0)
    )
    on_path = shutil.which("initdb")
    if on_path:
        folders.append(str(Path(on_path).parent))
    for folder in reversed(folders):
        if all((Path(folder) / program).exists() for program in PROGRAMS):
            return Path(folder)
    raise Unavailable(
        "PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup) are not installed "
        "(apt-get install postgresql)"
    )


def free_ports(count: int) -> list[int]:
    try:
        return ports.free_ports(FIRST_PORT, LAST_PORT, count)
    except RuntimeError as error:
        raise Unavailable(str(error)) from error


def _as_server_user() -> list[str]:
    """The prefix that runs a command as a user PostgreSQL accepts."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError as error:
        raise Unavailable("running as root and there is no postgres user to run initdb") from error
    runuser = shutil.which("runuser")
    if runuser is None:
        raise Unavailable("running as root and runuser is missing")
    return [runuser, "-u", "postgres", "--"]


@dataclass
class Server:
    name: str
    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def connect(self, dbname: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True
        )


class Pair:
    """A primary and its streaming replica; ``start()`` makes both, ``remove()`` ends them."""

    def __init__(self, root: Path | None = None, ports: tuple[int, int] | None = None) -> None:
        self.bin = binaries()
        self.prefix = _as_server_user()
        self.root = root or Path(tempfile.mkdtemp(prefix="mha-pg-"))
        primary_port, replica_port = ports or free_ports(2)
        self.primary = Server("primary", self.root / "primary", primary_port)
        self.replica = Server("replica", self.root / "replica", replica_port)
        self.log = self.root / "commands.log"

    def describe(self) -> dict[str, object]:
        """What another process needs to ``attach`` to this pair (as JSON)."""
        return {"root": str(self.root), "ports": [self.primary.port, self.replica.port]}

    @classmethod
    def attach(cls, description: dict[str, object]) -> Pair:
        ports = description["ports"]
        assert isinstance(ports, list)
        return cls(Path(str(description["root"])), (int(ports[0]), int(ports[1])))

    def run(self, program: str, *args: str, timeout: float = 30) -> None:
        command = [*self.prefix, str(self.bin / program), *args]
        with self.log.open("a") as log:
            log.write(f"$ {' '.join(command)}\n")
            log.flush()
            result = subprocess.run(
                command, stdout=log, stderr=subprocess.STDOUT, timeout=timeout, check=False
            )
        if result.returncode:
            raise RuntimeError(f"{program} failed:\n{self.log.read_text()[-3000:]}")

    def start(self) -> Pair:
        if self.prefix:
            shutil.chown(self.root, "postgres", "postgres")
        self.root.chmod(0o755)
        self.log.touch()
        self.log.chmod(0o666)
        try:
            self.run(
                "initdb", "-D", str(self.primary.folder), "-U", "postgres", "--auth=trust",
                "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
            )  # fmt: skip
        except (RuntimeError, OSError) as error:
            raise Unavailable(f"initdb cannot run here: {error}") from error
        self._configure_primary()
        self.start_server(self.primary)
        self.run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres",
            "-D", str(self.replica.folder), "-R", "-X", "stream", "-C", "-S", "replica1",
        )  # fmt: skip
        self.start_server(self.replica)
        return self

    def _configure_primary(self) -> None:
        folder = self.primary.folder
        with (folder / "postgresql.conf").open("a") as conf:
            conf.write(
                "\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\n"
                "wal_level = replica\nmax_wal_senders = 4\nmax_replication_slots = 4\n"
                "hot_standby = on\nfsync = off\n"
                "full_page_writes = off\nshared_buffers = 32MB\nmax_connections = 40\n"
            )
        with (folder / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")

    def start_server(self, server: Server) -> None:
        self.run(
            "pg_ctl", "-D", str(server.folder), "-o", f"-p {server.port}", "-w", "-t", "20",
            "-l", str(self.root / f"{server.name}.log"), "start",
        )  # fmt: skip

    def stop_server(self, server: Server, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(server.folder), "-m", mode, "-w", "stop")

    def is_running(self, server: Server) -> bool:
        return (server.folder / "postmaster.pid").exists()

    def wait_for_replay(self, timeout: float = 10) -> None:
        """Until the replica has replayed everything the primary has written."""
        self._wait_until("pg_last_wal_replay_lsn", timeout)

    def wait_for_receipt(self, timeout: float = 10) -> None:
        """Until the replica has received (not necessarily replayed) all the primary wrote."""
        self._wait_until("pg_last_wal_receive_lsn", timeout)

    def _wait_until(self, position: str, timeout: float) -> None:
        with self.primary.connect() as primary:
            target = primary.execute("SELECT pg_current_wal_insert_lsn()").fetchone()[0]  # type: ignore[index]
        deadline = time.monotonic() + timeout
        with self.replica.connect() as replica:
            while True:
                row = replica.execute(
                    f"SELECT {position}() >= %s::pg_lsn",
                    [target],
                ).fetchone()
                if row and row[0]:
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the replica's {position}() did not reach {target}")
                time.sleep(0.02)

    def remove(self) -> None:
        for server in (self.replica, self.primary):
            if self.is_running(server):
                with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                    self.stop_server(server, "immediate")
        shutil.rmtree(self.root, ignore_errors=True)
