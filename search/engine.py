"""
Querying the index: the entry point the API, the vocabulary and the services use.

``search`` answers a query (a page of hits, the total, the facet counts), ``suggest``
completes titles; both hand the work to the backend for the database in use
(``search.backends``: SQLite or PostgreSQL), which rank by ``search.ranking``, or, with
``SITE_SEARCH_ENGINE=opensearch``, to the cluster (``search.backends.opensearch``).
When the cluster does not answer, ``Unavailable`` is raised (the API answers 503), or,
with ``SITE_SEARCH_FALLBACK=database``, the database's backend answers instead.
"""

from __future__ import annotations

import logging

from . import backends, generations, text
from .backends import base, opensearch, postgres, sqlite
from .backends.base import FACETS, MAX_SUGGESTIONS, Filters, Hit, Outcome, Suggested
from .backends.opensearch import Unavailable
from .models import Entry

logger = logging.getLogger("search")

__all__ = [
    "FACETS",
    "MAX_SUGGESTIONS",
    "Filters",
    "Hit",
    "Outcome",
    "PostgresMatcher",
    "SQLiteMatcher",
    "Suggested",
    "Unavailable",
    "close_words",
    "matcher",
    "search",
    "suggest",
    "text_languages",
]

# When a backend counts exactly and how large its sample is; how PostgreSQL estimates
# a common word's postings and how many best entries it ranks for one; how many title
# matches SQLite ranks for a very common query (see ``search.backends``). Read at
# every search, so a test may lower them to make a small site behave as a large one.
EXACT_LIMIT = base.EXACT_LIMIT
SAMPLE_SIZE = base.SAMPLE_SIZE
ESTIMATE_RATE = postgres.ESTIMATE_RATE
CANDIDATES = postgres.CANDIDATES
TITLE_CANDIDATES = sqlite.TITLE_CANDIDATES


class PostgresMatcher(postgres.Matcher):
    """PostgreSQL's matcher with the limits above."""

    def __init__(self, locale_id: int, query: text.ParsedQuery, filters: Filters):
        limits = postgres.Limits(
            exact=EXACT_LIMIT,
            sample=SAMPLE_SIZE,
            estimate_rate=ESTIMATE_RATE,
            candidates=CANDIDATES,
        )
        super().__init__(locale_id, query, filters, limits)


class SQLiteMatcher(sqlite.Matcher):
    """SQLite's matcher with the limits above."""

    def __init__(self, locale_id: int, query: text.ParsedQuery, filters: Filters):
        limits = sqlite.Limits(
            exact=EXACT_LIMIT, sample=SAMPLE_SIZE, title_candidates=TITLE_CANDIDATES
        )
        super().__init__(locale_id, query, filters, limits)


def database_matcher(locale_id: int, query: text.ParsedQuery, filters: Filters) -> base.Matcher:
    """The database's matcher for one query in one language with one set of filters."""
    if backends.current() is postgres:
        return PostgresMatcher(locale_id, query, filters)
    return SQLiteMatcher(locale_id, query, filters)


def falls_back() -> bool:
    return bool(opensearch.config()["FALLBACK"] == "database")


class OpenSearchMatcher(opensearch.Matcher):
    """The cluster's matcher; with the fallback, the database's while the cluster is down."""

    def run(self, offset: int, limit: int, sort: str) -> Outcome:
        try:
            return super().run(offset, limit, sort)
        except Unavailable as error:
            if not falls_back():
                raise
            logger.warning("Site search answered from the database: %s", error)
            return database_matcher(self.locale_id, self.query, self.filters).run(
                offset, limit, sort
            )

    def count(self) -> int:
        try:
            return super().count()
        except Unavailable as error:
            if not falls_back():
                raise
            logger.warning("Site search counted in the database: %s", error)
            return database_matcher(self.locale_id, self.query, self.filters).count()


def matcher(locale_id: int, query: text.ParsedQuery, filters: Filters) -> base.Matcher:
    """The engine's matcher for one query in one language with one set of filters."""
    if opensearch.enabled():
        return OpenSearchMatcher(locale_id, query, filters)
    return database_matcher(locale_id, query, filters)


def text_languages(locale_id: int) -> list[str]:
    """Languages of text in ``locale_id`` other than its own (an English PDF on a Spanish page)."""
    return sorted(
        set(
            Entry.objects.filter(locale_id=locale_id, generation=generations.live())
            .exclude(language="")
            .values_list("language", flat=True)
            .distinct()
        )
    )


def search(
    locale_id: int,
    query: text.ParsedQuery,
    filters: Filters,
    *,
    offset: int = 0,
    limit: int = 10,
    sort: str = "relevance",
) -> Outcome:
    if not query:
        return Outcome([], 0, {name: {} for name in FACETS})
    return matcher(locale_id, query, filters).run(offset, limit, sort)


def suggest(locale_id: int, prefix: str, limit: int = MAX_SUGGESTIONS) -> list[Suggested]:
    """Live pages whose title, or a tail of it from a word on, starts with ``prefix``."""
    folded = " ".join(text.words(prefix))
    if not folded:
        return []
    candidates = None
    if opensearch.enabled():
        try:
            candidates = opensearch.suggestion_candidates(locale_id, folded, limit * 4)
        except Unavailable as error:
            if not falls_back():
                raise
            logger.warning("Site search suggested from the database: %s", error)
    if candidates is None:
        candidates = backends.current().suggestion_candidates(locale_id, folded, limit * 4)
    seen_titles: set[str] = set()
    found = []
    for candidate in candidates:
        if candidate.title.casefold() in seen_titles:
            continue
        seen_titles.add(candidate.title.casefold())
        found.append(candidate)
        if len(found) == limit:
            break
    return found


def close_words(word: str, size: int) -> list[str] | None:
    """
    Words of the cluster's index close to ``word`` for "did you mean", closest first;
    None on the database's engine (which reads its vocabulary, ``Term``) or in its place.
    """
    if not opensearch.enabled():
        return None
    try:
        return opensearch.close_words(word, size)
    except Unavailable:
        if not falls_back():
            raise
        return None
