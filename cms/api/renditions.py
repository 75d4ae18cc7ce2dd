"""
Renditions are made before anyone asks for them. When an image is saved (uploaded, its
file replaced, its focal point moved) a task makes every size the API shows
(``serializers.rendition_specs``); a GET only reads the renditions that exist, so no
request waits for an image to be resized.

An image asked for before its task has run is shown with the renditions it already has
(none, for a new image: the schema allows it), and its task is queued again. When the
task has made renditions, the hub's ``image.renditions_made`` makes the answers that
show the image stale, and they are rebuilt with them.
"""

from __future__ import annotations

import logging
from typing import Any

from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from cms.core import changes
from cms.core.changes import Change

logger = logging.getLogger("cms.api")


def filters(img: Any) -> list[Filter]:
    """
    The filters of the API's renditions of ``img``. An SVG stays an SVG: ``preserve-svg``
    drops the format conversions Wagtail cannot make of one (and is dropped itself for
    any other image), so its WebP twins collapse into one rendition per width.
    """
    from .serializers import rendition_specs

    specs = rendition_specs(img.width)
    cleaned = (img.clean_filter_for_svg(Filter(spec=f"{spec}|preserve-svg")) for spec in specs)
    return list(dict.fromkeys(cleaned))


def lookup(img: Any) -> tuple[list[Any], list[Filter]]:
    """The API's renditions of ``img`` that exist, and the filters of those that do not."""
    wanted = filters(img)
    found = img.find_existing_renditions(*wanted)
    return [found[f] for f in wanted if f in found], [f for f in wanted if f not in found]


#: Below the default: a webhook delivery or a search update waiting behind a backlog of
#: images (a bulk upload, a demo load) goes first.
PRIORITY = -10


@task(priority=PRIORITY)
def make_renditions(image_id: int) -> int:
    """Make the API's missing renditions of an image; how many were made."""
    img = get_image_model().objects.filter(pk=image_id).first()
    if img is None:
        return 0
    _, missing = lookup(img)
    if not missing:
        return 0
    try:
        img.create_renditions(*missing)
    except OSError as error:
        # SourceImageIOError (the original is missing from storage) or a corrupt
        # original: the image is shown without renditions, as the schema allows.
        logger.error(
            "Image %s (%s): no renditions, its original cannot be read: %s: %s",
            img.pk,
            img.file.name,
            type(error).__name__,
            error,
        )
        return 0
    changes.send(changes.RENDITIONS_MADE, img)
    return len(missing)


def request(image_id: int) -> None:
    """Queue the task; a queue that fails leaves the image without renditions for now."""
    try:
        make_renditions.enqueue(image_id)
    except Exception:
        logger.exception("Image %s: its renditions could not be queued", image_id)


def on_change(change: Change) -> None:
    if (
        change.event == changes.OBJECT_SAVED
        and not change.raw
        and isinstance(change.instance, get_image_model())
    ):
        request(change.instance.pk)


def connect() -> None:
    changes.subscribe(on_change, uid="api-renditions")
