"""
SQLite's search bounded by the page of results (``search.backends.sqlite``): above
``engine.EXACT_LIMIT`` matches, the total and the facets are counted from a sample of
the matches and the answer says so, the results are ranked among the title matches,
and the work a search does grows with its sample and its candidates, not with its
matches. The limits are lowered so that the small test site behaves as a large one.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from search import engine, text
from search.backends import sqlite
from search.models import Entry
from tests import factories
from tests.opensearch_server import database_engine_only
from tests.test_search import (  # noqa: F401 (_shared_content, content: fixtures)
    _shared_content,
    content,
    search,
    titles,
)

pytestmark = [
    database_engine_only,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's matcher"),
    pytest.mark.usefixtures("content"),
]


def fts_rows(q: str) -> int:
    """The rows FTS5 finds for ``q``, what the matcher compares with the limit."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_entry_fts WHERE search_entry_fts MATCH %s",
            [text.parse_query(q, "en").fts5()],
        )
        return cursor.fetchone()[0]


def in_sample(entry_id: int, rate: int) -> bool:
    """Whether an entry's id hashes into the sample of one in ``rate``."""
    hashed = entry_id * sqlite.HASH_MULTIPLIER % sqlite.HASH_RANGE
    return hashed < sqlite.HASH_RANGE // rate


def counts(data) -> tuple[int, dict[str, dict[str, int]]]:
    facets = {
        name: {item["value"]: item["count"] for item in items}
        for name, items in data["facets"].items()
    }
    return data["total"], facets


@pytest.fixture
def tiny_limits(monkeypatch):
    monkeypatch.setattr(engine, "EXACT_LIMIT", 1)
    monkeypatch.setattr(engine, "SAMPLE_SIZE", 1)


@pytest.fixture
def whole_sample(monkeypatch):
    """Every query sampled, at a rate of one: the sample is every match."""
    monkeypatch.setattr(engine, "EXACT_LIMIT", 0)
    monkeypatch.setattr(engine, "SAMPLE_SIZE", 10**9)


@pytest.mark.django_db
def test_counted_exactly_up_to_the_limit_and_estimated_above_it(client, monkeypatch):
    exact = search(client, q="insurance")
    assert exact["total_is_estimate"] is False
    assert exact["facets_are_estimates"] is False

    monkeypatch.setattr(engine, "EXACT_LIMIT", fts_rows("insurance"))
    cache.clear()
    assert counts(search(client, q="insurance")) == counts(exact)

    monkeypatch.setattr(engine, "EXACT_LIMIT", fts_rows("insurance") - 1)
    cache.clear()
    estimated = search(client, q="insurance")
    assert estimated["total_is_estimate"] is True
    assert estimated["facets_are_estimates"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["insurance", "jobs", "travelers", "hartford", "region"])
def test_a_sample_of_every_match_counts_what_counting_does(client, monkeypatch, q):
    exact = search(client, q=q)
    monkeypatch.setattr(engine, "EXACT_LIMIT", 0)
    monkeypatch.setattr(engine, "SAMPLE_SIZE", 10**9)
    cache.clear()
    sampled = search(client, q=q)
    assert sampled["total_is_estimate"] is True
    assert counts(sampled) == counts(exact)


@pytest.mark.django_db
def test_a_result_of_several_entries_counts_once_by_its_first_visible_entry(
    client,
    content,  # noqa: F811
    whole_sample,
):
    # The partner is shown on two pages (two entries, one result); the page with its
    # first entry is restricted since (the index still holds that entry).
    other = factories.InitiativePageFactory(
        parent=content["initiatives"], title="Brokers", slug="brokers", summary="Brokers."
    )
    other.partners.create(organisation=content["insurer"])
    other.save_revision().publish()
    entries = Entry.objects.filter(kind="organisation", object_id=content["insurer"].pk)
    assert len({entry.group_key for entry in entries}) == 1 and len(entries) == 2
    first = min(entries, key=lambda entry: entry.pk)
    assert first.page_id == content["insurance_initiative"].pk
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=content["insurance_initiative"], restriction_type="login")]
    )

    data = search(client, q="travelers", type="organisation")
    assert data["total"] == 1
    assert [hit["path"] for hit in data["results"]] == ["/initiatives/brokers/"]


@pytest.mark.django_db
def test_a_sample_takes_or_leaves_a_result_whole(client, content, monkeypatch):  # noqa: F811
    # Six pages show the partner: six entries of one result. Sampling one match in
    # two, each result is counted (twice, scaled) when its first entry's id hashes
    # into the sample, whichever of its other entries do.
    for number in range(5):
        page = factories.InitiativePageFactory(
            parent=content["initiatives"], title=f"Brokers {number}", slug=f"brokers-{number}"
        )
        page.partners.create(organisation=content["insurer"])
        page.save_revision().publish()
    partner = sorted(
        Entry.objects.filter(kind="organisation", object_id=content["insurer"].pk).values_list(
            "pk", flat=True
        )
    )
    assert len(partner) == 6
    assert {in_sample(entry_id, 2) for entry_id in partner} == {True, False}
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH 'travel'")
        matches = [row[0] for row in cursor.fetchall()]
    firsts: dict[str, int] = {}
    for entry in Entry.objects.filter(pk__in=matches).order_by("-pk"):
        firsts[entry.group_key] = entry.pk
    monkeypatch.setattr(engine, "EXACT_LIMIT", 0)
    monkeypatch.setattr(engine, "SAMPLE_SIZE", (len(matches) + 1) // 2)

    total, facets = counts(search(client, q="travelers"))

    assert total == 2 * sum(in_sample(entry_id, 2) for entry_id in firsts.values())
    assert facets["type"].get("organisation", 0) == (2 if in_sample(partner[0], 2) else 0)


@pytest.mark.django_db
def test_over_the_title_limit_the_results_are_still_ranked(client, tiny_limits, monkeypatch):
    # Too many title matches to rank: the last written few are, then every match when
    # they do not fill the page.
    monkeypatch.setattr(engine, "TITLE_CANDIDATES", 1)
    data = search(client, q="insurance")
    assert set(titles(data)[:2]) == {"Insurance", "Insurance & Financial Services"}


@pytest.mark.django_db
def test_filtered_matches_beyond_the_title_matches_are_ranked(client, monkeypatch):
    # No report has "jobs" in its title text: the reports that match are ranked all
    # the same, in the order counting every match gives.
    assert not Entry.objects.filter(kind="report", title_terms__contains="job").exists()
    exact = search(client, q="jobs", type="report")
    monkeypatch.setattr(engine, "EXACT_LIMIT", 1)
    monkeypatch.setattr(engine, "SAMPLE_SIZE", 1)
    cache.clear()
    data = search(client, q="jobs", type="report")
    assert data["total_is_estimate"] is True
    assert titles(data) == titles(exact) and len(titles(exact)) == 2


@pytest.mark.django_db
def test_statements_per_search_are_a_fixed_few(tiny_limits):
    locale_id = Locale.get_default().pk
    parsed = text.parse_query("insurance", "en")
    filters = engine.Filters({"type": ["industry", "initiative"]})
    engine.search(locale_id, parsed, filters, limit=1)  # the restrictions, remembered
    with CaptureQueriesContext(connection) as queries:
        outcome = engine.search(locale_id, parsed, filters, limit=1)
    assert outcome.estimated and len(outcome.hits) == 1
    # Counting the matches, the filters' entries and the title matches; the private
    # collections; the one statement of hits, total and facets.
    assert len(queries) == 5


def vm_steps(function) -> int:
    """SQLite's virtual machine instructions (in hundreds) that ``function`` runs."""
    steps = 0

    def count():
        nonlocal steps
        steps += 1
        return 0

    connection.ensure_connection()
    connection.connection.set_progress_handler(count, 100)
    try:
        function()
    finally:
        connection.connection.set_progress_handler(None, 0)
    return steps


@pytest.mark.django_db
def test_a_search_reads_its_sample_and_candidates_not_every_match(
    content,  # noqa: F811
    monkeypatch,
):
    """
    Doubling a very common word's matches doubles what counting them exactly costs;
    the bounded search, with the same sample size and the same title matches, grows
    by FTS5 listing the new matches only.
    """

    def add(count: int, start: int, title: str) -> None:
        for number in range(start, start + count):
            factories.ContentPageFactory(
                parent=content["initiatives"],
                title=f"{title} {number}",
                slug=f"notes-{number}",
                intro="The harbour, the ferries and the river.",
            ).save_revision().publish()

    locale_id = Locale.get_default().pk
    parsed = text.parse_query("harbour", "en")

    def work(exact_limit: int) -> int:
        monkeypatch.setattr(engine, "EXACT_LIMIT", exact_limit)
        monkeypatch.setattr(engine, "SAMPLE_SIZE", 8)
        return vm_steps(lambda: engine.search(locale_id, parsed, engine.Filters(), limit=2))

    add(2, 0, "Harbour notes")
    add(38, 2, "Notes")
    exact, bounded = work(10**6), work(10)
    add(40, 40, "Notes")
    exact_twice, bounded_twice = work(10**6), work(10)

    assert exact_twice > 1.8 * exact
    assert bounded < exact / 2
    assert bounded_twice - bounded < (exact_twice - exact) / 4
