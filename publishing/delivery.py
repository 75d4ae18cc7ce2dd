"""
Sending from the outbox: webhook deliveries here, CDN purges in ``publishing.purges``.

``attempt`` claims a due delivery with a conditional update (so two workers, or a task
and the scheduler's sweep, never send the same one at once), POSTs it with a short
timeout, and records the outcome: delivered, retried later with backoff, or failed
for good after ``MAX_ATTEMPTS``. ``claim`` and ``record`` do the same for any row of the
outbox (``OutboxItem``), and ``requeue_lost`` is the safety net the scheduler runs over
all of them.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cms import request_id

from . import signing
from .models import OutboxItem, PurgeRequest, WebhookDelivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
USER_AGENT = "MetroHartford-CMS-Webhooks/1"
#: A delivery still "sending" this long after its attempt began lost its worker.
SENDING_GRACE = timedelta(minutes=5)
#: A pending delivery this overdue lost its task (a crash between commit and enqueue).
PENDING_GRACE = timedelta(minutes=2)


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    request = urllib.request.Request(  # noqa: S310 (http and https only, checked by URLField)
        url,
        data=body,
        method="POST",
        # X-Request-ID: the request that made the change (carried by the task), so a
        # receiver's logs can be matched with ours.
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            **request_id.headers(),
            **headers,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def claim[T: OutboxItem](model: type[T], pk: str, *related: str) -> T | None:
    """The row ``pk`` of ``model``, now marked as being sent by us; None unless it was due."""
    now = timezone.now()
    claimed = model._default_manager.filter(
        pk=pk, status=OutboxItem.Status.PENDING, next_attempt_at__lte=now
    ).update(
        status=OutboxItem.Status.SENDING,
        attempts=F("attempts") + 1,
        last_attempt_at=now,
    )
    if not claimed:
        return None
    rows = model._default_manager.all()
    return (rows.select_related(*related) if related else rows).get(pk=pk)


def attempt(delivery_id: str) -> str | None:
    """Try to send one delivery if it is due; return its status afterwards."""
    delivery = claim(WebhookDelivery, delivery_id, "endpoint")
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    body = body_of(delivery)
    error, status_code = "", None
    if not endpoint.is_active:
        error = "The endpoint was deactivated."
    else:
        try:
            headers = signing.headers(endpoint.secret, str(delivery.pk), body)
            status_code = post(endpoint.url, body, headers, settings.WEBHOOK_TIMEOUT)
            if not 200 <= status_code < 300:
                error = f"HTTP {status_code}"
        except (OSError, ValueError) as exc:  # refused, timed out, bad URL or secret
            error = f"{type(exc).__name__}: {exc}"[:2000]
    return record(delivery, status_code, error)


def record(delivery: OutboxItem, status_code: int | None, error: str) -> str:
    """Note how an attempt went: delivered, pending again after a backoff, or failed."""
    now = timezone.now()
    kind = delivery._meta.verbose_name
    delivery.last_status_code = status_code
    delivery.last_error = error
    if not error:
        delivery.status = OutboxItem.Status.DELIVERED
        delivery.delivered_at = now
    elif delivery.attempts >= MAX_ATTEMPTS or not delivery.can_be_sent():
        delivery.status = OutboxItem.Status.FAILED
        logger.warning(
            "%s %s to %s failed for good: %s", kind, delivery.pk, delivery.receiver, error
        )
    else:
        delivery.status = OutboxItem.Status.PENDING
        delivery.next_attempt_at = now + delivery.retry_delay()
        logger.info(
            "%s %s to %s failed (%s); retrying", kind, delivery.pk, delivery.receiver, error
        )
    with transaction.atomic():
        delivery.save(
            update_fields=[
                "status",
                "last_status_code",
                "last_error",
                "delivered_at",
                "next_attempt_at",
            ]
        )
        if delivery.status == OutboxItem.Status.PENDING:
            schedule_retry(delivery)
    return delivery.status


def task_for(model: type[OutboxItem]) -> Any:
    """The task that sends a row of ``model``."""
    from .tasks import deliver_webhook, send_purge

    return {WebhookDelivery: deliver_webhook, PurgeRequest: send_purge}[model]


def schedule_retry(delivery: OutboxItem) -> None:
    task = task_for(type(delivery))
    if task.get_backend().supports_defer:
        task = task.using(run_after=delivery.next_attempt_at)
        # Same database as the outbox: the retry and its task commit together.
        # It carries the request id of the change, as the first attempt's task did.
        transaction.on_commit(request_id.carried(lambda: task.enqueue(str(delivery.pk))))
    # Without deferral (the immediate backend) the scheduler's sweep sends it when due.


def enqueue(model: type[OutboxItem], ids: Iterable[str]) -> None:
    """Hand rows of the outbox to the task worker (after the commit that wrote them)."""
    task = task_for(model)
    for pk in ids:
        try:
            task.enqueue(pk)
        except Exception:
            # The row is safe in the outbox; the scheduler re-queues it.
            logger.exception("Could not queue %s %s", model._meta.verbose_name, pk)


def requeue_lost(now=None) -> int:
    """
    Put back deliveries and purges whose task went missing: pending ones long overdue,
    and ones left "sending" by a worker that died mid-attempt. Returns how many were
    queued.
    """
    now = now or timezone.now()
    stuck = Q(status=OutboxItem.Status.SENDING, last_attempt_at__lt=now - SENDING_GRACE)
    overdue = Q(status=OutboxItem.Status.PENDING, next_attempt_at__lt=now - PENDING_GRACE)
    requeued = 0
    model: type[OutboxItem]
    for model in (WebhookDelivery, PurgeRequest):
        manager = model._default_manager
        lost = list(
            manager.filter(stuck | overdue)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:1000]
        )
        if lost:
            # Due now, so the task can claim them; not overdue, so the next sweep waits.
            manager.filter(pk__in=lost).update(
                status=OutboxItem.Status.PENDING, next_attempt_at=now
            )
            enqueue(model, (str(pk) for pk in lost))
            requeued += len(lost)
    return requeued
