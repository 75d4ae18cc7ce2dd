"""
Previews of unsaved drafts on the separate front end.

The editor's Preview stores the page as it is in the form (a ``PreviewSnapshot``)
and shows the front end's preview route with a signed, short-lived token. The
front end exchanges the token at ``/api/v3/preview/`` for the page, in the same
shape as the page detail. The same link can be shared with a colleague who has no
account, until it expires.
"""

from __future__ import annotations

import datetime
import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from ninja import Query, Router
from wagtail.models import Page

from cms.core.models import PreviewSnapshot

from .cache import encode, never_cache
from .context import SerializerContext
from .errors import ProblemError
from .pages import serialise_page
from .params import reject_unknown
from .routers.pages import PageDetail

SALT = "cms.api.preview"
router = Router(tags=["preview"])


def max_age() -> int:
    return int(getattr(settings, "PREVIEW_TOKEN_MAX_AGE", 3600))


def make_token(snapshot: PreviewSnapshot) -> str:
    return signing.dumps({"snapshot": snapshot.pk}, salt=SALT, compress=True)


def frontend_preview_url(token: str, path: str | None) -> str:
    base = settings.FRONTEND_URL + getattr(settings, "FRONTEND_PREVIEW_PATH", "/api/preview")
    return f"{base}?{urlencode({'token': token, 'path': path or '/'})}"


def create_snapshot(page: Page, user=None) -> PreviewSnapshot:
    # Snapshots are only useful while their token lives; prune older ones as we go.
    cutoff = timezone.now() - datetime.timedelta(seconds=max_age() * 2)
    PreviewSnapshot.objects.filter(created_at__lt=cutoff).delete()
    return PreviewSnapshot.objects.create(
        content_type=ContentType.objects.get_for_model(type(page)),
        page_id=page.pk,
        # to_json() encodes dates and decimals; the JSON field stores plain data.
        content=json.loads(page.to_json()),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


def preview_response(page: Page, request: HttpRequest) -> TemplateResponse:
    """What the editor's preview panel shows: the front end, drawing the unsaved page."""
    snapshot = create_snapshot(page, getattr(request, "user", None))
    token = make_token(snapshot)
    path = None
    if page.pk and page.url_path:
        path = SerializerContext(None).frontend_path(page.url_path, page.locale_id)
    return TemplateResponse(
        request,
        "core/preview.html",
        {
            "page": page,
            "preview_url": frontend_preview_url(token, path),
            "expires_at": timezone.now() + datetime.timedelta(seconds=max_age()),
            "frontend_url": settings.FRONTEND_URL,
        },
    )


def load_snapshot(token: str) -> PreviewSnapshot:
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as exc:
        raise ProblemError(410, "This preview link has expired; press Preview again.") from exc
    except signing.BadSignature as exc:
        raise ProblemError(403, "This preview token is not valid.") from exc
    snapshot = PreviewSnapshot.objects.filter(pk=data.get("snapshot")).first()
    if snapshot is None:
        raise ProblemError(410, "This preview is no longer available; press Preview again.")
    return snapshot


def page_from_snapshot(snapshot: PreviewSnapshot) -> Page:
    model = snapshot.content_type.model_class()
    if model is None or not issubclass(model, Page):
        # The page type was removed since the snapshot was taken.
        raise ProblemError(410, "This preview is no longer available; press Preview again.")
    page_model: type[Page] = model
    page = page_model.from_serializable_data(snapshot.content, check_fks=True, strict_fks=False)
    return page


@router.get(
    "/",
    response={200: PageDetail, 403: dict, 410: dict},
    summary="Preview an unsaved page",
    operation_id="preview",
    description=(
        "The page as the editor last previewed it, unsaved changes included, in the "
        "same shape as the page detail. `token` comes from the editor's Preview (the "
        "front end's preview route receives it) and expires after an hour by default. "
        "A page that has not been saved yet has the id 0. Responses are never cached."
    ),
)
def preview(request: HttpRequest, token: str = Query(..., max_length=4096)):
    reject_unknown(request, {"token"})
    snapshot = load_snapshot(token)
    page = page_from_snapshot(snapshot)
    ctx = SerializerContext(request, preview=True)
    data = serialise_page(ctx, page)
    if data["id"] is None:
        data["id"] = 0  # a page being created has no id yet; the contract keeps id an integer
    response = HttpResponse(encode(data), content_type="application/json")
    return never_cache(response)
