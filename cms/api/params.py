"""Validation of query parameters shared by several endpoints."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Literal

from django.conf import settings
from django.http import HttpRequest

from .errors import ProblemError

MAX_QUERY_LENGTH = 256
MAX_QUERY_TERMS = 32
MAX_OFFSET = 100_000
MAX_LIMIT = 100
#: A parameter may repeat (a search facet's values) this many times at most, which with
#: the lengths above keeps every request the contract allows within the request line
#: the server reads (``limit_request_line`` in gunicorn.conf.py).
MAX_VALUES = 20
#: A public path (``route/``, ``pages/find/``): longer than any page's, short enough
#: that any 512 characters, percent-encoded, fit the request line.
MAX_PATH_LENGTH = 512


def language_codes() -> tuple[str, ...]:
    return tuple(code for code, _ in settings.LANGUAGES)


if TYPE_CHECKING:
    LocaleCode = str  # to a type checker; the API's schema lists the codes
else:
    #: A ``locale`` parameter: one of the site's language codes (from the settings).
    LocaleCode = Literal[language_codes()]


def reject_unknown(request: HttpRequest, allowed: set[str]) -> None:
    """A misspelt parameter is an error, not something to ignore silently."""
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise ProblemError(
            400,
            f"Unknown query parameter(s): {', '.join(unknown)}.",
            [
                {"loc": ["query", name], "msg": "Unknown parameter", "allowed": sorted(allowed)}
                for name in unknown
            ],
        )


def clean_search_query(value: str) -> str:
    value = " ".join(value.split())
    if len(value) > MAX_QUERY_LENGTH:
        raise ProblemError(400, f"The search may be at most {MAX_QUERY_LENGTH} characters long.")
    if len(value.split()) > MAX_QUERY_TERMS:
        raise ProblemError(400, f"The search may have at most {MAX_QUERY_TERMS} words.")
    return value


def date_range(
    start: str | None, end: str | None
) -> tuple[datetime.date | None, datetime.date | None]:
    """
    ``from``/``to`` parameters as days: each a day (``2019-06-01``) or a period (``2019``,
    ``2019-Q2``, ``2019-06``), ``from`` its first day and ``to`` its last; else a 400.
    """
    from indicators.periods import PeriodError, parse_bound

    errors = []
    bounds: list[datetime.date | None] = []
    for name, text, is_end in (("from", start, False), ("to", end, True)):
        if not text:
            bounds.append(None)
            continue
        try:
            bounds.append(parse_bound(text, end=is_end))
        except PeriodError as error:
            errors.append({"loc": ["query", name], "msg": str(error)})
            bounds.append(None)
    if errors:
        raise ProblemError(400, "; ".join(f"{e['loc'][1]}: {e['msg']}" for e in errors), errors)
    # ``from`` after ``to`` is an empty range: an answer with nothing in it.
    return bounds[0], bounds[1]
