"""
The nightly run of every check, started by the scheduler process (``run_scheduler``)
on its first pass after ``CONTENT_CHECKS_NIGHTLY_HOUR`` (local time) each day, and only
once a day however many schedulers run (``NightlyRun.day`` is unique).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import NightlyRun
from .tasks import check_everything


def nightly_hour() -> int:
    return int(getattr(settings, "CONTENT_CHECKS_NIGHTLY_HOUR", 2)) % 24


def start_if_due(now: datetime | None = None) -> bool:
    """Queue tonight's run if it is time and nobody has; whether this call queued it."""
    local = timezone.localtime(now or timezone.now())
    if local.hour < nightly_hour() or NightlyRun.objects.filter(day=local.date()).exists():
        return False
    try:
        with transaction.atomic():
            NightlyRun.objects.create(day=local.date())
            transaction.on_commit(check_everything.enqueue)
    except IntegrityError:
        return False
    return True
