"""
Very common words, on either database: counted from a sample, ranked from the best
candidates (on PostgreSQL each word's best-scoring entries, on SQLite the title
matches), and the answer says its counts are estimates.

The limits are lowered so that the small test site behaves as 100,000 pages would.
"""

import pytest
from django.db import connection
from wagtail.models import Locale

from search import engine, text
from tests.opensearch_server import database_engine_only
from tests.test_search import (  # noqa: F401 (_shared_content, content: fixtures)
    _shared_content,
    content,
    search,
    titles,
)

pytestmark = pytest.mark.usefixtures("content")


@pytest.fixture
def tiny_limits(monkeypatch):
    monkeypatch.setattr(engine, "EXACT_LIMIT", 1)
    monkeypatch.setattr(engine, "SAMPLE_SIZE", 1)
    monkeypatch.setattr(engine, "CANDIDATES", 1)


@pytest.mark.django_db
def test_small_result_sets_are_counted_exactly(client):
    data = search(client, q="insurance")
    assert data["total_is_estimate"] is False
    assert data["facets_are_estimates"] is False


@database_engine_only
@pytest.mark.django_db
def test_common_words_are_estimated_and_still_ranked(client, tiny_limits):
    data = search(client, q="insurance")
    assert data["total_is_estimate"] is True
    assert data["facets_are_estimates"] is True
    # Ranking reads the best-scoring entries, widening until a page is full.
    assert set(titles(data)[:2]) == {"Insurance", "Insurance & Financial Services"}
    # Scaled counts are multiples of the sampling rate (a power of two).
    assert data["total"] % 2 == 0 or data["total"] in (0, 1)


@database_engine_only
@pytest.mark.django_db
def test_a_small_filter_keeps_results_and_total_exact(client, monkeypatch):
    # "jobs" is common (more than the limit of 1), the data-brief filter is one entry.
    monkeypatch.setattr(engine, "EXACT_LIMIT", 1)
    data = search(client, q="jobs", report_type="data_brief")
    assert titles(data) == ["Aerospace data brief"]
    assert data["total"] == 1
    assert data["total_is_estimate"] is False
    # Its own facet ignores the filter: every "jobs" match, estimated.
    assert data["facets_are_estimates"] is True


@pytest.mark.django_db
def test_newest_first_for_common_words(client, tiny_limits):
    data = search(client, q="jobs", sort="newest")
    assert titles(data)[:2] == ["Aerospace data brief", "Progress Points"]


def _postings(term: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_posting WHERE term = %s", [term])
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's postings")
@pytest.mark.parametrize("query", ["insurance jobs", "jobs insurance"])
def test_the_rarer_of_two_common_words_drives_whatever_their_order(monkeypatch, query):
    # Both words are over the exact-count limit; counting 1/1 of the hash range makes
    # the estimate exact on this small site.
    monkeypatch.setattr(engine, "EXACT_LIMIT", 1)
    monkeypatch.setattr(engine, "ESTIMATE_RATE", 1)
    parsed = text.parse_query(query, "en")
    counts = {group[0]: _postings(group[0]) for group in parsed.groups}
    assert min(counts.values()) > 1 and len(set(counts.values())) == 2, counts

    matcher = engine.PostgresMatcher(Locale.get_default().pk, parsed, engine.Filters())
    driver, size, _ = matcher._driver()

    rarer = min(counts, key=counts.get)
    assert (driver, size) == ([rarer], counts[rarer])
