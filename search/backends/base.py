"""
What every backend shares: the query's filters, the answer's shape, the interface a
backend's matcher implements, and the visibility rules both apply in SQL.

A backend module (``sqlite``, ``postgres``) provides a ``Matcher`` (one query in one
language with one set of filters) and ``suggestion_candidates`` (titles by prefix).
Both rank by ``search.ranking``.
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction

from .. import text

FACETS = ("type", "theme", "industry", "initiative", "report_type", "year")
# A query whose smallest source of candidates (its rarest word's matches, an active
# filter's entries) holds more entries than this is counted from a sample: on either
# database each match costs reads (its entry, its page, its facets).
EXACT_LIMIT = 2_000
# About how many matching entries a sample holds.
SAMPLE_SIZE = 1_000
MAX_SUGGESTIONS = 10
DOCUMENT_TABLE = get_document_model()._meta.db_table


@dataclass
class Filters:
    values: dict[str, list[str]] = field(default_factory=dict)
    #: The first and last day of the results' dates (``from``/``to``): a bound keeps only
    #: results with a date (reports by publication date, and their PDFs).
    start: datetime.date | None = None
    end: datetime.date | None = None

    def active(self) -> list[str]:
        return [name for name in FACETS if self.values.get(name)]

    def date_conditions(self, column: str) -> tuple[list[str], list[Any]]:
        """SQL conditions (and parameters) that ``column`` is within the bounds."""
        where: list[str] = []
        params: list[Any] = []
        if self.start is not None:
            where.append(f"{column} >= %s")
            params.append(self.start)
        if self.end is not None:
            where.append(f"{column} <= %s")
            params.append(self.end)
        return where, params


@dataclass
class Hit:
    entry_id: int
    score: float
    # The engine's own highlighted excerpt (OpenSearch's), HTML-safe; None: made from the
    # entry's text (``search.text.highlight``).
    excerpt: str | None = None


@dataclass
class Outcome:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]
    # True when ``total`` (``facets_estimated``: some facet counts) is estimated from a
    # sample of a very common query's matches.
    estimated: bool = False
    facets_estimated: bool = False


@dataclass
class Suggested:
    """A suggestion: an entry's title and kind, and where its page is."""

    entry_id: int
    title: str
    kind: str
    page_id: int
    url_path: str
    locale_id: int


class Matcher(ABC):
    """One query in one language with one set of filters, on one backend."""

    def __init__(self, locale_id: int, query: text.ParsedQuery, filters: Filters):
        self.locale_id = locale_id
        self.query = query
        self.filters = filters

    @abstractmethod
    def run(self, offset: int, limit: int, sort: str) -> Outcome:
        """A page of hits (``sort``: ``relevance`` or ``newest``), the total, the facets."""

    @abstractmethod
    def count(self) -> int:
        """How many results the query has."""


def restricted_collection_paths() -> list[str]:
    return list(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True).distinct()
    )
