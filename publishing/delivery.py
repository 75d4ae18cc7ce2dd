"""
Sending deliveries from the outbox.

``attempt`` claims a due delivery with a conditional update (so two workers, or a task
and the scheduler's sweep, never send the same one at once), POSTs it with a short
timeout, and records the outcome: delivered, retried later with backoff, or failed
for good after ``MAX_ATTEMPTS``. ``requeue_lost`` is the safety net the scheduler runs.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cms import request_id

from . import signing
from .models import WebhookDelivery

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


def claim(delivery_id: str) -> WebhookDelivery | None:
    now = timezone.now()
    claimed = (
        WebhookDelivery.objects.due(now)
        .filter(pk=delivery_id)
        .update(
            status=WebhookDelivery.Status.SENDING,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
        )
    )
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)


def attempt(delivery_id: str) -> str | None:
    """Try to send one delivery if it is due; return its status afterwards."""
    delivery = claim(delivery_id)
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


def record(delivery: WebhookDelivery, status_code: int | None, error: str) -> str:
    now = timezone.now()
    delivery.last_status_code = status_code
    delivery.last_error = error
    if not error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
    elif delivery.attempts >= MAX_ATTEMPTS or not delivery.endpoint.is_active:
        delivery.status = WebhookDelivery.Status.FAILED
        logger.warning(
            "Webhook %s to %s failed for good: %s", delivery.pk, delivery.endpoint.url, error
        )
    else:
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.next_attempt_at = now + delivery.retry_delay()
        logger.info(
            "Webhook %s to %s failed (%s); retrying", delivery.pk, delivery.endpoint.url, error
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
        if delivery.status == WebhookDelivery.Status.PENDING:
            schedule_retry(delivery)
    return delivery.status


def schedule_retry(delivery: WebhookDelivery) -> None:
    from .tasks import deliver_webhook

    task = deliver_webhook
    if task.get_backend().supports_defer:
        task = task.using(run_after=delivery.next_attempt_at)
        # Same database as the outbox: the retry and its task commit together.
        transaction.on_commit(lambda: task.enqueue(str(delivery.pk)))
    # Without deferral (the immediate backend) the scheduler's sweep sends it when due.


def requeue_lost(now=None) -> int:
    """
    Put back deliveries whose task went missing: pending ones long overdue, and ones
    left "sending" by a worker that died mid-attempt. Returns how many were queued.
    """
    from .events import enqueue

    now = now or timezone.now()
    stuck = Q(status=WebhookDelivery.Status.SENDING, last_attempt_at__lt=now - SENDING_GRACE)
    overdue = Q(status=WebhookDelivery.Status.PENDING, next_attempt_at__lt=now - PENDING_GRACE)
    lost = list(
        WebhookDelivery.objects.filter(stuck | overdue)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:1000]
    )
    if lost:
        # Due now, so the task can claim them; not overdue, so the next sweep waits.
        WebhookDelivery.objects.filter(pk__in=lost).update(
            status=WebhookDelivery.Status.PENDING, next_attempt_at=now
        )
        enqueue(str(pk) for pk in lost)
    return len(lost)
