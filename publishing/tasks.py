"""Background work: sending webhook deliveries and CDN purges from the outbox."""

from __future__ import annotations

from django_tasks import task

from .delivery import attempt


# Ahead of bulk work (PDF text, Wagtail's index updates): the front end should hear
# of a publish within seconds even when the queue is long.
@task(priority=50)
def deliver_webhook(delivery_id: str) -> str | None:
    """One attempt at one delivery; a failure schedules the next attempt itself."""
    return attempt(delivery_id)


# As urgent: until the CDN is purged it serves what the publish replaced.
@task(priority=50)
def send_purge(purge_id: str) -> str | None:
    """One attempt at one CDN purge; a failure schedules the next attempt itself."""
    from .purges import attempt as attempt_purge

    return attempt_purge(purge_id)
