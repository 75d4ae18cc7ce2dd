"""
Keep the API's response cache in step with the content: whatever is published,
unpublished, moved, changed or deleted makes stale every cached response built from
it (see ``cms.api.cache`` for how responses record what they depend on). The hub
(``cms.core.changes``) says which tags a change touches; this module only drops them.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.images import get_image_model

from cms.core import changes
from cms.core.changes import Change

from .cache import invalidate


def invalidate_on_commit(tags: set[str]) -> None:
    # Now, so nothing cached from here on is served as current; and again after the
    # commit, because a response rebuilt in between may have read the old content.
    invalidate(tags)
    transaction.on_commit(lambda: invalidate(tags))


def _forget_visibility() -> None:
    """Restrictions and locales are remembered (``cms.api.visibility``); read them again."""
    from .visibility import forget

    forget()
    transaction.on_commit(forget)  # a request in between may have read the old list


def on_change(change: Change) -> None:
    event = change.event
    if event in _PAGE_EVENTS:
        invalidate_on_commit(change.tags)
    elif event in _OBJECT_EVENTS:
        if isinstance(change.instance, get_image_model()):
            from .serializers import forget_image

            forget_image(change.instance.pk)
        invalidate_on_commit(change.tags)
    elif event == changes.RENDITION_DELETED:
        from .serializers import forget_image

        forget_image(change.instance.image_id)
    elif event in (changes.PAGE_RESTRICTION_CHANGED, changes.LOCALE_CHANGED):
        _forget_visibility()
        invalidate_on_commit(change.tags)
    elif event in (changes.COLLECTION_RESTRICTION_CHANGED, changes.COLLECTION_CHANGED):
        # Documents may have turned private or public, so every answer showing a document
        # is rebuilt (cms.api.serializers.document depends on this tag).
        from .visibility import COLLECTION_RESTRICTIONS_TAG

        _forget_visibility()
        invalidate_on_commit({COLLECTION_RESTRICTIONS_TAG})
    elif event == changes.REDIRECT_CHANGED:
        invalidate_on_commit(change.tags)


_PAGE_EVENTS = {
    changes.PAGE_PUBLISHED,
    changes.PAGE_UNPUBLISHED,
    changes.PAGE_MOVED,
    # A slug changed on publish: the descendants' paths changed with it.
    changes.PAGE_SLUG_CHANGED,
    changes.PAGE_DELETED,
}
_OBJECT_EVENTS = {
    changes.OBJECT_SAVED,
    changes.OBJECT_DELETED,
    # Report details say on which PDF page each heading is.
    changes.DOCUMENT_TEXT_CHANGED,
    # An image's renditions, made after it was saved (cms.api.renditions).
    changes.RENDITIONS_MADE,
}


def connect() -> None:
    changes.subscribe(on_change, uid="api-cache")
