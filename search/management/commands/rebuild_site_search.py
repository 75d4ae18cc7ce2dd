"""
``manage.py rebuild_site_search``: the site search index from scratch.

With ``--extract`` (PDFs whose text is still pending) or ``--all-documents`` (every PDF
again: the re-extraction after a change to how text is read), it reads PDFs first. Both
phases show their progress on the error stream (``cms.progress``: a bar on a terminal,
a line every 10 s otherwise; nothing with ``-v 0``); ``-v 2`` also names each document's
outcome.

With ``SITE_SEARCH_ENGINE=opensearch`` it then copies the new index into a new
OpenSearch index and moves the alias searches read to it (``search.mirror.rebuild``);
``--opensearch-only`` does only that, from the database's index as it is.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cms.progress import Progress
from cms.storage import StorageUnavailable
from search import indexer, mirror
from search.backends import opensearch
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
        parser.add_argument(
            "--opensearch-only",
            action="store_true",
            help="Only copy the database's index to a new OpenSearch index and swap the alias.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        if options["opensearch_only"] and not opensearch.enabled():
            raise CommandError("--opensearch-only needs SITE_SEARCH_ENGINE=opensearch.")
        if not options["opensearch_only"]:
            if options["extract"] or options["all_documents"]:
                self.extract(verbosity, every=options["all_documents"])
            with Progress(0, "Indexing pages", stream=self.stderr, verbosity=verbosity) as progress:
                total = indexer.rebuild(on_batch=progress.update_to)
            invalidate_search()
            if verbosity:
                self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total} entries."))
        if opensearch.enabled():
            self.copy_to_opensearch(verbosity)

    def copy_to_opensearch(self, verbosity: int) -> None:
        with Progress(
            0, "Copying to OpenSearch", stream=self.stderr, verbosity=verbosity
        ) as progress:
            try:
                written = mirror.rebuild(on_batch=progress.update_to)
            except opensearch.Unavailable as error:
                raise CommandError(
                    f"OpenSearch did not answer ({error}); searches keep reading the index "
                    "they had. Run this again with --opensearch-only once it answers."
                ) from error
        invalidate_search()
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"OpenSearch index {opensearch.alias()} rebuilt: {written} documents."
                )
            )

    def extract(self, verbosity: int, every: bool) -> None:
        from wagtail.documents import get_document_model

        documents = get_document_model().objects.all()
        if not every:
            done = DocumentText.objects.exclude(status=DocumentText.Status.PENDING)
            documents = documents.exclude(pk__in=done.values("document_id"))
        ids = list(documents.values_list("pk", flat=True))
        with Progress(
            len(ids), "Reading PDFs", unit="documents", stream=self.stderr, verbosity=verbosity
        ) as progress:
            for document_id in ids:
                try:
                    status = extract(document_id)
                except StorageUnavailable as error:
                    raise CommandError(
                        f"{error}. Stopped at document {document_id}: it and those after it were "
                        "not read (run this again once media storage answers)."
                    ) from error
                if verbosity > 1:
                    self.stdout.write(f"Document {document_id}: {status}")
                progress.update()
