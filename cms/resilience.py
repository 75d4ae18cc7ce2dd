"""
When the database is unreachable: a 503 that says so, with ``Retry-After``, instead
of a 500.

A lost connection, a refused one, a server restarting or a lock timeout are
``OperationalError`` or ``InterfaceError``; nothing the visitor did caused them and
retrying shortly may succeed, which is what 503 with ``Retry-After`` tells a client,
a CDN (which may keep serving its stale copy) and a load balancer. API paths get the
API's problem+json; everything else plain text. Three places catch them, since an
error can surface in each: the API's exception handlers (django-ninja turns view
errors into responses before middleware sees them), ``DatabaseOutageMiddleware``
for other views, and ``server_error`` (``handler500``) for errors raised in
middleware. Cached API answers keep being served meanwhile: they need no database.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.views import defaults
from ninja import NinjaAPI

logger = logging.getLogger("cms.resilience")

DATABASE_ERRORS = (OperationalError, InterfaceError)
LOG_INTERVAL = 60.0

_logged_at: float | None = None
_log_lock = threading.Lock()


def retry_after() -> int:
    """Seconds a client is asked to wait (``OUTAGE_RETRY_AFTER``, 30)."""
    return int(getattr(settings, "OUTAGE_RETRY_AFTER", 30))


def log_outage(request: HttpRequest, error: BaseException) -> None:
    """Log the outage once per LOG_INTERVAL per process, not once per request."""
    global _logged_at
    now = time.monotonic()
    with _log_lock:
        if _logged_at is not None and now - _logged_at < LOG_INTERVAL:
            return
        _logged_at = now
    logger.error(
        "Database unavailable (%s: %s) at %s %s; answering 503 (logged once a minute).",
        type(error).__name__,
        error,
        request.method,
        request.path,
    )


def outage_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    log_outage(request, error)
    if request.path.startswith("/api/"):
        from cms.api.errors import problem_response

        response = problem_response(
            503, "The content database is unavailable; please retry shortly."
        )
    else:
        response = HttpResponse(
            "Service unavailable: the database cannot be reached. Please retry shortly.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Cache-Control"] = "private, no-store"
    response["Retry-After"] = str(retry_after())
    return response


class DatabaseOutageMiddleware:
    """Turn a database outage in a view into a 503 (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            return outage_response(request, exception)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database outage anywhere is a 503; anything else Django's 500."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return outage_response(request, error)
    return defaults.server_error(request)


def register(api: NinjaAPI) -> None:
    """Add the outage answer to the API's exception handlers (a ``NinjaAPI``)."""

    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        return outage_response(request, exc)

    for error in DATABASE_ERRORS:
        # ninja types a handler's argument as an exception or its class; it is given the
        # exception.
        api.add_exception_handler(error, handle)  # type: ignore[arg-type]
