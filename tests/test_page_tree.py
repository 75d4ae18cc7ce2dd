"""The tree rules: each page type can only be created where the site map allows it."""

import pytest
from wagtail.models import Page

from home.models import ContentPage, HomePage
from industries.models import IndustryIndexPage, IndustryProfilePage
from initiatives.models import InitiativeIndexPage, InitiativePage
from reports.models import ReportIndexPage, ReportPage

ALL_TYPES = [
    HomePage,
    ContentPage,
    InitiativeIndexPage,
    InitiativePage,
    ReportIndexPage,
    ReportPage,
    IndustryIndexPage,
    IndustryProfilePage,
]

# parent type -> the child types it may hold; everything else is forbidden.
ALLOWED = {
    Page: {HomePage},
    HomePage: {ContentPage, InitiativeIndexPage, ReportIndexPage, IndustryIndexPage},
    ContentPage: {ContentPage, InitiativeIndexPage, ReportIndexPage, IndustryIndexPage},
    InitiativeIndexPage: {InitiativePage},
    InitiativePage: set(),
    ReportIndexPage: {ReportPage},
    ReportPage: set(),
    IndustryIndexPage: {IndustryProfilePage},
    IndustryProfilePage: set(),
}

FIXTURE_KEY = {
    HomePage: "home",
    ContentPage: "content",
    InitiativeIndexPage: "initiative_index",
    InitiativePage: "initiative",
    ReportIndexPage: "report_index",
    ReportPage: "report",
    IndustryIndexPage: "industry_index",
    IndustryProfilePage: "industry",
}


@pytest.mark.django_db
@pytest.mark.parametrize("parent_type", list(ALLOWED), ids=lambda t: t.__name__)
def test_only_the_site_map_is_possible(site_tree, parent_type):
    if parent_type is Page:
        parent = Page.get_first_root_node()
    else:
        parent = site_tree[FIXTURE_KEY[parent_type]]
    allowed = {child for child in ALL_TYPES if child.can_exist_under(parent)}
    assert allowed == ALLOWED[parent_type]


@pytest.mark.django_db
def test_admin_refuses_a_report_outside_the_reports_index(site_tree, admin_client):
    home = site_tree["home"]
    url = f"/admin/pages/add/reports/reportpage/{home.pk}/"
    response = admin_client.get(url)
    # Wagtail answers a forbidden page type with "permission denied" and a redirect.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    response = admin_client.post(url, {"title": "Stray report", "slug": "stray"})
    assert response.status_code == 302
    assert not ReportPage.objects.filter(slug="stray").exists()


@pytest.mark.django_db
def test_admin_offers_only_allowed_children(site_tree, admin_client):
    reports = site_tree["report_index"]
    response = admin_client.get(f"/admin/pages/{reports.pk}/add_subpage/")
    # A single allowed type sends the editor straight to its form.
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/pages/add/reports/reportpage/")
