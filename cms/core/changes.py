"""
The one hub for content changes.

Everything that reacts to a change of content (the API's response cache, the site
search index, the webhooks, and any later listener such as a CDN purge) subscribes
here, never to Django's or Wagtail's signals directly, and never to another app's
handlers. The hub decides, in one place:

- which events there are, and which low-level signal each comes from (a publish is
  Wagtail's ``page_published``; a partner's edit is ``post_save`` of a snippet);
- which models besides pages show on pages (``content_models``);
- which cache tags and public paths a change touches (``Change.tags``,
  ``Change.paths``), so the cache, the webhooks and a CDN agree on what is stale.

A listener is ``subscribe(receiver)``d and receives every ``Change``; it picks the
events it cares about by ``change.event``. Receivers run inside the change's
transaction, in the order they subscribed (the apps' order in ``INSTALLED_APPS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Model, Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import Signal
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageLogEntry,
    PageViewRestriction,
    ReferenceIndex,
)
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .paths import public_paths

# Events ---------------------------------------------------------------------------------

PAGE_PUBLISHED = "page.published"  # also sent when a publish is scheduled (page not live)
PAGE_UNPUBLISHED = "page.unpublished"  # also sent for each page Wagtail deletes
PAGE_MOVED = "page.moved"  # ``url_path_before`` set
PAGE_SLUG_CHANGED = "page.slug_changed"  # after the commit; ``url_path_before`` set
PAGE_DELETE_LOGGED = "page.delete_logged"  # Wagtail's delete action, once per page, before
PAGE_DELETING = "page.deleting"  # each page row, before it goes (rows can still be read)
PAGE_DELETED = "page.deleted"  # each page row, after it went
OBJECT_SAVED = "object.saved"  # a snippet, setting, image or document (``raw`` from fixtures)
OBJECT_DELETING = "object.deleting"  # before: the reference index still names its users
OBJECT_DELETED = "object.deleted"
DOCUMENT_TEXT_CHANGED = "document.text_changed"  # a PDF's text was (re-)extracted
RENDITION_DELETED = "rendition.deleted"
RENDITIONS_MADE = "image.renditions_made"  # the API's sizes of an image (cms.api.renditions)
REDIRECT_CHANGED = "redirect.changed"
PAGE_RESTRICTION_CHANGED = "restriction.changed"  # a page's view restriction
COLLECTION_RESTRICTION_CHANGED = "collection_restriction.changed"
COLLECTION_CHANGED = "collection.changed"  # it may have moved under a restriction
LOCALE_CHANGED = "locale.changed"

content_changed = Signal()  # sender: the event name; keyword: change


def subscribe(receiver: Callable[[Change], None], uid: str) -> None:
    """Call ``receiver(change)`` for every content change."""

    def relay(sender: str, change: Change, **kwargs: Any) -> None:
        receiver(change)

    content_changed.connect(relay, weak=False, dispatch_uid=uid)


def send(event: str, instance: Any, **details: Any) -> Change:
    change = Change(event, instance, **details)
    content_changed.send(sender=event, change=change)
    return change


# What a change touches ------------------------------------------------------------------


def object_tag(obj_or_model: Any, pk: Any = None) -> str:
    """The cache tag of one object, such as ``page:12`` or ``core.person:3``."""
    model: type[Model] = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    if pk is None:
        pk = obj_or_model.pk
    if issubclass(model, Page):
        return f"page:{pk}"
    return f"{model._meta.label_lower}:{pk}"


def page_tags(page: Page, *, with_descendants: bool = False) -> set[str]:
    """A page's own tags; paths of its descendants change too when it moves or goes."""
    tags = {"pages", object_tag(Page, page.pk), f"translations:{page.translation_key}"}
    if with_descendants:
        descendants = Page.objects.descendant_of(page).values_list("pk", "translation_key")
        for pk, key in descendants:
            tags |= {object_tag(Page, pk), f"translations:{key}"}
    return tags


def object_tags(obj: Any) -> set[str]:
    from .models import SiteSettings, SocialLink

    tags = {object_tag(obj)}
    if getattr(obj, "translation_key", None):
        tags.add(f"translations:{obj.translation_key}")
    if isinstance(obj, SocialLink):
        tags.add(object_tag(SiteSettings, obj.settings_id))
    return tags


def page_paths(page: Page, *, with_descendants: bool = False) -> set[str]:
    """
    Every public path that shows this page: its own and its translations' (their
    language switch names it), its parent's (which lists it), pages that link to it or
    feature it (Wagtail's reference index), and, when it moves or goes, its
    descendants'.
    """
    query = Q(translation_key=page.translation_key) | Q(pk=page.pk)
    if page.depth > 1:
        query |= Q(path=page.path[: -Page.steplen])
    referrers = ReferenceIndex.get_references_to(page).filter(
        base_content_type__model="page", base_content_type__app_label="wagtailcore"
    )
    query |= Q(pk__in=[int(pk) for pk in referrers.values_list("object_id", flat=True)])
    if with_descendants:
        query |= Q(path__startswith=page.path, depth__gt=page.depth)
    rows = Page.objects.filter(query).values_list("url_path", "locale_id")
    return public_paths(rows) | public_paths([(page.url_path, page.locale_id)])


def moved_paths(page: Page, url_path_before: str | None) -> set[str]:
    """The paths a moved page and its descendants answered at before, and answer at now."""
    old = public_paths([(url_path_before, page.locale_id)]) if url_path_before else set()
    # The descendants' old paths: the new ones with the page's old prefix.
    if url_path_before and url_path_before != page.url_path:
        rows = Page.objects.descendant_of(page).values_list("url_path", "locale_id")
        old |= public_paths(
            (url_path_before + url_path[len(page.url_path) :], locale_id)
            for url_path, locale_id in rows
        )
    return old | page_paths(page, with_descendants=True)


def referring_page_paths(obj: Any) -> set[str]:
    """Public paths of the live pages that use an object, directly or through a snippet."""
    page_ids: set[int] = set()
    objects = [obj]
    for _ in range(2):  # a page → a person → their photo: two steps at most
        references = ReferenceIndex.get_references_to_in_bulk(objects).values_list(
            "base_content_type__app_label", "base_content_type__model", "object_id"
        )
        next_objects = []
        for app_label, model, object_id in references:
            if (app_label, model) == ("wagtailcore", "page"):
                page_ids.add(int(object_id))
            else:
                next_objects.append((app_label, model, object_id))
        objects = _load(next_objects)
        if not objects:
            break
    rows = Page.objects.filter(pk__in=page_ids, live=True).values_list("url_path", "locale_id")
    return public_paths(rows)


def _load(keys: list[tuple[str, str, str]]) -> list:
    from django.apps import apps

    loaded = []
    for app_label, model_name, object_id in set(keys):
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        instance = model._default_manager.filter(pk=object_id).first()
        if instance is not None:
            loaded.append(instance)
    return loaded


#: Events after which a page's descendants answer differently too (their paths, or
#: whether they can be seen).
_SUBTREE_EVENTS = {PAGE_UNPUBLISHED, PAGE_MOVED, PAGE_SLUG_CHANGED, PAGE_RESTRICTION_CHANGED}


@dataclass
class Change:
    """One change of content, and what it touches (computed once, when first asked)."""

    event: str
    instance: Any
    url_path_before: str | None = None
    raw: bool = False

    @property
    def page(self) -> Page | None:
        return self.instance if isinstance(self.instance, Page) else None

    @cached_property
    def tags(self) -> set[str]:
        """The cache tags of every answer this change makes stale."""
        page = self.page
        if page is not None:
            return page_tags(page, with_descendants=self.event in _SUBTREE_EVENTS)
        if self.event == REDIRECT_CHANGED:
            return {"redirects"}
        if self.event == PAGE_RESTRICTION_CHANGED:
            restricted = Page.objects.filter(pk=self.instance.page_id).first()
            return page_tags(restricted, with_descendants=True) if restricted else {"pages"}
        if self.event == LOCALE_CHANGED:
            return {"pages"}
        return object_tags(self.instance)

    @cached_property
    def paths(self) -> set[str]:
        """The public paths that show what changed, before and after."""
        page = self.page
        if page is not None:
            if self.event in (PAGE_MOVED, PAGE_SLUG_CHANGED):
                return moved_paths(page, self.url_path_before)
            return page_paths(page, with_descendants=self.event in _SUBTREE_EVENTS)
        if self.event == REDIRECT_CHANGED:
            old_path = self.instance.old_path
            return {old_path.rstrip("/") + "/"} if old_path else set()
        return referring_page_paths(self.instance)


def content_models() -> tuple[type[Model], ...]:
    """The models besides pages whose changes show on pages: snippets, settings, media."""
    from .models import Organisation, Person, SiteSettings, SiteText, SocialLink, Theme

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


# From Django's and Wagtail's signals -----------------------------------------------------


def _on_page_published(sender, instance, **kwargs):
    send(PAGE_PUBLISHED, instance)


def _on_page_unpublished(sender, instance, **kwargs):
    send(PAGE_UNPUBLISHED, instance)


def _on_page_moved(sender, instance, url_path_before=None, **kwargs):
    send(PAGE_MOVED, instance, url_path_before=url_path_before)


def _on_page_slug_changed(sender, instance, instance_before, **kwargs):
    send(PAGE_SLUG_CHANGED, instance, url_path_before=instance_before.url_path)


def _on_log_entry(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.action == "wagtail.delete":
        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            send(PAGE_DELETE_LOGGED, page.specific_deferred)


def _on_pre_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        send(PAGE_DELETING, instance)


def _on_post_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        send(PAGE_DELETED, instance)


def _on_object_saved(sender, instance, raw=False, **kwargs):
    send(OBJECT_SAVED, instance, raw=raw)


def _on_object_deleting(sender, instance, **kwargs):
    send(OBJECT_DELETING, instance)


def _on_object_deleted(sender, instance, **kwargs):
    send(OBJECT_DELETED, instance)


def _relay(event: str) -> Callable[..., None]:
    def receiver(sender, instance, raw=False, **kwargs):
        send(event, instance, raw=raw)

    return receiver


_RELAYED = {
    Redirect: REDIRECT_CHANGED,
    PageViewRestriction: PAGE_RESTRICTION_CHANGED,
    CollectionViewRestriction: COLLECTION_RESTRICTION_CHANGED,
    Collection: COLLECTION_CHANGED,
    Locale: LOCALE_CHANGED,
}


def connect() -> None:
    """Connect the hub to the low-level signals, once (``cms.core``'s ``ready``)."""
    page_published.connect(_on_page_published, dispatch_uid="changes-published")
    page_unpublished.connect(_on_page_unpublished, dispatch_uid="changes-unpublished")
    post_page_move.connect(_on_page_moved, dispatch_uid="changes-moved")
    page_slug_changed.connect(_on_page_slug_changed, dispatch_uid="changes-slug-changed")
    post_save.connect(_on_log_entry, sender=PageLogEntry, dispatch_uid="changes-log-entry")
    pre_delete.connect(_on_pre_delete, dispatch_uid="changes-page-deleting")
    post_delete.connect(_on_post_delete, dispatch_uid="changes-page-deleted")
    for model in content_models():
        label = model._meta.label
        post_save.connect(_on_object_saved, sender=model, dispatch_uid=f"changes-save-{label}")
        pre_delete.connect(
            _on_object_deleting, sender=model, dispatch_uid=f"changes-deleting-{label}"
        )
        post_delete.connect(
            _on_object_deleted, sender=model, dispatch_uid=f"changes-deleted-{label}"
        )
    for model, event in _RELAYED.items():
        receiver = _relay(event)
        for signal, name in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(
                receiver,
                sender=model,
                weak=False,  # the relay lives only here
                dispatch_uid=f"changes-{name}-{model._meta.label}",
            )
    post_delete.connect(
        _relay(RENDITION_DELETED),
        sender=get_image_model().get_rendition_model(),
        weak=False,
        dispatch_uid="changes-rendition-deleted",
    )
