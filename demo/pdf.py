"""
The full report of Metro Hartford Progress Points (third edition) as a PDF.

Made with fpdf2's core Helvetica font, so typographic characters are transliterated
to Latin-1. The PDF restates the report's words from ``content.report`` and adds one
page the web page does not have, "Methodology and sources", whose distinctive term
(``PDF_ONLY_TERM``) appears nowhere in the site's page text: a search that finds it
must have searched inside the document.
"""

import datetime
import io
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .content import report
from .content.snippets import ORGANISATIONS, REPORT_ORGANISATIONS

PDF_ONLY_TERM = "QCEW"
PDF_ONLY_TERM_PAGE = 7  # 1-based page number of "Methodology and sources"
PDF_PAGE_COUNT = 8
FILENAME = "metro-hartford-progress-points-third-edition.pdf"

# Fixed, so that the same content always gives the same bytes (and file hash).
CREATION_DATE = datetime.datetime(2016, 6, 1, 9, 0, tzinfo=datetime.UTC)

NAVY = (14, 38, 78)
TEAL = (0, 110, 116)
GREY = (90, 90, 90)

TRANSLITERATION = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "\u00a0": " ",
    }
)

METHODOLOGY = [
    "Progress Points is a check-up, not a scorecard: it brings together indicators that "
    "describe how the Greater Hartford region is doing and where it is changing, so that "
    "residents and leaders can discuss the same facts.",
    "Regional indicators of this kind rest on public statistics. Employment and wage "
    "measures come from the Quarterly Census of Employment and Wages (QCEW) of the U.S. "
    "Bureau of Labor Statistics, which counts the jobs and pay that employers report for "
    "unemployment insurance. Measures of population, educational attainment, income and "
    "commuting come from the U.S. Census Bureau's American Community Survey, whose "
    "multi-year estimates make it possible to compare smaller towns reliably.",
    "Because the QCEW is based on employer records and the American Community Survey on "
    "household responses, the two can differ for the same place and year; each indicator "
    "names its source.",
    "The counts on the previous page are taken directly from the lists in this report.",
]

DEMO_NOTE = (
    "This PDF was generated for the demonstration site of the MetroHartford Alliance "
    "content platform. It restates the report's themes, challenges and findings; it does "
    "not reproduce the original report's data tables."
)


def _latin1(text: str) -> str:
    text = text.translate(TRANSLITERATION)
    text.encode("latin-1")  # Fails loudly on a character the core fonts lack.
    return text


class ReportPDF(FPDF):
    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.set_text_color(*GREY)
        self.cell(
            0,
            10,
            _latin1(f"{report.TITLE} - {report.EDITION}"),
            align="L",
        )
        self.set_x(self.l_margin)
        self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="R")

    # Helpers ---------------------------------------------------------------------

    def heading(self, text, size=20, colour=NAVY):
        self.set_font("Helvetica", "B", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)

    def subheading(self, text):
        self.heading(text, size=13, colour=TEAL)

    def para(self, text, style="", size=11):
        self.set_font("Helvetica", style, size)
        self.set_text_color(20, 20, 20)
        self.multi_cell(0, 6, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)

    def bullet(self, text):
        self.set_font("Helvetica", size=11)
        self.set_text_color(20, 20, 20)
        self.cell(6, 6, "-")
        self.multi_cell(0, 6, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)


def _cover(pdf):
    pdf.add_page()
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, pdf.w, 120, style="F")
    pdf.set_xy(pdf.l_margin, 40)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("Helvetica", "B", 32)
    pdf.multi_cell(0, 14, _latin1(report.TITLE), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 15)
    pdf.multi_cell(0, 8, _latin1(report.SUBTITLE), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_xy(pdf.l_margin, 135)
    pdf.heading(f"{report.EDITION}: full report", size=18)
    pdf.para("Developed by a group of key regional stakeholders.")
    pdf.para("Themes: " + ", ".join(report.THEMES) + ".")
    pdf.set_y(-60)
    pdf.para(DEMO_NOTE, style="I", size=9)


def _inside(pdf):
    pdf.add_page()
    pdf.heading("Inside the report")
    for text in report.INTRO:
        pdf.para(text)
    pdf.subheading("Themes")
    for theme in report.THEMES:
        pdf.bullet(theme)
    pdf.ln(4)
    pdf.subheading("Contents")
    for number, title in enumerate(
        [
            "Our challenges",
            "Where will we see meaningful change? The Next Generation",
            "Where will we see meaningful change? Job Growth",
            "Regional thinking",
            "Methodology and sources",
            "A snapshot of the Greater Hartford region",
        ],
        start=1,
    ):
        pdf.bullet(f"{number}. {title}")


def _challenges(pdf):
    pdf.add_page()
    pdf.heading("Our challenges")
    for number, (question, finding, detail) in enumerate(report.CHALLENGES, start=1):
        pdf.subheading(f"Challenge {number}: {question}")
        pdf.para(f"Finding: {finding}", style="B")
        pdf.para(detail)
    pdf.para(report.FULL_REPORT_NOTE.replace("from this page", "from the report page"))


def _where_change(pdf, theme):
    pdf.add_page()
    pdf.heading("Where will we see meaningful change?")
    pdf.heading(theme, size=16, colour=TEAL)
    for item_theme, focus, items in report.WHERE_CHANGE:
        if item_theme != theme:
            continue
        pdf.subheading(focus)
        for item in items:
            pdf.bullet(item)
        pdf.ln(3)


def _regional_thinking(pdf):
    pdf.add_page()
    pdf.heading("Regional thinking")
    pdf.subheading(" ".join(report.REGIONAL_THINKING_QUESTIONS))
    for text in report.REGIONAL_THINKING:
        pdf.para(text)
    pdf.ln(2)
    pdf.subheading(report.TABLE_TITLE)
    widths = [45, 95, 35]
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_fill_color(230, 236, 242)
    for width, (_kind, text) in zip(widths, report.TABLE_COLUMNS, strict=True):
        pdf.cell(width, 8, _latin1(text), border=1, fill=True)
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 10)
    for row in report.TABLE_ROWS:
        for width, value in zip(widths, row, strict=True):
            align = "R" if isinstance(value, int) else "L"
            pdf.cell(width, 8, _latin1(str(value)), border=1, align=align)
        pdf.ln(8)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(widths[0] + widths[1], 8, "Total", border=1)
    pdf.cell(widths[2], 8, str(report.WHERE_CHANGE_COUNT), border=1, align="R")
    pdf.ln(12)
    pdf.para(
        f"Challenges examined in this edition: {len(report.CHALLENGES)}. "
        f"Examples of meaningful change listed: {report.WHERE_CHANGE_COUNT}."
    )


def _methodology(pdf):
    pdf.add_page()
    pdf.heading("Methodology and sources")
    for text in METHODOLOGY:
        pdf.para(text)


def _snapshot(pdf):
    pdf.add_page()
    pdf.heading("A snapshot of the Greater Hartford region")
    for text in report.SNAPSHOT:
        pdf.para(text)
    pdf.ln(2)
    pdf.para(f'"{report.CLOSING_QUOTE}"', style="B", size=14)
    pdf.ln(4)
    pdf.subheading("Organisations named in this report")
    names = {org.key: org.lookup for org in ORGANISATIONS}
    for key in REPORT_ORGANISATIONS:
        pdf.bullet(names[key])


def build_pdf() -> bytes:
    """The full report, as PDF bytes."""
    pdf = ReportPDF(format="letter")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_creation_date(CREATION_DATE)
    pdf.set_title(_latin1(report.DOCUMENT_TITLE))
    pdf.set_author("MetroHartford Alliance")
    pdf.set_subject(_latin1(report.SUBTITLE))
    pdf.set_lang("en-US")

    _cover(pdf)
    _inside(pdf)
    _challenges(pdf)
    _where_change(pdf, "The Next Generation")
    _where_change(pdf, "Job Growth")
    _regional_thinking(pdf)
    _methodology(pdf)
    _snapshot(pdf)
    if pdf.page_no() != PDF_PAGE_COUNT:
        raise RuntimeError(f"The report PDF has {pdf.page_no()} pages, not {PDF_PAGE_COUNT}.")

    buffer = io.BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()


def get_or_create_document(title: str, collection) -> tuple[Any, str]:
    """
    The report's Wagtail document, found by title; returns it and what was done
    ("created", "updated" or "unchanged"). The file is replaced only when the generated
    PDF differs from the stored one.
    """
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.utils.file import hash_filelike

    data = build_pdf()
    new_hash = hash_filelike(io.BytesIO(data))
    document_model = get_document_model()
    document = document_model.objects.filter(title=title).first()
    created = document is None
    if created:
        document = document_model(title=title, collection=collection)
    elif document.file_hash == new_hash:
        return document, "unchanged"
    document.file = ContentFile(data, name=FILENAME)
    document._set_document_file_metadata()
    document.save()
    return document, "created" if created else "updated"
