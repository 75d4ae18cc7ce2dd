"""``/pages/``: listings as cards, and every page type's typed detail."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import HttpRequest
from ninja import Path, Query, Schema
from wagtail.models import Page

from cms.core.changes import name_tag
from cms.core.prepared import PreparedQuery
from indicators.periods import BOUND_PATTERN

from .. import schemas
from ..cache import Built, cached_response
from ..context import SerializerContext, object_tag
from ..errors import ProblemError, problem_built
from ..pages import (
    REGISTRY,
    PageTypeChoice,
    detail_query,
    detail_union,
    load_detail,
    page_type_names,
    serialise_cards,
    serialise_page,
)
from ..params import (
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_PATH_LENGTH,
    LocaleCode,
    clean_search_query,
    date_range,
    reject_unknown,
)
from ..visibility import is_public, locale_id, public_q
from ..wagtail_v3 import replace_page_read_operation

MAX_ID = 2**31 - 1
if TYPE_CHECKING:
    # Both are built at run time from the registered page types.
    PageDetail = Any
    PageTypeName = str
else:
    PageDetail = detail_union()
    PageTypeName = Literal[page_type_names()]
Order = Literal["tree", "title", "-title", "date", "-date"]
LIST_PARAMS = {
    "type",
    "locale",
    "child_of",
    "descendant_of",
    "tag",
    "search",
    "search_operator",
    "order",
    "limit",
    "offset",
    "from",
    "to",
}


class PageList(Schema):
    count: int
    items: list[schemas.PageCard]


def live_pages(model: type[Page] = Page):
    """Pages a visitor may see: live, not behind a view restriction, inside a site."""
    return model.objects.live().filter(public_q(), depth__gt=1)


# A page never changes type, so the type of each id is remembered for the process.
_page_types: dict[int, int] = {}


def page_model(page_id: int) -> type[Page] | None:
    content_type_id = _page_types.get(page_id)
    if content_type_id is None:
        content_type_id = (
            Page.objects.filter(pk=page_id).values_list("content_type_id", flat=True).first()
        )
        if content_type_id is None:
            return None
        if len(_page_types) > 200_000:
            _page_types.clear()
        _page_types[page_id] = content_type_id
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _detail_query(model: type[Page]) -> PreparedQuery:
    """The live page of ``model`` with an id, with the foreign keys its fields need."""
    return detail_query(model)


def build_detail(ctx: SerializerContext, page_id: int) -> Built:
    page = None
    for _attempt in range(2):
        model = page_model(page_id)
        if model in REGISTRY:
            page = load_detail(model, page_id)
        if page is not None or _page_types.pop(page_id, None) is None:
            break
        # The remembered type was wrong (an id reused after a rollback): look again.
    if page is None or not is_public(page.path):
        # Publishing this page (or any other) makes the cached 404 stale.
        ctx.depends_on(f"page:{page_id}", "pages")
        return problem_built(404, f"No live page has the id {page_id}.")
    return Built(200, serialise_page(ctx, page))


router = replace_page_read_operation("/")


@router.get(
    "/",
    response={200: PageList},
    url_name="list_pages",
    summary="List pages as cards",
    operation_id="pages_list",
    description=(
        "Live pages as cards (title, summary, image, path, date). Filter by `type`, "
        "`locale`, parent (`child_of`) or ancestor (`descendant_of`), `tag`, or a "
        "`search`; order by tree position (the editors' order), title or date."
    ),
)
def list_pages(
    request: HttpRequest,
    type: PageTypeName | None = None,
    locale: LocaleCode | None = None,
    child_of: int | None = Query(None, ge=1, le=MAX_ID),
    descendant_of: int | None = Query(None, ge=1, le=MAX_ID),
    tag: str | None = Query(
        None,
        max_length=100,
        description=(
            "Pages with this tag, in any case (only initiatives and industry profiles have tags)."
        ),
    ),
    search: str | None = Query(None, max_length=2048),
    search_operator: Literal["and", "or"] = "and",
    order: Order = "tree",
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    start: str | None = Query(
        None,
        alias="from",
        pattern=BOUND_PATTERN,
        max_length=10,
        description="Only pages with a publication date (reports) on or after this day "
        "(`2019-06-01`), month (`2019-06`), quarter (`2019-Q2`) or year (`2019`).",
    ),
    end: str | None = Query(
        None,
        alias="to",
        pattern=BOUND_PATTERN,
        max_length=10,
        description="Only pages with a publication date on or before this day, or the "
        "end of this month, quarter or year.",
    ),
):
    reject_unknown(request, LIST_PARAMS)
    published = date_range(start, end)
    # Punctuation means nothing to this plain search and trips the SQLite FTS syntax.
    query = " ".join(re.findall(r"\w+", clean_search_query(search))) if search else ""

    def build(ctx: SerializerContext) -> Built:
        model = _page_model(type)
        ctx.depends_on(_listing_tag(model, locale, child_of, descendant_of, tag))
        # Filter and count on the page table alone (no join with the type's own table),
        # then load the specific pages of the slice: two cheap queries at any size.
        queryset = live_pages()
        if model is not Page:
            queryset = queryset.type(model)
        if locale:
            queryset = queryset.filter(locale_id=locale_id(locale))
        for name, value in (("child_of", child_of), ("descendant_of", descendant_of)):
            if value is None:
                continue
            relative = live_pages().filter(pk=value).first()
            if relative is None:
                raise ProblemError(404, f"{name}: no live page has the id {value}.")
            ctx.depends_on(object_tag(relative))  # unpublished, the listing is a 404
            queryset = getattr(queryset, name)(relative)
        if tag:
            queryset = queryset.filter(_tagged(model, tag))
        queryset = queryset.filter(_published_between(model, *published))
        if search and not query:
            return Built(200, {"count": 0, "items": []})
        if query:
            count, items = _found_slice(queryset, query, search_operator, offset, limit)
        else:
            count, items = _ordered_slice(queryset, model, order, offset, limit)
        return Built(200, {"count": count, "items": serialise_cards(ctx, items)})

    return cached_response(request, build)


def _listing_tag(
    model: type[Page],
    locale: str | None,
    child_of: int | None,
    descendant_of: int | None,
    tag: str | None,
) -> str:
    """
    The tag of the listing's narrowest filter (see ``cms.core.changes``): every page
    that enters or leaves the listing, or moves in its order, matches all its filters
    before or after the change, so a change that could alter it bumps this one.
    """
    if child_of is not None:
        return f"children:{child_of}"
    if descendant_of is not None:
        return f"descendants:{descendant_of}"
    if tag:
        return name_tag(tag)
    if model is not Page:
        return f"type:{model._meta.label_lower}"  # its subtypes' pages bump it too
    if locale:
        return f"locale:{locale_id(locale)}"
    return "listing"


def _found_slice(
    queryset: Any, query: str, operator: str, offset: int, limit: int
) -> tuple[int, list[Page]]:
    """The count of pages matching ``query``, and the specific pages of one slice."""
    results = queryset.search(query, operator=operator)
    count = results.count()
    hits = list(results[offset : offset + limit])
    specific = {p.pk: p for p in live_pages().filter(pk__in=[h.pk for h in hits]).specific()}
    return count, [specific[h.pk] for h in hits if h.pk in specific]


def _ordered_slice(
    queryset: Any, model: type[Page], order: str, offset: int, limit: int
) -> tuple[int, list[Page]]:
    """The count of pages, and the specific pages of one slice in ``order``."""
    if order.lstrip("-") == "date" and hasattr(model, "publication_date"):
        queryset = live_pages(model).filter(pk__in=queryset.values("pk"))
    queryset = queryset.order_by(*_ordering(model, order))
    return queryset.count(), list(queryset.specific()[offset : offset + limit])


def _published_between(model: type[Page], first: Any, last: Any) -> Q:
    """
    Pages of ``model`` whose publication date is within ``first``–``last`` (either may be
    None). Only types with a publication date (reports) have one: others are left out.
    """
    if first is None and last is None:
        return Q()
    condition = Q(pk__in=[])
    for dated in REGISTRY:
        if not issubclass(dated, model) or not hasattr(dated, "publication_date"):
            continue
        rows = dated.objects.all()
        if first is not None:
            rows = rows.filter(publication_date__gte=first)
        if last is not None:
            rows = rows.filter(publication_date__lte=last)
        condition |= Q(pk__in=rows.values("pk"))
    return condition


def _page_model(type: str | None) -> type[Page]:
    """The model a ``type`` parameter names (already one of ``PageTypeName``), else ``Page``."""
    if not type:
        return Page
    model = PageTypeChoice.build().resolve(type)
    if model is None:
        raise ProblemError(400, f"type: no page type is called {type}.")
    return model


def _tagged(model: type[Page], tag: str) -> Q:
    """
    Pages of ``model`` (of any type with tags, for ``Page``) tagged ``tag``. A type
    without tags has no page with the tag: an empty listing, not an error.
    """
    condition = Q(pk__in=[])
    for tagged in REGISTRY:
        if hasattr(tagged, "tagged_items") and issubclass(tagged, model):
            ids = tagged.objects.filter(tagged_items__tag__name__iexact=tag).values("pk")
            condition |= Q(pk__in=ids)
    return condition


def _ordering(model: type[Page], order: str) -> list[str]:
    descending = order.startswith("-")
    name = order.lstrip("-")
    if name == "tree":
        return ["path"]
    if name == "date":
        field = "publication_date" if hasattr(model, "publication_date") else "first_published_at"
        return [f"{'-' if descending else ''}{field}", "path"]
    return [f"{'-' if descending else ''}title", "path"]


replace_page_read_operation("/{page_id}/")


@router.get(
    "/{page_id}/",
    response={200: PageDetail, 404: dict},
    url_name="detail_page",
    summary="Page detail",
    operation_id="pages_detail",
    description="One live page with every field of its type, in its own language.",
)
def get_page(request: HttpRequest, page_id: int = Path(..., ge=1, le=MAX_ID)):
    reject_unknown(request, set())
    return cached_response(request, lambda ctx: build_detail(ctx, page_id))


replace_page_read_operation("/find/")


@router.get(
    "/find/",
    response={200: PageDetail, 404: dict},
    url_name="find_page",
    summary="Find a page by its public path",
    operation_id="pages_find",
    description="The page at `html_path` (such as `/es/initiatives/hype/`), answered "
    "directly rather than with a redirect. `/route/` also follows redirects.",
)
def find_page(request: HttpRequest, html_path: str = Query(..., max_length=MAX_PATH_LENGTH)):
    from .route import resolve_path

    reject_unknown(request, {"html_path"})

    def build(ctx: SerializerContext) -> Built:
        page_id = resolve_path(ctx, html_path)
        if page_id is None:
            return problem_built(404, f"No live page is at {html_path}.")
        return build_detail(ctx, page_id)

    return cached_response(request, build)
