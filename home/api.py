"""The home page and content pages in the content API."""

from cms.api import pages as f
from cms.api.pages import PageAPI, register

from .models import ContentPage, HomePage


@register
class HomePageAPI(PageAPI):
    model = HomePage
    fields = {
        "hero_heading": f.text("hero_heading"),
        "hero_intro": f.text("hero_intro"),
        "hero_image": f.image("hero_image"),
        "mission_heading": f.text("mission_heading"),
        "mission_statement": f.rich_text("mission_statement"),
        "featured_initiatives": f.related_pages(HomePage, "featured_initiatives", "initiative"),
        "featured_reports": f.related_pages(HomePage, "featured_reports", "report"),
        "featured_industries": f.related_pages(HomePage, "featured_industries", "industry"),
        "region_heading": f.text("region_heading"),
        "region_at_a_glance": f.stream(HomePage, "region_at_a_glance"),
        "newsletter_heading": f.text("newsletter_heading"),
        "newsletter_text": f.text("newsletter_text"),
        "body": f.stream(HomePage, "body"),
    }


@register
class ContentPageAPI(PageAPI):
    model = ContentPage
    fields = {
        "intro": f.text("intro"),
        "hero_image": f.image("hero_image"),
        "body": f.stream(ContentPage, "body"),
        **f.children_fields(),
    }
