"""
Search counts a visitor can trust: the total is the sum of the counts by kind, and
paging through every page of results gives exactly ``total`` results, none twice, on
the demo content (its report PDF included) and on generated content (the benchmark's
pages), in exact mode and, on PostgreSQL, with counts estimated from a sample.

The rule: one result per page, per partner or person, and per PDF shown on a page
(its best-matching PDF page stands for it); each result has one kind.
"""

import pytest
from django.core.cache import cache

from search import engine
from tests.opensearch_server import database_engine_only

URL = "/api/v3/search/"
DEMO_QUERIES = [
    "millennials",
    "hartford",
    "jobs",
    "insurance",
    "region",
    "talent",
    "progress points",
    "young professionals",
    "manufacturing",
    "wages",
    "education",
    "the",
    '"metro hartford"',
    "innovation",
    "health",
]
SPANISH_QUERIES = ["hartford", "empleos", "región", "progress"]


def _kinds(data) -> dict[str, int]:
    return {item["value"]: item["count"] for item in data["facets"]["type"]}


def check_query(client, q: str, locale: str = "en", *, exact: bool = True) -> int:
    first = client.get(URL, {"q": q, "locale": locale, "page_size": 50}).json()
    assert "total" in first, first
    total = first["total"]
    kinds = _kinds(first)
    if exact or not first["facets_are_estimates"]:
        assert sum(kinds.values()) == total, (q, total, kinds)
    if not exact:
        # Estimated: the total and the kinds are scaled from the same sample.
        assert sum(kinds.values()) == total, (q, total, kinds)
        return total
    assert first["total_is_estimate"] is False
    seen = []
    page = 1
    data = first
    while True:
        seen += [
            # A partner or person is one result per snippet, its id the page that shows it.
            (hit["kind"], hit["id"], (hit["document"] or {}).get("id"), hit["title"])
            for hit in data["results"]
        ]
        if len(data["results"]) < 50:
            break
        page += 1
        data = client.get(URL, {"q": q, "locale": locale, "page_size": 50, "page": page}).json()
    assert len(seen) == total, (q, total, len(seen))
    assert len(set(seen)) == len(seen), q
    # Each kind's filter gives that kind's count, and only results of that kind.
    for kind, count in kinds.items():
        filtered = client.get(URL, {"q": q, "locale": locale, "type": kind}).json()
        assert filtered["total"] == count, (q, kind)
        assert {hit["kind"] for hit in filtered["results"]} <= {kind}
        assert _kinds(filtered) == kinds, (q, kind)  # the facet ignores its own filter
    return total


@pytest.mark.django_db
def test_millennials_counts_agree_with_its_kinds(client, demo):
    data = client.get(URL, {"q": "millennials"}).json()
    kinds = _kinds(data)
    assert kinds.get("document"), kinds  # the report's PDF says it too
    assert data["total"] == sum(kinds.values())
    # The PDF hit is there without choosing the filter.
    assert "document" in {hit["kind"] for hit in data["results"]}


@pytest.mark.django_db
def test_totals_facets_and_pages_agree_on_the_demo_content(client, demo):
    found = sum(check_query(client, q) for q in DEMO_QUERIES)
    found += sum(check_query(client, q, "es") for q in SPANISH_QUERIES)
    assert found > 50  # the queries do find things


@database_engine_only
@pytest.mark.django_db
def test_estimated_counts_add_up_too(client, demo, monkeypatch):
    monkeypatch.setattr(engine, "EXACT_LIMIT", 1)
    monkeypatch.setattr(engine, "SAMPLE_SIZE", 1)
    cache.clear()
    estimated = 0
    for q in DEMO_QUERIES:
        data = client.get(URL, {"q": q}).json()
        estimated += data["total_is_estimate"]
        check_query(client, q, exact=False)
    assert estimated  # the sample path was taken
