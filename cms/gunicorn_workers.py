"""
gunicorn workers whose own refusal of an over-long request line is a problem document.

gunicorn answers a request line over ``limit_request_line`` (8,190 bytes here, its
ceiling) with a 414 of its own, an HTML page, before Django sees the request. The API's
contract says every error is ``application/problem+json``; these workers keep that
true for this one answer that no middleware can reach. Every other error is gunicorn's
as before. ``gunicorn.conf.py`` chooses them.
"""

from __future__ import annotations

import json
import socket
from http import HTTPStatus
from typing import Any

from gunicorn import util
from gunicorn.http.errors import LimitRequestLine
from gunicorn.workers.base import Worker
from gunicorn.workers.gthread import ThreadWorker as GunicornThreadWorker
from gunicorn.workers.sync import SyncWorker as GunicornSyncWorker


def uri_too_long(exc: LimitRequestLine) -> bytes:
    """The 414 problem answer, as bytes on the wire."""
    status = HTTPStatus.REQUEST_URI_TOO_LONG
    body = json.dumps(
        {
            "type": "about:blank",
            "title": status.phrase,
            "status": int(status),
            "detail": f"The request line (method, path and query) may be at most "
            f"{exc.max_size} bytes; this one has {exc.size}.",
        }
    ).encode()
    head = (
        f"HTTP/1.1 {int(status)} {status.phrase}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/problem+json\r\n"
        "Cache-Control: private, no-store\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class ProblemErrorsMixin(Worker):
    def handle_error(self, req: Any, client: socket.socket, addr: Any, exc: BaseException) -> None:
        if not isinstance(exc, LimitRequestLine):
            return super().handle_error(req, client, addr, exc)
        self.log.debug("Refused a request line of %s bytes", exc.size)
        try:
            util.write_nonblock(client, uri_too_long(exc))
        except OSError:  # the client may be gone: nothing to answer
            self.log.debug("Failed to send the 414 answer")
        return None


class SyncWorker(ProblemErrorsMixin, GunicornSyncWorker):
    """gunicorn's sync worker (the default, one request at a time)."""


class ThreadWorker(ProblemErrorsMixin, GunicornThreadWorker):
    """gunicorn's gthread worker (``GUNICORN_THREADS`` over 1)."""
