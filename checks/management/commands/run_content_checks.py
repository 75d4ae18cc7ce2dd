"""Run the content checks now, in this process: every page, or the pages named."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from checks import links, runner


class Command(BaseCommand):
    help = "Run the content checks on every page (or --page ID …) and store what they find."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--page", type=int, action="append", help="A page id (repeatable).")
        parser.add_argument(
            "--external",
            action="store_true",
            help="Also ask every external link (needs CONTENT_CHECKS_EXTERNAL_LINKS=on).",
        )

    def handle(self, *args: Any, page: list[int] | None, external: bool, **options: Any) -> None:
        ids = page or runner.all_page_ids()
        found = runner.check_pages(ids)
        if external:
            if not links.enabled():
                self.stderr.write("External links are off (CONTENT_CHECKS_EXTERNAL_LINKS).")
            else:
                found += runner.check_pages(ids, [links.ExternalLinks()])
        self.stdout.write(f"Checked {len(ids)} pages: {found} findings")
