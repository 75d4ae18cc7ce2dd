"""
How a page type appears in the API and in search.

Each app declares its page types in its own ``api.py`` as a ``PageAPI`` subclass: a
mapping of output names to field specs, and the page type's kind and facets in site
search. A spec knows its pydantic type (for the OpenAPI document), how to read its value
from a page, which foreign keys to join and which model field it shows, so one
declaration drives the schema, the serialiser, the query plan, search and the
``api_fields`` of Wagtail's own API together. The ``api.py`` modules are found by
``load_page_types`` (run when the apps are ready); every concrete ``BasePage`` must have
one. The card (title, summary, image, date) is the page type's own rule
(``BasePage.get_listing_summary`` and its neighbours), the same everywhere.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from importlib import import_module
from importlib.util import find_spec
from typing import Annotated, Any, ClassVar, Literal, Union

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import BooleanField, Model, Q
from django.db.models.expressions import RawSQL
from ninja import Schema
from pydantic import Field, create_model
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.core.models import BasePage, card
from cms.core.prepared import PreparedBundle, PreparedQuery

from . import schemas, serializers
from .blocks import block_annotation, serialise
from .context import SerializerContext, object_tag
from .visibility import is_public, public_q

# Field specs ---------------------------------------------------------------------------


@dataclass
class Spec:
    annotation: Any
    get: Callable[[SerializerContext, Any], Any]
    select: tuple[str, ...] = ()
    description: str | None = None
    #: The model field or relation it shows, offered to Wagtail's own API (``api_fields``).
    source: str | None = None
    #: The inline relations ``get`` reads with ``related`` (relation, select_related):
    #: loaded with the page, in the same round trip (``load_detail``).
    related: tuple[tuple[str, tuple[str, ...]], ...] = ()


def text(attr: str, description: str | None = None) -> Spec:
    return Spec(
        str, lambda ctx, page: getattr(page, attr) or "", description=description, source=attr
    )


def date(attr: str) -> Spec:
    def get(ctx, page):
        value = getattr(page, attr)
        return value.isoformat() if value else None

    return Spec(datetime.date | None, get, source=attr)


def choice(model: type[Model], attr: str) -> Spec:
    model_field: Any = model._meta.get_field(attr)
    values = tuple(value for value, _ in model_field.choices)
    return Spec(Literal[values], lambda ctx, page: getattr(page, attr), source=attr)


def rich_text(attr: str) -> Spec:
    return Spec(
        str,
        lambda ctx, page: serializers.rich_text(ctx, getattr(page, attr)),
        description="HTML ready to insert: page links are public paths in the page's language.",
        source=attr,
    )


def image(attr: str) -> Spec:
    return Spec(
        schemas.Image | None,
        lambda ctx, page: serializers.image(
            ctx, getattr(page, f"{attr}_id"), alt=getattr(page, f"{attr}_alt", None)
        ),
        source=attr,
    )


def document(attr: str) -> Spec:
    return Spec(
        schemas.AnyDocument | None,
        lambda ctx, page: serializers.document(ctx, getattr(page, attr)),
        select=(attr,),
        source=attr,
    )


def snippet(attr: str, schema: type[Schema]) -> Spec:
    return Spec(
        schema | None,
        lambda ctx, page: serializers.snippet(ctx, getattr(page, attr)),
        select=(attr,),
        source=attr,
    )


def stream(model: type[Model], attr: str) -> Spec:
    model_field: Any = model._meta.get_field(attr)
    stream_block = model_field.stream_block
    hint = f"{model.__name__}{''.join(p.title() for p in attr.split('_'))}"
    return Spec(
        block_annotation(stream_block, hint),
        lambda ctx, page: serialise(stream_block, getattr(page, attr), ctx),
        source=attr,
    )


def related(ctx: SerializerContext, page: Page, relation: str, *select: str) -> list:
    """
    The items of an inline (child) relation, in the editor's order: one plain query,
    or the page's in-memory items when it is an unsaved preview.
    """
    if ctx.preview or page.pk is None:
        return list(getattr(page, relation).all())
    key = (type(page), relation, select)
    loaded = page.__dict__.get(LOADED, {}).get((relation, select))
    if loaded is not None:
        return loaded
    query = _related_queries.get(key)
    if query is None:
        query = _related_queries[key] = PreparedQuery(partial(_related, *key), int)
    return query(page.pk)


_related_queries: dict[tuple, PreparedQuery] = {}

#: Where ``load_detail`` leaves, on the page, what it loaded with it: each inline list by
#: (relation, select), and under ``RELATIVES`` its translations and ancestors.
LOADED = "_api_loaded"
RELATIVES = "relatives"


def _related(model: type[Model], relation: str, select: tuple[str, ...], page_id: int):
    remote: Any = model._meta.get_field(relation)
    queryset = remote.related_model.objects.filter(**{remote.field.attname: page_id})
    if select:
        queryset = queryset.select_related(*select)
        # A linked page is read only for its link: its other columns stay in the table.
        pages = [name for name in select if _links_to_page(remote.related_model, name)]
        if pages:
            own = [f.attname for f in remote.related_model._meta.concrete_fields]
            columns = serializers.PAGE_LINK_COLUMNS
            joined = [f"{name}__{column}" for name in pages for column in columns]
            queryset = queryset.only(*own, *joined)
    return queryset.order_by(*remote.related_model._meta.ordering, "pk")


def _links_to_page(model: type[Model], name: str) -> bool:
    field: Any = model._meta.get_field(name)
    return field.is_relation and issubclass(field.related_model, Page)


def related_pages(model: type[Model], relation: str, attr: str) -> Spec:
    """An orderable inline list of links to (live) pages."""

    def get(ctx, page):
        targets = (getattr(item, attr) for item in related(ctx, page, relation, attr))
        return [serializers.page_link(ctx, target) for target in targets if target.live]

    return Spec(list[schemas.PageLink], get, source=relation, related=((relation, (attr,)),))


def related_snippets(model: type[Model], relation: str, attr: str, schema: type[Schema]) -> Spec:
    def get(ctx, page):
        items = related(ctx, page, relation, attr)
        return [serializers.snippet(ctx, getattr(item, attr)) for item in items]

    # The item schema is chosen by the caller: a type made at run time, for pydantic.
    return Spec(list[schema], get, source=relation, related=((relation, (attr,)),))  # type: ignore[valid-type]


def tags() -> Spec:
    def get(ctx, page):
        return sorted(item.tag.name for item in related(ctx, page, "tagged_items", "tag"))

    return Spec(list[str], get, source="tags", related=(("tagged_items", ("tag",)),))


#: How many of a page's children its detail shows as cards; the listing has the rest.
CHILDREN_SHOWN = 24


def _live_children(page: Page):
    return page.get_children().live().filter(public_q())


def children_fields() -> dict[str, Spec]:
    """
    The first ``CHILDREN_SHOWN`` live pages below a page as cards, and how many there are:
    a landing shows the first ones with no second call, and pages through the rest with
    ``/pages/?child_of=<id>&offset=<n>`` (the same cards in the same order).
    """

    def cards(ctx, page):
        ctx.depends_on(f"children:{page.pk}")
        if not page.pk:  # a new page being previewed has no children yet
            return []
        shown = serialise_cards(ctx, _live_children(page).specific()[:CHILDREN_SHOWN])
        page._children_shown = len(shown)
        return shown

    def total(ctx, page):
        ctx.depends_on(f"children:{page.pk}")
        if not page.pk:
            return 0
        # Fewer than a full set of cards shown is all of them: no need to count.
        shown = getattr(page, "_children_shown", CHILDREN_SHOWN)
        return shown if shown < CHILDREN_SHOWN else _live_children(page).count()

    return {
        "children": Spec(
            list[schemas.PageCard],
            cards,
            description=(
                f"The first {CHILDREN_SHOWN} live pages below this one, in the editor's "
                "order, as cards; `/pages/?child_of=<id>&offset="
                f"{CHILDREN_SHOWN}` lists the rest in the same order."
            ),
        ),
        "children_total": Spec(
            int, total, description="How many live pages are below this one in all."
        ),
    }


def index_fields(model: type[Model]) -> dict[str, Spec]:
    """What every listing landing (initiatives, reports, industries) shows."""
    return {"intro": text("intro"), "body": stream(model, "body"), **children_fields()}


# Page types ----------------------------------------------------------------------------


class PageAPI:
    """
    The API and search representation of one page type; subclasses set ``model`` and
    ``fields``, and, when the type is its own kind in site search, ``search_kind`` and
    ``search_facets``.
    """

    model: ClassVar[type[BasePage]]
    fields: ClassVar[dict[str, Spec]] = {}
    #: The page type's kind in site search (``search.models.Kind``); its facet "type".
    search_kind: ClassVar[str] = "page"

    @classmethod
    def label(cls) -> str:
        return cls.model._meta.label

    @classmethod
    def search_facets(cls, page: Page) -> dict[str, Iterable[Any]]:
        """
        What a search hit on this page can be filtered by, beyond its kind and year:
        facet name → values (strings), or → pages and snippets, which search names by
        their id in the hit's language.
        """
        return {}


REGISTRY: dict[type[Page], type[PageAPI]] = {}

#: The fields every page has, as Wagtail's own API offers them.
BASE_API_FIELDS = ("listing_title", "listing_summary", "listing_image", "social_image")


def register(api_class: type[PageAPI]) -> type[PageAPI]:
    """Register a page type; its model's ``api_fields`` follow from its specs."""
    REGISTRY[api_class.model] = api_class
    sources = [spec.source for spec in api_class.fields.values() if spec.source]
    api_class.model.api_fields = [
        APIField(name) for name in dict.fromkeys([*BASE_API_FIELDS, *sources])
    ]
    return api_class


def load_page_types() -> None:
    """
    Import the ``api`` module of every app that defines page types, and check that
    each concrete page type has its spec: a page type without one would be missing
    from the API's schema, its listings and search.
    """
    for app_config in apps.get_app_configs():
        owns_pages = any(issubclass(model, BasePage) for model in app_config.get_models())
        if owns_pages and find_spec(f"{app_config.name}.api") is not None:
            import_module(f"{app_config.name}.api")
    missing = [
        model._meta.label
        for model in apps.get_models()
        if issubclass(model, BasePage) and model not in REGISTRY
    ]
    if missing:
        raise ImproperlyConfigured(
            f"Page types without a PageAPI in their app's api.py: {', '.join(missing)}"
        )


def api_for(model: type[Page]) -> type[PageAPI]:
    return REGISTRY[model]


# Shared detail fields ------------------------------------------------------------------


class PageDetailBase(Schema):
    id: int
    title: str
    slug: str
    path: str | None = Field(description="The page's path on the public site.")
    locale: str
    seo_title: str
    search_description: str
    listing_title: str = Field(description="The card title (the page title if none was set).")
    listing_summary: str
    listing_image: schemas.Image | None
    social_image: schemas.Image | None
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None
    translations: list[schemas.Translation] = Field(
        description="Every live translation of this page, this one included."
    )
    breadcrumbs: list[schemas.PageLink] = Field(
        description="The page's ancestors from the home page down, excluding itself."
    )


def serialise_page(ctx: SerializerContext, page: Page) -> dict:
    """The full detail of one specific page, in the page's own language."""
    api_class = api_for(type(page))
    ctx.language_code = ctx.locale_code(page.locale_id)
    ctx.page_id = page.pk
    ctx.depends_on(object_tag(page), f"translations:{page.translation_key}")
    data: dict[str, Any] = {
        "id": page.pk,
        "type": api_class.label(),
        "title": page.title,
        "slug": page.slug,
        "path": ctx.frontend_path(page.url_path, page.locale_id),
        "locale": ctx.language_code,
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "listing_title": page.get_listing_title(),
        "listing_summary": page.get_listing_summary(),
        "listing_image": serializers.image(ctx, *page.get_listing_image()),
        "social_image": serializers.image(ctx, page.social_image_id, alt=page.social_image_alt),
        "first_published_at": _iso(page.first_published_at),
        "last_published_at": _iso(page.last_published_at),
    }
    data["translations"], data["breadcrumbs"] = _translations_and_breadcrumbs(ctx, page)
    serializers.prepare_rich_text(ctx, list(_rich_texts(page)))
    for name, spec in api_class.fields.items():
        data[name] = spec.get(ctx, page)
    serializers.finish(ctx)
    return data


def _linking_strings(value: Any) -> Iterable[str]:
    """The strings in a (nested) value that hold links to pages or documents."""
    if isinstance(value, str):
        if "linktype=" in value:
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _linking_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _linking_strings(item)


def _rich_texts(page: Page) -> Iterable[str]:
    """Every string of the page's rich text and StreamFields, to resolve links in bulk."""
    for model_field in type(page)._meta.concrete_fields:
        if isinstance(model_field, RichTextField):
            yield from _linking_strings(getattr(page, model_field.name))
        elif isinstance(model_field, StreamField):
            yield from _linking_strings(list(getattr(page, model_field.name).raw_data))


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _translations_and_breadcrumbs(ctx: SerializerContext, page: Page) -> tuple[list, list]:
    """Live translations of the page and its ancestors below the root, in one query."""
    steplen = Page.steplen
    ancestors = [page.path[:n] for n in range(2 * steplen, len(page.path or ""), steplen)]
    query = _translation_queries.get(len(ancestors))
    if query is None:
        kinds = (uuid.UUID, *(str for _ in ancestors))
        query = _translation_queries[len(ancestors)] = PreparedQuery(_relatives, *kinds)
    rows = page.__dict__.get(LOADED, {}).get(RELATIVES)
    if rows is None:
        rows = query(page.translation_key, *ancestors)
    translations, breadcrumbs = [], []
    for row in rows:
        if row.path in ancestors:
            ctx.depends_on(object_tag(row))
            breadcrumbs.append(
                {
                    "id": row.pk,
                    "title": row.title,
                    "type": row.cached_content_type.model_class()._meta.label,
                    "path": ctx.frontend_path(row.url_path, row.locale_id),
                    "locale": ctx.locale_code(row.locale_id),
                }
            )
        if row.translation_key == page.translation_key and row.live and is_public(row.path):
            translations.append(_translation(ctx, row))
    return _in_language_order(ctx, translations), breadcrumbs


#: The query of a page's translations and ancestors, by the number of its ancestors.
_translation_queries: dict[int, PreparedQuery] = {}


def _relatives(translation_key: uuid.UUID, *ancestors: str):
    return _relative_rows(Q(translation_key=translation_key) | Q(path__in=ancestors))


def _relative_rows(condition: Q):
    return (
        Page.objects.filter(condition)
        .only(
            "id",
            "title",
            "path",
            "url_path",
            "locale_id",
            "content_type_id",
            "translation_key",
            "live",
        )
        .order_by("path")
    )


def _relatives_of(page_id: int):
    """
    ``_relatives`` of the page with this id, found from the id alone (PostgreSQL), so
    that they are loaded with the page itself (``load_detail``).
    """
    # Each set is read through an index: the ids as an array, not an IN list the
    # planner cannot size.
    # The SQL is fixed fragments and the model's table; the id goes in as a parameter.
    table = Page._meta.db_table
    condition = (
        f'"{table}"."id" = ANY(ARRAY('  # noqa: S608
        f"WITH p AS (SELECT translation_key, path, depth FROM {table} WHERE id = %s) "
        f"SELECT r.id FROM {table} r, p WHERE r.translation_key = p.translation_key "
        f"UNION ALL SELECT r.id FROM {table} r WHERE r.path = ANY(ARRAY("
        f"SELECT substr(p.path, 1, n * {Page.steplen})::varchar "
        "FROM p, generate_series(2, p.depth - 1) AS n))))"
    )
    found = RawSQL(condition, (page_id,), output_field=BooleanField())  # noqa: S611
    return _relative_rows(Q(found))


TRANSLATION_COLUMNS = ("id", "title", "path", "url_path", "locale_id", "translation_key")


def _translation(ctx: SerializerContext, row: Page) -> dict:
    return {
        "locale": ctx.locale_code(row.locale_id),
        "id": row.pk,
        "title": row.title,
        "path": ctx.frontend_path(row.url_path, row.locale_id),
    }


def _in_language_order(ctx: SerializerContext, translations: list[dict]) -> list[dict]:
    """The default language first, then the others by code."""
    return sorted(translations, key=lambda t: (t["locale"] != ctx.default_language, t["locale"]))


def translations_of(ctx: SerializerContext, pages: Iterable[Page]) -> dict[Any, list[dict]]:
    """
    The live, public translations of each of ``pages`` (each page included), by
    translation key: one query for any number of pages.
    """
    keys = {page.translation_key for page in pages}
    if not keys:
        return {}
    found: dict[Any, list[dict]] = {key: [] for key in keys}
    rows = (
        Page.objects.live()
        .filter(translation_key__in=keys)
        .only(*TRANSLATION_COLUMNS)
        .order_by("path")
    )
    for row in rows:
        if is_public(row.path):
            found[row.translation_key].append(_translation(ctx, row))
    return {key: _in_language_order(ctx, items) for key, items in found.items()}


# Cards ---------------------------------------------------------------------------------


def serialise_cards(ctx: SerializerContext, pages: Iterable[Page]) -> list[dict]:
    """Cards for a list of specific pages, with a fixed number of queries in all."""
    pages = list(pages)
    translations = translations_of(ctx, pages)
    languages = serializers.content_locales(ctx, pages)
    cards = []
    for page in pages:
        shown = card(page)
        # Its content, and which of its translations are live.
        ctx.depends_on(object_tag(page), f"translations:{page.translation_key}")
        cards.append(
            {
                "id": page.pk,
                "type": type(page)._meta.label,
                "title": page.title,
                "listing_title": shown.title,
                "summary": shown.summary,
                "image": serializers.image(ctx, shown.image_id, alt=shown.image_alt),
                "path": ctx.frontend_path(page.url_path, page.locale_id),
                "locale": languages[page.pk],
                "date": shown.date.isoformat() if shown.date else None,
                "translations": translations.get(page.translation_key, []),
            }
        )
    serializers.finish(ctx)
    return cards


# Query plans ---------------------------------------------------------------------------


def detail_queryset(model: type[Page]):
    """The queryset that loads a page of ``model`` with the foreign keys its fields need."""
    select = [s for spec in api_for(model).fields.values() for s in spec.select]
    return model.objects.select_related(*select) if select else model.objects.all()


def _detail_rows(model: type[Page], page_id: int):
    return detail_queryset(model).filter(pk=page_id, live=True, depth__gt=1).order_by()


#: The live page of a type with an id, with the foreign keys its fields show.
_detail_queries: dict[type[Page], PreparedQuery] = {}
_detail_bundles: dict[type[Page], tuple[PreparedBundle, list[tuple[str, tuple[str, ...]]]]] = {}


def detail_query(model: type[Page]) -> PreparedQuery:
    query = _detail_queries.get(model)
    if query is None:
        query = _detail_queries[model] = PreparedQuery(partial(_detail_rows, model), int)
    return query


def load_detail(model: type[Page], page_id: int) -> Page | None:
    """
    The live page of ``model`` with this id, and, where the database can bundle queries
    (PostgreSQL), in the same round trip everything its detail reads from the
    database by page: its translations and ancestors, and every inline list its fields
    declare (``Spec.related``). Elsewhere those are read as the detail asks for them.
    """
    found = _detail_bundles.get(model)
    if found is None:
        relations = list(
            dict.fromkeys(pair for spec in api_for(model).fields.values() for pair in spec.related)
        )
        builds: list[Callable[[int], Any]] = [
            partial(_detail_rows, model),
            _relatives_of,
            *(partial(_related, model, relation, select) for relation, select in relations),
        ]
        found = _detail_bundles[model] = (PreparedBundle(builds, int), relations)
    bundle, relations = found
    loaded = bundle(page_id)
    if loaded is None:
        return next(iter(detail_query(model)(page_id)), None)
    pages, relatives, *lists = loaded
    page = next(iter(pages), None)
    if page is not None:
        loaded_lists: dict[Any, list[Any]] = dict(zip(relations, lists, strict=True))
        page.__dict__[LOADED] = {RELATIVES: relatives, **loaded_lists}
    return page


# Schemas -------------------------------------------------------------------------------

_detail_schemas: dict[type[Page], type[Schema]] = {}


def detail_schema(model: type[Page]) -> type[Schema]:
    if model not in _detail_schemas:
        api_class = api_for(model)
        fields: dict[str, Any] = {"type": (Literal[api_class.label()], ...)}
        for name, spec in api_class.fields.items():
            default = Field(..., description=spec.description) if spec.description else ...
            fields[name] = (spec.annotation, default)
        _detail_schemas[model] = create_model(
            f"{model.__name__}Detail",
            __base__=PageDetailBase,
            __doc__=(model.__doc__ or "").strip() or None,
            **fields,
        )
    return _detail_schemas[model]


def detail_union() -> Any:
    """Every page type's detail, discriminated by ``type``."""
    members = tuple(detail_schema(model) for model in REGISTRY)
    return Annotated[Union[members], Field(discriminator="type")]  # noqa: UP007


def page_type_names() -> tuple[str, ...]:
    return tuple(model._meta.label for model in REGISTRY)


@dataclass
class PageTypeChoice:
    """Resolves a ``type`` query value ("reports.ReportPage") to a registered model."""

    models: dict[str, type[Page]] = field(default_factory=dict)

    @classmethod
    def build(cls) -> PageTypeChoice:
        return cls({model._meta.label.lower(): model for model in REGISTRY})

    def resolve(self, value: str) -> type[Page] | None:
        return self.models.get(value.lower())
