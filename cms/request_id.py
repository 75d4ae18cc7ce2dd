"""
A request id for every answer and every log line written while it is built.

The id comes from the proxy or CDN in front (``X-Request-ID``, when it is a plain token
of at most 128 characters) so that one request can be followed from the edge to the
application's logs; otherwise one is made. Every answer carries it back in
``X-Request-ID``, cached answers from the WSGI fast path included (``cms.api.fastpath``),
and ``RequestIdFilter`` puts it on each log record as ``request_id`` (``-`` outside a
request), which the JSON log format (``LOG_FORMAT=json``) writes as a field.

The id goes on with the work a request starts: a background task carries the id of the
request that queued it, and the worker's log lines while it runs name it
(``cms.tasks``); webhook deliveries and CDN purges are sent with it in ``X-Request-ID``;
each pass of the scheduler has an id of its own (``scheduler-…``) for the publishes it
makes.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

current: ContextVar[str] = ContextVar("request_id", default="-")


def from_meta(meta: dict) -> str:
    """The request's id: the one the proxy sent if it is well formed, else a new one."""
    sent = meta.get(META_KEY, "")
    return sent if VALID.match(sent) else uuid.uuid4().hex


@contextmanager
def bound(request_id: str) -> Iterator[str]:
    """Log lines and queued work in this block name ``request_id``."""
    token = current.set(request_id)
    try:
        yield request_id
    finally:
        current.reset(token)


def carried(function: Callable[[], object]) -> Callable[[], None]:
    """
    ``function``, to be called later (an on-commit callback) under the request id current
    now, whichever is current then: a transaction may commit outside the task or request
    that wrote to it (inside a test's, for one).
    """
    request_id = current.get()

    def call() -> None:
        with bound(request_id):
            function()

    return call


def headers() -> dict[str, str]:
    """``X-Request-ID`` for an outgoing request made on behalf of the current one."""
    request_id = current.get()
    return {HEADER: request_id} if request_id != "-" else {}


class RequestIdMiddleware:
    """Outermost: the id is known to every other middleware and to the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = from_meta(request.META)
        token = current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True
