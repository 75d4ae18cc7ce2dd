"""Register (or update) a webhook endpoint from the command line, e.g. in deployment."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from publishing.models import WebhookEndpoint
from publishing.signing import generate_secret


class Command(BaseCommand):
    help = "Add a webhook endpoint, or update the one with this URL. Prints its secret."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url", help="Where events are POSTed.")
        parser.add_argument("--secret", help="whsec_… secret (default: a new random one).")
        parser.add_argument("--name", help="A label for the admin (default: the URL).")
        parser.add_argument("--inactive", action="store_true", help="Register it switched off.")

    def handle(
        self,
        *args: Any,
        url: str,
        secret: str | None,
        name: str | None,
        inactive: bool,
        **options: Any,
    ) -> None:
        endpoint = WebhookEndpoint.objects.filter(url=url).first() or WebhookEndpoint(url=url)
        endpoint.name = name or endpoint.name or url[:100]
        endpoint.secret = secret or endpoint.secret or generate_secret()
        endpoint.is_active = not inactive
        try:
            endpoint.full_clean()
        except ValidationError as error:
            problems = (f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            raise CommandError("; ".join(problems)) from error
        created = endpoint.pk is None
        endpoint.save()
        self.stdout.write(f"{'Added' if created else 'Updated'} webhook endpoint {endpoint.url}")
        if not secret:
            self.stdout.write(f"Secret: {endpoint.secret}")
