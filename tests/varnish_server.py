"""
A stand-in CDN for tests: Varnish (Debian's ``varnish``, with ``varnish-modules``' xkey)
running ``deploy/varnish/api.vcl`` on loopback, in front of an origin that serves this
test's CMS (the WSGI fast path in front of Django, as gunicorn runs it) from a thread.

Ports come from 9450-9499, four per xdist worker. The origin uses the test's database
connection, so it sees what the test wrote inside its transaction; it answers one
request at a time, and only while the test waits on Varnish, so the connection is never
used by two threads at once.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connections

from cms.api.fastpath import CachedReads
from tests import ports

VCL_DIR = Path(__file__).resolve().parent.parent / "deploy" / "varnish"


def free_ports(count: int) -> list[int]:
    """Of this xdist worker's four ports in 9450-9497."""
    return ports.free_ports(9450, 9497, count, block=4)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class Origin:
    """The CMS on 127.0.0.1:``port``, answering from a thread on the test's connection."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.connection = connections["default"]
        self.server: WSGIServer = make_server(
            "127.0.0.1", port, CachedReads(WSGIHandler()), handler_class=_QuietHandler
        )
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        connections["default"] = self.connection
        self.server.serve_forever(poll_interval=0.01)

    def start(self) -> Origin:
        # Like Django's test client: a request must not close the test's transaction.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        self.connection.inc_thread_sharing()
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)
        self.connection.dec_thread_sharing()
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


class Varnish:
    """``varnishd`` in the foreground; ``stop()`` and ``start()`` again drill an outage."""

    def __init__(self, directory: Path, port: int, origin_port: int) -> None:
        self.directory = directory
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        (directory / "backend.vcl").write_text(
            f'backend default {{ .host = "127.0.0.1"; .port = "{origin_port}"; }}\n'
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = (self.directory / "varnishd.log").open("ab")
        self.process = subprocess.Popen(
            [
                shutil.which("varnishd") or "varnishd",
                "-F",  # in the foreground: this process is the one to stop
                "-j",
                "none",
                "-a",
                f"127.0.0.1:{self.port}",
                "-T",
                "none",
                "-n",
                str(self.directory / "work"),
                "-s",
                "malloc,32m",
                "-p",
                f"vcl_path={self.directory}:{VCL_DIR}",
                "-f",
                "api.vcl",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 30
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "varnishd did not start: " + (self.directory / "varnishd.log").read_text()
                )
            time.sleep(0.05)

    def answers(self) -> bool:
        try:
            request = urllib.request.Request(self.url + "/", method="PURGE")  # noqa: S310
            with urllib.request.urlopen(request, timeout=1):  # noqa: S310 (loopback)
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def get(url: str, **headers: str) -> Answer:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return Answer(response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers.items()), error.read())


@pytest.fixture
def cdn(tmp_path, db):
    """Varnish in front of this test's CMS: ``(varnish, origin)``."""
    if shutil.which("varnishd") is None:
        pytest.skip("varnishd is not installed (apt-get install varnish varnish-modules)")
    varnish_port, origin_port = free_ports(2)
    origin = Origin(origin_port).start()
    varnish = Varnish(tmp_path, varnish_port, origin_port)
    try:
        varnish.start()
        yield varnish, origin
    finally:
        varnish.stop()
        origin.stop()
