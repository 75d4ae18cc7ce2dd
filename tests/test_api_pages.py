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


@pytest.mark.django_db
def test_listing_filters_by_tag_across_the_types_with_tags(client, site_tree):
    """`tag` alone is a valid request (the fuzzing gate sent it): every tagged type."""
    for key in ("initiative", "industry"):
        page = site_tree[key]
        page.tags.add("Growth")
        page.save_revision().publish()
    site_tree["report"].save_revision().publish()

    response = client.get("/api/v3/pages/?tag=growth")
    assert response.status_code == 200, response.content
    assert sorted(item["title"] for item in response.json()["items"]) == [
        "Global Reach",
        "Insurance",
    ]
    response = client.get("/api/v3/pages/?tag=growth&type=industries.IndustryProfilePage")
    assert [item["title"] for item in response.json()["items"]] == ["Insurance"]
    assert client.get("/api/v3/pages/?tag=elsewhere").json() == {"count": 0, "items": []}


@pytest.mark.django_db
def test_tag_on_a_type_without_tags_lists_nothing(client, site_tree):
    """No report carries a tag, so none matches one: an empty listing, not a 400."""
    response = client.get("/api/v3/pages/?tag=growth&type=reports.ReportPage")
    assert response.status_code == 200, response.content
    assert response.json() == {"count": 0, "items": []}
