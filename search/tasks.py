"""Background work of the search app (django-tasks: immediate in development and tests)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("search")

#: How often an index update that failed is tried again before it is given up (and
#: logged as an error; ``rebuild_site_search`` then puts everything right).
REINDEX_ATTEMPTS = 8
#: The first retry waits this long, each next one twice as long (at most an hour).
REINDEX_FIRST_DELAY = timedelta(seconds=10)
REINDEX_MAX_DELAY = timedelta(hours=1)


@task()
def extract_document_text(document_id: int, attempt: int = 1) -> str | None:
    """
    Read a PDF's text page by page and reindex the reports that link to it. While media
    storage is unreachable, try again with the reindex's backoff; after the last attempt
    the document stays pending, for ``rebuild_site_search --extract``.
    """
    from cms.storage import StorageUnavailable

    from .documents import extract

    try:
        return extract(document_id)
    except StorageUnavailable as error:
        if attempt >= REINDEX_ATTEMPTS:
            logger.error(
                "Text of document %s not read after %s attempts (%s); it stays pending "
                "(run rebuild_site_search --extract)",
                document_id,
                attempt,
                error,
            )
            return "storage unavailable"
        logger.warning(
            "Text of document %s not read (attempt %s): %s; retrying", document_id, attempt, error
        )
        schedule_extraction(document_id, attempt + 1)
        return "retrying"


def schedule_extraction(document_id: int, attempt: int) -> None:
    """Queue ``extract_document_text`` again after the backoff (as ``schedule_reindex``)."""
    if extract_document_text.get_backend().supports_defer:
        deferred = extract_document_text.using(run_after=timezone.now() + reindex_delay(attempt))
        deferred.enqueue(document_id, attempt=attempt)
    else:
        transaction.on_commit(lambda: extract_document_text.enqueue(document_id, attempt=attempt))


def reindex_delay(attempt: int) -> timedelta:
    delay: timedelta = REINDEX_FIRST_DELAY * 2 ** (attempt - 1)
    return min(delay, REINDEX_MAX_DELAY)


@task()
def reindex_pages(page_ids: list[int], attempt: int = 1) -> str:
    """
    Bring the index up to date for pages whose update failed when they changed (the
    page's current state, whatever happened since: ``index_page`` drops what is no
    longer visible). A failure schedules the next attempt itself.
    """
    from .cache import invalidate_search
    from .indexer import index_page

    try:
        with transaction.atomic():
            for page_id in page_ids:
                index_page(page_id)
            invalidate_search()
    except Exception:
        if attempt >= REINDEX_ATTEMPTS:
            logger.exception(
                "Search index update of pages %s failed %s times; giving up "
                "(run rebuild_site_search)",
                page_ids,
                attempt,
            )
            raise
        logger.warning(
            "Search index update of pages %s failed (attempt %s); retrying",
            page_ids,
            attempt,
            exc_info=True,
        )
        schedule_reindex(page_ids, attempt + 1)
        return "retrying"
    return "indexed"


def schedule_reindex(page_ids: list[int], attempt: int = 1) -> None:
    """
    Queue ``reindex_pages``. With the database backend the task is written in the
    current transaction, so it is as durable as the change that needed it (and goes
    if that change is rolled back); the worker runs it after a backoff. A backend that
    cannot defer (the immediate one) runs it after the commit, outside the transaction
    whose index update just failed.
    """
    ids = sorted(set(page_ids))
    if reindex_pages.get_backend().supports_defer:
        deferred = reindex_pages.using(run_after=timezone.now() + reindex_delay(attempt))
        deferred.enqueue(ids, attempt=attempt)
    else:
        transaction.on_commit(lambda: reindex_pages.enqueue(ids, attempt=attempt))


@task()
def index_document(document_id: int) -> int:
    """Write (or remove) the entries of a PDF's pages, on the live pages that show it."""
    from . import indexer
    from .cache import invalidate_search

    written = indexer.index_document(document_id)
    invalidate_search()
    return written


@task()
def mirror_entries(page_ids: list[int], document_ids: list[int], attempt: int = 1) -> str:
    """
    Copy the index's current entries of these pages and PDFs to OpenSearch
    (``search.mirror``). While the cluster does not answer, try again with the reindex's
    backoff; after the last attempt, ``rebuild_site_search`` puts everything right.
    """
    from . import mirror
    from .backends.opensearch import Unavailable
    from .cache import invalidate_search

    try:
        mirror.sync(page_ids, document_ids)
    except Unavailable as error:
        if attempt >= REINDEX_ATTEMPTS:
            logger.error(
                "OpenSearch copy of pages %s, PDFs %s not written after %s attempts (%s); "
                "giving up (run rebuild_site_search)",
                page_ids,
                document_ids,
                attempt,
                error,
            )
            return "gave up"
        logger.warning(
            "OpenSearch copy of pages %s, PDFs %s not written (attempt %s): %s; retrying",
            page_ids,
            document_ids,
            attempt,
            error,
        )
        schedule_mirror(page_ids, document_ids, attempt + 1)
        return "retrying"
    invalidate_search()
    return "copied"


def schedule_mirror(page_ids: list[int], document_ids: list[int], attempt: int) -> None:
    """Queue ``mirror_entries`` again after the backoff (as ``schedule_reindex``)."""
    if mirror_entries.get_backend().supports_defer:
        deferred = mirror_entries.using(run_after=timezone.now() + reindex_delay(attempt))
        deferred.enqueue(page_ids, document_ids, attempt=attempt)
    else:
        transaction.on_commit(
            lambda: mirror_entries.enqueue(page_ids, document_ids, attempt=attempt)
        )
