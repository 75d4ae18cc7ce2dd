"""Industry profiles in the content API."""

from ninja import Schema

from cms.api import pages as f
from cms.api.pages import PageAPI, Spec, register

from .models import IndustryIndexPage, IndustryProfilePage


class MajorEmployer(Schema):
    name: str
    regional_employees: int | None
    website: str


def major_employers() -> Spec:
    def get(ctx, page):
        return [
            {"name": e.name, "regional_employees": e.regional_employees, "website": e.website}
            for e in f.related(ctx, page, "major_employers")
        ]

    return Spec(
        list[MajorEmployer], get, source="major_employers", related=(("major_employers", ()),)
    )


@register
class IndustryIndexPageAPI(PageAPI):
    model = IndustryIndexPage
    fields = f.index_fields(IndustryIndexPage)


@register
class IndustryProfilePageAPI(PageAPI):
    model = IndustryProfilePage
    search_kind = "industry"
    fields = {
        "sector_summary": f.text("sector_summary"),
        "hero_image": f.image("hero_image"),
        "key_figures": f.stream(IndustryProfilePage, "key_figures"),
        "strengths": f.stream(IndustryProfilePage, "strengths"),
        "major_employers": major_employers(),
        "body": f.stream(IndustryProfilePage, "body"),
        "related_initiatives": f.related_pages(
            IndustryProfilePage, "related_initiatives", "initiative"
        ),
        "related_reports": f.related_pages(IndustryProfilePage, "related_reports", "report"),
        "tags": f.tags(),
    }

    @classmethod
    def search_facets(cls, page):
        from initiatives.models import InitiativeRelatedIndustry

        # Related both ways: the industry names an initiative, or the initiative it.
        initiatives = [r.initiative for r in page.related_initiatives.select_related("initiative")]
        initiatives += [
            r.page
            for r in InitiativeRelatedIndustry.objects.filter(industry=page).select_related("page")
        ]
        return {"industry": [page], "initiative": initiatives}
