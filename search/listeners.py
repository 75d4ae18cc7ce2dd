"""
Keep the search index in step with the content, as a listener of the hub
(``cms.core.changes``).

A page's own entries are written in the same transaction as the change that causes it
(the index is in the same database), so a rolled-back publish leaves no trace in it.
PDFs are the worker's: reading one's text (``search.documents``) and writing the
entries of its pages on the pages that show it (``indexer.index_document``) run as
background tasks, queued once the change commits: when a page starts or stops showing
a document, when a document is saved (replaced, moved to another collection) and
when a collection's view restriction changes.

An index update that fails never fails the change: it is rolled back to a savepoint,
logged, and retried by a background task (``search.tasks.reindex_pages``) queued in
the same transaction, so the publish lands and search catches up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, ReferenceIndex

from cms.core import changes
from cms.core.changes import Change
from cms.core.models import Organisation, Person, Theme

from . import documents, indexer, mirror, tasks
from .cache import invalidate_search
from .models import Entry, ShownDocument

logger = logging.getLogger("search")


def update_or_retry(update: Callable[[], object], page_ids: Callable[[], Iterable[int]]) -> None:
    """Run an index update; if it fails, undo it alone and queue a retry of ``page_ids``."""
    try:
        with transaction.atomic():  # a savepoint: a failure must not spoil the publish
            update()
    except Exception:
        ids = list(page_ids())
        logger.exception("Search index update of pages %s failed; it will be retried", ids)
        tasks.schedule_reindex(ids)


def _subtree_ids(page: Page) -> list[int]:
    return list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def on_change(change: Change) -> None:
    handler = _HANDLERS.get(change.event)
    if handler is not None:
        handler(change)


def _published(change: Change) -> None:
    page = change.instance
    update_or_retry(lambda: indexer.index_page(page.pk), lambda: [page.pk])
    invalidate_search()


def _unpublished(change: Change) -> None:
    page = change.instance
    update_or_retry(lambda: indexer.unindex_page(page.pk), lambda: [page.pk])
    invalidate_search()


def _moved(change: Change) -> None:
    # Paths are read at query time; a move can still put pages behind a restriction.
    page = change.instance
    update_or_retry(lambda: indexer.index_subtree(page), lambda: _subtree_ids(page))
    invalidate_search()


def _page_deleting(change: Change) -> None:
    # Its documents' hits must find another page that shows them (or none).
    document_ids = ShownDocument.objects.filter(page_id=change.instance.pk).values_list(
        "document_id", flat=True
    )
    indexer.queue_documents(list(document_ids))


def _page_deleted(change: Change) -> None:
    # Entries cascade with the page; only the cached answers (and an OpenSearch copy
    # of them) need to go.
    mirror.changed(page_ids=[change.instance.pk])
    invalidate_search()


def _restriction_changed(change: Change) -> None:
    page = Page.objects.filter(pk=change.instance.page_id).first()
    if page is not None:
        update_or_retry(lambda: indexer.index_subtree(page), lambda: _subtree_ids(page))
    invalidate_search()


def pages_referencing(obj) -> set[int]:
    """Pages that show ``obj`` or name it in their text."""
    page_ids = set(
        Entry.objects.filter(
            kind__in=["organisation", "person"], object_id=obj.pk, key__contains=f":{obj.pk}:"
        ).values_list("page_id", flat=True)
    )
    page_type = ReferenceIndex._get_base_content_type(Page)
    # A page in one language may point at the snippet's translation in another (a
    # synchronised Spanish page names the English partner) and show this one instead.
    related = [obj]
    if getattr(obj, "translation_key", None):
        related = type(obj).objects.filter(translation_key=obj.translation_key)
    for each in related:
        for reference in ReferenceIndex.get_references_to(each):
            if reference.base_content_type_id == page_type.pk:
                page_ids.add(int(reference.object_id))
    return page_ids


def _object_changed(change: Change) -> None:
    from indicators.models import Geography, Indicator

    instance = change.instance
    if isinstance(instance, (Indicator, Geography, Theme)) and not change.raw:
        # An indicator's entry holds its name, definition and themes' names.
        update_or_retry(indexer.index_indicators, lambda: [])
        invalidate_search()
    if isinstance(instance, (Organisation, Person, Theme)):
        _snippet_changed(instance)
    elif isinstance(instance, get_document_model()) and change.event == changes.OBJECT_SAVED:
        if change.raw:  # loaded from a fixture: nothing to extract yet
            return
        _document_saved(instance)
    elif isinstance(instance, get_document_model()):
        # Its entries cascade; an OpenSearch copy of them goes too.
        mirror.changed(document_ids=[instance.pk])


def _snippet_changed(instance) -> None:
    page_ids = pages_referencing(instance)

    def update() -> None:
        for page_id in page_ids:
            indexer.index_page(page_id)

    update_or_retry(update, lambda: page_ids)
    invalidate_search()


def _document_saved(instance) -> None:
    try:
        documents.document_saved(instance)
    except Exception:  # an upload must never fail because of search
        logger.exception("Could not track text extraction for document %s", instance.pk)
    # It may have moved into (or out of) a private collection.
    indexer.queue_documents([instance.pk])


def _collection_restriction_changed(change: Change) -> None:
    # PDFs in a restricted collection are also filtered out when searching (search/backends).
    collection = Collection.objects.filter(pk=change.instance.collection_id).first()
    if collection is not None:
        in_it = get_document_model().objects.filter(collection__path__startswith=collection.path)
        indexer.queue_documents(list(in_it.values_list("pk", flat=True)))
    invalidate_search()


_HANDLERS = {
    changes.PAGE_PUBLISHED: _published,
    changes.PAGE_UNPUBLISHED: _unpublished,
    changes.PAGE_MOVED: _moved,
    changes.PAGE_DELETING: _page_deleting,
    changes.PAGE_DELETED: _page_deleted,
    changes.PAGE_RESTRICTION_CHANGED: _restriction_changed,
    changes.OBJECT_SAVED: _object_changed,
    changes.OBJECT_DELETED: _object_changed,
    changes.COLLECTION_RESTRICTION_CHANGED: _collection_restriction_changed,
}


def connect() -> None:
    changes.subscribe(on_change, uid="search-index")
