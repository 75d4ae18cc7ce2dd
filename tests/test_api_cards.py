"""
Cards carry their page's translations (as the detail does), so a sitemap or a language
switch needs one listing per language, not one detail per page; in a fixed number of
queries, and never stale in the cache.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from tests import factories

URL = "/api/v3/pages/"
pytestmark = pytest.mark.django_db


def publish(page):
    page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


def translate(page):
    return publish(
        page.copy_for_translation(Locale.objects.get(language_code="es"), copy_parents=True)
    )


def cards(client, **params):
    response = client.get(URL, {"limit": 100, **params})
    assert response.status_code == 200
    return {card["id"]: card for card in response.json()["items"]}


def test_a_card_lists_the_live_translations_of_its_page(client, site_tree):
    report = site_tree["report"]
    spanish = translate(report)

    english_cards = cards(client, type="reports.ReportPage", locale="en")
    spanish_cards = cards(client, type="reports.ReportPage", locale="es")

    expected = [
        {
            "locale": "en",
            "id": report.pk,
            "title": report.title,
            "path": "/business-insights/reports/progress-points/",
        },
        {
            "locale": "es",
            "id": spanish.pk,
            "title": spanish.title,
            "path": "/es/business-insights/reports/progress-points/",
        },
    ]
    assert english_cards[report.pk]["translations"] == expected
    assert spanish_cards[spanish.pk]["translations"] == expected
    # The same list as the page's detail.
    detail = client.get(f"/api/v3/pages/{report.pk}/").json()
    assert detail["translations"] == expected
    # A page with no translation lists itself.
    initiative = site_tree["initiative"]
    assert [t["id"] for t in cards(client, locale="en")[initiative.pk]["translations"]] == [
        initiative.pk
    ]


def test_children_cards_carry_translations_too(client, site_tree):
    report = site_tree["report"]
    spanish = translate(report)
    index = client.get(f"/api/v3/pages/{site_tree['report_index'].pk}/").json()
    (child,) = index["children"]
    assert [t["id"] for t in child["translations"]] == [report.pk, spanish.pk]


def test_drafts_and_restricted_translations_are_left_out(client, site_tree):
    report = site_tree["report"]
    spanish = translate(report)
    assert len(cards(client, locale="en")[report.pk]["translations"]) == 2

    # Unpublishing the translation makes the cached listing stale at once.
    spanish.unpublish()
    assert [t["id"] for t in cards(client, locale="en")[report.pk]["translations"]] == [report.pk]

    publish(spanish)
    PageViewRestriction.objects.create(page=spanish, restriction_type="login")
    assert [t["id"] for t in cards(client, locale="en")[report.pk]["translations"]] == [report.pk]


def test_a_cached_listing_changes_when_a_translation_is_published(client, site_tree):
    report = site_tree["report"]
    first = client.get(URL, {"locale": "en"})
    assert client.get(URL, {"locale": "en"})["X-Cache"] == "HIT"
    translate(report)
    second = client.get(URL, {"locale": "en"})
    assert second["X-Cache"] == "MISS"
    assert second["ETag"] != first["ETag"]
    assert client.get(URL, {"locale": "en"}, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_translations_cost_one_query_whatever_the_listing_size(
    client, site_tree, django_assert_max_num_queries
):
    parent = site_tree["report_index"]
    for n in range(60):
        page = factories.ReportPageFactory(parent=parent, title=f"Data brief {n}")
        if n % 2:
            translate(page)

    def measure(limit):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            data = cards(client, locale="en", type="reports.ReportPage", limit=limit)
        return len(queries), data

    measure(5)  # the page-type and locale memos
    few, small = measure(5)
    many, large = measure(100)
    assert len(large) == 61 and len(small) == 5
    assert sum(len(card["translations"]) == 2 for card in large.values()) == 30
    assert few == many
    cache.clear()
    with django_assert_max_num_queries(few):
        cards(client, locale="en", type="reports.ReportPage", limit=100)


def test_a_card_without_a_date_of_its_own_shows_none(client, site_tree):
    # The day a page was first published is the day its content was loaded or imported,
    # not news to a visitor: an initiative (no date field) has no date on its card.
    page = site_tree["initiative"]
    type(page).objects.filter(pk=page.pk).update(
        first_published_at=datetime.datetime(2026, 11, 30, 2, 50, tzinfo=datetime.UTC)
    )

    card = cards(client, type="initiatives.InitiativePage", locale="en")[page.pk]

    assert card["date"] is None


def test_a_landing_shows_its_first_children_and_counts_them_all(client, site_tree):
    from cms.api.pages import CHILDREN_SHOWN

    index = site_tree["report_index"]
    for n in range(CHILDREN_SHOWN + 6):
        factories.ReportPageFactory(parent=index, title=f"Data brief {n:02}")
    draft = factories.ReportPageFactory(parent=index, title="Data brief draft", live=False)
    hidden = factories.ReportPageFactory(parent=index, title="Data brief members only")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    live = CHILDREN_SHOWN + 7  # the site tree's own report too

    detail = client.get(f"{URL}{index.pk}/").json()
    assert detail["children_total"] == live
    assert len(detail["children"]) == CHILDREN_SHOWN
    # The rest, in the same order and shape, from the listing.
    rest = client.get(URL, {"child_of": index.pk, "offset": CHILDREN_SHOWN, "limit": 50}).json()
    everything = client.get(URL, {"child_of": index.pk, "limit": 50}).json()
    assert rest["count"] == live and len(rest["items"]) == live - CHILDREN_SHOWN
    assert detail["children"] + rest["items"] == everything["items"]
    shown = {card["id"] for card in everything["items"]}
    assert draft.pk not in shown and hidden.pk not in shown


def test_a_landing_with_few_children_counts_them_without_a_query(client, site_tree):
    index = site_tree["report_index"]
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        detail = client.get(f"{URL}{index.pk}/").json()
    assert detail["children_total"] == len(detail["children"]) == 1
    assert not any("COUNT(" in query["sql"] for query in queries)
