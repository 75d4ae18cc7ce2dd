"""
A change makes stale what it changed, and only that: the API cache's misses after one
publish, unpublish, move or tag change, counted over every answer a front end reads.

The broad test warms every page's detail and route in both languages, every listing a
front end builds (by type, language, parent, ancestor, tag, and none), the menus and
the site settings on the demo content; publishes one report unchanged; and reads them
all again. What missed must be what the report is part of: its own answers and its
translation's, the listings whose filters it matches, and the answers that show it (a
card or a link to it). Everything else is still a hit.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from wagtail.models import Page

from cms.core.changes import tag_names
from reports.models import ReportPage

pytestmark = pytest.mark.django_db


def read(client, urls) -> dict[str, HttpResponse]:
    answers = {url: client.get(url) for url in urls}
    for url, response in answers.items():
        assert response.status_code in (200, 404), (url, response.status_code)
    return answers


def misses(client, urls) -> set[str]:
    """The answers not served from the cache (one never cached, such as a bad filter's)."""
    return {url for url, answer in read(client, urls).items() if answer.get("X-Cache") != "HIT"}


def shows(data: Any, page_ids: set[int]) -> bool:
    """Whether an answer shows one of ``page_ids`` as a card or a link (an id with a path)."""
    if isinstance(data, dict):
        if data.get("id") in page_ids and "path" in data:
            return True
        return any(shows(value, page_ids) for value in data.values())
    if isinstance(data, list):
        return any(shows(item, page_ids) for item in data)
    return False


def detail(page: Page) -> str:
    return f"/api/v3/pages/{page.pk}/"


def route(client, page: Page) -> str:
    path = client.get(detail(page)).json()["path"]
    return f"/api/v3/route/?path={path}"


def listings(pages: list[Page]) -> dict[str, set[int] | None]:
    """
    Every listing a front end builds, with the pages whose change it must follow: those
    matching its filter (None: any page).
    """
    found: dict[str, set[int] | None] = {
        "/api/v3/pages/?limit=100": None,
        "/api/v3/pages/?locale=en&limit=100": {
            p.pk for p in pages if p.locale.language_code == "en"
        },
        "/api/v3/pages/?locale=es&limit=100": {
            p.pk for p in pages if p.locale.language_code == "es"
        },
    }
    for model in {type(p) for p in pages}:
        label = model._meta.label
        found[f"/api/v3/pages/?type={label}&limit=100"] = {
            p.pk for p in pages if isinstance(p, model)
        }
    for parent in {p.get_parent() for p in pages if p.depth > 2}:
        children = {p.pk for p in pages if p.path[: -Page.steplen] == parent.path}
        found[f"/api/v3/pages/?child_of={parent.pk}&limit=100"] = children
        below = {p.pk for p in pages if p.path.startswith(parent.path) and p.pk != parent.pk}
        found[f"/api/v3/pages/?descendant_of={parent.pk}&limit=100"] = below
    for model in {type(p) for p in pages}:
        by_tag: dict[str, set[int]] = {}
        for p in pages:
            if isinstance(p, model):
                for name in tag_names(model, [p.pk]):
                    by_tag.setdefault(name, set()).add(p.pk)
        for name, ids in by_tag.items():
            found[f"/api/v3/pages/?tag={name}&limit=100"] = ids
    return found


def test_publishing_one_report_misses_only_what_shows_it(demo):
    client = Client()  # the responses' schema is checked elsewhere; here, only the cache
    pages = [p for p in Page.objects.live().filter(depth__gt=1).specific() if p.depth > 1]
    report = next(p for p in pages if isinstance(p, ReportPage) and p.locale.language_code == "en")
    translations = {p.pk for p in pages if p.translation_key == report.translation_key}
    assert len(translations) == 2

    page_answers = {detail(p): p for p in pages} | {route(client, p): p for p in pages}
    listed = listings(pages)
    others = [
        f"/api/v3/{kind}/?locale={code}" for kind in ("navigation", "site") for code in ("en", "es")
    ]
    urls = [*page_answers, *listed, *others]

    cache.clear()  # finding the routes read the details
    first = read(client, urls)
    assert {answer["X-Cache"] for answer in first.values()} == {"MISS"}
    bodies = {url: answer.json() for url, answer in first.items()}
    assert not misses(client, urls)

    report.save_revision().publish()
    missed = misses(client, urls)

    own = {url for url, page in page_answers.items() if page.pk in translations}
    matching = {url for url, ids in listed.items() if ids is None or report.pk in ids}
    showing = {url for url, body in bodies.items() if shows(body, translations)}
    assert own | matching <= missed
    assert missed <= own | matching | showing, sorted(missed - own - matching - showing)
    # The answers that neither are nor show the report (the other pages, the menus,
    # the site, the listings it is not in) are all still hits.
    untouched = set(urls) - own - matching - showing
    assert len(untouched) > len(urls) / 2
    assert not untouched & missed
    print(f"one publish: {len(missed)} of {len(urls)} answers missed")


def test_an_unrelated_page_keeps_its_detail_and_route(client, site_tree):
    report, industry = site_tree["report"], site_tree["industry"]
    urls = [detail(industry), route(client, industry), "/api/v3/navigation/?locale=en"]
    read(client, urls)
    report.save_revision().publish()
    assert not misses(client, urls)


def test_unpublishing_a_section_misses_its_pages_and_their_listings(client, site_tree):
    section, report = site_tree["content"], site_tree["report"]
    urls = [
        detail(report),
        route(client, report),
        f"/api/v3/pages/?descendant_of={site_tree['home'].pk}",
        f"/api/v3/pages/?child_of={site_tree['report_index'].pk}",
        "/api/v3/pages/?type=reports.ReportPage",
    ]
    kept = [detail(site_tree["industry"]), "/api/v3/pages/?type=industries.IndustryProfilePage"]
    read(client, urls + kept)
    section.unpublish(set_expired=False, log_action=None)
    for page in section.get_descendants().live():
        page.specific.unpublish(log_action=None)
    assert misses(client, urls) == set(urls)
    assert client.get(detail(report)).status_code == 404
    assert not misses(client, kept)


def test_moving_a_page_misses_both_parents_and_both_paths(client, site_tree):
    initiative = site_tree["initiative"]
    old_route = route(client, initiative)
    old_parent, new_parent = site_tree["initiative_index"], site_tree["content"]
    urls = [
        old_route,
        f"/api/v3/pages/?child_of={old_parent.pk}",
        f"/api/v3/pages/?child_of={new_parent.pk}",
        detail(old_parent),  # an index shows its children as cards
    ]
    kept = [
        detail(site_tree["industry"]),
        f"/api/v3/pages/?child_of={site_tree['industry_index'].pk}",
    ]
    read(client, urls + kept)
    initiative.move(new_parent, pos="last-child")
    assert misses(client, urls) == set(urls)
    # Wagtail redirects the old path to the new one.
    assert client.get(old_route).json()["kind"] == "redirect"
    assert (
        client.get(f"/api/v3/route/?path=/business-insights/{initiative.slug}/").status_code == 200
    )
    assert not misses(client, kept)


def test_a_tag_removed_on_publish_misses_the_listing_by_that_tag(client, site_tree):
    initiative = site_tree["initiative"]
    initiative.tags.add("Talent")
    initiative.save_revision().publish()
    by_tag = "/api/v3/pages/?tag=talent"
    tagged = lambda: {item["id"] for item in client.get(by_tag).json()["items"]}  # noqa: E731
    assert initiative.pk in tagged()
    other_tag = "/api/v3/pages/?tag=a-tag-nobody-has"
    read(client, [by_tag, other_tag])

    initiative.tags.remove("Talent")
    initiative.save_revision().publish()

    assert initiative.pk not in tagged()
    assert not misses(client, [other_tag])


def test_the_menu_misses_only_when_a_page_enters_or_leaves_it(client, site_tree):
    menu = "/api/v3/navigation/?locale=en"
    report, industries = site_tree["report"], site_tree["industry_index"]
    read(client, [menu])

    report.show_in_menus = False
    report.save_revision().publish()
    assert not misses(client, [menu])

    industries.show_in_menus = not industries.show_in_menus
    industries.save_revision().publish()
    assert misses(client, [menu]) == {menu}
    ids = {item["id"] for item in client.get(menu).json()["items"]}
    assert (industries.pk in ids) == industries.show_in_menus


def test_an_evicted_version_makes_a_miss_never_a_stale_answer(client, site_tree):
    """
    Redis may evict any key under ``maxmemory`` with ``allkeys-lru`` (docs/scaling.md):
    a tag's version that is gone reads as a new one, so what depended on it is rebuilt
    (had it read as the one before a change, a stale answer would be served again).
    """
    report = site_tree["report"]
    url = detail(report)
    assert misses(client, [url]) == {url}
    assert misses(client, [url]) == set()
    cache.delete_many([f"api:tag:page:{report.pk}", "api:generation"])
    assert misses(client, [url]) == {url}
    assert misses(client, [url]) == set()
