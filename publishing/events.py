"""
Webhook events: what a change is called and how it is described to the front end,
with the public paths and cache tags the hub (``cms.core.changes``) says it touches.

``emit`` writes the deliveries into the outbox inside the caller's transaction and
hands them to the task worker once it commits, so publishing never waits on a
receiver and a rolled-back change sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from .models import WebhookDelivery, WebhookEndpoint

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
    from .delivery import enqueue as enqueue_rows

    enqueue_rows(WebhookDelivery, ids)
