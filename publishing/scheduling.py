"""
Scheduled publishing: what Wagtail's ``publish_scheduled`` command does, one object at
a time, so that one page that cannot be published (a broken revision, a validation
error, a database error) is logged and retried next time instead of stopping every
page scheduled after it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    published: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _draft_state_models() -> list[type[Any]]:
    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]


def run_due(now: datetime | None = None) -> Outcome:
    """Unpublish what has expired and publish what is due, each in its own transaction."""
    now = now or timezone.now()
    outcome = Outcome()
    for model in _draft_state_models():
        expired = model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at")
        for obj in list(expired):
            label = f"{model._meta.label} {obj.pk} “{obj}”"
            try:
                with transaction.atomic():
                    obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
            except Exception:
                logger.exception("Could not unpublish expired %s", label)
                outcome.failed.append(label)
            else:
                outcome.expired.append(label)

    due = Revision.objects.filter(approved_go_live_at__lt=now).order_by("approved_go_live_at")
    for revision in list(due):
        label = f"revision {revision.pk} of “{revision.object_str}”"
        try:
            with transaction.atomic():
                revision.publish(log_action="wagtail.publish.scheduled")
        except Exception:
            logger.exception("Could not publish scheduled %s", label)
            outcome.failed.append(label)
        else:
            outcome.published.append(label)
    return outcome
