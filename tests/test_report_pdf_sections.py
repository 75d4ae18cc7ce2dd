"""
A report's detail says on which page of its PDF each heading of its body is, from the
PDF's text extracted for search: the front end's "open at page N" links need no search.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from demo.content import report as demo_report
from reports.models import ReportPage
from search.models import DocumentPage
from search.sections import locate
from tests import factories
from tests.test_search_documents import make_pdf, upload

DEMO_PAGES = {
    "Inside the report": 2,  # also the table of contents, naming the others
    "Our challenges": 3,
    "Where will we see meaningful change?": 4,  # repeated on page 5
    "Regional thinking": 6,
    " ".join(demo_report.REGIONAL_THINKING_QUESTIONS): 6,
    "A snapshot of the Greater Hartford region": 8,
}


def detail(client, page):
    response = client.get(f"/api/v3/pages/{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
def test_the_demo_reports_headings_have_their_pdf_pages(client, demo):
    report = ReportPage.objects.get(
        slug="metro-hartford-progress-points-third-edition", locale__language_code="en"
    )
    assert DocumentPage.objects.filter(document=report.document).count() == 8
    data = detail(client, report)

    sections = data["document_sections"]
    headings = [block for block in data["body"] if block["type"] == "heading"]
    assert [s["block_id"] for s in sections] == [block["id"] for block in headings]
    assert [s["text"] for s in sections] == [block["value"]["text"] for block in headings]
    assert [s["level"] for s in sections] == [block["value"]["level"] for block in headings]
    assert {s["text"]: s["page_number"] for s in sections} == DEMO_PAGES
    for section in sections:
        assert section["page_url"] == f"{data['document']['url']}#page={section['page_number']}"


@pytest.mark.django_db
def test_spanish_headings_are_not_in_the_english_pdf(client, demo):
    report = ReportPage.objects.get(
        slug="metro-hartford-progress-points-third-edition", locale__language_code="en"
    )
    spanish = report.get_translation(Locale.objects.get(language_code="es"))
    sections = detail(client, spanish)["document_sections"]
    assert len(sections) == len(DEMO_PAGES)
    assert all(s["page_number"] is None and s["page_url"] is None for s in sections)


# --- matching ------------------------------------------------------------------------


def test_case_accents_punctuation_and_line_breaks_do_not_matter():
    pages = [(1, "Cover"), (2, "Intro text.\nEDUCACIÓN Y\nempleo:\nmore text"), (3, "x")]
    assert locate(pages, ["Educación y empleo", "educacion  y, EMPLEO!"]) == [2, 2]


def test_a_heading_as_a_line_beats_a_mention_in_the_text():
    pages = [
        (1, "We discuss job growth at length later."),
        (2, "Some text\nJob growth\nThe region added jobs."),
    ]
    assert locate(pages, ["Job growth"]) == [2]


def test_a_table_of_contents_counts_only_when_the_heading_is_nowhere_else():
    contents = "Contents\nOur challenges\nJob growth\nRegional thinking\nForeword"
    pages = [
        (1, contents),
        (2, "Our challenges\n..."),
        (3, "Job growth\n..."),
        (4, "Regional thinking\n..."),
    ]
    assert locate(pages, ["Our challenges", "Job growth", "Regional thinking", "Foreword"]) == [
        2,
        3,
        4,
        1,
    ]


def test_words_missing_or_only_partly_present_give_none():
    pages = [(1, "Regional planning"), (2, "thinking about it")]
    assert locate(pages, ["Regional thinking", "", "Nuestros desafíos"]) == [None, None, None]
    assert locate([], ["Anything"]) == [None]


# --- a report's own PDF, and the cache ---------------------------------------------------


@pytest.mark.django_db
def test_the_pages_follow_the_pdf_when_its_text_is_extracted(
    client, home, django_capture_on_commit_callbacks
):
    reports = factories.ReportIndexPageFactory(parent=home, slug="reports")
    reports.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(make_pdf(["Cover", "Jobs and wages", "Methodology"]))
    report = factories.ReportPageFactory(
        parent=reports,
        slug="progress-points",
        document=document,
        body=[
            ("heading", {"text": "Jobs and wages", "level": "h2"}),
            ("heading", {"text": "Methodology", "level": "h3"}),
        ],
    )
    report.save_revision().publish()
    assert [s["page_number"] for s in detail(client, report)["document_sections"]] == [2, 3]
    assert client.get(f"/api/v3/pages/{report.pk}/")["X-Cache"] == "HIT"

    # A new file: its text is read in a task after the upload; the cached detail goes
    # stale when the text arrives, not only when the file is saved.
    with django_capture_on_commit_callbacks(execute=True):
        upload(make_pdf(["Methodology", "Cover", "Jobs and wages"]), document=document)
    assert [s["page_number"] for s in detail(client, report)["document_sections"]] == [3, 1]


@pytest.mark.django_db
def test_no_document_no_sections(client, site_tree):
    report = site_tree["report"]
    report.body = [("heading", {"text": "Findings", "level": "h2"})]
    report.document = None
    report.save_revision().publish()
    assert detail(client, report)["document_sections"] == []


@pytest.mark.django_db
def test_a_document_not_read_yet_gives_null_pages(client, site_tree):
    report = site_tree["report"]
    report.body = [("heading", {"text": "Findings", "level": "h2"})]
    report.document = factories.DocumentFactory(title="Not extracted")
    report.save_revision().publish()
    (section,) = detail(client, report)["document_sections"]
    assert section["page_number"] is None and section["page_url"] is None


@pytest.mark.django_db
def test_the_pdf_text_is_read_once_for_the_same_file_and_headings(client, demo, settings):
    report = ReportPage.objects.get(
        slug="metro-hartford-progress-points-third-edition", locale__language_code="en"
    )
    settings.API_CACHE = {**getattr(settings, "API_CACHE", {}), "ENABLED": False}
    with CaptureQueriesContext(connection) as first:
        expected = detail(client, report)["document_sections"]
    with CaptureQueriesContext(connection) as second:
        assert detail(client, report)["document_sections"] == expected
    reads = [q for q in first.captured_queries if "search_documentpage" in q["sql"]]
    assert len(reads) == 1
    assert not [q for q in second.captured_queries if "search_documentpage" in q["sql"]]

    # Changed headings are a new question.
    body = report.body.raw_data
    heading = next(block for block in body if block["type"] == "heading")
    heading["value"]["text"] = "Regional thinking"
    report.body = body
    report.save_revision().publish()
    sections = detail(client, report)["document_sections"]
    assert sections[0]["text"] == "Regional thinking" and sections[0]["page_number"] == 6
