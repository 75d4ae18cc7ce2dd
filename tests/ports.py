"""
Loopback ports for the servers the tests start: each kind in a range of its own, and,
where a range is shared out, each pytest-xdist worker in its own block of it.
"""

from __future__ import annotations

import os
import socket


def worker() -> int:
    """This pytest-xdist worker's number (0 without xdist)."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


def is_free(port: int) -> bool:
    """Whether a server may bind ``port`` on 127.0.0.1, as servers bind (SO_REUSEADDR):
    a port whose last connections are in TIME_WAIT is free to it."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(first: int, last: int, count: int, block: int | None = None) -> list[int]:
    """
    ``count`` free ports from ``first`` to ``last``; with ``block``, only from this
    worker's block of that many ports, so two workers never pick the same one.
    """
    if block is not None:
        first += block * (worker() % ((last - first + 1) // block))
        last = first + block - 1
    found = [port for port in range(first, last + 1) if is_free(port)][:count]
    if len(found) < count:
        raise RuntimeError(f"no {count} free ports in {first}-{last}")
    return found
