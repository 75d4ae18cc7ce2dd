"""
Keep the API's response cache in step with the content: whatever is published,
unpublished, moved, changed or deleted makes stale every cached response built from
it (see ``cms.api.cache`` for how responses record what they depend on).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.core.models import Organisation, Person, SiteSettings, SiteText, SocialLink, Theme

from .cache import invalidate
from .context import object_tag


def page_tags(page: Page, *, with_descendants: bool = False) -> set[str]:
    """A page's own tags; paths of its descendants change too when it moves or goes."""
    tags = {"pages", object_tag(Page, page.pk), f"translations:{page.translation_key}"}
    if with_descendants:
        descendants = Page.objects.descendant_of(page).values_list("pk", "translation_key")
        for pk, key in descendants:
            tags |= {object_tag(Page, pk), f"translations:{key}"}
    return tags


def invalidate_on_commit(tags: set[str]) -> None:
    # Now, so nothing cached from here on is served as current; and again after the
    # commit, because a response rebuilt in between may have read the old content.
    invalidate(tags)
    transaction.on_commit(lambda: invalidate(tags))


def on_page_published(sender, instance, **kwargs):
    invalidate_on_commit(page_tags(instance))


def on_page_unpublished(sender, instance, **kwargs):
    invalidate_on_commit(page_tags(instance, with_descendants=True))


def on_page_moved(sender, instance, **kwargs):
    invalidate_on_commit(page_tags(instance, with_descendants=True))


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidate_on_commit(page_tags(instance))


def on_object_changed(sender, instance, **kwargs):
    if isinstance(instance, get_image_model()):
        from .serializers import forget_image

        forget_image(instance.pk)
    tags = {object_tag(instance)}
    translation_key = getattr(instance, "translation_key", None)
    if translation_key:
        tags.add(f"translations:{translation_key}")
    if isinstance(instance, SocialLink):
        tags.add(object_tag(SiteSettings, instance.settings_id))
    invalidate_on_commit(tags)


def on_rendition_deleted(sender, instance, **kwargs):
    from .serializers import forget_image

    forget_image(instance.image_id)


def on_redirect_changed(sender, instance, **kwargs):
    invalidate_on_commit({"redirects"})


def on_restriction_changed(sender, instance, **kwargs):
    from .visibility import forget

    forget()
    transaction.on_commit(forget)  # a request in between may have read the old list
    page = Page.objects.filter(pk=instance.page_id).first()
    invalidate_on_commit(page_tags(page, with_descendants=True) if page else {"pages"})


def on_collection_privacy_changed(sender, instance, **kwargs):
    """
    A collection's view restriction (or a collection, which may have moved under one)
    changed: documents may have turned private or public, so every answer showing a
    document is rebuilt (cms.api.serializers.document depends on this tag).
    """
    from .visibility import COLLECTION_RESTRICTIONS_TAG, forget

    forget()
    transaction.on_commit(forget)
    invalidate_on_commit({COLLECTION_RESTRICTIONS_TAG})


def on_locale_changed(sender, instance, **kwargs):
    from .visibility import forget

    forget()
    transaction.on_commit(forget)
    invalidate_on_commit({"pages"})


def content_models() -> tuple[type, ...]:
    """The models besides pages whose changes show on pages: snippets, settings, media."""
    return (
        Organisation,
        Person,
        Theme,
        SiteText,
        SiteSettings,
        SocialLink,
        get_image_model(),
        get_document_model(),
    )


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="api-cache-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="api-cache-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="api-cache-moved")
    post_delete.connect(on_page_deleted, dispatch_uid="api-cache-page-deleted")
    for model in content_models():
        for signal in (post_save, post_delete):
            signal.connect(
                on_object_changed,
                sender=model,
                dispatch_uid=f"api-cache-{model._meta.label}-{id(signal)}",
            )
    for signal in (post_save, post_delete):
        signal.connect(
            on_redirect_changed, sender=Redirect, dispatch_uid=f"api-cache-redirect-{id(signal)}"
        )
        # Restrictions and locales are remembered (cms.api.visibility) and decide what
        # every answer shows.
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"api-cache-restriction-{id(signal)}",
        )
        for model in (CollectionViewRestriction, Collection):
            signal.connect(
                on_collection_privacy_changed,
                sender=model,
                dispatch_uid=f"api-cache-{model._meta.label}-{id(signal)}",
            )
        signal.connect(
            on_locale_changed, sender=Locale, dispatch_uid=f"api-cache-locale-{id(signal)}"
        )
    post_delete.connect(
        on_rendition_deleted,
        sender=get_image_model().get_rendition_model(),
        dispatch_uid="api-cache-rendition-deleted",
    )
