"""
Queue the checks of the pages a content change may have changed the findings of, as a
listener of the hub (``cms.core.changes``): a page whose draft was saved (so that its
editor sees the findings before submitting it), a published page and its translations
(a Spanish page goes out of date when its English source is published), and the pages
that link to a page unpublished, moved, deleted or made private, or to a PDF whose
text was read again.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex

from cms.core import changes
from cms.core.changes import Change

from .tasks import enqueue_after_commit


def referring_pages(obj: Any) -> set[int]:
    """The pages whose content refers to ``obj`` (Wagtail's reference index)."""
    page_type = ContentType.objects.get_for_model(Page)
    rows = ReferenceIndex.get_references_to(obj).filter(base_content_type=page_type)
    return {int(object_id) for object_id in rows.values_list("object_id", flat=True)}


def _published(change: Change) -> None:
    page = change.instance
    ids = {page.pk, *page.get_translations().values_list("pk", flat=True)}
    enqueue_after_commit(ids | referring_pages(page))


def _draft_saved(change: Change) -> None:
    enqueue_after_commit({change.instance.pk})


def _page_gone_or_changed(change: Change) -> None:
    page = change.instance
    enqueue_after_commit(referring_pages(page) - {page.pk})


def _restriction_changed(change: Change) -> None:
    page = Page.objects.filter(pk=getattr(change.instance, "page_id", None)).first()
    if page is not None:
        ids = Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
        page_type = ContentType.objects.get_for_model(Page)
        rows = ReferenceIndex.objects.filter(
            base_content_type=page_type,
            to_content_type=page_type,
            to_object_id__in=[str(pk) for pk in ids],
        )
        enqueue_after_commit({int(pk) for pk in rows.values_list("object_id", flat=True)})


def _document_text(change: Change) -> None:
    enqueue_after_commit(referring_pages(change.instance))


_HANDLERS = {
    changes.PAGE_PUBLISHED: _published,
    changes.PAGE_REVISION_SAVED: _draft_saved,
    changes.PAGE_UNPUBLISHED: _page_gone_or_changed,
    changes.PAGE_DELETING: _page_gone_or_changed,  # every row, while it can be read
    changes.PAGE_RESTRICTION_CHANGED: _restriction_changed,
    changes.DOCUMENT_TEXT_CHANGED: _document_text,
}


def on_change(change: Change) -> None:
    handler = _HANDLERS.get(change.event)
    if handler is not None and not change.raw:
        handler(change)


def connect() -> None:
    changes.subscribe(on_change, uid="content-checks")
