"""
Every PDF a live page shows is searched page by page, and its hits point to that page:
a report's own document, a document block, a document link in rich text. A PDF no live
public page shows is not searched, nor one in a private collection; publishing,
unpublishing, editing, deleting and moving documents keep it so. One PDF shown on
several pages is one result, on the page whose own document it is, else the page
first published.
"""

import json

import pytest
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from search.models import Entry
from tests import factories
from tests.test_search_documents import make_pdf, upload

URL = "/api/v3/search/"


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Run what the worker would, once the change commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def brochure(capture):
    with capture():
        return upload(
            make_pdf(["A welcome to newcomers.", "Zymurgy tours in the Connecticut River valley."]),
            name="brochure.pdf",
        )


def block_body(document):
    return json.dumps(
        [
            {"type": "heading", "value": {"text": "Visit us", "level": "h2"}},
            {"type": "document", "value": {"document": document.pk, "title": ""}},
        ]
    )


def link_body(document):
    html = f'<p>Read <a linktype="document" id="{document.pk}">our brochure</a>.</p>'
    return json.dumps([{"type": "paragraph", "value": html}])


def general_page(home, capture, slug, body, **kwargs):
    page = factories.ContentPageFactory(parent=home, title=slug.title(), slug=slug, **kwargs)
    page.body = body
    with capture():
        page.save_revision().publish()
    # As an editor's next request would: publishing set first_published_at on the row.
    page.refresh_from_db()
    return page


def hits(client, q="zymurgy"):
    data = client.get(URL, {"q": q}).json()
    return data, [
        (hit["kind"], hit["id"], (hit["document"] or {}).get("page_number"))
        for hit in data["results"]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("body", [block_body, link_body], ids=["document block", "rich text link"])
def test_a_pdf_on_a_general_page_is_found_on_its_page(client, home, capture, brochure, body):
    assert hits(client)[1] == []  # uploaded, shown nowhere: not searched
    page = general_page(home, capture, "visit", body(brochure))
    data, found = hits(client)
    assert found == [("document", page.pk, 2)]
    assert data["results"][0]["path"] == "/visit/"
    assert data["total"] == 1
    assert {item["value"]: item["count"] for item in data["facets"]["type"]} == {"document": 1}


@pytest.mark.django_db
def test_unpublishing_or_removing_the_block_takes_the_pdf_off(client, home, capture, brochure):
    page = general_page(home, capture, "visit", block_body(brochure))
    assert hits(client)[1]
    page.body = json.dumps([{"type": "paragraph", "value": "<p>Nothing to download.</p>"}])
    with capture():
        page.save_revision().publish()
    assert hits(client)[1] == []
    page.body = block_body(brochure)
    with capture():
        page.save_revision().publish()
    assert hits(client)[1]
    with capture():
        page.unpublish()
    assert hits(client)[1] == []
    assert not Entry.objects.filter(document=brochure).exists()


@pytest.mark.django_db
def test_a_draft_that_adds_a_pdf_does_not_make_it_searchable(client, home, capture, brochure):
    page = general_page(home, capture, "visit", link_body(brochure))
    with capture():
        page.unpublish()
    page.body = block_body(brochure)
    with capture():
        page.save_revision()  # a draft only
    assert hits(client)[1] == []


@pytest.mark.django_db
def test_a_pdf_on_a_restricted_page_is_not_searched(client, home, capture, brochure):
    page = general_page(home, capture, "members", block_body(brochure))
    with capture():
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert hits(client)[1] == []
    assert not Entry.objects.filter(document=brochure).exists()


@pytest.mark.django_db
def test_a_pdf_moved_into_a_private_collection_is_taken_off(client, home, capture, brochure):
    general_page(home, capture, "visit", block_body(brochure))
    private = factories.root_collection().add_child(name="Board papers")
    with capture():
        CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    brochure.collection = Collection.objects.get(pk=private.pk)
    with capture():
        brochure.save()
    assert hits(client)[1] == []
    assert not Entry.objects.filter(document=brochure).exists()
    # And back out of it.
    brochure.collection = factories.root_collection()
    with capture():
        brochure.save()
    assert len(hits(client)[1]) == 1


@pytest.mark.django_db
def test_restricting_the_collection_takes_its_pdfs_off(client, home, capture, brochure):
    general_page(home, capture, "visit", block_body(brochure))
    with capture():
        restriction = CollectionViewRestriction.objects.create(
            collection=factories.root_collection(), restriction_type="login"
        )
    assert not Entry.objects.filter(document=brochure).exists()
    with capture():
        restriction.delete()
    assert Entry.objects.filter(document=brochure).exists()


@pytest.mark.django_db
def test_a_pdf_on_several_pages_is_one_result_on_the_first_published(
    client, home, capture, brochure
):
    first = general_page(home, capture, "first", block_body(brochure))
    second = general_page(home, capture, "second", link_body(brochure))
    assert hits(client)[1] == [("document", first.pk, 2)]
    with capture():
        first.unpublish()
    assert hits(client)[1] == [("document", second.pk, 2)]
    with capture():
        first.save_revision().publish()
    assert hits(client)[1] == [("document", first.pk, 2)]
    # Deleting the page it points to moves it to the other.
    with capture():
        first.delete()
    assert hits(client)[1] == [("document", second.pk, 2)]


@pytest.mark.django_db
def test_a_report_is_the_home_of_its_own_pdf(client, home, capture, brochure):
    general_page(home, capture, "visit", block_body(brochure))
    reports = factories.ReportIndexPageFactory(parent=home, slug="reports")
    with capture():
        reports.save_revision().publish()
    report = factories.ReportPageFactory(
        parent=reports, title="Visitors' guide", slug="guide", document=brochure
    )
    with capture():
        report.save_revision().publish()
    assert hits(client)[1] == [("document", report.pk, 2)]
