"""
SQLite's sample (``search.backends.sqlite``) on the demo content, whose report PDF is one
result of many entries (its pages) in either language: a sample of every match counts
what counting does, each PDF once. In a module of its own: the demo content stays loaded
for the whole module, and tests/test_search_bounded.py builds its own site.
"""

import pytest
from django.core.cache import cache
from django.db import connection

from search import engine, text
from tests.opensearch_server import database_engine_only
from tests.test_search_counts import DEMO_QUERIES, SPANISH_QUERIES, URL

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's matcher"),
    database_engine_only,
]


def answer(client, q: str, locale: str) -> tuple[int, dict, bool]:
    data = client.get(URL, {"q": q, "locale": locale}).json()
    return data["total"], data["facets"], data["total_is_estimate"]


@pytest.mark.django_db
def test_a_sample_of_every_match_counts_each_pdf_once(client, demo, monkeypatch):
    queries = [(q, "en") for q in DEMO_QUERIES] + [(q, "es") for q in SPANISH_QUERIES]
    exact = {query: answer(client, *query) for query in queries}
    assert not any(estimated for _, _, estimated in exact.values())

    monkeypatch.setattr(engine, "EXACT_LIMIT", 0)
    monkeypatch.setattr(engine, "SAMPLE_SIZE", 10**9)
    cache.clear()
    sampled = {query: answer(client, *query) for query in queries}

    assert all(estimated for _, _, estimated in sampled.values())
    for query in queries:
        assert sampled[query][:2] == exact[query][:2], query
    # Several of the PDF's pages are among the matches of a query: one result.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(DISTINCT e.group_key) FROM search_entry_fts f "
            "JOIN search_entry e ON e.id = f.rowid WHERE search_entry_fts MATCH %s "
            "AND e.kind = 'document' AND e.locale_id = (SELECT id FROM wagtailcore_locale "
            "WHERE language_code = 'en')",
            [text.parse_query("hartford", "en").fts5()],
        )
        pdf_pages, results = cursor.fetchone()
    assert pdf_pages > 1 and results == 1
