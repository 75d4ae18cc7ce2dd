"""
What a change means to the front end: the event, the public paths it makes stale in
every language, and the API's cache tags for the same objects.

``emit`` writes the deliveries into the outbox inside the caller's transaction and
hands them to the task worker once it commits, so publishing never waits on a
receiver and a rolled-back change sends nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from cms.api.context import SerializerContext, object_tag
from cms.api.signals import page_tags

from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

#: Snippets whose every change shows on every page (header, footer, site-wide text).
SITE_WIDE_LABELS = {"core.sitesettings", "core.sociallink", "core.sitetext"}


def describe(obj: Any) -> dict:
    model = type(obj)
    if isinstance(obj, Page):
        specific_class = obj.specific_class or Page
        kind, label = "page", specific_class._meta.label
    else:
        kind = {"wagtailimages": "image", "wagtaildocs": "document"}.get(
            model._meta.app_label, "snippet"
        )
        if model._meta.label_lower == "wagtailredirects.redirect":
            kind = "redirect"
        elif model._meta.label_lower in SITE_WIDE_LABELS:
            kind = "settings"
        label = model._meta.label
    title = getattr(obj, "title", None) or getattr(obj, "name", None) or str(obj)
    return {"kind": kind, "id": obj.pk, "type": label, "title": str(title)[:255]}


def frontend_paths(pages: Iterable[tuple[str, int]]) -> set[str]:
    """Public paths (``/…``, ``/es/…``) of (url_path, locale_id) pairs."""
    ctx = SerializerContext(request=None)
    paths = set()
    for url_path, locale_id in pages:
        try:
            path = ctx.frontend_path(url_path, locale_id)
        except KeyError:  # a locale deleted meanwhile
            path = None
        if path:
            paths.add(path)
    return paths


def page_paths(page: Page, *, with_descendants: bool = False) -> set[str]:
    """
    Every public path that shows this page: its own and its translations' (their
    language switch names it), its parent's (which lists it), pages that link to it or
    feature it (Wagtail's reference index), and, when it moves or goes, its
    descendants'.
    """
    query = Q(translation_key=page.translation_key) | Q(pk=page.pk)
    if page.depth > 1:
        query |= Q(path=page.path[: -Page.steplen])
    referrers = ReferenceIndex.get_references_to(page).filter(
        base_content_type__model="page", base_content_type__app_label="wagtailcore"
    )
    query |= Q(pk__in=[int(pk) for pk in referrers.values_list("object_id", flat=True)])
    if with_descendants:
        query |= Q(path__startswith=page.path, depth__gt=page.depth)
    rows = Page.objects.filter(query).values_list("url_path", "locale_id")
    return frontend_paths(rows) | frontend_paths([(page.url_path, page.locale_id)])


def referring_page_paths(obj: Any) -> set[str]:
    """Public paths of the pages that use an object, directly or through a snippet."""
    page_ids: set[int] = set()
    objects = [obj]
    for _ in range(2):  # a page → a person → their photo: two steps at most
        references = ReferenceIndex.get_references_to_in_bulk(objects).values_list(
            "base_content_type__app_label", "base_content_type__model", "object_id"
        )
        next_objects = []
        for app_label, model, object_id in references:
            if (app_label, model) == ("wagtailcore", "page"):
                page_ids.add(int(object_id))
            else:
                next_objects.append((app_label, model, object_id))
        objects = _load(next_objects)
        if not objects:
            break
    rows = Page.objects.filter(pk__in=page_ids, live=True).values_list("url_path", "locale_id")
    return frontend_paths(rows)


def _load(keys: list[tuple[str, str, str]]) -> list:
    from django.apps import apps

    loaded = []
    for app_label, model_name, object_id in set(keys):
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        instance = model._default_manager.filter(pk=object_id).first()
        if instance is not None:
            loaded.append(instance)
    return loaded


def emit(
    event: str,
    obj: Any,
    *,
    paths: Iterable[str] = (),
    tags: Iterable[str] = (),
    site_wide: bool = False,
) -> list[WebhookDelivery]:
    """Queue one delivery of this event for every active endpoint."""
    paths = sorted(set(paths))
    if not paths and not site_wide:
        return []  # nothing the front end shows changed
    endpoints = list(WebhookEndpoint.objects.filter(is_active=True).only("pk"))
    if not endpoints:
        return []
    payload = {
        "event": event,
        "occurred_at": timezone.now().isoformat(),
        "object": describe(obj),
        "paths": paths,
        "site_wide": site_wide,
        "tags": sorted(set(tags)),
    }
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(endpoint=endpoint, event=event, payload=payload) for endpoint in endpoints]
    )
    ids = [str(delivery.pk) for delivery in deliveries]
    transaction.on_commit(lambda: enqueue(ids))
    return deliveries


def enqueue(ids: Iterable[str]) -> None:
    from .tasks import deliver_webhook

    for delivery_id in ids:
        try:
            deliver_webhook.enqueue(delivery_id)
        except Exception:
            # The delivery is safe in the outbox; the scheduler re-queues it.
            logger.exception("Could not queue webhook delivery %s", delivery_id)


def object_tags(obj: Any) -> set[str]:
    tags = {object_tag(obj)}
    if getattr(obj, "translation_key", None):
        tags.add(f"translations:{obj.translation_key}")
    return tags


__all__ = ["emit", "object_tags", "page_paths", "page_tags", "referring_page_paths"]
