"""
Publish webhooks and CDN purges: the endpoints that want to hear about changes, and the
outbox of deliveries to them and of purges of the CDN in front of the API.

A change (a page published, a snippet edited…) writes one ``WebhookDelivery`` per
active endpoint in the same transaction as the change itself, so a delivery exists
exactly when the change committed. The task worker sends it (``publishing.delivery``);
a failed attempt is retried with exponential backoff, and the scheduler process puts
back any delivery whose task was lost (a crash between commit and enqueue, or a worker
killed mid-send). A change the API's answers show also writes one ``PurgeRequest``
per configured CDN (``publishing.purges``), sent, retried and re-queued the same way.
Site administrators see both logs in the admin.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from .signing import generate_secret, secret_key


def validate_secret(value: str) -> None:
    from django.core.exceptions import ValidationError

    try:
        if len(secret_key(value)) < 16:
            raise ValidationError("The secret must hold at least 16 random bytes.")
    except ValueError as error:
        raise ValidationError(str(error)) from error


class WebhookEndpoint(models.Model):
    """A receiver of publish events, such as the front end's revalidation route."""

    name = models.CharField(
        max_length=100, help_text="Who receives these events, e.g. “Public site”."
    )
    url = models.URLField(
        "URL",
        max_length=500,
        unique=True,
        help_text="Where events are POSTed, e.g. https://www.example.org/api/revalidate.",
    )
    secret = models.CharField(
        max_length=200,
        default=generate_secret,
        validators=[validate_secret],
        help_text=(
            "Signs every delivery (HMAC-SHA256, Standard Webhooks). Give the receiver this "
            "exact value; it starts with “whsec_”."
        ),
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive endpoints receive nothing."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "webhook endpoint"

    def __str__(self) -> str:
        return self.name


class OutboxQuerySet[T: "OutboxItem"](models.QuerySet[T]):
    def due(self, now: datetime | None = None) -> OutboxQuerySet[T]:
        return self.filter(
            status=OutboxItem.Status.PENDING, next_attempt_at__lte=now or timezone.now()
        )


class OutboxItem(models.Model):
    """
    One thing to send after a change, and how sending it went: the fields every row of
    the outbox has, webhook deliveries and CDN purges alike (``publishing.delivery``
    claims, records and retries them).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    #: The same on every attempt; a webhook's ``webhook-id`` header, so receivers can drop
    #: a delivery they have already handled.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    #: What happened (``page.published``…), for the log.
    event = models.CharField(max_length=40)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def retry_delay(self) -> timedelta:
        """Backoff after the n-th failed attempt: 10 s, 20 s, 40 s… at most an hour."""
        return timedelta(seconds=min(10 * 2 ** max(self.attempts - 1, 0), 3600))

    @property
    def receiver(self) -> str:
        """Who receives it, for the log."""
        raise NotImplementedError

    def can_be_sent(self) -> bool:
        """False once its receiver is gone (switched off, or no longer configured)."""
        return True


class WebhookDelivery(OutboxItem):
    """One event for one endpoint, and how sending it went."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    payload = models.JSONField()

    objects = OutboxQuerySet["WebhookDelivery"].as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status__in=["pending", "sending"]),
                name="webhook_unfinished_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"

    @property
    def receiver(self) -> str:
        return self.endpoint.url

    def can_be_sent(self) -> bool:
        return self.endpoint.is_active


class PurgeRequest(OutboxItem):
    """
    What one change made stale, for one CDN (``CDN_PURGE_BACKENDS``): the cache tags and
    URLs to purge from it, and how purging them went.
    """

    backend = models.CharField(max_length=40, help_text="The CDN purged (a CDN_PURGERS name).")
    tags = models.JSONField(default=list, help_text="Cache tags, as the API's answers send them.")
    urls = models.JSONField(default=list, help_text="The API's and the front end's URLs.")
    repeat_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="repeats",
        help_text="The purge this one sends again, a few seconds after it succeeded.",
    )

    objects = OutboxQuerySet["PurgeRequest"].as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "CDN purge"
        verbose_name_plural = "CDN purges"
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status__in=["pending", "sending"]),
                name="purge_unfinished_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.backend}" + (" (repeated)" if self.repeat_of_id else "")

    @property
    def receiver(self) -> str:
        return self.backend

    def can_be_sent(self) -> bool:
        from django.conf import settings

        return self.backend in settings.CDN_PURGERS
