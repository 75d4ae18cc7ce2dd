"""Errors as RFC 9457 ``application/problem+json``, the same shape Wagtail's v3 uses."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled

from .cache import Built, encode, never_cache

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger("cms.api")


class ProblemError(HttpError):
    """Raise to answer with a problem document; ``errors`` lists what was wrong."""

    def __init__(self, status: int, detail: str, errors: list[dict[str, Any]] | None = None):
        super().__init__(status, detail)
        self.errors = errors


def problem(
    status: int, detail: str = "", errors: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        data["errors"] = errors
    return data


def problem_built(status: int, detail: str = "") -> Built:
    return Built(status, problem(status, detail), PROBLEM_JSON)


def problem_response(
    status: int, detail: str = "", errors: list[dict[str, Any]] | None = None
) -> HttpResponse:
    response = HttpResponse(
        encode(problem(status, detail, errors)), status=status, content_type=PROBLEM_JSON
    )
    return never_cache(response)


def register(api: NinjaAPI) -> None:
    """Add the project's handlers to the API (after Wagtail's, which they refine)."""

    @api.exception_handler(ProblemError)
    def handle_problem(request: HttpRequest, exc: ProblemError) -> HttpResponse:
        return problem_response(exc.status_code, str(exc), exc.errors)

    @api.exception_handler(Throttled)
    def handle_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        response = problem_response(429, "Too many requests; please wait a minute and retry.")
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait) + 1)
        return response

    @api.exception_handler(Exception)
    def handle_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A bug, not bad input: log it in full, answer with JSON rather than an HTML page.
        logger.exception("Unhandled error in %s %s", request.method, request.path)
        return problem_response(500, "An unexpected error occurred; it has been logged.")
