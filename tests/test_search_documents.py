"""
The words inside report PDFs: extracted page by page in a background task on upload
and on file replacement, searchable with the PDF page number; bad PDFs get a status
and never break an upload.
"""

import io

import pytest
from django.core.files.base import ContentFile
from fpdf import FPDF
from pypdf import PdfWriter
from wagtail.documents import get_document_model

from search.models import DocumentPage, DocumentText
from tests import factories

URL = "/api/v3/search/"


def make_pdf(pages: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for words in pages:
        pdf.add_page()
        if words:
            pdf.multi_cell(0, 8, words)
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(data: bytes, name: str = "report.pdf", document=None):
    document = document or get_document_model()(
        title="Progress Points full report", collection=factories.root_collection()
    )
    document.file = ContentFile(data, name=name)
    document._set_document_file_metadata()
    document.save()
    return document


@pytest.fixture
def report(home, django_capture_on_commit_callbacks):
    reports = factories.ReportIndexPageFactory(parent=home, slug="reports")
    reports.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(
            make_pdf(
                [
                    "Progress Points: a check-up of the Greater Hartford region.",
                    "Jobs and wages in the region.",
                    "Methodology: the Quarterly Census of Employment and Wages (QCEW).",
                ]
            )
        )
    page = factories.ReportPageFactory(
        parent=reports, title="Progress Points", slug="progress-points", document=document
    )
    # The worker writes the PDF's pages once the publish commits.
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_a_word_only_in_the_pdf_finds_the_report_and_the_page_number(client, report):
    data = client.get(URL, {"q": "qcew"}).json()
    assert data["total"] == 1
    hit = data["results"][0]
    assert hit["kind"] == "document"
    assert hit["id"] == report.pk
    assert hit["path"] == "/reports/progress-points/"
    assert hit["document"]["page_number"] == 3
    assert hit["document"]["url"].endswith(".pdf")
    assert hit["document"]["page_url"].endswith(".pdf#page=3")
    assert "<mark>QCEW</mark>" in hit["excerpt"]
    facets = {item["value"]: item["count"] for item in data["facets"]["type"]}
    assert facets == {"document": 1}


@pytest.mark.django_db
def test_a_pdf_counts_once_however_many_of_its_pages_match(client, report):
    # "wages" is on two pages of the PDF: one result, the PDF.
    data = client.get(URL, {"q": "wages"}).json()
    assert [(hit["kind"], hit["id"]) for hit in data["results"]] == [("document", report.pk)]
    assert data["total"] == 1
    # "progress" is on the page and on the PDF's first page: the report and its PDF are
    # two results, each counted under its kind.
    data = client.get(URL, {"q": "progress"}).json()
    assert [hit["kind"] for hit in data["results"]] == ["report", "document"]
    assert data["total"] == 2
    facets = {item["value"]: item["count"] for item in data["facets"]["type"]}
    assert facets == {"report": 1, "document": 1}
    only_pdf = client.get(URL, {"q": "progress", "type": "document"}).json()
    assert only_pdf["total"] == 1
    assert only_pdf["results"][0]["document"]["page_number"] == 1


@pytest.mark.django_db
def test_extraction_status_and_pages_are_stored(report):
    status = DocumentText.objects.get(document=report.document)
    assert status.status == "ok"
    assert status.page_count == 3
    assert DocumentPage.objects.filter(document=report.document).count() == 3


@pytest.mark.django_db
def test_replacing_the_file_reindexes_it(client, report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(make_pdf(["Aerospace supply chains."]), document=report.document)
    assert client.get(URL, {"q": "qcew"}).json()["total"] == 0
    hit = client.get(URL, {"q": "supply"}).json()["results"][0]
    assert hit["document"]["page_number"] == 1


@pytest.mark.django_db
def test_saving_without_a_new_file_does_not_extract_again(
    report, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []
    monkeypatch.setattr("search.documents.enqueue_extraction", calls.append)
    document = report.document
    with django_capture_on_commit_callbacks(execute=True):
        document.title = "Renamed"
        document.save()
    assert calls == []
    with django_capture_on_commit_callbacks(execute=True):
        upload(make_pdf(["New words."]), document=document)
    assert calls == [document.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "name", "status"),
    [
        (make_pdf(["", ""]), "scan.pdf", "no_text"),
        (encrypted_pdf(), "locked.pdf", "encrypted"),
        (b"%PDF-1.4\nthis is not really a pdf\n%%EOF\n", "broken.pdf", "failed"),
        (b"\x00\x01garbage", "garbage.pdf", "failed"),
        (b"a,b\n1,2\n", "table.csv", "unsupported"),
    ],
)
def test_bad_pdfs_get_a_status_and_still_upload(
    home, django_capture_on_commit_callbacks, data, name, status
):
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(data, name=name)
    assert get_document_model().objects.filter(pk=document.pk).exists()
    record = DocumentText.objects.get(document=document)
    assert record.status == status
    if status in {"no_text", "encrypted", "failed"}:
        assert record.message
    assert not DocumentPage.objects.filter(document=document).exists()


@pytest.mark.django_db
def test_admin_shows_the_extraction_status(admin_client, report):
    response = admin_client.get("/admin/search-reports/documents/")
    assert response.status_code == 200
    assert b"Progress Points full report" in response.content
    assert b"Text extracted; searchable" in response.content
    response = admin_client.get("/admin/search-reports/documents/?q=progress")
    assert response.status_code == 200
    response = admin_client.get("/admin/search-reports/popular/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_unpublished_report_hides_its_pdf(client, report):
    report.unpublish()
    assert client.get(URL, {"q": "qcew"}).json()["total"] == 0


@pytest.mark.django_db
def test_a_pdf_in_a_private_collection_is_not_found(client, report):
    from wagtail.models import Collection, CollectionViewRestriction

    private = factories.root_collection().add_child(name="Board papers")
    document = report.document
    document.collection = Collection.objects.get(pk=private.pk)
    document.save()
    assert client.get(URL, {"q": "qcew"}).json()["total"] == 1  # not private yet (cached)
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert client.get(URL, {"q": "qcew"}).json()["total"] == 0
    # The report page itself is public and still found by its own words.
    assert client.get(URL, {"q": "progress"}).json()["total"] == 1


# The language of a PDF -------------------------------------------------------------------


def test_the_language_of_a_text_is_told_by_its_function_words():
    from search.text import detect_language

    assert detect_language("Jobs and wages in the region, as measured by the census.") == "en"
    assert detect_language("Los empleos y los salarios de la región, según el censo.") == "es"
    assert detect_language("Hartford 2016 QCEW") is None  # too little to tell


@pytest.fixture
def spanish_report(report, django_capture_on_commit_callbacks):
    from wagtail.models import Locale

    spanish, _ = Locale.objects.get_or_create(language_code="es")
    translation = report.copy_for_translation(spanish, copy_parents=True)
    translation.title = "Puntos de progreso"
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_revision().publish()
        # The parents copied along are published too, as an editor would.
        for page in translation.get_ancestors().filter(depth__gt=1, alias_of=None).specific():
            page.save_revision().publish()
    return translation


@pytest.mark.django_db
def test_the_english_pdf_of_a_spanish_page_is_stemmed_as_english(client, report, spanish_report):
    from search.models import Entry

    pdf_entries = Entry.objects.filter(page=spanish_report, kind="document")
    assert pdf_entries.count() == 3
    assert {entry.language for entry in pdf_entries} == {"en"}
    assert {entry.locale.language_code for entry in pdf_entries} == {"es"}
    # "wages" is "wage" in English; a Spanish stemmer would have made it "wag".
    assert "wage" in pdf_entries.get(pdf_page=2).terms.split()
    # The Spanish page's own entry is still Spanish.
    assert Entry.objects.get(page=spanish_report, kind="report").language == ""

    data = client.get(URL, {"q": "wages", "locale": "es"}).json()
    assert [hit["id"] for hit in data["results"]] == [spanish_report.pk]
    hit = data["results"][0]
    assert hit["kind"] == "document"
    assert hit["path"].startswith("/es/")
    assert "<mark>wages</mark>" in hit["excerpt"]
    # Spanish words still match Spanish text: the page's own title.
    assert client.get(URL, {"q": "progreso", "locale": "es"}).json()["total"] == 1
    # And English searches are unchanged.
    english = client.get(URL, {"q": "wages", "locale": "en"}).json()
    assert [hit["id"] for hit in english["results"]] == [report.pk]
