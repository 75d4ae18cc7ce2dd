"""
Both databases rank by the one formula of ``search.ranking``: a hit's score is what the
formula gives for the entry's title and body terms, and PostgreSQL's posting trigger is
the one the module generates.
"""

import pytest
from django.db import connection

from search import engine, ranking, text
from search.models import Entry
from tests import factories
from tests.opensearch_server import database_engine_only


def formula(entry: Entry, parsed: text.ParsedQuery) -> float:
    """``search.ranking``'s formula, written out in Python."""
    title, body = entry.title_terms.split(), entry.terms.split()
    total = 0.0
    for forms in parsed.variants:
        weights = [
            sum(
                ranking.TITLE_WEIGHT * title.count(term) + ranking.BODY_WEIGHT * body.count(term)
                for term in dict.fromkeys(form)
            )
            for form in forms
            if all(term in title or term in body for term in form)
        ]
        total += max(weights)
    return entry.boost * total


@database_engine_only
@pytest.mark.django_db
def test_scores_follow_the_formula(home):
    page = factories.ContentPageFactory(
        parent=home, title="Harbour harbour", slug="harbour", intro="A harbour."
    )
    reports = factories.ReportIndexPageFactory(parent=home, slug="reports")
    report = factories.ReportPageFactory(
        parent=reports,
        title="Ferries",
        slug="ferries",
        summary="The harbour, the harbour ferries and the river harbour.",
    )
    for each in (home, page, reports, report):
        each.save_revision().publish()
    parsed = text.parse_query("harbour ferries", "en")
    locale_id = home.locale_id
    outcome = engine.search(locale_id, text.parse_query("harbour", "en"), engine.Filters())
    assert len(outcome.hits) == 2
    for query in (text.parse_query("harbour", "en"), parsed):
        for hit in engine.search(locale_id, query, engine.Filters()).hits:
            entry = Entry.objects.get(pk=hit.entry_id)
            assert hit.score == pytest.approx(formula(entry, query), rel=1e-6)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_posting_trigger_is_generated_from_ranking():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('search_posting_sync'::regproc)")
        installed = cursor.fetchone()[0]
    assert ranking.posting_score_sql("a") in installed
