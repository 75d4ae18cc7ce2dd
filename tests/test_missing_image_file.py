"""An image whose original is missing from storage degrades the API's answers, never a 500."""

import logging

import pytest

from tests import factories


@pytest.fixture
def report_with_lost_image(site_tree):
    image = factories.ImageFactory(title="Cover", file__width=1000, file__height=600)
    report = site_tree["report"]
    report.listing_image = image
    report.save_revision().publish()
    # The original is gone (a failed copy, a restore without media) and no rendition exists
    # (those made when it was saved went with it).
    image.renditions.all().delete()
    image.file.storage.delete(image.file.name)
    return report, image


@pytest.mark.django_db
def test_detail_and_listings_answer_with_the_image_without_renditions(
    client, report_with_lost_image, caplog
):
    report, image = report_with_lost_image
    expected = {
        "id": image.pk,
        "title": "Cover",
        "width": 1000,
        "height": 600,
        "renditions": [],
    }
    with caplog.at_level(logging.ERROR, logger="cms.api"):
        # ``client`` checks every answer against the OpenAPI document.
        detail = client.get(f"/api/v3/pages/{report.pk}/")
        assert detail.status_code == 200
        listing = client.get("/api/v3/pages/", {"type": "reports.ReportPage"})
        assert listing.status_code == 200
        route = client.get("/api/v3/route/", {"path": report.url})
        assert route.status_code == 200
    shown = [
        detail.json()["listing_image"],
        next(item for item in listing.json()["items"] if item["id"] == report.pk)["image"],
    ]
    for data in shown:
        assert {key: data[key] for key in expected} == expected
    logged = [r.getMessage() for r in caplog.records if r.name == "cms.api"]
    assert any(f"Image {image.pk}" in m and "SourceImageIOError" in m for m in logged)


@pytest.mark.django_db
def test_renditions_come_back_when_the_file_does(client, report_with_lost_image, settings):
    report, image = report_with_lost_image
    assert client.get(f"/api/v3/pages/{report.pk}/").json()["listing_image"]["renditions"] == []
    # The file restored (the image row untouched); its payload was kept only briefly.
    from django.core.cache import cache

    from cms.api.serializers import DEGRADED_IMAGE_TIMEOUT

    assert 0 < DEGRADED_IMAGE_TIMEOUT <= 600
    fresh = factories.ImageFactory(file__width=1000, file__height=600)
    with fresh.file.open("rb") as source:
        image.file.storage.save(image.file.name, source)
    cache.clear()  # as the short timeout and the response cache's expiry would
    # The next answer asks for the renditions (a task, never made in the request); the
    # one after shows them.
    assert client.get(f"/api/v3/pages/{report.pk}/").json()["listing_image"]["renditions"] == []
    assert image.renditions.exists()
    renditions = client.get(f"/api/v3/pages/{report.pk}/").json()["listing_image"]["renditions"]
    assert renditions and all(r["width"] > 0 for r in renditions)
