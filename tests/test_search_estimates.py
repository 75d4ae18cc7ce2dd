"""
Very common words on PostgreSQL: counted from a sample, ranked from the best-scoring
entries of each word, and the answer says its counts are estimates.

The limits are lowered so that the small test site behaves as 100,000 pages would.
"""

import pytest
from django.db import connection

from search import engine
from tests.test_search import content, search, titles  # noqa: F401 (content: a fixture)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite counts every match"),
    pytest.mark.usefixtures("content"),
]


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


@pytest.mark.django_db
def test_common_words_are_estimated_and_still_ranked(client, tiny_limits):
    data = search(client, q="insurance")
    assert data["total_is_estimate"] is True
    assert data["facets_are_estimates"] is True
    # Ranking reads the best-scoring entries, widening until a page is full.
    assert set(titles(data)[:2]) == {"Insurance", "Insurance & Financial Services"}
    # Scaled counts are multiples of the sampling rate (a power of two).
    assert data["total"] % 2 == 0 or data["total"] in (0, 1)


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
