"""Reports in the content API."""

from typing import Literal

from ninja import Schema

from cms.api import pages as f
from cms.api import schemas, serializers
from cms.api.pages import PageAPI, Spec, register

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
    )


@register
class ReportIndexPageAPI(PageAPI):
    model = ReportIndexPage
    fields = f.index_fields(ReportIndexPage)


@register
class ReportPageAPI(PageAPI):
    model = ReportPage
    date_field = "publication_date"
    fields = {
        "report_type": f.choice(ReportPage, "report_type"),
        "edition": f.text("edition"),
        "publication_date": f.date("publication_date"),
        "summary": f.text("summary"),
        "document": f.document("document"),
        "cover_image": f.image("cover_image"),
        "themes": f.related_snippets(ReportPage, "report_themes", "theme", schemas.Theme),
        "body": f.stream(ReportPage, "body"),
        "organisations": organisations(),
        "related_initiatives": f.related_pages(ReportPage, "related_initiatives", "initiative"),
        "related_industries": f.related_pages(ReportPage, "related_industries", "industry"),
    }
