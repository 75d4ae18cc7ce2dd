"""``/route/``: everything the front end's catch-all route needs, in one call."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from cms.core.changes import path_tag
from cms.core.prepared import PreparedQuery

from ..cache import Built, cached_response
from ..context import SerializerContext
from ..errors import problem_built
from ..params import MAX_PATH_LENGTH, reject_unknown
from ..visibility import is_public
from .pages import PageDetail, build_detail

router = Router(tags=["route"])


class RoutedPage(Schema):
    kind: Literal["page"]
    page: PageDetail


class RedirectTarget(Schema):
    location: str = Field(description="A public path on this site, or an absolute URL.")
    permanent: bool
    status_code: Literal[301, 302]


class RoutedRedirect(Schema):
    kind: Literal["redirect"]
    redirect: RedirectTarget


RouteResult = Annotated[Union[RoutedPage, RoutedRedirect], Field(discriminator="kind")]  # noqa: UP007


def normalise(path: str) -> str:
    path = path.split("?", 1)[0].split("#", 1)[0]
    parts = [part for part in path.split("/") if part]
    return "/" + "".join(f"{part}/" for part in parts)


def split_language(path: str) -> tuple[str, str]:
    """``/es/initiatives/`` → ("es", "initiatives/"); English has no prefix."""
    parts = path.strip("/").split("/", 1)
    languages = {code for code, _ in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    if parts[0] in languages:
        rest = parts[1] if len(parts) > 1 else ""
        return parts[0], f"{rest}/" if rest else ""
    return settings.LANGUAGE_CODE, path.lstrip("/")


def resolve_path(ctx: SerializerContext, path: str) -> int | None:
    """The id of the live page at a public path, or None."""
    language, rest = split_language(normalise(path))
    for root in ctx.root_paths():
        if root.language_code == language:
            url_path = root.url_path + rest
            ctx.depends_on(path_tag(url_path))  # whatever is published there later
            for pk, page_path in _live_at(url_path):
                if is_public(page_path):
                    return pk
            return None
    return None


# The live pages at a url_path (one, but for pages of different sites at the same path).
_live_at = PreparedQuery(
    lambda url_path: (
        Page.objects.filter(url_path=url_path, live=True, depth__gt=1)
        .order_by("path")
        .values_list("pk", "path")
    ),
    str,
)


def find_redirect(ctx: SerializerContext, path: str) -> dict | None:
    ctx.depends_on("redirects")
    site = Site.objects.filter(is_default_site=True).first()
    old_path = Redirect.normalise_path(path)
    redirect = (
        Redirect.get_for_site(site)
        .filter(old_path=old_path)
        .select_related("redirect_page")
        .first()
    )
    if redirect is None:
        return None
    if redirect.redirect_page_id:
        target: Page = redirect.redirect_page
        ctx.depends_on(f"page:{target.pk}")
        if not target.live:
            return None
        location = ctx.frontend_path(target.url_path, target.locale_id) or "/"
    else:
        location = redirect.redirect_link
    return {
        "location": location,
        "permanent": redirect.is_permanent,
        "status_code": 301 if redirect.is_permanent else 302,
    }


@router.get(
    "/",
    response={200: RouteResult, 404: dict},
    summary="Route a public path",
    operation_id="route",
    description=(
        "Resolves a public path such as `/es/initiatives/hype` (locale prefix and trailing "
        "slash optional) to the page there, in the same shape as the page detail, or to "
        "a redirect set up by the editors. Anything else is a 404 problem."
    ),
)
def route(request: HttpRequest, path: str = Query(..., max_length=MAX_PATH_LENGTH)):
    reject_unknown(request, {"path"})

    def build(ctx: SerializerContext) -> Built:
        page_id = resolve_path(ctx, path)
        if page_id is not None:
            built = build_detail(ctx, page_id)
            if built.status == 200:
                return Built(200, {"kind": "page", "page": built.data})
        redirect = find_redirect(ctx, path)
        if redirect is not None:
            return Built(200, {"kind": "redirect", "redirect": redirect})
        return problem_built(404, f"Nothing is published at {normalise(path)}.")

    return cached_response(request, build)
