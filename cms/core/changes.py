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
  ``Change.paths``), and which of those tags it makes stale (``Change.stale_tags``), so
  the cache, the webhooks and the CDN's purges agree on what is stale.

A listener is ``subscribe(receiver)``d and receives every ``Change``; it picks the
events it cares about by ``change.event``. Receivers run inside the change's
transaction, in the order they subscribed (the apps' order in ``INSTALLED_APPS``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import quote

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
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
#: Answers built from something no object stands for changed (the search index, search
#: promotions, hidden searches); ``instance`` is the set of their tags.
ANSWERS_CHANGED = "answers.changed"

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


# The cache tags an answer records (``cms.api.context``) and a change bumps. Each names
# one thing an answer can be built from:
#
#   page:<id>, <app.model>:<id>  one object's content (its detail, every card or link to it)
#   translations:<key>           which translations of a page are live
#   children:<id>                which live pages are directly below page <id>
#   descendants:<id>             which live pages are anywhere below page <id>
#   type:<app.model>             which live pages are of a page type (or a subtype)
#   locale:<id>                  which live pages are in a language
#   tag:<name>                   which live pages carry a tag (in lower case)
#   listing                      which pages are live at all (a listing with no filter)
#   path:<url_path>              what is published at a path (routes)
#   menu:<locale id>             which pages are in a language's menus
#   pages                        the site's structure: its roots and languages
#
# A listing records the tag of one of its filters, the narrowest: every page that enters
# or leaves it, or moves in its order, matches all of its filters before or after the
# change, so the change bumps that tag.


def page_tags(
    page: Page,
    *,
    with_descendants: bool = False,
    parent_before: Page | None = None,
    tag_names_before: Iterable[str] = (),
    url_path_before: str | None = None,
) -> set[str]:
    """
    The tags of every answer a change of ``page`` can make stale: its own and its
    translations'; the listings it is in, enters or leaves (its parent's, its
    ancestors', its types', its language's, its tags', before and after); the routes of
    its path (and of its former one, ``url_path_before``); its language's menu when it
    is in menus. ``with_descendants`` when the descendants changed with it (a move, an
    unpublish, a restriction): theirs too.
    """
    rows = [
        (
            page.pk,
            page.translation_key,
            page.url_path,
            page.locale_id,
            page.content_type_id,
            page.show_in_menus,
        )
    ]
    if with_descendants:
        rows += Page.objects.descendant_of(page).values_list(
            "pk", "translation_key", "url_path", "locale_id", "content_type_id", "show_in_menus"
        )
    tags = {"listing", *(name_tag(name) for name in tag_names_before)}
    tags |= _ancestor_tags(page, parent_before)
    by_model: dict[type[Model], list[int]] = {}
    for pk, translation_key, url_path, locale_id, content_type_id, in_menus in rows:
        tags |= {
            f"page:{pk}",
            f"translations:{translation_key}",
            f"locale:{locale_id}",
            path_tag(url_path),
        }
        if url_path_before:  # what answered at the old path, below a moved page too
            tags.add(path_tag(url_path_before + url_path[len(page.url_path) :]))
        if in_menus or with_descendants:
            tags.add(f"menu:{locale_id}")
        if with_descendants:
            tags |= {f"children:{pk}", f"descendants:{pk}"}
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            by_model.setdefault(model, []).append(pk)
    for model, ids in by_model.items():
        tags |= type_tags(model)
        tags |= {name_tag(name) for name in tag_names(model, ids)}
    if with_descendants and page.depth <= 2:
        tags.add("pages")  # a site's root page: every path below it changed
    return tags


def _ancestor_tags(page: Page, parent_before: Page | None) -> set[str]:
    """The listings of a page's parent and ancestors, and of its former ones."""
    parents = [page.path[: -Page.steplen]]
    if parent_before is not None:
        parents.append(parent_before.path)
    prefixes = {
        parent[:n] for parent in parents for n in range(Page.steplen, len(parent) + 1, Page.steplen)
    }
    tags = set()
    for pk, path in Page.objects.filter(path__in=prefixes).values_list("pk", "path"):
        tags.add(f"descendants:{pk}")
        if path in parents:
            tags.add(f"children:{pk}")
    return tags


def path_tag(url_path: str) -> str:
    """The tag of what is published at a ``url_path``."""
    return "path:" + _key_safe(url_path)


def name_tag(name: str) -> str:
    """The tag of the listing of pages tagged ``name`` (django-taggit), in any case."""
    return "tag:" + _key_safe(name.lower())


def _key_safe(text: str) -> str:
    """``text`` as cache keys may hold it: ASCII without spaces, long text by its digest."""
    quoted = quote(text, safe="/-_.~")
    return quoted if len(quoted) <= 200 else "#" + hashlib.sha256(quoted.encode()).hexdigest()


def type_tags(model: type[Model]) -> set[str]:
    """``type:`` tags of the listings of ``model``'s type and every type it extends."""
    page_types: list[type[Page]] = [
        cls for cls in model.__mro__ if issubclass(cls, Page) and cls is not Page
    ]
    return {f"type:{cls._meta.label_lower}" for cls in page_types if not cls._meta.abstract}


def _tags_through(model: type[Model]) -> type[Model] | None:
    """The through model of a page type's tags (django-taggit), if it has tags."""
    try:
        field = model._meta.get_field("tags")
    except FieldDoesNotExist:
        return None
    return getattr(field.remote_field, "through", None)


def tag_names(model: type[Model], page_ids: Iterable[int]) -> set[str]:
    """The names of the tags the pages of ``model`` with ``page_ids`` carry now."""
    through = _tags_through(model)
    if through is None:
        return set()
    rows = through._default_manager.filter(content_object_id__in=list(page_ids))
    return set(rows.values_list("tag__name", flat=True))


def object_tags(obj: Any) -> set[str]:
    from .models import SiteSettings, SocialLink

    tags = {object_tag(obj)}
    # Indicators and geographies: every answer built from a series, in any language
    # (``indicators.series``), and the listings (``indicators``, ``geographies``).
    tags |= set(getattr(obj, "series_tags", lambda: ())())
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


#: The cache tag of every answer that shows a document: a collection's view restriction
#: added, changed or removed (or a collection moved under one) makes them all stale.
COLLECTION_RESTRICTIONS_TAG = "collection-restrictions"

#: Events that make stale the answers built from their ``Change.tags``.
_STALE_EVENTS = {
    PAGE_PUBLISHED,
    PAGE_UNPUBLISHED,
    PAGE_MOVED,
    # A slug changed on publish: the descendants' paths changed with it.
    PAGE_SLUG_CHANGED,
    PAGE_DELETED,
    OBJECT_SAVED,
    OBJECT_DELETED,
    # Report details say on which PDF page each heading is.
    DOCUMENT_TEXT_CHANGED,
    # An image's renditions, made after it was saved (cms.api.renditions).
    RENDITIONS_MADE,
    PAGE_RESTRICTION_CHANGED,
    LOCALE_CHANGED,
    REDIRECT_CHANGED,
    ANSWERS_CHANGED,
}
#: Events that make every answer showing a document stale (it may have turned private).
_DOCUMENT_VISIBILITY_EVENTS = {COLLECTION_RESTRICTION_CHANGED, COLLECTION_CHANGED}

#: Events after which a page's descendants answer differently too (their paths, or
#: whether they can be seen).
_SUBTREE_EVENTS = {PAGE_UNPUBLISHED, PAGE_MOVED, PAGE_SLUG_CHANGED, PAGE_RESTRICTION_CHANGED}


@dataclass
class Change:
    """One change of content, and what it touches (computed once, when first asked)."""

    event: str
    instance: Any
    url_path_before: str | None = None
    parent_before: Page | None = None  # a move's
    raw: bool = False

    @property
    def page(self) -> Page | None:
        return self.instance if isinstance(self.instance, Page) else None

    @cached_property
    def tags(self) -> set[str]:
        """The cache tags of every answer this change makes stale."""
        page = self.page
        if page is not None:
            return page_tags(
                page,
                with_descendants=self.event in _SUBTREE_EVENTS,
                parent_before=self.parent_before,
                tag_names_before=getattr(page, TAG_NAMES_BEFORE, ()),
                url_path_before=self.url_path_before,
            )
        if self.event == REDIRECT_CHANGED:
            return {"redirects"}
        if self.event == PAGE_RESTRICTION_CHANGED:
            restricted = Page.objects.filter(pk=self.instance.page_id).first()
            return page_tags(restricted, with_descendants=True) if restricted else {"pages"}
        if self.event == LOCALE_CHANGED:
            return {"pages"}
        if self.event == ANSWERS_CHANGED:
            return set(self.instance)
        return object_tags(self.instance)

    @cached_property
    def stale_tags(self) -> set[str]:
        """
        The tags of the answers this change makes stale: dropped from the API's cache
        (``cms.api.listeners``) and purged from the CDN (``publishing.purges``). None for
        an event that changes no answer by itself (one sent before a change, say).
        """
        if self.event in _STALE_EVENTS:
            return self.tags
        if self.event in _DOCUMENT_VISIBILITY_EVENTS:
            return {COLLECTION_RESTRICTIONS_TAG}
        return set()

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
        if self.event == ANSWERS_CHANGED:
            return set()
        own = getattr(self.instance, "public_paths", None)  # an indicator's own pages
        return referring_page_paths(self.instance) | (set(own()) if own else set())


def content_models() -> tuple[type[Model], ...]:
    """The models besides pages whose changes show on pages: snippets, settings, media."""
    from indicators.models import Geography, Indicator

    from .models import Organisation, Person, SiteSettings, SiteText, SocialLink, Theme

    return (
        Indicator,
        Geography,
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


def _on_page_moved(sender, instance, url_path_before=None, parent_page_before=None, **kwargs):
    send(PAGE_MOVED, instance, url_path_before=url_path_before, parent_before=parent_page_before)


#: The attribute a page being saved keeps its tags' names in, as they were before.
TAG_NAMES_BEFORE = "_tag_names_before"


def _on_page_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    """
    Before a saved page's tags are replaced (a publish writes the revision's), note
    them: a listing by a tag the page no longer has is stale too.
    """
    if raw or instance.pk is None or update_fields is not None:
        return
    if isinstance(instance, Page) and _tags_through(type(instance)) is not None:
        setattr(instance, TAG_NAMES_BEFORE, tag_names(type(instance), [instance.pk]))


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


def _on_observation_changed(sender, instance, raw=False, **kwargs):
    """An observation edited one by one: its indicator changed (an import sends once)."""
    indicator = (
        type(instance)
        .indicator.field.related_model.objects.filter(pk=instance.indicator_id)
        .first()
    )
    if indicator is not None:
        send(OBJECT_SAVED, indicator, raw=raw)


def _connect_observations() -> None:
    from indicators.models import Observation

    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            _on_observation_changed, sender=Observation, dispatch_uid=f"changes-observation-{name}"
        )


def connect() -> None:
    """Connect the hub to the low-level signals, once (``cms.core``'s ``ready``)."""
    page_published.connect(_on_page_published, dispatch_uid="changes-published")
    page_unpublished.connect(_on_page_unpublished, dispatch_uid="changes-unpublished")
    post_page_move.connect(_on_page_moved, dispatch_uid="changes-moved")
    page_slug_changed.connect(_on_page_slug_changed, dispatch_uid="changes-slug-changed")
    post_save.connect(_on_log_entry, sender=PageLogEntry, dispatch_uid="changes-log-entry")
    pre_save.connect(_on_page_saving, dispatch_uid="changes-page-saving")
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
    _connect_observations()
    post_delete.connect(
        _relay(RENDITION_DELETED),
        sender=get_image_model().get_rendition_model(),
        weak=False,
        dispatch_uid="changes-rendition-deleted",
    )
