"""
A page type is declared once: one model and one ``PageAPI`` spec. From those alone it
appears in the API's schema, as a card in listings, in its detail and in site search,
and Wagtail's own API (``api_fields``) offers the same fields.

The test builds an "event" page type of its own (its table made and dropped here), as a
developer adding one would, without touching any list elsewhere.
"""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.test import Client
from wagtail.models import Page

from cms.api import pages as f
from cms.api.pages import REGISTRY, PageAPI, detail_union, page_type_names, register
from cms.core.models import BasePage
from search import indexer
from search.models import Entry
from tests import factories

APP_LABEL = "home"  # an installed app's label, so Wagtail treats it as any other type


@pytest.fixture(scope="module")
def event_page_type(django_db_setup, django_db_blocker):
    class EventPage(BasePage):
        card_summary_fields = ("teaser",)
        card_date_field = "starts_on"

        teaser = models.TextField(blank=True)
        starts_on = models.DateField(null=True, blank=True)
        venue = models.CharField(max_length=100, blank=True)

        class Meta:
            app_label = APP_LABEL

    class EventPageAPI(PageAPI):
        model = EventPage
        fields = {
            "teaser": f.text("teaser"),
            "starts_on": f.date("starts_on"),
            "venue": f.text("venue", "Where the event is held."),
        }

    # Its table is made before, and dropped after, the tests' own transactions (which
    # roll back the pages and the content type they create).
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(EventPage)
    register(EventPageAPI)
    try:
        yield EventPage
    finally:
        REGISTRY.pop(EventPage, None)
        f._detail_schemas.pop(EventPage, None)
        with django_db_blocker.unblock(), connection.schema_editor() as editor:
            editor.delete_model(EventPage)
        del apps.all_models[APP_LABEL]["eventpage"]
        apps.clear_cache()
        ContentType.objects.clear_cache()


def test_a_new_page_type_is_in_the_schema_cards_detail_and_search(event_page_type, db):
    import datetime

    # A plain client: the contract-checking one reads the OpenAPI document the process
    # built at start-up, without this test's page type (and must not build it now).
    client = Client()

    home = factories.HomePageFactory(parent=Page.get_first_root_node(), slug="home-for-events")
    section = factories.ContentPageFactory(parent=home, title="Events")
    event = event_page_type(
        title="Regional talent summit",
        slug="talent-summit",
        teaser="Employers and colleges meet about apprenticeships.",
        starts_on=datetime.date(2026, 3, 4),
        venue="Hartford",
    )
    section.add_child(instance=event)
    for page in (home, section, event):
        page.save_revision().publish()

    # The schema: one more member of the detail union, named by its label.
    assert "home.EventPage" in page_type_names()
    members = detail_union().__origin__.__args__
    event_schema = next(m for m in members if m.__name__ == "EventPageDetail")
    assert {"teaser", "starts_on", "venue"} <= set(event_schema.model_fields)

    # Its detail, with the card fields from the one card rule.
    detail = client.get(f"/api/v3/pages/{event.pk}/").json()
    assert detail["type"] == "home.EventPage"
    assert detail["venue"] == "Hartford"
    assert detail["listing_summary"] == "Employers and colleges meet about apprenticeships."

    # A card among its parent's children: the same summary, and its own date.
    parent = client.get(f"/api/v3/pages/{section.pk}/").json()
    card = next(c for c in parent["children"] if c["id"] == event.pk)
    assert card["summary"] == detail["listing_summary"]
    assert card["date"] == "2026-03-04"

    # Search: indexed on publish, found by its words, with the card's summary.
    entry = Entry.objects.get(page_id=event.pk, kind="page")
    assert entry.summary == detail["listing_summary"]
    assert indexer.page_facets(event, "page", event.starts_on) == {
        "type": {"page"},
        "year": {"2026"},
    }

    # Wagtail's own API offers the fields the spec shows.
    names = [field.name for field in event_page_type.api_fields]
    assert names[:4] == ["listing_title", "listing_summary", "listing_image", "social_image"]
    assert {"teaser", "starts_on", "venue"} <= set(names)


def test_a_page_type_without_a_spec_is_refused(event_page_type):
    spec = REGISTRY.pop(event_page_type)
    try:
        with pytest.raises(ImproperlyConfigured, match=r"home\.EventPage"):
            f.load_page_types()
    finally:
        REGISTRY[event_page_type] = spec
