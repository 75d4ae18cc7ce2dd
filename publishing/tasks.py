"""Background work: sending webhook deliveries from the outbox."""

from __future__ import annotations

from django_tasks import task

from .delivery import attempt


# Ahead of bulk work (PDF text, Wagtail's index updates): the front end should hear
# of a publish within seconds even when the queue is long.
@task(priority=50)
def deliver_webhook(delivery_id: str) -> str | None:
    """One attempt at one delivery; a failure schedules the next attempt itself."""
    return attempt(delivery_id)
