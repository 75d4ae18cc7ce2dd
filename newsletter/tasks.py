"""Background work: sending the confirmation e-mail."""

from __future__ import annotations

from django.core.mail import mailers
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .emails import confirmation_email
from .models import Subscriber


@task()
def send_confirmation(subscriber_id: int) -> None:
    """
    Issue fresh tokens and e-mail the links. The tokens are made here, not by the
    request, so they never pass through the task queue in the clear; if sending
    fails, the transaction rolls back and the previous links keep working.
    """
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update()
            .filter(pk=subscriber_id, status=Subscriber.Status.PENDING)
            .first()
        )
        if subscriber is None:  # confirmed, unsubscribed or deleted meanwhile
            return
        confirmation_token, unsubscribe_token = subscriber.issue_tokens()
        subscriber.confirmation_sent_at = timezone.now()
        subscriber.save(
            update_fields=[
                "confirmation_token_hash",
                "unsubscribe_token_hash",
                "confirmation_sent_at",
                "updated_at",
            ]
        )
        message = confirmation_email(subscriber, confirmation_token, unsubscribe_token)
        mailers.default.send_messages([message])
