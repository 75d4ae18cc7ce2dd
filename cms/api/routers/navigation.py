"""``/navigation/``: the menu tree of one language's site."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from cms.core.changes import path_tag

from .. import schemas, serializers
from ..cache import Built, cached_response
from ..context import SerializerContext, object_tag
from ..errors import problem_built
from ..params import LocaleCode, reject_unknown
from .pages import live_pages

router = Router(tags=["navigation"])


class NavigationItem(Schema):
    id: int
    title: str
    type: str
    path: str | None
    locale: str = Field(
        description="The language the page is shown in: the menu's own, except for a page "
        "that is only an alias of a page in another language (mark it, as for a link)."
    )
    children: list[NavigationItem]


class Navigation(Schema):
    locale: str
    home: schemas.PageLink
    items: list[NavigationItem]


def home_page(ctx: SerializerContext, language: str):
    for root in ctx.root_paths():
        if root.language_code == language:
            ctx.depends_on(path_tag(root.url_path))
            return live_pages().filter(url_path=root.url_path).first()
    return None


@router.get(
    "/",
    response={200: Navigation, 404: dict},
    summary="Menu tree",
    operation_id="navigation",
    description="Pages marked “show in menus”, in the editors' order, below the home page "
    "of `locale`, down to `depth` levels. A page hidden from menus hides its children.",
)
def navigation(
    request: HttpRequest,
    locale: LocaleCode = "en",
    depth: int = Query(2, ge=1, le=4),
):
    reject_unknown(request, {"locale", "depth"})

    def build(ctx: SerializerContext) -> Built:
        ctx.language_code = locale
        home = home_page(ctx, locale)
        if home is None:
            return problem_built(404, f"There is no live home page in “{locale}”.")
        # Pages entering the menu bump its tag; those in it (or hidden below a page
        # hidden from menus), their own.
        ctx.depends_on(f"menu:{home.locale_id}", object_tag(home))
        pages = (
            live_pages()
            .descendant_of(home)
            .filter(depth__lte=home.depth + depth, show_in_menus=True)
            .order_by("path")
            .only(
                "id",
                "title",
                "path",
                "depth",
                "url_path",
                "locale_id",
                "content_type_id",
                "alias_of_id",
            )
        )
        pages = list(pages)
        ctx.depends_on_objects(pages)
        languages = serializers.content_locales(ctx, pages)
        nodes: dict[str, dict] = {}
        items: list[dict] = []
        for page in pages:
            node = {
                "id": page.pk,
                "title": page.title,
                "type": page.cached_content_type.model_class()._meta.label,
                "path": ctx.frontend_path(page.url_path, page.locale_id),
                "locale": languages[page.pk],
                "children": [],
            }
            parent_path = page.path[: -page.steplen]
            if page.depth == home.depth + 1:
                items.append(node)
            elif parent_path in nodes:
                nodes[parent_path]["children"].append(node)
            else:
                continue  # its parent is hidden from menus
            nodes[page.path] = node
        home_link = {
            "id": home.pk,
            "title": home.title,
            "type": home.cached_content_type.model_class()._meta.label,
            "path": ctx.frontend_path(home.url_path, home.locale_id),
            "locale": locale,
        }
        return Built(200, {"locale": locale, "home": home_link, "items": items})

    return cached_response(request, build)
