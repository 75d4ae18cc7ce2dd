"""
A Redis server of the test's own, on loopback in ports 9300-9399, that a test can
stop and start again to drill an outage (never the shared one on 6379).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.ports import free_ports


def free_port() -> int:
    # Ten ports per xdist worker, so two workers never pick the same one.
    return free_ports(9310, 9399, 1, block=10)[0]


class RedisServer:
    """``stop()`` keeps the data on disk, as a Redis with snapshots does; ``start()`` reloads it."""

    def __init__(self, directory: Path, port: int | None = None):
        self.directory = directory
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [shutil.which("redis-cli") or "redis-cli", "-p", str(self.port), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return result.stdout.strip()

    def start(self) -> None:
        subprocess.run(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--daemonize",
                "yes",
                "--pidfile",
                str(self.directory / "redis.pid"),
            ],
            check=True,
            timeout=10,
        )
        deadline = time.monotonic() + 10
        while self.cli("ping") != "PONG":
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def stop(self, save: bool = True) -> None:
        self.cli("shutdown", "save" if save else "nosave")
        deadline = time.monotonic() + 10
        while self.cli("ping") == "PONG":
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not stop")
            time.sleep(0.05)


@pytest.fixture
def redis_server(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop(save=False)


def resilient_caches(url: str, retry_after: float = 0.2) -> dict:
    return {
        "default": {
            "BACKEND": "cms.redis_cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "RETRY_AFTER": retry_after,
                "LOG_INTERVAL": 60,
            },
        }
    }
