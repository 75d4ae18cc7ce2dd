"""
``manage.py load_demo_content``: the demo site it builds, and that building it twice
leaves exactly one copy of everything.

The first run is the demo database the suite builds once and shares (tests/conftest.py);
this module runs the loader a second time on it, once, in a module-scoped fixture
(rolled back when the module's tests are done), and every test reads from that.
"""

import io
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Revision, Site
from wagtail_localize.models import (
    StringTranslation,
    TranslatableObject,
    Translation,
    TranslationContext,
    TranslationSource,
)

from cms.core.models import Organisation, Person, SiteSettings, SiteText, Theme
from demo.content import report as report_content
from demo.loader import COLLECTION_NAME
from demo.pdf import PDF_ONLY_TERM, PDF_ONLY_TERM_PAGE
from home.models import ContentPage, HomePage
from industries.models import IndustryIndexPage, IndustryProfilePage
from initiatives.models import InitiativeIndexPage, InitiativePage
from reports.models import ReportIndexPage, ReportPage

PAGE_MODELS = [
    HomePage,
    ContentPage,
    IndustryIndexPage,
    IndustryProfilePage,
    InitiativeIndexPage,
    InitiativePage,
    ReportIndexPage,
    ReportPage,
]
EXPECTED_ENGLISH_PAGES = {
    HomePage: 1,
    ContentPage: 26,
    IndustryIndexPage: 1,
    IndustryProfilePage: 6,
    InitiativeIndexPage: 1,
    InitiativePage: 9,
    ReportIndexPage: 1,
    ReportPage: 1,
}
SECTIONS = [
    "You belong here",
    "Do business here",
    "Key industries",
    "Business insights",
    "About the MHA",
]

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, int]:
    """How many of everything the demo makes there are, per language where it applies."""
    counts = {}
    for locale in Locale.objects.all():
        for model in [*PAGE_MODELS, Theme, Organisation, Person, SiteText]:
            counts[f"{model.__name__}/{locale.language_code}"] = model.objects.filter(
                locale=locale
            ).count()
    for model in [
        Page,
        Revision,
        Site,
        SiteSettings,
        Collection,
        get_image_model(),
        get_document_model(),
        get_user_model(),
        TranslatableObject,
        TranslationSource,
        Translation,
        TranslationContext,
        StringTranslation,
    ]:
        counts[model.__name__] = model.objects.count()
    return counts


@dataclass
class Demo:
    after_first_run: dict[str, int]
    after_second_run: dict[str, int]
    first_output: str
    second_output: str


@pytest.fixture(scope="module")
def demo(demo):
    """
    The shared demo database (tests/conftest.py) is the first run, as it left the
    database; the module runs the loader a second time on it (rolled back at the end).
    """
    after_first_run = snapshot()
    second = io.StringIO()
    call_command("load_demo_content", stdout=second)
    return Demo(after_first_run, snapshot(), demo.output, second.getvalue())


def english():
    return Locale.objects.get(language_code="en")


def spanish():
    return Locale.objects.get(language_code="es")


def page(model, **filters):
    return model.objects.get(locale=english(), **filters)


def progress_points():
    return page(ReportPage, slug=report_content.SLUG)


def page_text(instance) -> str:
    """Everything a page holds, as text (its revision-style JSON)."""
    return instance.specific.to_json()


# Running twice -------------------------------------------------------------------


def test_running_twice_leaves_one_copy_of_everything(demo):
    assert demo.after_second_run == demo.after_first_run


def test_second_run_publishes_nothing_new(demo):
    assert "0 created, 0 published, 46 already up to date" in demo.second_output
    assert "Images: 50 in “Demo content” (0 created)" in demo.second_output


def test_exact_counts_per_english_locale(demo):
    for model, expected in EXPECTED_ENGLISH_PAGES.items():
        assert demo.after_second_run[f"{model.__name__}/en"] == expected, model.__name__
    assert demo.after_second_run["Theme/en"] == 3
    assert demo.after_second_run["Organisation/en"] == 11
    assert demo.after_second_run["Person/en"] == 13
    assert demo.after_second_run["SiteText/en"] == 1
    assert get_document_model().objects.filter(title=report_content.DOCUMENT_TITLE).count() == 1


def test_rerun_restores_an_edited_page_and_its_translation(demo):
    hype = page(InitiativePage, slug="hype")
    hype.title = "Edited by hand"
    hype.save_revision().publish()

    call_command("load_demo_content", "--no-users", stdout=io.StringIO())

    hype.refresh_from_db()
    assert hype.title == "Hartford Young Professionals and Entrepreneurs (HYPE)"
    assert InitiativePage.objects.filter(locale=english()).count() == 9
    assert hype.get_translation(spanish()).title.startswith("Jóvenes Profesionales")


# The site ------------------------------------------------------------------------


def test_site_root_is_the_home_page(demo):
    site = Site.objects.get(is_default_site=True)
    root = site.root_page.specific
    assert isinstance(root, HomePage)
    assert root.depth == 2
    assert root.locale == english()
    assert root.live
    assert site.site_name == "MetroHartford Alliance"
    assert Site.objects.count() == 1
    # Wagtail's "Welcome to your new Wagtail site!" page is gone.
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail").exists()


def test_menu_shows_the_five_sections_in_order(demo):
    home = page(HomePage)
    in_menu = [child.title for child in home.get_children().filter(show_in_menus=True)]
    assert in_menu == SECTIONS
    hidden = {child.slug for child in home.get_children().filter(show_in_menus=False)}
    assert hidden == {"site-selectors", "join", "initiatives"}
    for section in home.get_children().filter(show_in_menus=True):
        assert section.get_children().exists()
        assert all(child.show_in_menus for child in section.get_children())


def test_every_english_page_is_live_with_summary_and_body(demo):
    for model in PAGE_MODELS:
        for instance in model.objects.filter(locale=english()):
            assert instance.live, instance.title
            assert instance.listing_summary, instance.title
            assert len(instance.body) >= 1, instance.title
            if hasattr(instance, "intro") and not isinstance(instance, HomePage):
                assert instance.intro, instance.title


def test_site_settings_and_site_text(demo):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.address_lines == ["185 Asylum St., Ste. 111", "Hartford, CT 06103"]
    assert settings.phone == settings.email == ""
    assert not settings.social_links.exists()
    site_text = settings.site_text
    assert site_text.newsletter_name == "The Hartbeat"
    assert "daily brief" in site_text.newsletter_blurb
    assert site_text.copyright_holder == "MetroHartford Alliance"
    assert settings.text_for_locale(spanish()).locale == spanish()


def test_demo_users(demo):
    users = get_user_model().objects
    admin = users.get(username="admin")
    assert admin.is_superuser and admin.check_password("admin")
    editor = users.get(username="editor")
    assert not editor.is_superuser and editor.check_password("editor")
    assert editor.groups.filter(name="Editors").exists()
    for name, group in (("moderator", "Moderators"), ("translator", "Translators")):
        user = users.get(username=name)
        assert not user.is_superuser and user.check_password(name)
        assert list(user.groups.values_list("name", flat=True)) == [group]
    assert "http://127.0.0.1:8000/api/v3/pages/" in demo.first_output


# Home page and initiatives -------------------------------------------------------


def test_home_page(demo):
    home = page(HomePage)
    assert "Hartford region" in home.hero_heading
    assert home.hero_image.width == 1920
    initiatives = page(InitiativeIndexPage, slug="initiatives")
    assert f'linktype="page" id="{initiatives.pk}"' in home.mission_statement
    assert [f.initiative.slug for f in home.featured_initiatives.all()] == [
        "hype",
        "global-reach",
        "talent-education-pipeline",
    ]
    assert [f.report.pk for f in home.featured_reports.all()] == [progress_points().pk]
    assert home.featured_industries.count() == 3
    figures = [block.value for block in home.region_at_a_glance]
    assert [figure["value"] for figure in figures] == [3, 9, 6, 3]
    assert all(figure["source"] for figure in figures)
    assert "The Hartbeat" in home.newsletter_heading


def test_nine_initiatives_with_goals_and_priorities(demo):
    initiatives = InitiativePage.objects.filter(locale=english())
    assert initiatives.count() == 9
    for initiative in initiatives:
        assert initiative.goal and initiative.summary
        assert 2 <= len(initiative.priorities) <= 4, initiative.title
        assert initiative.tags.exists(), initiative.title
        assert initiative.hero_image is not None
        assert initiative.contact_person is not None
    hype = initiatives.get(slug="hype")
    assert hype.goal == (
        "Enhance the Region’s ability to compete aggressively and successfully for talent "
        "by linking employer needs with young professionals’ skills and objectives"
    )
    assert [r.report for r in hype.related_reports.all()] == [progress_points()]
    cluster = initiatives.get(slug="insurance-financial-services-cluster")
    assert [i.industry.slug for i in cluster.related_industries.all()] == [
        "insurance-financial-services"
    ]
    council = initiatives.get(slug="connecticut-health-council")
    assert [i.industry.slug for i in council.related_industries.all()] == ["health-sector"]
    assert [p.organisation.name for p in council.partners.all()] == ["Connecticut Health Council"]


def test_board_and_staff_lists_people(demo):
    board_and_staff = page(ContentPage, slug="board-and-staff")
    people_blocks = [block.value for block in board_and_staff.body if block.block_type == "people"]
    assert [block["heading"] for block in people_blocks] == ["Staff", "Board of directors"]
    listed = sum(len(block["people"]) for block in people_blocks)
    assert listed == Person.objects.filter(locale=english()).count()


# The report ----------------------------------------------------------------------


def test_progress_points_report_page(demo):
    report = progress_points()
    assert report.get_parent().specific_class is ReportIndexPage
    assert report.report_type == "progress_points"
    assert report.edition == "Third edition"
    assert report.cover_image.width == 850 and report.cover_image.height == 1100
    assert report.document.title == report_content.DOCUMENT_TITLE
    assert [t.theme.name for t in report.report_themes.all()] == [
        "The Next Generation",
        "Job Growth",
        "Leadership & Civic Engagement",
    ]
    roles = {o.role for o in report.organisations.all()}
    assert roles == {"partner"}  # The seed names no sponsor.
    assert report.organisations.count() == 9
    assert [r.initiative.slug for r in report.related_initiatives.all()] == [
        "hype",
        "talent-education-pipeline",
    ]

    types = [block.block_type for block in report.body]
    assert types.count("challenge") == 3
    assert types.count("where_change") == 4
    assert "indicator" in types and "data_table" in types and "quote" in types

    where_change = [block.value for block in report.body if block.block_type == "where_change"]
    items = " ".join(item for block in where_change for item in block["items"])
    for name in [
        "CT Fastrak",
        "New Haven–Hartford–Springfield",
        "Trinity College",
        "UConn",
        "University of Saint Joseph",
        "HYPE",
        "United Way’s Emerging Leaders",
        "Urban League’s Young Professionals",
        "reSET",
        "Make Hartford",
        "Axis 901",
        "Innovation Destination Hartford",
        "North Hartford Promise Zone",
        "Working Cities Challenge",
        "Sheff v. O’Neill",
        "CCJEF v. Rell",
    ]:
        assert name in items, name

    # The table's numbers are counted from the report's own lists.
    table = next(block.value for block in report.body if block.block_type == "data_table")
    counts = [row["values"][2] for row in table["table"].row_data]
    assert counts == [len(block["items"]) for block in where_change]


def test_report_pdf_is_a_real_pdf_with_the_reports_words(demo):
    document = progress_points().document
    with document.open_file() as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert 5 <= len(reader.pages) <= 8
    texts = [pdf_page.extract_text() for pdf_page in reader.pages]
    full_text = "\n".join(texts)
    for words in [
        "Metro Hartford Progress Points",
        "The Next Generation",
        "Leadership & Civic Engagement",
        "Metro Hartford retains fewer four-year college graduates",
        "Where will we see meaningful change?",
        "CT Fastrak",
        "Innovation Destination Hartford",
        "Sheff v. O'Neill",
        "Regional thinking",
    ]:
        assert words in full_text, words
    assert f"Page 1 of {len(reader.pages)}" in texts[0]
    pages_with_term = [n for n, text in enumerate(texts, start=1) if PDF_ONLY_TERM in text]
    assert pages_with_term == [PDF_ONLY_TERM_PAGE]
    assert "American Community Survey" in texts[PDF_ONLY_TERM_PAGE - 1]


def test_pdf_only_term_is_in_no_page(demo):
    for instance in Page.objects.filter(depth__gte=2):
        text = page_text(instance)
        assert PDF_ONLY_TERM not in text, instance.title
        assert "Quarterly Census of Employment" not in text, instance.title
        assert "American Community Survey" not in text, instance.title


def test_page_text_is_not_copied_from_the_seeds(demo):
    seed_sentences = [
        "Regional thinking is not new to Metro Hartford, even if the effectiveness of our "
        "actions has been inconsistent.",
        "Metro Hartford retains the fewest four-year grads of any metro region",
        "The MetroHartford Alliance serves as the economic development leader for the "
        "Hartford Region and as the City’s Chamber of Commerce.",
        "our daily brief newsletter covers business announcements, updates, and events "
        "throughout the hartford region.",
    ]
    all_text = " ".join(page_text(p).lower() for p in Page.objects.filter(depth__gte=2))
    for sentence in seed_sentences:
        assert sentence.lower() not in all_text, sentence


# Images --------------------------------------------------------------------------


def test_images_have_alt_text_and_sensible_sizes(demo):
    collection = Collection.objects.get(name=COLLECTION_NAME)
    images = get_image_model().objects.filter(collection=collection)
    assert images.count() == 50
    sizes = {
        "Hero: ": (1920, 800),
        "Card: ": (800, 600),
        "Cover: ": (850, 1100),
        "Logo: ": (400, 200),
        "Portrait: ": (400, 400),
    }
    for image in images:
        assert image.description, image.title
        prefix = next(prefix for prefix in sizes if image.title.startswith(prefix))
        assert (image.width, image.height) == sizes[prefix], image.title
    for organisation in Organisation.objects.all():
        assert organisation.name in organisation.logo.description
    for person in Person.objects.all():
        assert person.name in person.photo.description


# Spanish -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "slug", "spanish_slug"),
    [
        (HomePage, "home", "inicio"),
        (InitiativeIndexPage, "initiatives", "iniciativas"),
        (InitiativePage, "hype", "hype"),
        (InitiativePage, "talent-education-pipeline", "talento-y-educacion"),
        (ContentPage, "business-insights", "informacion-empresarial"),
        (ReportIndexPage, "brochures-and-reports", "folletos-e-informes"),
        (ReportPage, report_content.SLUG, "metro-hartford-progress-points-tercera-edicion"),
    ],
)
def test_spanish_page_translations(demo, model, slug, spanish_slug):
    source = page(model, slug=slug)
    translated = source.get_translation(spanish())
    assert isinstance(translated.specific, model)
    assert translated.translation_key == source.translation_key
    assert translated.live and not translated.has_unpublished_changes
    assert translated.slug == spanish_slug
    assert translated.title != source.title or model is HomePage
    translation_source = TranslationSource.objects.get_for_instance(source)
    translation = Translation.objects.get(source=translation_source, target_locale=spanish())
    assert translation.enabled
    total, translated_segments = translation.get_progress()
    assert total > 0 and translated_segments == total


def test_spanish_pages_sit_under_spanish_parents(demo):
    report = progress_points().get_translation(spanish())
    ancestors = [p.slug for p in report.get_ancestors()[1:]]
    assert ancestors == ["inicio", "informacion-empresarial", "folletos-e-informes"]


def test_spanish_text_is_spanish(demo):
    hype = page(InitiativePage, slug="hype").get_translation(spanish()).specific
    spanish_text = f"{hype.title} {hype.goal} {hype.summary} {hype.listing_summary}".lower()
    assert "jóvenes profesionales" in spanish_text
    assert "empleo" in spanish_text
    report = progress_points().get_translation(spanish()).specific
    assert report.edition == "Tercera edición"
    challenges = [block.value for block in report.body if block.block_type == "challenge"]
    assert challenges[0]["question"].startswith("¿Cómo podemos retener")
    home = page(HomePage).get_translation(spanish()).specific
    assert home.region_heading == "La región en cifras"
    assert "Conozca nuestra misión" in home.mission_statement


def test_spanish_themes_and_site_text(demo):
    names = set(Theme.objects.filter(locale=spanish()).values_list("name", flat=True))
    assert names == {
        "La próxima generación",
        "Crecimiento del empleo",
        "Liderazgo y participación cívica",
    }
    for theme in Theme.objects.filter(locale=english()):
        assert theme.get_translation(spanish()).translation_key == theme.translation_key
        assert TranslationSource.objects.get_for_instance(theme).translations.filter(
            target_locale=spanish()
        )
    site_text = SiteText.objects.get(locale=spanish())
    assert site_text.newsletter_name == "The Hartbeat"
    assert "boletín diario" in site_text.newsletter_blurb
