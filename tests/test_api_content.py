"""What the front end receives: typed blocks, media, links in the right language, routing."""

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page

from cms.core.models import Organisation, SiteSettings, SiteText, Theme
from home.models import ContentPage
from tests import factories


@pytest.fixture
def spanish():
    return Locale.objects.get(language_code="es")


def publish(page):
    page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


def translate(page, locale, **changes):
    copy = page.copy_for_translation(locale, copy_parents=True)
    for name, value in changes.items():
        setattr(copy, name, value)
    return publish(copy)


@pytest.fixture
def rich_report(site_tree):
    report = site_tree["report"]
    image = factories.ImageFactory(
        title="Cover",
        description="Cover of Progress Points",
        file__width=1000,
        file__height=1200,
        file__format="PNG",
        file__filename="cover.png",
    )
    image.focal_point_x, image.focal_point_y = 500, 300
    image.focal_point_width, image.focal_point_height = 200, 100
    image.save()
    document = factories.DocumentFactory(title="Full report")
    theme = Theme.objects.create(name="Job Growth")
    hype = site_tree["initiative"]
    report.cover_image = image
    report.document = document
    report.report_themes.create(theme=theme)
    report.organisations.create(
        organisation=Organisation.objects.create(name="UConn", kind="university"), role="partner"
    )
    report.related_initiatives.create(initiative=hype)
    blocks = [
        (
            "challenge",
            {
                "question": "What can we do to retain skilled workers?",
                "finding": "Metro Hartford retains the fewest four-year grads",
                "detail": "",
                "figures": [],
            },
        ),
        (
            "indicator",
            {
                "label": "Focus areas",
                "value": 9,
                "unit": "",
                "period": "2024",
                "comparison_value": None,
                "comparison_label": "",
                "source": "Strategic plan",
                "source_url": "",
            },
        ),
        (
            "data_table",
            {
                "title": "Where change is happening",
                "table": {
                    "caption": "Items per theme",
                    "columns": [
                        {"type": "text", "heading": "Theme"},
                        {"type": "number", "heading": "Items"},
                    ],
                    "rows": [{"values": ["The Next Generation", 4]}, {"values": ["Job Growth", 5]}],
                },
                "source": "",
                "source_url": "",
            },
        ),
        (
            "where_change",
            {
                "theme": "The Next Generation",
                "focus": "attracting and retaining millennials",
                "items": ["Transit-oriented development along the CT Fastrak corridor."],
            },
        ),
        ("image", {"image": image.pk, "caption": "The cover", "credit": ""}),
        (
            "paragraph",
            f'<p>See <a linktype="page" id="{hype.pk}">HYPE</a> and the '
            f'<a linktype="document" id="{document.pk}">full report</a>.</p>',
        ),
    ]
    report.body = [{"type": kind, "value": value} for kind, value in blocks]
    return publish(report)


@pytest.mark.django_db
def test_report_detail_is_typed_data(client, rich_report, site_tree):
    data = client.get(f"/api/v3/pages/{rich_report.pk}/").json()
    assert data["type"] == "reports.ReportPage"
    assert data["path"] == "/business-insights/reports/progress-points/"
    assert [b["type"] for b in data["body"]] == [
        "challenge",
        "indicator",
        "data_table",
        "where_change",
        "image",
        "paragraph",
    ]
    indicator = data["body"][1]["value"]
    assert indicator["value"] == 9.0 and isinstance(indicator["value"], float)
    table = data["body"][2]["value"]["table"]
    assert table["columns"] == [
        {"type": "text", "heading": "Theme"},
        {"type": "number", "heading": "Items"},
    ]
    assert table["rows"] == [["The Next Generation", 4.0], ["Job Growth", 5.0]]
    assert data["themes"] == [
        {"id": data["themes"][0]["id"], "name": "Job Growth", "description": ""}
    ]
    assert data["organisations"][0]["role"] == "partner"
    assert data["related_initiatives"][0]["path"] == "/initiatives/global-reach/"
    assert data["breadcrumbs"][-1]["title"] == "Brochures and reports"


@pytest.mark.django_db
def test_images_come_with_alt_text_focal_point_and_renditions(client, rich_report):
    image = client.get(f"/api/v3/pages/{rich_report.pk}/").json()["cover_image"]
    assert image["alt"] == "Cover of Progress Points"
    assert image["focal_point"] == {"x": 500, "y": 300, "width": 200, "height": 100}
    renditions = image["renditions"]
    assert {r["format"] for r in renditions} >= {"png", "webp"}
    assert sorted({r["width"] for r in renditions}) == [400, 800, image["width"]]
    assert all(r["url"].startswith("http://testserver/media/") for r in renditions)
    block_image = client.get(f"/api/v3/pages/{rich_report.pk}/").json()["body"][4]["value"]
    assert block_image["image"]["id"] == image["id"]


@pytest.mark.django_db
def test_documents_come_with_url_size_and_type(client, rich_report):
    document = client.get(f"/api/v3/pages/{rich_report.pk}/").json()["document"]
    assert document["url"].startswith("http://testserver/documents/")
    assert document["content_type"] == "application/pdf"
    assert document["extension"] == "pdf"
    assert document["size"] == len(b"%PDF-1.4\n%%EOF\n")
    download = client.get(document["url"].removeprefix("http://testserver"))
    assert download.status_code == 200


@pytest.mark.django_db
def test_rich_text_links_are_front_end_paths_and_absolute_downloads(client, rich_report):
    html = client.get(f"/api/v3/pages/{rich_report.pk}/").json()["body"][5]["value"]
    assert 'href="/initiatives/global-reach/"' in html
    assert 'href="http://testserver/documents/' in html
    assert "linktype" not in html


@pytest.mark.django_db
def test_a_spanish_page_links_to_spanish_pages(client, rich_report, site_tree, spanish):
    initiative_es = translate(site_tree["initiative"], spanish, title="Alcance global")
    report_es = translate(rich_report, spanish, title="Puntos de progreso")
    data = client.get(f"/api/v3/pages/{report_es.pk}/").json()
    assert data["locale"] == "es"
    assert data["path"] == "/es/business-insights/reports/progress-points/"
    assert 'href="/es/initiatives/global-reach/"' in data["body"][5]["value"]
    assert data["related_initiatives"] == [
        {
            "id": initiative_es.pk,
            "title": "Alcance global",
            "type": "initiatives.InitiativePage",
            "path": "/es/initiatives/global-reach/",
            "locale": "es",
        }
    ]
    assert {(t["locale"], t["id"]) for t in data["translations"]} == {
        ("en", rich_report.pk),
        ("es", report_es.pk),
    }
    english = client.get(f"/api/v3/pages/{rich_report.pk}/").json()
    assert {t["locale"] for t in english["translations"]} == {"en", "es"}


@pytest.mark.django_db
def test_route_understands_locales_and_trailing_slashes(client, site_tree, spanish):
    hype_es = translate(site_tree["initiative"], spanish, title="Alcance global")
    for path in [
        "/es/initiatives/global-reach",
        "/es/initiatives/global-reach/",
        "es/initiatives/global-reach",
    ]:
        data = client.get("/api/v3/route/", {"path": path}).json()
        assert data["kind"] == "page"
        assert data["page"]["id"] == hype_es.pk
    english = client.get("/api/v3/route/", {"path": "/initiatives/global-reach"}).json()
    assert english["page"]["locale"] == "en"
    home = client.get("/api/v3/route/", {"path": "/"}).json()
    assert home["page"]["type"] == "home.HomePage"
    assert client.get("/api/v3/route/", {"path": "/es/nada/"}).status_code == 404


@pytest.mark.django_db
def test_route_follows_editor_redirects(client, site_tree):
    Redirect.objects.create(old_path="/progress", redirect_page=site_tree["report"])
    Redirect.objects.create(
        old_path="/hartbeat", redirect_link="https://example.org/hartbeat", is_permanent=False
    )
    to_page = client.get("/api/v3/route/", {"path": "/progress/"}).json()
    assert to_page == {
        "kind": "redirect",
        "redirect": {
            "location": "/business-insights/reports/progress-points/",
            "permanent": True,
            "status_code": 301,
        },
    }
    external = client.get("/api/v3/route/", {"path": "/hartbeat"}).json()["redirect"]
    assert external == {
        "location": "https://example.org/hartbeat",
        "permanent": False,
        "status_code": 302,
    }


@pytest.mark.django_db
def test_navigation_is_the_menu_tree_in_order(client, site_tree):
    home = site_tree["home"]
    section = ContentPage.objects.get(pk=site_tree["content"].pk)
    section.show_in_menus = True
    publish(section)
    hidden = factories.ContentPageFactory(parent=home, title="Hidden", show_in_menus=False)
    publish(hidden)
    publish(factories.ContentPageFactory(parent=hidden, title="Below hidden", show_in_menus=True))
    about = publish(factories.ContentPageFactory(parent=home, title="About", show_in_menus=True))
    publish(factories.ContentPageFactory(parent=about, title="Board and staff", show_in_menus=True))
    data = client.get("/api/v3/navigation/", {"locale": "en"}).json()
    assert data["home"]["path"] == "/"
    assert [item["title"] for item in data["items"]] == ["Business insights", "About"]
    assert data["items"][1]["children"][0]["path"] == "/about/board-and-staff/"
    shallow = client.get("/api/v3/navigation/", {"depth": 1}).json()
    assert shallow["items"][1]["children"] == []


@pytest.mark.django_db
def test_site_settings_in_both_languages(client, site_tree, spanish):
    text = SiteText.objects.create(
        newsletter_name="The Hartbeat",
        newsletter_blurb="Our daily brief.",
        newsletter_consent="Please sign me up.",
        footer_text="<p>Elevating the region.</p>",
        copyright_holder="MetroHartford Alliance",
    )
    text_es = text.copy_for_translation(spanish)
    text_es.newsletter_blurb = "Nuestro boletín diario."
    text_es.save()
    settings = SiteSettings.for_site(site_tree["home"].get_site())
    settings.street_address = "185 Asylum St., Ste. 111"
    settings.locality, settings.region, settings.postal_code = "Hartford", "CT", "06103"
    settings.site_text = text
    settings.save()
    english = client.get("/api/v3/site/").json()
    assert english["newsletter"]["name"] == "The Hartbeat"
    assert english["address"]["lines"] == ["185 Asylum St., Ste. 111", "Hartford, CT 06103"]
    assert english["footer_text"] == "<p>Elevating the region.</p>"
    spanish_site = client.get("/api/v3/site/", {"locale": "es"}).json()
    assert spanish_site["newsletter"]["blurb"] == "Nuestro boletín diario."
    text_es.newsletter_blurb = "El boletín de cada día."
    text_es.save()
    assert client.get("/api/v3/site/", {"locale": "es"}).json()["newsletter"]["blurb"] == (
        "El boletín de cada día."
    )


@pytest.mark.django_db
def test_listing_cards(client, rich_report, site_tree):
    data = client.get("/api/v3/pages/", {"type": "reports.ReportPage"}).json()
    assert data["count"] == 1
    card = data["items"][0]
    assert card["type"] == "reports.ReportPage"
    assert card["summary"] == "A short summary for cards."
    assert card["date"] == "2016-06-01"
    assert card["path"] == "/business-insights/reports/progress-points/"
    children = client.get("/api/v3/pages/", {"child_of": site_tree["home"].pk}).json()
    assert {c["type"] for c in children["items"]} >= {"home.ContentPage"}
    assert Page.objects.get(pk=site_tree["home"].pk)
