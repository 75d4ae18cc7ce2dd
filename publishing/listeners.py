"""
Turn content changes into webhook events (see ``publishing.events``), as a listener of
the hub (``cms.core.changes``), which says which paths and tags each change touches.
"""

from __future__ import annotations

from wagtail.models import Page, PageLogEntry

from cms.core import changes
from cms.core.changes import Change

from .events import describe, emit


def _in_menus(page: Page) -> bool:
    return bool(page.show_in_menus)


def on_change(change: Change) -> None:
    handler = _HANDLERS.get(change.event)
    if handler is not None:
        handler(change)


def _emit_page(event: str, change: Change) -> None:
    page = change.instance
    emit(event, page, paths=change.paths, tags=change.tags, site_wide=_in_menus(page))


def _published(change: Change) -> None:
    if change.instance.live:  # Wagtail sends this on scheduling too; it goes live later
        _emit_page("page.published", change)


def _unpublished(change: Change) -> None:
    page = change.instance
    if PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.delete").exists():
        return  # Wagtail unpublishes what it deletes; "page.deleted" says it already
    _emit_page("page.unpublished", change)


def _moved(change: Change) -> None:
    page = change.instance
    if not page.live and not Page.objects.descendant_of(page).live().exists():
        return  # nothing visitors could see moved (a draft's slug changed, say)
    _emit_page("page.moved", change)


def _deleted(change: Change) -> None:
    # Once for each page Wagtail deletes (descendants included), while it can be read.
    if change.instance.live:  # never shown: nothing to revalidate
        _emit_page("page.deleted", change)


def _object_changed(change: Change) -> None:
    if change.raw:
        return
    kind = describe(change.instance)["kind"]  # image, document, snippet or settings
    site_wide = kind == "settings"
    emit(
        f"{kind}.changed",
        change.instance,
        paths=() if site_wide else change.paths,
        tags=change.tags,
        site_wide=site_wide,
    )


def _redirect_changed(change: Change) -> None:
    if not change.raw:
        emit(
            "redirect.changed",
            change.instance,
            paths=change.paths,
            tags=change.tags,
            site_wide=True,
        )


_HANDLERS = {
    changes.PAGE_PUBLISHED: _published,
    changes.PAGE_UNPUBLISHED: _unpublished,
    changes.PAGE_MOVED: _moved,
    changes.PAGE_SLUG_CHANGED: _moved,
    changes.PAGE_DELETE_LOGGED: _deleted,
    changes.OBJECT_SAVED: _object_changed,
    # Before it goes: the reference index still names the pages that use it.
    changes.OBJECT_DELETING: _object_changed,
    # A PDF's text says where a report's headings are in it.
    changes.DOCUMENT_TEXT_CHANGED: _object_changed,
    # Its renditions, made after it was saved, are in the pages that show it.
    changes.RENDITIONS_MADE: _object_changed,
    changes.REDIRECT_CHANGED: _redirect_changed,
}


def connect() -> None:
    changes.subscribe(on_change, uid="webhooks")
