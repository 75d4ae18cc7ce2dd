"""Initiatives in the content API."""

from cms.api import pages as f
from cms.api import schemas
from cms.api.pages import PageAPI, register

from .models import InitiativeIndexPage, InitiativePage


@register
class InitiativeIndexPageAPI(PageAPI):
    model = InitiativeIndexPage
    fields = f.index_fields(InitiativeIndexPage)


@register
class InitiativePageAPI(PageAPI):
    model = InitiativePage
    search_kind = "initiative"
    fields = {
        "goal": f.text("goal", "The initiative's goal in one sentence."),
        "summary": f.text("summary"),
        "hero_image": f.image("hero_image"),
        "body": f.stream(InitiativePage, "body"),
        "priorities": f.stream(InitiativePage, "priorities"),
        "key_figures": f.stream(InitiativePage, "key_figures"),
        "partners": f.related_snippets(
            InitiativePage, "partners", "organisation", schemas.Organisation
        ),
        "related_industries": f.related_pages(InitiativePage, "related_industries", "industry"),
        "related_reports": f.related_pages(InitiativePage, "related_reports", "report"),
        "contact_person": f.snippet("contact_person", schemas.Person),
        "website": f.text("website"),
        "tags": f.tags(),
    }

    @classmethod
    def search_facets(cls, page):
        from industries.models import IndustryRelatedInitiative

        # Related both ways: the initiative names an industry, or the industry it.
        industries = [r.industry for r in page.related_industries.select_related("industry")]
        industries += [
            r.page
            for r in IndustryRelatedInitiative.objects.filter(initiative=page).select_related(
                "page"
            )
        ]
        return {"initiative": [page], "industry": industries}
