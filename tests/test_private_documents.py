"""
A document in a private collection stays private: a public page that shows it says only
that a document is there, and its file is served only after the collection's check.
"""

import importlib
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import clear_url_caches
from wagtail.models import Collection, CollectionViewRestriction

from tests import factories

PDF = b"%PDF-1.4\n% board minutes: confidential\n%%EOF\n"


@pytest.fixture
def private_collection(db):
    return factories.root_collection().add_child(name="Board papers")


def restrict(collection: Collection, kind: str) -> CollectionViewRestriction:
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=kind,
        password="s3cret-words" if kind == CollectionViewRestriction.PASSWORD else "",
    )
    if kind == CollectionViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get(name="Moderators"))
    return restriction


@pytest.fixture
def report_with_private_pdf(site_tree, private_collection):
    """
    Public pages showing a PDF from a private collection: a report's own PDF and a
    rich-text link on it, and a document block on the section page above it.
    """
    document = factories.DocumentFactory(
        title="Board minutes: merger talks",
        collection=private_collection,
        file__filename="merger-minutes.pdf",
        file__data=PDF,
    )
    document.file_size = len(PDF)
    document.save()
    link = f'<p>Read the <a linktype="document" id="{document.pk}">minutes</a>.</p>'
    report = site_tree["report"]
    report.document = document
    report.body = [
        {"type": "heading", "value": {"text": "Findings", "level": "h2"}},
        {"type": "paragraph", "value": link},
    ]
    report.save_revision().publish()
    section = site_tree["content"]
    section.body = [
        {"type": "document", "value": {"document": document.pk, "title": "Minutes"}},
        {"type": "paragraph", "value": link},
    ]
    section.save_revision().publish()
    return report, document


def leaks(body: str, document) -> list[str]:
    """Whatever of the document's identity appears in an answer."""
    needles = {
        "file name": document.filename,
        "title": document.title,
        "URL": f"/documents/{document.pk}/",
        "storage path": document.file.name,
    }
    return [what for what, needle in needles.items() if needle in body]


RESTRICTIONS = [
    CollectionViewRestriction.LOGIN,
    CollectionViewRestriction.PASSWORD,
    CollectionViewRestriction.GROUPS,
]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", RESTRICTIONS)
def test_public_page_gives_nothing_of_a_private_document(
    client, report_with_private_pdf, private_collection, kind
):
    report, document = report_with_private_pdf
    restrict(private_collection, kind)
    path = "/business-insights/reports/progress-points/"
    answers = {
        "detail": client.get(f"/api/v3/pages/{report.pk}/"),
        "route": client.get("/api/v3/route/", {"path": path}),
        "find": client.get("/api/v3/pages/find/", {"html_path": path}, follow=True),
    }
    for name, response in answers.items():
        assert response.status_code == 200, name
        assert leaks(response.content.decode(), document) == [], name
    detail = answers["detail"].json()
    assert detail["document"] == {"restricted": True}
    paragraph = next(b for b in detail["body"] if b["type"] == "paragraph")
    assert paragraph["value"] == "<p>Read the <a>minutes</a>.</p>"
    # Which headings the PDF holds, and on which page, is its content too.
    assert [(s["page_number"], s["page_url"]) for s in detail["document_sections"]] == [
        (None, None)
    ]
    assert answers["route"].json()["page"]["document"] == {"restricted": True}

    section = client.get("/api/v3/route/", {"path": "/business-insights/"})
    assert section.status_code == 200
    assert leaks(section.content.decode(), document) == []
    body = section.json()["page"]["body"]
    assert body[0]["value"] == {"document": {"restricted": True}, "title": "Minutes"}
    assert body[1]["value"] == "<p>Read the <a>minutes</a>.</p>"


@pytest.mark.django_db
def test_listings_and_search_never_name_a_private_document(
    client, report_with_private_pdf, private_collection
):
    _, document = report_with_private_pdf
    restrict(private_collection, CollectionViewRestriction.LOGIN)
    for url, params in [
        ("/api/v3/pages/", {"type": "reports.ReportPage"}),
        ("/api/v3/pages/", {}),
        ("/api/v3/search/", {"q": "progress"}),
        ("/api/v3/search/", {"q": "confidential"}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200, url
        assert leaks(response.content.decode(), document) == [], (url, params)


@pytest.mark.django_db
def test_a_restriction_added_or_lifted_changes_cached_answers(
    client, report_with_private_pdf, private_collection
):
    report, document = report_with_private_pdf
    url = f"/api/v3/pages/{report.pk}/"
    public = client.get(url).json()["document"]
    assert public["restricted"] is False
    assert public["filename"] == document.filename
    assert client.get(url)["X-Cache"] == "HIT"

    restriction = restrict(private_collection, CollectionViewRestriction.LOGIN)
    assert client.get(url).json()["document"] == {"restricted": True}

    restriction.delete()
    assert client.get(url).json()["document"]["id"] == document.pk


@pytest.mark.django_db
def test_a_sub_collection_of_a_private_one_is_private(client, site_tree, private_collection):
    restrict(private_collection, CollectionViewRestriction.LOGIN)
    inner = private_collection.add_child(name="2026")
    document = factories.DocumentFactory(collection=inner)
    report = site_tree["report"]
    report.document = document
    report.save_revision().publish()
    assert client.get(f"/api/v3/pages/{report.pk}/").json()["document"] == {"restricted": True}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", RESTRICTIONS)
def test_the_serve_view_asks_before_sending_a_private_file(
    client, report_with_private_pdf, private_collection, kind
):
    _, document = report_with_private_pdf
    restrict(private_collection, kind)
    response = client.get(f"/documents/{document.pk}/{document.filename}")
    assert PDF not in b"".join(getattr(response, "streaming_content", [response.content]))
    if kind == CollectionViewRestriction.PASSWORD:
        assert response.status_code == 200  # the password form, not the file
        assert response["Content-Type"].startswith("text/html")
    else:
        assert response.status_code == 302
        assert "next=" in response["Location"]


@pytest.mark.django_db
def test_a_permitted_visitor_gets_the_file(client, report_with_private_pdf, private_collection):
    from django.contrib.auth import get_user_model

    _, document = report_with_private_pdf
    restrict(private_collection, CollectionViewRestriction.LOGIN)
    client.force_login(get_user_model().objects.create_user("reader", password="x"))
    response = client.get(f"/documents/{document.pk}/{document.filename}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"


def test_documents_are_served_only_by_wagtails_view():
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


@pytest.fixture
def development_urls():
    """The URL map as ``manage.py runserver`` builds it (DEBUG on)."""
    import cms.urls

    with override_settings(DEBUG=True):
        importlib.reload(cms.urls)
        clear_url_caches()
        yield
    importlib.reload(cms.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_development_never_serves_documents_from_media(
    client, development_urls, report_with_private_pdf, private_collection
):
    _, document = report_with_private_pdf
    restrict(private_collection, CollectionViewRestriction.LOGIN)
    assert Path(document.file.path).is_file()
    response = client.get(f"{settings.MEDIA_URL}{document.file.name}")
    assert response.status_code == 404
    assert client.get(f"{settings.MEDIA_URL}documents/../documents/x.pdf").status_code == 404


@pytest.mark.django_db
def test_development_serves_images_with_safe_headers(client, development_urls):
    image = factories.ImageFactory(file__filename="cover.png")
    response = client.get(f"{settings.MEDIA_URL}{image.file.name}")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.get("Content-Disposition", "").startswith("attachment")


@pytest.mark.django_db
def test_development_sends_svg_images_as_sandboxed_attachments(client, development_urls):
    svg = Path(settings.MEDIA_ROOT) / "original_images" / "logo.svg"
    svg.parent.mkdir(parents=True, exist_ok=True)
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    response = client.get(f"{settings.MEDIA_URL}original_images/logo.svg")
    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_schema_names_the_restricted_variant(client):
    schema = client.get("/api/v3/openapi.json").json()
    restricted = schema["components"]["schemas"]["RestrictedDocument"]
    assert restricted["required"] == ["restricted"]
    assert restricted["properties"]["restricted"]["const"] is True
    report = json.dumps(schema["components"]["schemas"]["ReportPageDetail"])
    assert "RestrictedDocument" in report
