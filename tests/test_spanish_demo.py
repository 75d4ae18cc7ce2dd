"""
The demo site in Spanish, as wagtail-localize and the API see it: every English page
has a live Spanish translation in the same place of the tree, made through
wagtail-localize (its editor shows each one 100% translated, and an English change
afterwards as out of date); alt text and the data table's headings come out in
Spanish; a Spanish page that links to a page with no live Spanish says the link's
language.

The module reads the shared demo database (tests/conftest.py's ``demo``, rolled back at
the end); each test runs in a savepoint of its own, so a test that edits a page leaves
the others alone.
"""

import pytest
from django.core.cache import cache
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from cms.core.models import Organisation, Person, SiteText, Theme
from demo import es
from demo.content import report as report_content
from home.models import ContentPage, HomePage
from initiatives.models import InitiativeIndexPage, InitiativePage
from reports.models import ReportPage

pytestmark = pytest.mark.django_db


def english() -> Locale:
    return Locale.objects.get(language_code="en")


def spanish() -> Locale:
    return Locale.objects.get(language_code="es")


def english_pages() -> list[Page]:
    home = HomePage.objects.get(locale=english())
    return list(Page.objects.descendant_of(home, inclusive=True).order_by("path"))


def spanish_translation(page: Page) -> Translation:
    source = TranslationSource.objects.get_for_instance(page)
    return Translation.objects.get(source=source, target_locale=spanish())


def is_out_of_date(page: Page) -> bool:
    """
    What wagtail-localize's editor tells a translator: the English page has changed
    since its translation source was last synced ("The last sync date was …" beside
    "Sync translated pages"), i.e. its latest revision is newer than the sync.
    """
    source = TranslationSource.objects.get_for_instance(page)
    return page.latest_revision_created_at > source.last_updated_at


def route(client, path: str) -> dict:
    response = client.get("/api/v3/route/", {"path": path})
    assert response.status_code == 200, response.content[:500]
    return response.json()["page"]


# Every page in Spanish --------------------------------------------------------------


def test_every_english_page_has_a_live_spanish_translation_in_the_same_place(demo):
    pages = english_pages()
    assert len(pages) == 46
    spanish_home = HomePage.objects.get(locale=spanish())
    spanish_pages = list(Page.objects.descendant_of(spanish_home, inclusive=True))
    assert len(spanish_pages) == len(pages)
    for page in pages:
        translated = page.get_translation(spanish())
        assert translated.live and not translated.has_unpublished_changes, page.url_path
        # A translation in its own right, not an alias showing the English.
        assert translated.alias_of_id is None, page.url_path
        assert type(translated.specific) is type(page.specific)
        if page.depth > spanish_home.depth:
            # Under the Spanish translation of the English parent, in the same order.
            parent = page.get_parent()
            assert translated.get_parent().pk == parent.get_translation(spanish()).pk
            english_siblings = [p.translation_key for p in parent.get_children()]
            spanish_siblings = [p.translation_key for p in translated.get_parent().get_children()]
            assert spanish_siblings == english_siblings


def test_the_spanish_listing_the_sitemap_reads_has_as_many_pages_as_the_english(demo, client):
    def listing(locale: str) -> list[dict]:
        items, offset = [], 0
        while True:
            answer = client.get(
                "/api/v3/pages/", {"locale": locale, "limit": 20, "offset": offset}
            ).json()
            items += answer["items"]
            offset += 20
            if offset >= answer["count"]:
                return items

    english_cards, spanish_cards = listing("en"), listing("es")
    assert len(spanish_cards) == len(english_cards) == 46
    assert {card["locale"] for card in spanish_cards} == {"es"}
    assert all(card["path"].startswith("/es/") for card in spanish_cards)
    # Every Spanish card names its English original among its translations.
    english_paths = {card["path"] for card in english_cards}
    for card in spanish_cards:
        originals = [t["path"] for t in card["translations"] if t["locale"] == "en"]
        assert len(originals) == 1 and originals[0] in english_paths, card["path"]


# wagtail-localize: complete, and out of date after an English change ---------------------


def test_wagtail_localize_shows_every_spanish_page_100_percent_translated(demo):
    for page in english_pages():
        translation = spanish_translation(page)
        assert translation.enabled, page.url_path
        total, translated = translation.get_progress()
        assert total > 0 and translated == total, (page.url_path, translated, total)
        assert translation.get_status_display() == "Up to date"
        assert translation.get_target_instance().pk == page.get_translation(spanish()).pk
        assert not is_out_of_date(page), page.url_path
        # Every string's translation is one the editor accepts (none flagged in error).
        strings = StringSegment.objects.filter(source=translation.source).values("string_id")
        assert not StringTranslation.objects.filter(
            translation_of_id__in=strings, locale=spanish(), has_error=True
        ).exists()


def test_the_spanish_page_is_what_wagtail_localize_makes_of_its_translations(demo):
    """The live Spanish pages hold what wagtail-localize builds from the strings."""
    for page in english_pages():
        source = TranslationSource.objects.get_for_instance(page)
        built = source.get_ephemeral_translated_instance(spanish(), fallback=False)
        live = page.get_translation(spanish()).specific
        assert (built.title, built.slug) == (live.title, live.slug), page.url_path
        assert built.listing_summary == live.listing_summary, page.url_path
        assert built.listing_image_alt == live.listing_image_alt, page.url_path


@pytest.mark.parametrize("model", [Theme, Organisation, Person, SiteText])
def test_every_snippet_is_translated_too(demo, model):
    originals = model.objects.filter(locale=english())
    assert originals.exists()
    assert model.objects.filter(locale=spanish()).count() == originals.count()
    for original in originals:
        total, translated = spanish_translation(original).get_progress()
        assert translated == total


def test_an_english_change_shows_the_spanish_translation_out_of_date(demo):
    page = InitiativePage.objects.get(locale=english(), slug="hype")
    translation = spanish_translation(page)
    spanish_goal = page.get_translation(spanish()).specific.goal
    assert not is_out_of_date(page)

    page.goal = "Make the Hartford region the place where young professionals stay."
    page.save_revision().publish()
    page.refresh_from_db()

    # The editor's view: the English page changed after the last sync.
    assert is_out_of_date(page)
    # Syncing (wagtail-localize's "Sync translated pages") brings the new words in; the
    # translation now waits for them and is no longer 100%.
    translation.source.update_from_db()
    total, translated = translation.get_progress()
    assert translated == total - 1
    assert translation.get_status_display() == "Waiting for translations"
    assert not is_out_of_date(page)
    # The Spanish page keeps its Spanish until the new string is translated.
    assert page.get_translation(spanish()).specific.goal == spanish_goal


def test_the_sync_view_names_the_last_sync_date(demo, admin_client):
    page = InitiativePage.objects.get(locale=english(), slug="hype")
    source = TranslationSource.objects.get_for_instance(page)
    response = admin_client.get(f"/admin/localize/update/{source.pk}/")
    assert response.status_code == 200
    assert "The last sync date was" in response.content.decode()


# Alt text and table headings in Spanish --------------------------------------------


def test_alt_text_of_page_images_and_image_blocks_is_spanish(demo, client):
    english_section = route(client, "/you-belong-here/")
    spanish_section = route(client, "/es/aqui-hay-un-lugar-para-usted/")
    for field in ("hero_image", "listing_image"):
        english_alt = english_section[field]["alt"]
        assert spanish_section[field]["alt"] == es.SPANISH[english_alt] != english_alt
    [english_block] = [b for b in english_section["body"] if b["type"] == "image"]
    [spanish_block] = [b for b in spanish_section["body"] if b["type"] == "image"]
    english_alt = english_block["value"]["image"]["alt"]
    assert spanish_block["value"]["image"]["alt"] == es.SPANISH[english_alt] != english_alt
    assert spanish_block["value"]["image"]["decorative"] is False


def test_report_cover_alt_and_data_table_headings_are_spanish(demo, client):
    report = ReportPage.objects.get(locale=english(), slug=report_content.SLUG)
    english_answer = client.get(f"/api/v3/pages/{report.pk}/").json()
    spanish_answer = client.get(f"/api/v3/pages/{report.get_translation(spanish()).pk}/").json()
    assert spanish_answer["cover_image"]["alt"].startswith("Portada de Metro Hartford")

    def table(answer: dict) -> dict:
        [block] = [b for b in answer["body"] if b["type"] == "data_table"]
        return block["value"]

    english_table, spanish_table = table(english_answer), table(spanish_answer)
    headings = [column["heading"] for column in spanish_table["table"]["columns"]]
    assert headings == ["Tema", "Enfoque", "Ejemplos citados"]
    assert headings == [
        es.SPANISH[column["heading"]] for column in english_table["table"]["columns"]
    ]
    assert spanish_table["title"] == es.SPANISH[english_table["title"]] != english_table["title"]
    for english_row, spanish_row in zip(
        english_table["table"]["rows"], spanish_table["table"]["rows"], strict=True
    ):
        # Words are translated; numbers stay numbers.
        assert spanish_row[:2] == [es.SPANISH[cell] for cell in english_row[:2]]
        assert spanish_row[2] == english_row[2] and isinstance(spanish_row[2], float)


def test_a_translator_can_change_a_table_heading_and_alt_text(demo, client):
    """The table's headings and the alt text are wagtail-localize strings like any other."""
    report = ReportPage.objects.get(locale=english(), slug=report_content.SLUG)
    translation = spanish_translation(report)
    changed = 0
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        path = segment.context.path
        if path == "cover_image_alt" or path.endswith(".table.heading.0"):
            StringTranslation.objects.filter(
                translation_of=segment.string, context=segment.context, locale=spanish()
            ).update(data=f"EDITADO {segment.string.data}")
            changed += 1
    assert changed == 2
    # As the translation editor's "Publish" does (done here and now: wagtail-localize
    # publishes a page in an on-commit hook, and a test never commits).
    target, _ = translation.source.create_or_update_translation(
        spanish(), publish=False, copy_parent_pages=False, fallback=False
    )
    target.get_latest_revision().publish()
    cache.clear()
    answer = client.get(f"/api/v3/pages/{report.get_translation(spanish()).pk}/").json()
    [block] = [b for b in answer["body"] if b["type"] == "data_table"]
    assert block["value"]["table"]["columns"][0]["heading"] == "EDITADO Theme"
    assert answer["cover_image"]["alt"] == f"EDITADO {report.cover_image_alt}"


# Honest fallbacks: links to pages with no Spanish say they are English -----------------


def test_a_spanish_page_says_which_links_lead_to_english(demo, client):
    initiatives = InitiativeIndexPage.objects.get(locale=english())
    global_reach = InitiativePage.objects.get(locale=english(), slug="global-reach")
    # Both lose their live Spanish translation.
    initiatives.get_translation(spanish()).specific.unpublish()
    global_reach.get_translation(spanish()).specific.unpublish()
    cache.clear()

    home = route(client, "/es/")
    [featured] = [i for i in home["featured_initiatives"] if i["id"] == global_reach.pk]
    assert featured == {
        "id": global_reach.pk,
        "title": global_reach.title,
        "type": "initiatives.InitiativePage",
        "path": "/initiatives/global-reach/",
        "locale": "en",
    }
    # The others are still in Spanish.
    others = [i for i in home["featured_initiatives"] if i["id"] != global_reach.pk]
    assert others and {i["locale"] for i in others} == {"es"}
    assert all(i["path"].startswith("/es/") for i in others)
    # The mission statement's link to the initiatives leads to the English page, marked.
    assert '<a href="/initiatives/" hreflang="en">' in home["mission_statement"]
    # The Spanish menu no longer has the initiatives; what it has is Spanish.
    menu = client.get("/api/v3/navigation/", {"locale": "es", "depth": 2}).json()
    paths = [item["path"] for item in menu["items"]]
    assert "/es/iniciativas/" not in paths
    assert {item["locale"] for item in menu["items"]} == {"es"}


def test_links_to_live_spanish_pages_carry_no_hreflang(demo, client):
    home = route(client, "/es/")
    assert '<a href="/es/iniciativas/">' in home["mission_statement"]
    assert "hreflang" not in home["mission_statement"]
    assert {i["locale"] for i in home["featured_initiatives"]} == {"es"}


def test_an_alias_in_the_spanish_tree_is_not_passed_off_as_spanish(demo, client):
    """
    A Spanish page alias of an English one (as wagtail-localize makes for an
    untranslated parent) shows English, so a Spanish link to it says ``en``.
    """
    english_page = ContentPage.objects.get(locale=english(), slug="diversity")
    spanish_page = english_page.get_translation(spanish())
    spanish_parent = spanish_page.get_parent()
    spanish_page.delete()
    alias = english_page.create_alias(
        parent=spanish_parent, update_locale=spanish(), reset_translation_key=False
    )
    assert alias.locale == spanish() and alias.alias_of_id == english_page.pk
    cache.clear()

    section = route(client, "/es/aqui-hay-un-lugar-para-usted/")
    [card] = [c for c in section["children"] if c["id"] == alias.pk]
    assert card["locale"] == "en"
    menu = client.get("/api/v3/navigation/", {"locale": "es", "depth": 2}).json()
    children = [c for item in menu["items"] for c in item["children"]]
    assert [c["locale"] for c in children if c["id"] == alias.pk] == ["en"]
