"""Background work: sending webhook deliveries from the outbox."""

from __future__ import annotations

from django_tasks import task

from .delivery import attempt


@task()
def deliver_webhook(delivery_id: str) -> str | None:
    """One attempt at one delivery; a failure schedules the next attempt itself."""
    return attempt(delivery_id)
