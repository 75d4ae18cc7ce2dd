"""
Keep the API's response cache in step with the content: whatever is published,
unpublished, moved, changed or deleted makes stale every cached response built from
it (see ``cms.api.cache`` for how responses record what they depend on). The hub
(``cms.core.changes``) says which tags a change makes stale (``Change.stale_tags``, the
same tags the CDN is purged of, see ``publishing.purges``); this module only drops them.
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
    if event in _IMAGE_EVENTS and isinstance(change.instance, get_image_model()):
        from .serializers import forget_image

        forget_image(change.instance.pk)
    elif event == changes.RENDITION_DELETED:
        from .serializers import forget_image

        forget_image(change.instance.image_id)
    elif event in _VISIBILITY_EVENTS:
        # Documents may have turned private or public, pages hidden or shown: every
        # answer showing a document is rebuilt (cms.api.serializers.document depends on
        # the collections' tag), and those of a restricted page's subtree.
        _forget_visibility()
    tags = change.stale_tags
    if tags:
        invalidate_on_commit(tags)


#: Events after which an image's sizes are read again (cms.api.serializers).
_IMAGE_EVENTS = {
    changes.OBJECT_SAVED,
    changes.OBJECT_DELETED,
    changes.RENDITIONS_MADE,
}
#: Events after which the remembered restrictions and locales are read again.
_VISIBILITY_EVENTS = {
    changes.PAGE_RESTRICTION_CHANGED,
    changes.LOCALE_CHANGED,
    changes.COLLECTION_RESTRICTION_CHANGED,
    changes.COLLECTION_CHANGED,
}


def connect() -> None:
    changes.subscribe(on_change, uid="api-cache")
