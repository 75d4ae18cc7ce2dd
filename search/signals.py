"""
Keep the search index in step with the content.

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
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.core.models import Organisation, Person, Theme

from . import documents, indexer, tasks
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


def on_page_published(sender, instance, **kwargs):
    update_or_retry(lambda: indexer.index_page(instance.pk), lambda: [instance.pk])
    invalidate_search()


def on_page_unpublished(sender, instance, **kwargs):
    update_or_retry(lambda: indexer.unindex_page(instance.pk), lambda: [instance.pk])
    invalidate_search()


def on_page_moved(sender, instance, **kwargs):
    # Paths are read at query time; a move can still put pages behind a restriction.
    update_or_retry(lambda: indexer.index_subtree(instance), lambda: _subtree_ids(instance))
    invalidate_search()


def on_page_deleting(sender, instance, **kwargs):
    if isinstance(instance, Page):
        # Its documents' hits must find another page that shows them (or none).
        document_ids = ShownDocument.objects.filter(page_id=instance.pk).values_list(
            "document_id", flat=True
        )
        indexer.queue_documents(list(document_ids))


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        # Entries cascade with the page; only the cached answers need to go.
        invalidate_search()


def on_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
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


def on_snippet_changed(sender, instance, **kwargs):
    page_ids = pages_referencing(instance)

    def update() -> None:
        for page_id in page_ids:
            indexer.index_page(page_id)

    update_or_retry(update, lambda: page_ids)
    invalidate_search()


def on_document_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    try:
        documents.document_saved(instance)
    except Exception:  # an upload must never fail because of search
        logger.exception("Could not track text extraction for document %s", instance.pk)
    # It may have moved into (or out of) a private collection.
    indexer.queue_documents([instance.pk])


def on_collection_restriction_changed(sender, instance, **kwargs):
    # PDFs in a restricted collection are also filtered out when searching (engine.py).
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is not None:
        in_it = get_document_model().objects.filter(collection__path__startswith=collection.path)
        indexer.queue_documents(list(in_it.values_list("pk", flat=True)))
    invalidate_search()


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="search-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="search-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="search-moved")
    pre_delete.connect(on_page_deleting, dispatch_uid="search-page-deleting")
    post_delete.connect(on_page_deleted, dispatch_uid="search-page-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search-restriction-{id(signal)}",
        )
        for model in (Organisation, Person, Theme):
            signal.connect(
                on_snippet_changed,
                sender=model,
                dispatch_uid=f"search-{model._meta.label}-{id(signal)}",
            )
    post_save.connect(
        on_document_saved, sender=get_document_model(), dispatch_uid="search-document-saved"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            on_collection_restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"search-collection-restriction-{id(signal)}",
        )
