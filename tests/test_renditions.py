"""
Renditions are made in a task when an image is saved, never inside a GET
(cms/api/renditions.py); an answer built before they exist shows the image without
them, and the answers after show them.
"""

from unittest import mock

import pytest

from cms.api import renditions
from tests import factories


def detail_image(client, page) -> tuple[dict, str]:
    response = client.get(f"/api/v3/pages/{page.pk}/")
    assert response.status_code == 200
    return response.json()["listing_image"], response["X-Cache"]


@pytest.mark.django_db
def test_saving_an_image_makes_every_rendition_the_api_shows():
    image = factories.ImageFactory(file__width=1000, file__height=600)
    wanted = renditions.filters(image)
    # 400, 800 and the original's 1000 wide, each as uploaded and as WebP.
    assert [f.spec for f in wanted] == [
        "width-400",
        "width-400|format-webp",
        "width-800",
        "width-800|format-webp",
        "width-1000",
        "width-1000|format-webp",
    ]
    assert sorted(image.renditions.values_list("filter_spec", flat=True)) == sorted(
        f.spec for f in wanted
    )
    # Saving it again (a new title) makes nothing more.
    image.title = "Renamed"
    image.save()
    assert image.renditions.count() == len(wanted)


@pytest.mark.django_db
def test_a_get_never_makes_a_rendition_it_asks_for_them_and_the_next_answer_has_them(
    client, site_tree
):
    image = factories.ImageFactory(file__width=1000, file__height=600)
    report = site_tree["report"]
    report.listing_image = image
    report.save_revision().publish()
    image.renditions.all().delete()  # as if its task had not run yet

    with mock.patch.object(renditions, "make_renditions") as task:
        shown, _ = detail_image(client, report)
        listing = client.get("/api/v3/pages/", {"type": "reports.ReportPage"})
    assert shown["id"] == image.pk and shown["renditions"] == []
    assert listing.status_code == 200
    assert not image.renditions.exists()  # nothing made inside the requests
    task.enqueue.assert_called_with(image.pk)

    assert renditions.make_renditions.call(image.pk) == 6  # the worker runs the task
    shown, x_cache = detail_image(client, report)
    assert x_cache != "HIT"  # the answer without renditions was dropped
    assert [r["width"] for r in shown["renditions"]] == [400, 400, 800, 800, 1000, 1000]
    assert {r["format"] for r in shown["renditions"]} == {"jpeg", "webp"}


@pytest.mark.django_db
def test_the_task_on_an_image_that_is_gone_or_complete_does_nothing():
    image = factories.ImageFactory(file__width=500, file__height=500)
    assert renditions.make_renditions.call(image.pk) == 0
    assert renditions.make_renditions.call(image.pk + 1000) == 0


@pytest.mark.django_db
def test_a_queue_that_fails_leaves_the_answer_without_renditions_not_a_500(
    client, site_tree, caplog
):
    image = factories.ImageFactory(file__width=1000, file__height=600)
    report = site_tree["report"]
    report.listing_image = image
    report.save_revision().publish()
    image.renditions.all().delete()
    with mock.patch.object(renditions, "make_renditions") as task:
        task.enqueue.side_effect = ConnectionError("queue down")
        shown, _ = detail_image(client, report)
    assert shown["renditions"] == []
    assert any("could not be queued" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_an_svg_gets_its_renditions_as_svg():
    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model

    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="900" height="300"></svg>'
    image = get_image_model()(title="Logo")
    image.file.save("logo.svg", ContentFile(svg), save=False)
    image.width, image.height = 900, 300  # as the admin's upload reads them (Pillow cannot)
    image.save()
    assert [f.spec for f in renditions.filters(image)] == ["width-400", "width-800", "width-900"]
    made = image.renditions.values_list("file", flat=True)
    assert len(made) == 3 and all(name.endswith(".svg") for name in made)
