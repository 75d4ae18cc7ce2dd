"""
What a visitor may see, answered without a query per request.

Wagtail's ``PageQuerySet.public()`` reads every view restriction from the database each
time it is called. Restrictions change rarely, so the API keeps their paths in the
cache (dropped whenever one is saved or deleted) and checks them in Python or with a
simple ``path__startswith`` filter. Locales are cached the same way. With Redis, each
process also remembers them until Redis pushes a change (``cms.api.cache.remembered``).
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

# Named by the hub, which says which changes make it stale; read here by the serialisers.
from cms.core.changes import COLLECTION_RESTRICTIONS_TAG as COLLECTION_RESTRICTIONS_TAG

from .cache import REMEMBERED_KEYS, forget_remembered, remembered

# Remembered by each process until Redis pushes a change (cms.api.cache.remembered).
RESTRICTIONS_KEY, PRIVATE_COLLECTIONS_KEY, LOCALES_KEY = REMEMBERED_KEYS


def restricted_paths() -> tuple[str, ...]:
    return remembered(
        RESTRICTIONS_KEY,
        lambda: tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def is_public(path: str) -> bool:
    return not any(path.startswith(restricted) for restricted in restricted_paths())


def public_q() -> Q:
    """Excludes pages in a restricted section (and the section itself)."""
    q = Q()
    for restricted in restricted_paths():
        q |= Q(path__startswith=restricted)
    return ~q if q else Q()


def private_collection_ids() -> frozenset[int]:
    """
    Collections whose documents are private: those under any view restriction (login,
    password or groups), their descendants included, as Wagtail's serve view decides.

    The API's answers are public and shared by every visitor through the cache, so a
    restriction of any kind makes a document private to the API, whoever asks.
    """
    return remembered(PRIVATE_COLLECTIONS_KEY, _private_collection_ids)


def _private_collection_ids() -> frozenset[int]:
    paths = set(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    if not paths:
        return frozenset()
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return frozenset(Collection.objects.filter(q).values_list("pk", flat=True))


def is_private_document(document) -> bool:
    """True when the document's collection (or one above it) has a view restriction."""
    return document.collection_id in private_collection_ids()


def locales() -> dict[int, str]:
    """Locale ids to language codes."""
    return remembered(LOCALES_KEY, lambda: dict(Locale.objects.values_list("pk", "language_code")))


def locale_id(language_code: str) -> int | None:
    for pk, code in locales().items():
        if code == language_code:
            return pk
    return None


def forget(sender=None, **kwargs) -> None:
    forget_remembered()
