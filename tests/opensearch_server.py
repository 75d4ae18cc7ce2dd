"""
An OpenSearch-compatible server of the test's own (osmem-server, from PyPI: in memory,
reporting OpenSearch 3.8) on loopback in ports 9700-9789, that a test can stop and
start again to drill an outage. In memory: a restarted server is empty, as a cluster
that lost its data would be.

``TEST_SITE_SEARCH_ENGINE=opensearch`` runs the site search's tests on it
(tests/conftest.py): one server per pytest-xdist worker for the session, the site
search pointed at it, and its index written again from the database's index before
each test (the database rolls each test back; the cluster cannot).
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import urllib.request
from typing import Any

import pytest

from tests.ports import free_ports

INDEX_PREFIX = "mha_test_site"


def binary() -> str | None:
    """The osmem-server program, or None when the package is not installed."""
    try:
        from osmem_server import OsmemError, resolve_binary
    except ImportError:
        return None
    try:
        return resolve_binary()
    except OsmemError:
        return None


def free_port() -> int:
    # Ten ports per xdist worker, so two workers never pick the same one.
    return free_ports(9700, 9789, 1, block=10)[0]


class OpenSearchServer:
    """``stop()`` ends the process (its data goes with it); ``start()`` starts it empty."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[str] | None = None

    def start(self, timeout: float = 20) -> None:
        program = binary()
        if program is None:
            raise RuntimeError("osmem-server is not installed")
        self.process = subprocess.Popen(
            [
                program,
                "--addr",
                f"127.0.0.1:{self.port}",
                "--parent-pid",
                str(os.getpid()),
                "--no-ja",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        ready = threading.Event()

        def read() -> None:
            assert self.process is not None and self.process.stdout is not None
            for line in self.process.stdout:
                try:
                    if "url" in json.loads(line):
                        ready.set()
                except ValueError:
                    continue

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(timeout):
            self.stop()
            raise RuntimeError("osmem-server did not start")
        deadline = time.monotonic() + timeout
        while not self.answers():
            if time.monotonic() > deadline:
                raise RuntimeError("osmem-server does not answer")
            time.sleep(0.05)

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url, timeout=1) as response:  # noqa: S310 (loopback)
                return response.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.stdin:
            self.process.stdin.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
        deadline = time.monotonic() + 10
        while self.answers():
            if time.monotonic() > deadline:
                raise RuntimeError("osmem-server did not stop")
            time.sleep(0.05)


def site_search(url: str, **overrides: Any) -> dict[str, Any]:
    """``settings.SITE_SEARCH`` for a test cluster at ``url``."""
    return {
        "ENGINE": "opensearch",
        "URLS": [url],
        "INDEX_PREFIX": INDEX_PREFIX,
        "TIMEOUT": 5.0,
        "USER": "",
        "PASSWORD": "",
        "FALLBACK": "",
        **overrides,
    }


@pytest.fixture
def opensearch_server():
    """A server of the test's own, started empty and stopped after it."""
    if binary() is None:
        pytest.skip("osmem-server is not installed (requirements-dev.txt)")
    server = OpenSearchServer()
    server.start()
    yield server
    server.stop()


#: The engine the site search's tests run on (``TEST_SITE_SEARCH_ENGINE``).
ENGINE = os.environ.get("TEST_SITE_SEARCH_ENGINE", "database")
#: For a test of how the database's engine works inside (its samples, its limits, its
#: score formula): OpenSearch counts, ranks and bounds its work its own way.
database_engine_only = pytest.mark.skipif(
    ENGINE == "opensearch",
    reason="the database engine's own workings (samples, limits, score formula); "
    "OpenSearch counts with aggregations and ranks by BM25",
)
