"""
When media storage fails (unreachable, or refusing the site's credentials), the answer
says so instead of a 500, and nothing is half-saved: an upload that cannot be stored
raises before its row is written.

- An editor's upload in the admin: the form again with the reason as an error message
  (a page form), or Wagtail's own "upload failed" answer with it (the multiple uploader).
- The content API: 503 problem+json with ``Retry-After``. Reads never need the store:
  renditions are listed from the database and their URLs are made without a request.
- A document's file (``serve_document``): 503 with ``Retry-After``; a file missing from
  the store is a 404, as it is on a file system.

Logged (logger ``cms.storage``) once a minute per process, not once per request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.cache import patch_cache_control
from ninja import NinjaAPI
from wagtail.documents.views.serve import serve

from cms.resilience import retry_after

from . import StorageUnavailable

logger = logging.getLogger("cms.storage")
LOG_INTERVAL = 60.0
_logged_at: float | None = None
_log_lock = threading.Lock()


def log_outage(request: HttpRequest, error: BaseException) -> None:
    global _logged_at
    now = time.monotonic()
    with _log_lock:
        if _logged_at is not None and now - _logged_at < LOG_INTERVAL:
            return
        _logged_at = now
    logger.error("%s, at %s %s (logged once a minute).", error, request.method, request.path)


def upload_message(error: BaseException) -> str:
    return (
        f"The file was not saved. {error}. Please try again later or tell the site's administrator."
    )


def outage_response(request: HttpRequest, error: StorageUnavailable) -> HttpResponse:
    log_outage(request, error)
    response: HttpResponse
    if request.path.startswith("/api/"):
        from cms.api.errors import problem_response

        response = problem_response(503, "Media storage is unavailable; please retry shortly.")
    elif request.path.startswith("/admin/") and "files[]" in request.FILES:
        # Wagtail's multiple uploader shows error_message under the file it could not
        # take, as it does for a file its form refused; any other status it reports as
        # an unexplained "server error".
        return JsonResponse({"success": False, "error_message": upload_message(error)})
    elif request.method == "POST" and request.path.startswith("/admin/"):
        # An upload form: back to it, with the reason at the top.
        messages.error(request, upload_message(error))
        response = HttpResponseRedirect(request.get_full_path())
    else:
        response = HttpResponse(
            "Service unavailable: media storage cannot be reached. Please retry shortly.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    patch_cache_control(response, private=True, no_store=True)
    if response.status_code == 503:
        response["Retry-After"] = str(retry_after())
    return response


class StorageOutageMiddleware:
    """A storage failure raised in a view becomes ``outage_response``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, StorageUnavailable):
            return outage_response(request, exception)
        return None


def serve_document(request: HttpRequest, document_id: str, document_filename: str) -> HttpResponse:
    """
    Wagtail's document view (which checks a private collection's restriction first),
    with a lost file as a 404 and a redirect that is never cached: it may carry a
    signed URL (``MEDIA_S3_DOCUMENT_REDIRECT``) or lead a visitor to the log-in page.
    """
    try:
        response: HttpResponse = serve(request, document_id, document_filename)
    except FileNotFoundError as error:
        raise Http404("The document's file is missing from media storage.") from error
    if response.status_code in (301, 302, 303, 307, 308):
        patch_cache_control(response, private=True, no_store=True)
    return response


def register(api: NinjaAPI) -> None:
    """Add the outage answer to the API's exception handlers."""

    def handle(request: HttpRequest, exc: StorageUnavailable) -> HttpResponse:
        return outage_response(request, exc)

    # ninja types a handler's argument as an exception or its class; it is given the
    # exception.
    api.add_exception_handler(StorageUnavailable, handle)  # type: ignore[arg-type]
