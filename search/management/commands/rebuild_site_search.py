"""``manage.py rebuild_site_search``: the site search index from scratch."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cms.storage import StorageUnavailable
from search import indexer
from search.cache import invalidate_search
from search.documents import extract
from search.models import DocumentText


class Command(BaseCommand):
    help = (
        "Rebuilds the site search index (search.Entry) from every live page. With "
        "--extract, first reads the text of PDFs still pending (or all, with --all-documents)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--extract", action="store_true", help="Read pending PDFs' text first.")
        parser.add_argument(
            "--all-documents", action="store_true", help="Read every PDF's text again first."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from wagtail.documents import get_document_model

        documents = get_document_model().objects.all()
        if not options["all_documents"]:
            done = DocumentText.objects.exclude(status=DocumentText.Status.PENDING)
            documents = documents.exclude(pk__in=done.values("document_id"))
        if options["extract"] or options["all_documents"]:
            for document_id in documents.values_list("pk", flat=True):
                try:
                    status = extract(document_id)
                except StorageUnavailable as error:
                    raise CommandError(
                        f"{error}. Stopped at document {document_id}: it and those after it were "
                        "not read (run this again once media storage answers)."
                    ) from error
                self.stdout.write(f"Document {document_id}: {status}")
        total = indexer.rebuild(self.stdout if options["verbosity"] > 1 else None)
        invalidate_search()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total} entries."))
