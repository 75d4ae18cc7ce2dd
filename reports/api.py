"""Reports in the content API."""

from typing import Literal

from ninja import Schema
from pydantic import Field

from cms.api import pages as f
from cms.api import schemas, serializers
from cms.api.context import object_tag
from cms.api.pages import PageAPI, Spec, register
from search.sections import located, sections_key

from .models import ReportIndexPage, ReportPage


class ReportOrganisationEntry(Schema):
    role: Literal["sponsor", "partner"]
    organisation: schemas.Organisation


def organisations() -> Spec:
    def get(ctx, page):
        return [
            {"role": item.role, "organisation": serializers.snippet(ctx, item.organisation)}
            for item in f.related(ctx, page, "organisations", "organisation")
        ]

    return Spec(
        list[ReportOrganisationEntry],
        get,
        description="Sponsors and partners, in the editor's order.",
        source="organisations",
        related=(("organisations", ("organisation",)),),
    )


class ReportDocumentSection(Schema):
    """One heading of the report's body and the page of its PDF where that section is."""

    block_id: str = Field(description="The `id` of the heading block in `body`.")
    text: str = Field(description="The heading's words.")
    level: Literal["h2", "h3", "h4"]
    page_number: int | None = Field(
        description="The PDF page (1-based) where the heading is; null when its words "
        "are not in the PDF's text (another language, a PDF without text, not read yet)."
    )
    page_url: str | None = Field(description="The PDF's URL opened at that page (#page=N).")


def document_sections() -> Spec:
    def get(ctx, page):
        headings = [
            block
            for block in page.body
            if block.block_type == "heading" and (block.value.get("text") or "").strip()
        ]
        document = page.document
        if document is None or not headings:
            return []
        # Extracting the PDF's text (in a task, after an upload) touches the document's
        # tag, so a detail built before the text was there does not stay cached.
        ctx.depends_on(object_tag(document))
        shown = serializers.document(ctx, document)
        sections = [
            {
                "block_id": block.id or "",
                "text": block.value["text"],
                "level": block.value.get("level") or "h2",
                "page_number": None,
                "page_url": None,
            }
            for block in headings
        ]
        if shown is None or shown["restricted"]:
            # Which headings a private PDF holds, and where, is its content too.
            return sections
        texts = [block.value["text"] for block in headings]
        url = shown["url"]

        def fill(found: list[int | None] | None) -> None:
            numbers = located(document, texts, found)
            for section, number in zip(sections, numbers, strict=True):
                section["page_number"] = number
                section["page_url"] = f"{url}#page={number}" if number else None

        # Read from the cache with the answer's images, in one round trip.
        ctx.read_cached(sections_key(document, texts), fill)
        return sections

    return Spec(
        list[ReportDocumentSection],
        get,
        select=("document",),
        description="Every heading of `body`, in order, with the page of `document` (the "
        "PDF) where it is, found in the PDF's text: for “open at page N” links. Empty "
        "without a document.",
    )


def figures_download() -> Spec:
    def get(ctx, page):
        from indicators.downloads import figures_url

        if page.pk is None or not any(
            block.block_type in ("data_table", "indicator") for block in page.body
        ):
            return None
        return figures_url(page.pk)

    return Spec(
        str | None,
        get,
        description="The API path of a ZIP of the report's figures (its data tables and "
        "indicators, with a Frictionless datapackage.json); null when it has none.",
    )


@register
class ReportIndexPageAPI(PageAPI):
    model = ReportIndexPage
    fields = f.index_fields(ReportIndexPage)


@register
class ReportPageAPI(PageAPI):
    model = ReportPage
    search_kind = "report"
    fields = {
        "report_type": f.choice(ReportPage, "report_type"),
        "edition": f.text("edition"),
        "publication_date": f.date("publication_date"),
        "summary": f.text("summary"),
        "document": f.document("document"),
        "cover_image": f.image("cover_image"),
        "themes": f.related_snippets(ReportPage, "report_themes", "theme", schemas.Theme),
        "body": f.stream(ReportPage, "body"),
        "figures_download": figures_download(),
        "document_sections": document_sections(),
        "organisations": organisations(),
        "related_initiatives": f.related_pages(ReportPage, "related_initiatives", "initiative"),
        "related_industries": f.related_pages(ReportPage, "related_industries", "industry"),
    }

    @classmethod
    def search_facets(cls, page):
        from industries.models import IndustryRelatedReport
        from initiatives.models import InitiativeRelatedReport

        # Related both ways: the report names an industry, or the industry the report.
        industries = [r.industry for r in page.related_industries.select_related("industry")]
        industries += [
            r.page for r in IndustryRelatedReport.objects.filter(report=page).select_related("page")
        ]
        initiatives = [r.initiative for r in page.related_initiatives.select_related("initiative")]
        initiatives += [
            r.page
            for r in InitiativeRelatedReport.objects.filter(report=page).select_related("page")
        ]
        return {
            "report_type": {page.report_type},
            "theme": [item.theme for item in page.report_themes.select_related("theme")],
            "industry": industries,
            "initiative": initiatives,
        }
