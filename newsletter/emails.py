"""The confirmation e-mail, in the subscriber's language (templates in templates/newsletter/)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from . import conf
from .models import Subscriber
from .services import newsletter_text


def confirmation_email(
    subscriber: Subscriber, confirmation_token: str, unsubscribe_token: str
) -> EmailMultiAlternatives:
    language = subscriber.locale
    context = {
        "newsletter_name": newsletter_text(language).name,
        "confirm_url": conf.frontend_link("confirm", language, confirmation_token),
        "unsubscribe_url": conf.frontend_link("unsubscribe", language, unsubscribe_token),
        "days": conf.confirmation_lifetime().days,
    }
    with translation.override(language):
        subject = render_to_string(f"newsletter/email/confirmation_subject.{language}.txt", context)
        text = render_to_string(f"newsletter/email/confirmation.{language}.txt", context)
        html = render_to_string(f"newsletter/email/confirmation.{language}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=conf.from_email(),
        to=[subscriber.email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message
