"""
What signing up, confirming and unsubscribing do; ``api.py`` is only the HTTP side.

Signing up answers the same whatever the address's state, so nobody can learn from
it whether an address is subscribed:

* a new address becomes ``pending`` and gets a confirmation e-mail;
* a ``pending`` or ``unsubscribed`` address gets a new confirmation e-mail, at most
  once every ``NEWSLETTER_RESEND_MINUTES`` (language and consent are updated then);
* a ``confirmed`` address gets nothing and is not changed: a note saying "you are
  already subscribed" would let anyone who knows an address send mail to it.

The e-mail is sent by a task enqueued when the transaction commits; the task also
issues the tokens, so they never leave the process that sends the e-mail.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Locale, Site

from cms.core.models import SiteSettings, SiteText

from . import conf
from .models import Subscriber, hash_token

logger = logging.getLogger(__name__)

DEFAULT_NAME = "The Hartbeat"
DEFAULT_CONSENT = {
    "en": (
        "Yes, e-mail me The Hartbeat, the MetroHartford Alliance’s daily brief. "
        "I can unsubscribe at any time."
    ),
    "es": (
        "Sí, envíenme por correo electrónico The Hartbeat, el boletín diario de la "
        "MetroHartford Alliance. Puedo darme de baja en cualquier momento."
    ),
}
# secrets.token_urlsafe(32) gives 43 characters; anything else is not one of ours.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,64}")


class TokenError(Exception):
    status = 400
    detail = ""


class MalformedToken(TokenError):
    status = 400
    detail = "This link is incomplete or damaged; please copy the whole link from the e-mail."


class UnknownToken(TokenError):
    status = 404
    detail = "This link is not (or no longer) valid."


class ExpiredToken(TokenError):
    status = 410
    detail = "This confirmation link has expired; please sign up again for a new one."


@dataclass(frozen=True)
class NewsletterText:
    name: str
    consent: str


def newsletter_text(language: str) -> NewsletterText:
    """The newsletter's name and consent sentence as editors wrote them in ``language``."""
    text = _site_text(language)
    return NewsletterText(
        name=(text.newsletter_name if text else "") or DEFAULT_NAME,
        consent=(text.newsletter_consent if text else "") or DEFAULT_CONSENT[language],
    )


def _site_text(language: str) -> SiteText | None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    settings = SiteSettings.objects.filter(site=site).select_related("site_text").first()
    if settings is None or settings.site_text is None:
        return None
    locale = Locale.objects.filter(language_code=language).first()
    return settings.text_for_locale(locale) if locale else settings.site_text


def subscribe(email: str, language: str) -> None:
    """Record a sign-up with consent and send a confirmation e-mail if one is due."""
    consent = newsletter_text(language).consent
    now = timezone.now()
    with transaction.atomic():
        subscriber = _locked(email)
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email,
                        locale=language,
                        status=Subscriber.Status.PENDING,
                        consent_text=consent,
                        consented_at=now,
                        confirmation_sent_at=now,
                    )
                send = True
            except IntegrityError:
                # Another request created it since we looked; it has sent the e-mail.
                subscriber = _locked(email)
                send = False
        else:
            send = _renew(subscriber, language, consent, now)
        if send and subscriber is not None:
            transaction.on_commit(partial(_enqueue_confirmation, subscriber.pk))


def _locked(email: str) -> Subscriber | None:
    return Subscriber.objects.select_for_update().filter(email__iexact=email).first()


def _renew(subscriber: Subscriber, language: str, consent: str, now: datetime) -> bool:
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return False
    sent = subscriber.confirmation_sent_at
    if sent is not None and now - sent < conf.resend_interval():
        return False
    subscriber.status = Subscriber.Status.PENDING
    subscriber.locale = language
    subscriber.consent_text = consent
    subscriber.consented_at = now
    subscriber.confirmation_sent_at = now
    subscriber.confirmed_at = None
    subscriber.unsubscribed_at = None
    subscriber.save()
    return True


def _enqueue_confirmation(subscriber_id: int) -> None:
    from .tasks import send_confirmation

    send_confirmation.enqueue(subscriber_id)


def _find(field: str, token: str) -> Subscriber:
    if not TOKEN_PATTERN.fullmatch(token):
        raise MalformedToken
    subscriber = Subscriber.objects.select_for_update().filter(**{field: hash_token(token)}).first()
    if subscriber is None:
        raise UnknownToken
    return subscriber


def confirm(token: str) -> Subscriber:
    """Confirm the subscription the token was sent for; confirming twice is fine."""
    with transaction.atomic():
        subscriber = _find("confirmation_token_hash", token)
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        expires = subscriber.confirmation_expires_at
        if expires is None or timezone.now() >= expires:
            raise ExpiredToken
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at", "updated_at"])
        return subscriber


def unsubscribe(token: str) -> Subscriber:
    """Stop sending to the subscriber the token belongs to; unsubscribing twice is fine."""
    with transaction.atomic():
        subscriber = _find("unsubscribe_token_hash", token)
        if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
        # An old confirmation link must not subscribe them again.
        subscriber.confirmation_token_hash = None
        subscriber.save(
            update_fields=["status", "unsubscribed_at", "confirmation_token_hash", "updated_at"]
        )
        return subscriber
