"""
Subscribers to The Hartbeat, the Alliance's daily brief.

Sign-up is double opt-in: an address is ``pending`` until its owner follows the link
in the confirmation e-mail. The links carry random tokens; only their SHA-256
digests are stored, so a copy of the database cannot confirm or unsubscribe anyone.
No IP addresses are kept.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.db import models
from django.db.models.functions import Lower

from . import conf


def new_token() -> tuple[str, str]:
    """A fresh token for a link, and the digest under which it is stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    class Language(models.TextChoices):
        EN = "en", "English"
        ES = "es", "Spanish"

    email = models.EmailField(
        max_length=254,
        unique=True,
        help_text="As given, with the domain in lower case.",
    )
    locale = models.CharField(
        "language",
        max_length=8,
        choices=Language.choices,
        default=Language.EN,
        help_text="The language of the e-mails.",
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    consent_text = models.TextField(help_text="The consent sentence shown when they signed up.")
    consented_at = models.DateTimeField("consented", help_text="When they gave that consent.")
    confirmation_token_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    unsubscribe_token_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    confirmation_sent_at = models.DateTimeField("confirmation sent", null=True, blank=True)
    confirmed_at = models.DateTimeField("confirmed", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("unsubscribed", null=True, blank=True)
    created_at = models.DateTimeField("signed up", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One row per mailbox, whatever the capitalisation it was typed with.
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci_unique"),
        ]

    def __str__(self) -> str:
        # Deliberately not the whole address: this label is copied into the admin's
        # audit log, which must not keep an address after the subscriber is deleted.
        local, _, domain = self.email.partition("@")
        return f"{local[:1]}…@{domain} (#{self.pk})"

    def issue_tokens(self) -> tuple[str, str]:
        """New confirmation and unsubscribe tokens; the earlier links stop working."""
        confirmation, self.confirmation_token_hash = new_token()
        unsubscribe, self.unsubscribe_token_hash = new_token()
        return confirmation, unsubscribe

    @property
    def confirmation_expires_at(self) -> datetime | None:
        if self.confirmation_sent_at is None:
            return None
        return self.confirmation_sent_at + conf.confirmation_lifetime()
