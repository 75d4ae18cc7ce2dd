"""Turn content changes into webhook events (see ``publishing.events``)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageLogEntry
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.api.signals import content_models

from .events import (
    describe,
    emit,
    frontend_paths,
    object_tags,
    page_paths,
    page_tags,
    referring_page_paths,
)


def _in_menus(page: Page) -> bool:
    return bool(page.show_in_menus)


def on_page_published(sender, instance, **kwargs):
    if not instance.live:
        return  # Wagtail sends this on scheduling too; it goes live (and out) later
    emit(
        "page.published",
        instance,
        paths=page_paths(instance),
        tags=page_tags(instance),
        site_wide=_in_menus(instance),
    )


def on_page_unpublished(sender, instance, **kwargs):
    if PageLogEntry.objects.filter(page_id=instance.pk, action="wagtail.delete").exists():
        return  # Wagtail unpublishes what it deletes; "page.deleted" says it already
    emit(
        "page.unpublished",
        instance,
        paths=page_paths(instance, with_descendants=True),
        tags=page_tags(instance, with_descendants=True),
        site_wide=_in_menus(instance),
    )


def on_page_moved(sender, instance, url_path_before=None, **kwargs):
    if not instance.live and not Page.objects.descendant_of(instance).live().exists():
        return  # nothing visitors could see moved (a draft's slug changed, say)
    old = frontend_paths([(url_path_before, instance.locale_id)]) if url_path_before else set()
    # The descendants' old paths: the new ones with the page's old prefix.
    if url_path_before and url_path_before != instance.url_path:
        rows = Page.objects.descendant_of(instance).values_list("url_path", "locale_id")
        old |= frontend_paths(
            (url_path_before + url_path[len(instance.url_path) :], locale_id)
            for url_path, locale_id in rows
        )
    emit(
        "page.moved",
        instance,
        paths=old | page_paths(instance, with_descendants=True),
        tags=page_tags(instance, with_descendants=True),
        site_wide=_in_menus(instance),
    )


def on_page_slug_changed(sender, instance, instance_before, **kwargs):
    # Sent after the commit: the page and its descendants answer at new paths now.
    on_page_moved(sender, instance, url_path_before=instance_before.url_path)


def on_page_deleted(sender, instance, created, raw=False, **kwargs):
    # Wagtail logs "wagtail.delete" once for each page it deletes (descendants
    # included) just before deleting them, while they can still be looked up.
    if not created or raw or instance.action != "wagtail.delete":
        return
    page = Page.objects.filter(pk=instance.page_id, live=True).first()
    if page is None:  # never shown: nothing to revalidate
        return
    emit(
        "page.deleted",
        page.specific_deferred,
        paths=page_paths(page),
        tags=page_tags(page),
        site_wide=_in_menus(page),
    )


def on_object_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    kind = describe(instance)["kind"]  # image, document, snippet or settings
    site_wide = kind == "settings"
    emit(
        f"{kind}.changed",
        instance,
        paths=() if site_wide else referring_page_paths(instance),
        tags=object_tags(instance),
        site_wide=site_wide,
    )


def on_redirect_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    emit(
        "redirect.changed",
        instance,
        paths=[instance.old_path.rstrip("/") + "/"] if instance.old_path else (),
        tags={"redirects"},
        site_wide=True,
    )


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="webhooks-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="webhooks-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="webhooks-moved")
    page_slug_changed.connect(on_page_slug_changed, dispatch_uid="webhooks-slug-changed")
    post_save.connect(on_page_deleted, sender=PageLogEntry, dispatch_uid="webhooks-page-deleted")
    for model in content_models():
        # pre_delete, not post_delete: the reference index still names the users.
        for signal in (post_save, pre_delete):
            signal.connect(
                on_object_changed,
                sender=model,
                dispatch_uid=f"webhooks-{model._meta.label}-{id(signal)}",
            )
    for signal in (post_save, post_delete):
        signal.connect(
            on_redirect_changed, sender=Redirect, dispatch_uid=f"webhooks-redirect-{id(signal)}"
        )
