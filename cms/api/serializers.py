"""
Turn images, documents, page links, snippets and rich text into the JSON shapes of
``cms.api.schemas``.

Lookups that would otherwise cost a query per item are deferred: a serialiser
returns a dict at once and registers it with the context, and ``finish`` fills in
every deferred dict with a fixed number of queries (one for images and their
renditions, one per translatable model for localised links).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q
from django.utils import translation
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Page, TranslatableMixin
from wagtail.rich_text import expand_db_html
from wagtail.rich_text.rewriters import extract_attrs

from . import renditions as renditions_module
from .context import SerializerContext, object_tag
from .visibility import (
    COLLECTION_RESTRICTIONS_TAG,
    is_private_document,
    locale_id,
    private_collection_ids,
    public_q,
)

RENDITION_WIDTHS = (400, 800, 1200, 1600)
FORMATS = {
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "png": "png",
    "gif": "gif",
    "webp": "webp",
    "avif": "avif",
    "svg": "svg",
}


def rendition_specs(width: int) -> list[str]:
    """Widths narrower than the original, then the original's width (capped), each twice."""
    widths = [w for w in RENDITION_WIDTHS if w < width] + [min(width, RENDITION_WIDTHS[-1])]
    specs = []
    for w in widths:
        specs += [f"width-{w}", f"width-{w}|format-webp"]
    return specs


# Images ------------------------------------------------------------------------------


def image(
    ctx: SerializerContext, image_or_id: Any, alt: str | None = None, decorative: bool = False
) -> dict | None:
    """
    A deferred image: filled in by ``finish`` with its renditions.

    ``alt`` is the alt text of this use of the image (a page's ``hero_image_alt``, an
    image block's alt text), in the page's language; when it is blank the image
    library's description (or title) stands in. A decorative image has no alt text.
    """
    if image_or_id is None:
        return None
    pk = image_or_id if isinstance(image_or_id, int) else image_or_id.pk
    data: dict[str, Any] = {"id": pk}
    if decorative:
        data.update(alt="", decorative=True)
    elif alt and alt.strip():
        data["alt"] = alt.strip()
    ctx.pending_images.setdefault(pk, []).append(data)
    ctx.depends_on(f"wagtailimages.image:{pk}")
    return data


# v2: payloads carry "decorative" (those stored before are never read).
IMAGE_KEY = "api:image:v2:{}"
#: Seconds an image short of renditions (not made yet, or its original unreadable) stays
#: cached.
DEGRADED_IMAGE_TIMEOUT = 300


def image_payload(img: Any) -> tuple[dict, bool]:
    """
    An image as the API shows it, with root-relative URLs (made absolute per request),
    and whether it has all its renditions.
    """
    focal = None
    if img.has_focal_point():
        focal = {
            "x": img.focal_point_x,
            "y": img.focal_point_y,
            "width": img.focal_point_width,
            "height": img.focal_point_height,
        }
    # Only the renditions that exist: they are made in a task when the image is saved
    # (cms.api.renditions), never inside a request.
    found, missing = renditions_module.lookup(img)
    renditions = [
        {
            "url": rendition.url,
            "width": rendition.width,
            "height": rendition.height,
            "format": FORMATS.get(rendition.file.name.rsplit(".", 1)[-1].lower(), "jpeg"),
        }
        for rendition in found
    ]
    return {
        "id": img.pk,
        "title": img.title,
        "alt": img.default_alt_text,
        "decorative": False,
        "width": img.width,
        "height": img.height,
        "focal_point": focal,
        "renditions": renditions,
    }, not missing


def forget_image(pk: int) -> None:
    cache.delete(IMAGE_KEY.format(pk))


def _read_cached(reads: dict[str, list], keys: list[str]) -> dict[str, Any]:
    """
    ``keys`` from the cache, and in the same round trip the other values the answer
    reads from it (``SerializerContext.read_cached``), handed to those who asked.
    """
    cached = cache.get_many([*keys, *reads])
    for key, fills in reads.items():
        for fill in fills:
            fill(cached.get(key))
    return cached


def _finish_images(ctx: SerializerContext) -> None:
    """
    Fill in every deferred image. Each image's payload (renditions included) is kept
    in the cache until the image changes, so a listing of cards costs one cache read
    rather than a query for the images, one for their renditions and Wagtail's
    per-rendition filter parsing.
    """
    reads, ctx.cached_reads = ctx.cached_reads, {}
    if not ctx.pending_images and not reads:
        return
    pending, ctx.pending_images = ctx.pending_images, {}
    keys = {pk: IMAGE_KEY.format(pk) for pk in pending}
    cached = _read_cached(reads, list(keys.values()))
    if not pending:
        return
    payloads = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in pending if pk not in payloads]
    if missing:
        fresh, incomplete = {}, []
        for img in get_image_model().objects.filter(pk__in=missing).prefetch_renditions():
            fresh[img.pk], complete = image_payload(img)
            if not complete:
                incomplete.append(img.pk)
        # An image short of renditions (not made yet, or its original unreadable) is
        # kept briefly, not until it changes: once they are made, they show.
        cache.set_many(
            {keys[pk]: payload for pk, payload in fresh.items() if pk not in incomplete},
            timeout=None,
        )
        cache.set_many({keys[pk]: fresh[pk] for pk in incomplete}, timeout=DEGRADED_IMAGE_TIMEOUT)
        payloads.update(fresh)
        # Asked for after the payload is kept, so that the task's "renditions made"
        # comes after it and drops it, however soon the task runs.
        for pk in incomplete:
            renditions_module.request(pk)
    for pk, targets in pending.items():
        payload = payloads.get(pk)
        if payload is None:
            # Foreign keys to images are set to NULL on delete and chooser blocks resolve
            # a deleted image to None, so an id only goes missing in a race with a delete.
            payload = {
                "id": pk,
                "title": "",
                "alt": "",
                "decorative": False,
                "width": 0,
                "height": 0,
                "focal_point": None,
                "renditions": [],
            }
        renditions = [{**r, "url": ctx.absolute(r["url"])} for r in payload["renditions"]]
        for data in targets:
            # The alt text of the use, if it has one, wins over the library's; cleared
            # first so that every image's keys come in the same order.
            use = {name: data[name] for name in ("alt", "decorative") if name in data}
            data.clear()
            data.update(payload, renditions=renditions, **use)


# Documents ---------------------------------------------------------------------------


def document(ctx: SerializerContext, doc: Any) -> dict | None:
    """
    A document as ``schemas.AnyDocument``: a private one (a collection under a view
    restriction) gives ``{"restricted": true}`` and nothing that identifies it.
    """
    if doc is None:
        return None
    ctx.depends_on(object_tag(doc), COLLECTION_RESTRICTIONS_TAG)
    if is_private_document(doc):
        return {"restricted": True}
    extension = doc.file_extension.lower()
    return {
        "restricted": False,
        "id": doc.pk,
        "title": doc.title,
        "url": ctx.absolute(doc.url),
        "filename": doc.filename,
        "extension": extension,
        "content_type": doc.content_type,
        "size": doc.file_size if doc.file_size is not None else _stored_size(doc),
    }


def _stored_size(doc: Any) -> int | None:
    # Documents added outside the admin form have no recorded size; ask the storage
    # (without saving, since this runs inside a GET).
    try:
        return doc.file.size
    except (OSError, ValueError):
        return None


# Pages and other translatable objects --------------------------------------------------


def genuine_translation_q() -> Q:
    """
    Pages that are a translation in their own right: not an alias of a page in
    another language. Translating a page into Spanish can create its untranslated
    parents in the Spanish tree as aliases of the English ones; they sit under
    ``/es/`` but show English, so a Spanish link must not pass them off as Spanish.
    """
    return Q(alias_of__isnull=True) | Q(alias_of__locale_id=F("locale_id"))


def content_locales(ctx: SerializerContext, pages: list[Any]) -> dict[int, str]:
    """
    The language each page's content is in, by page id: its locale, or for an alias
    of a page in another language, that page's locale. One query, and only when
    some page is an alias.
    """
    found = {page.pk: ctx.locale_code(page.locale_id) for page in pages}
    aliases = {page.pk: page.alias_of_id for page in pages if page.alias_of_id}
    if aliases:
        originals = dict(
            Page.objects.filter(pk__in=set(aliases.values())).values_list("pk", "locale_id")
        )
        for pk, original in aliases.items():
            if original in originals:
                found[pk] = ctx.locale_code(originals[original])
    return found


#: What a link to a page reads of it (``page_link``, and whether the page is live).
PAGE_LINK_COLUMNS = (
    "id",
    "title",
    "url_path",
    "locale_id",
    "translation_key",
    "content_type_id",
    "live",
)


class Localiser:
    """
    Swaps objects for their translation in the context's language, in bulk.

    Translated pages keep pointing at the English pages and snippets they were
    copied from; a visitor reading Spanish should land on the Spanish version
    where one is live.
    """

    def __init__(self) -> None:
        self.pending: dict[type[Any], list[tuple[Any, dict, Any]]] = defaultdict(list)

    def add(self, obj: Any, data: dict, fill) -> None:
        base = obj.get_translation_model() if isinstance(obj, TranslatableMixin) else type(obj)
        self.pending[base].append((obj, data, fill))

    def run(self, ctx: SerializerContext) -> None:
        pending, self.pending = self.pending, defaultdict(list)
        wanted_locale = locale_id(ctx.language_code)
        for base, items in pending.items():
            translations = {}
            wanted = [o.translation_key for o, _, _ in items if o.locale_id != wanted_locale]
            if wanted_locale is not None and wanted:
                queryset = base.objects.filter(translation_key__in=wanted, locale_id=wanted_locale)
                if issubclass(base, Page):
                    queryset = (
                        queryset.live()
                        .filter(public_q(), genuine_translation_q())
                        .only(*PAGE_LINK_COLUMNS)
                    )
                translations = {t.translation_key: t for t in queryset}
            for obj, data, fill in items:
                # A translation published later must make this response stale.
                ctx.depends_on(f"translations:{obj.translation_key}")
                fill(ctx, translations.get(obj.translation_key, obj), data)


def _fill_page_link(ctx: SerializerContext, page: Any, data: dict) -> None:
    ctx.depends_on(object_tag(page))
    data.update(
        {
            "id": page.pk,
            "title": page.title,
            "type": page.cached_content_type.model_class()._meta.label,
            "path": ctx.frontend_path(page.url_path, page.locale_id),
            "locale": ctx.locale_code(page.locale_id),
        }
    )


def page_link(ctx: SerializerContext, page: Any) -> dict | None:
    """A link to a page, in the context's language where a translation is live."""
    if page is None:
        return None
    data: dict[str, Any] = {"id": page.pk}
    ctx.localiser.add(page, data, _fill_page_link)
    return data


def _fill_snippet(serialise):
    def fill(ctx: SerializerContext, obj: Any, data: dict) -> None:
        ctx.depends_on(object_tag(obj))
        data.update(serialise(ctx, obj))

    return fill


def _organisation(ctx: SerializerContext, org: Any) -> dict:
    return {
        "id": org.pk,
        "name": org.name,
        "kind": org.kind,
        "description": org.description,
        "website": org.website,
        "logo": image(ctx, org.logo_id),
    }


def _person(ctx: SerializerContext, person: Any) -> dict:
    return {
        "id": person.pk,
        "name": person.name,
        "role": person.role,
        "group": person.group,
        "organisation": person.organisation,
        "bio": person.bio,
        "email": person.email,
        "phone": person.phone,
        "photo": image(ctx, person.photo_id),
    }


def _theme(ctx: SerializerContext, theme: Any) -> dict:
    return {"id": theme.pk, "name": theme.name, "description": theme.description}


SNIPPET_SERIALISERS = {
    "core.Organisation": _fill_snippet(_organisation),
    "core.Person": _fill_snippet(_person),
    "core.Theme": _fill_snippet(_theme),
}


def snippet(ctx: SerializerContext, obj: Any) -> dict | None:
    if obj is None:
        return None
    data: dict[str, Any] = {}
    ctx.localiser.add(obj, data, SNIPPET_SERIALISERS[obj._meta.label])
    return data


# Rich text and embeds -------------------------------------------------------------------

_REFERENCE = re.compile(
    r'<(?:a|embed)\b[^>]*?(?:linktype|embedtype)="(page|document|image)"'
    r'[^>]*?\bid="(\d+)"'
)
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")(/(?:documents|media)/[^"]*)"')


def rich_text(ctx: SerializerContext, source: str) -> str:
    """
    Database HTML to front-end HTML: page links become the linked page's public path
    in the context's language, document links and images absolute URLs.

    A link to a page that has no live translation in the context's language leads to
    the page in the language it has, and says so: ``hreflang`` names that language,
    so the front end can mark the link (as it marks cards and menu items by their
    ``locale``).
    """
    if not source:
        return ""
    for kind, pk in _REFERENCE.findall(source):
        ctx.depends_on(
            {"page": "page", "document": "wagtaildocs.document", "image": "wagtailimages.image"}[
                kind
            ]
            + f":{pk}"
        )
    paths = page_paths(ctx, _page_ids([source]))
    html = _A_TAG.sub(lambda m: _page_anchor(ctx, m, paths), source)
    if 'linktype="document"' in html:
        html = _private_document_anchors(ctx, html)
    if "linktype=" in html or "embedtype=" in html:
        with translation.override(ctx.language_code):
            html = expand_db_html(html)
    media_url = settings.MEDIA_URL
    return _ROOT_RELATIVE.sub(
        lambda m: (
            f'{m.group(1)}{ctx.absolute(m.group(2))}"'
            if m.group(2).startswith(("/documents/", media_url))
            else m.group(0)
        ),
        html,
    )


_A_TAG = re.compile(r"<a(\s[^>]*)>")
_PAGE_LINK_ID = re.compile(r'<a\b[^>]*\blinktype="page"[^>]*>')
_ID = re.compile(r'\bid="(\d+)"')


def _page_ids(texts: list[str]) -> set[int]:
    ids = set()
    for text in texts:
        for tag in _PAGE_LINK_ID.findall(text):
            found = _ID.search(tag)
            if found:
                ids.add(int(found.group(1)))
    return ids


def _page_anchor(ctx: SerializerContext, match: re.Match, paths: dict[int, str | None]) -> str:
    attrs = extract_attrs(match.group(1))
    if attrs.get("linktype") != "page":
        return match.group(0)
    try:
        pk = int(attrs.get("id", ""))
    except ValueError:
        return "<a>"
    path = paths.get(pk)
    if not path:
        return "<a>"
    language = ctx.link_locales.get(pk, ctx.language_code)
    if language != ctx.language_code:
        return f'<a href="{escape(path)}" hreflang="{escape(language)}">'
    return f'<a href="{escape(path)}">'


def _document_link_id(match: re.Match) -> int | None:
    attrs = extract_attrs(match.group(1))
    if attrs.get("linktype") == "document" and attrs.get("id", "").isdigit():
        return int(attrs["id"])
    return None


def _private_document_anchors(ctx: SerializerContext, html: str) -> str:
    """
    Links to private documents (see ``document``) lose their target: a bare ``<a>``
    keeps the words and gives away no id, file name or URL.
    """
    ctx.depends_on(COLLECTION_RESTRICTIONS_TAG)
    private_collections = private_collection_ids()
    if not private_collections:
        return html
    ids = {pk for m in _A_TAG.finditer(html) if (pk := _document_link_id(m)) is not None}
    private = set(
        get_document_model()
        .objects.filter(pk__in=ids, collection_id__in=private_collections)
        .values_list("pk", flat=True)
        if ids
        else ()
    )
    if not private:
        return html
    return _A_TAG.sub(lambda m: "<a>" if _document_link_id(m) in private else m.group(0), html)


def prepare_rich_text(ctx: SerializerContext, texts: list[str]) -> None:
    """Resolve the page links of several rich texts at once, before they are rendered."""
    page_paths(ctx, _page_ids(texts))


def page_paths(ctx: SerializerContext, ids: set[int]) -> dict[int, str | None]:
    """
    Public paths of pages, in the context's language where a translation is live;
    the language each path leads to is kept in ``ctx.link_locales``.
    """
    known = ctx.link_paths
    missing = ids - known.keys()
    if missing:
        fields = ("id", "url_path", "locale_id", "translation_key", "alias_of_id")
        pages = list(Page.objects.live().filter(public_q(), pk__in=missing).only(*fields))
        wanted_locale = locale_id(ctx.language_code)
        translated = {}
        keys = [p.translation_key for p in pages if wanted_locale and p.locale_id != wanted_locale]
        if keys:
            translated = {
                p.translation_key: p
                for p in Page.objects.live()
                .filter(
                    public_q(),
                    genuine_translation_q(),
                    translation_key__in=keys,
                    locale_id=wanted_locale,
                )
                .only(*fields)
            }
        targets = {page.pk: translated.get(page.translation_key, page) for page in pages}
        languages = content_locales(ctx, list(targets.values()))
        for page in pages:
            target = targets[page.pk]
            known[page.pk] = ctx.frontend_path(target.url_path, target.locale_id)
            ctx.link_locales[page.pk] = languages[target.pk]
            ctx.depends_on(f"translations:{page.translation_key}")
        for pk in missing - {p.pk for p in pages}:
            known[pk] = None
    return {pk: known.get(pk) for pk in ids}


def embed(ctx: SerializerContext, value: Any) -> dict | None:
    """An embed from the database's cache only: a request never waits on a provider."""
    if not value or not getattr(value, "url", None):
        return None
    cached = Embed.objects.filter(url=value.url).order_by("-last_updated").first()
    return {
        "url": value.url,
        "html": cached.html if cached else None,
        "title": cached.title if cached else None,
        "provider_name": cached.provider_name if cached else None,
        "thumbnail_url": cached.thumbnail_url if cached else None,
        "width": cached.width if cached else None,
        "height": cached.height if cached else None,
    }


def finish(ctx: SerializerContext) -> None:
    """Resolve everything deferred: localised links and snippets, then images."""
    ctx.localiser.run(ctx)
    _finish_images(ctx)
