"""Every page type is served by Wagtail's API v3, mounted at /api/v3/."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "label", "field"),
    [
        ("home", "home.HomePage", "hero_heading"),
        ("content", "home.ContentPage", "intro"),
        ("initiative_index", "initiatives.InitiativeIndexPage", "intro"),
        ("initiative", "initiatives.InitiativePage", "goal"),
        ("report_index", "reports.ReportIndexPage", "intro"),
        ("report", "reports.ReportPage", "publication_date"),
        ("industry_index", "industries.IndustryIndexPage", "intro"),
        ("industry", "industries.IndustryProfilePage", "sector_summary"),
    ],
)
def test_detail_returns_each_page_type(client, site_tree, key, label, field):
    page = site_tree[key]
    response = client.get(f"/api/v3/pages/{page.pk}/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["id"] == page.pk
    assert data["title"] == page.title
    assert data["type"] == label
    assert data["listing_summary"] == "A short summary for cards."
    assert data[field] == getattr(page, field) or str(getattr(page, field)) == data[field]


@pytest.mark.django_db
def test_unpublished_pages_are_not_served(client, site_tree):
    report = site_tree["report"]
    report.unpublish()
    assert client.get(f"/api/v3/pages/{report.pk}/").status_code == 404
    listed = client.get("/api/v3/pages/?type=reports.ReportPage").json()
    assert listed["count"] == 0
    assert listed["items"] == []


@pytest.mark.django_db
def test_listing_filters_by_type(client, site_tree):
    response = client.get("/api/v3/pages/?type=initiatives.InitiativePage")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["Global Reach"]
