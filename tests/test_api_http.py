"""HTTP behaviour of the read API: ETags, 304, HEAD, Cache-Control, Vary, CORS, staleness."""

import pytest
from wagtail.models import Page

from cms.core.models import Organisation
from tests import factories


@pytest.fixture
def report(site_tree):
    return site_tree["report"]


def detail(client, page, **headers):
    return client.get(f"/api/v3/pages/{page.pk}/", headers=headers)


@pytest.mark.django_db
def test_anonymous_get_is_publicly_cacheable_with_an_etag(client, report, settings):
    settings.API_CACHE = {"MAX_AGE": 30, "S_MAXAGE": 120, "STALE_WHILE_REVALIDATE": 90}
    response = detail(client, report)
    assert response.status_code == 200
    assert (
        response["Cache-Control"] == "public, max-age=30, s-maxage=120, stale-while-revalidate=90"
    )
    assert response["ETag"].startswith('"') and len(response["ETag"]) > 10
    assert "Authorization" in response["Vary"]


@pytest.mark.django_db
def test_if_none_match_gets_304_and_a_changed_page_a_new_etag(client, report):
    first = detail(client, report)
    etag = first["ETag"]
    again = detail(client, report, if_none_match=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    report.title = "Progress Points, revised"
    report.save_revision().publish()
    changed = detail(client, report, if_none_match=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["title"] == "Progress Points, revised"


@pytest.mark.django_db
def test_head_answers_like_get_without_a_body(client, report):
    get = detail(client, report)
    head = client.head(f"/api/v3/pages/{report.pk}/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Length"] == str(len(get.content))
    assert client.head("/api/v3/pages/").status_code == 200
    assert client.head("/api/v3/navigation/").status_code == 200


@pytest.mark.django_db
def test_a_request_with_credentials_is_never_publicly_cacheable(client, report):
    response = detail(client, report, authorization="Bearer not-a-real-token")
    assert response["Cache-Control"] == "private, no-store"
    client.cookies["sessionid"] = "something"
    assert detail(client, report)["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_server_cache_hits_until_the_content_changes(client, report, django_assert_num_queries):
    assert detail(client, report)["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        assert detail(client, report)["X-Cache"] == "HIT"
    report.summary = "A new summary."
    report.save_revision().publish()
    response = detail(client, report)
    assert response["X-Cache"] == "MISS"
    assert response.json()["summary"] == "A new summary."


@pytest.mark.django_db
def test_unpublishing_removes_a_page_from_cached_detail_listing_and_route(client, report):
    listing = "/api/v3/pages/?type=reports.ReportPage"
    path = detail(client, report).json()["path"]
    assert client.get(listing).json()["count"] == 1
    assert client.get("/api/v3/route/", {"path": path}).status_code == 200
    report.unpublish()
    assert detail(client, report).status_code == 404
    assert client.get(listing).json()["count"] == 0
    assert client.get("/api/v3/route/", {"path": path}).status_code == 404


@pytest.mark.django_db
def test_moving_a_page_changes_its_cached_path(client, site_tree):
    report = site_tree["report"]
    old_path = detail(client, report).json()["path"]
    new_parent = factories.ReportIndexPageFactory(parent=site_tree["home"], slug="publications")
    new_parent.save_revision().publish()
    Page.objects.get(pk=report.pk).move(new_parent, pos="last-child")
    data = detail(client, report).json()
    assert data["path"] == "/publications/progress-points/" != old_path
    # Wagtail creates a redirect from the old path when a page moves.
    routed = client.get("/api/v3/route/", {"path": old_path}).json()
    assert routed["kind"] == "redirect"
    assert routed["redirect"] == {
        "location": "/publications/progress-points/",
        "permanent": True,
        "status_code": 301,
    }


@pytest.mark.django_db
def test_deleting_a_page_empties_its_cached_detail(client, report):
    assert detail(client, report).status_code == 200
    Page.objects.get(pk=report.pk).delete()
    assert detail(client, report).status_code == 404


@pytest.mark.django_db
def test_changing_an_included_snippet_image_or_document_refreshes_the_page(client, report):
    organisation = Organisation.objects.create(name="Trinity College", kind="university")
    image = factories.ImageFactory(title="Cover", description="Report cover")
    document = factories.DocumentFactory(title="Full report")
    report.organisations.create(organisation=organisation, role="partner")
    report.cover_image = image
    report.document = document
    report.save_revision().publish()
    data = detail(client, report).json()
    assert data["organisations"][0]["organisation"]["name"] == "Trinity College"
    assert data["cover_image"]["alt"] == "Report cover"
    assert data["document"]["title"] == "Full report"

    organisation.name = "Trinity College Hartford"
    organisation.save()
    assert detail(client, report).json()["organisations"][0]["organisation"]["name"] == (
        "Trinity College Hartford"
    )
    image.description = "Cover of the third edition"
    image.save()
    assert detail(client, report).json()["cover_image"]["alt"] == "Cover of the third edition"
    document.title = "Full report (PDF)"
    document.save()
    assert detail(client, report).json()["document"]["title"] == "Full report (PDF)"
    document.delete()
    assert detail(client, report).json()["document"] is None


@pytest.mark.django_db
def test_cors_is_open_only_to_the_front_end(client, report, settings):
    allowed = detail(client, report, origin=settings.FRONTEND_URL)
    assert allowed["Access-Control-Allow-Origin"] == settings.FRONTEND_URL
    denied = detail(client, report, origin="https://evil.example")
    assert "Access-Control-Allow-Origin" not in denied
    preflight = client.options(
        "/api/v3/newsletter/subscriptions/",
        headers={"origin": settings.FRONTEND_URL, "access-control-request-method": "POST"},
    )
    assert preflight["Access-Control-Allow-Origin"] == settings.FRONTEND_URL


@pytest.mark.django_db
def test_api_answers_vary_the_same_whether_cached_or_not(client, report):
    miss = detail(client, report)
    hit = detail(client, report)
    assert hit["X-Cache"] == "HIT"
    for response in (miss, hit):
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert "authorization" in vary and "accept-language" not in vary
        assert "Content-Language" not in response
