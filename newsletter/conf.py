"""
The newsletter's settings, each with its default, read when used (so tests and
``override_settings`` see changes).

``NEWSLETTER_RATE``                 sign-up requests one client may make ("5/m").
``NEWSLETTER_TOKEN_RATE``           confirm/unsubscribe requests one client may make ("20/m").
``NEWSLETTER_CONFIRMATION_DAYS``    how long a confirmation link works (7).
``NEWSLETTER_RESEND_MINUTES``       the least time between two confirmation e-mails to one
                                    address (5).
``NEWSLETTER_FROM_EMAIL``           the sender (``DEFAULT_FROM_EMAIL``).
``FRONTEND_URL``                    the public site that the e-mail's links open.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings

#: Where the front end confirms a subscription or unsubscribes, per language: English
#: at the root, other languages under their code, as for every page of the site.
FRONTEND_PATH = "{language_prefix}/newsletter/{action}"


def rate() -> str:
    return getattr(settings, "NEWSLETTER_RATE", "5/m")


def token_rate() -> str:
    return getattr(settings, "NEWSLETTER_TOKEN_RATE", "20/m")


def confirmation_lifetime() -> timedelta:
    return timedelta(days=getattr(settings, "NEWSLETTER_CONFIRMATION_DAYS", 7))


def resend_interval() -> timedelta:
    return timedelta(minutes=getattr(settings, "NEWSLETTER_RESEND_MINUTES", 5))


def from_email() -> str:
    return getattr(settings, "NEWSLETTER_FROM_EMAIL", None) or settings.DEFAULT_FROM_EMAIL


def frontend_link(action: str, language: str, token: str) -> str:
    """The front end's page for ``action`` ("confirm" or "unsubscribe") with ``token``."""
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    path = FRONTEND_PATH.format(language_prefix=prefix, action=action)
    return f"{settings.FRONTEND_URL.rstrip('/')}{path}?{urlencode({'token': token})}"
