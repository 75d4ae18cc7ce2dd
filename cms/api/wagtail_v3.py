"""
The one module that touches Wagtail's API v3 internals.

Wagtail 8 marks API v3 as a preview, so everything the project relies on from it is
reached through here: the ``NinjaAPI`` instance (extended, not replaced, so one
OpenAPI document describes every endpoint), its pages router (whose read operations
the project replaces with typed, cached ones; the write operations stay Wagtail's),
and a fix to the OpenAPI document. When Wagtail changes these, this file changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja import NinjaAPI, Router
from wagtail.api.v3.api import api as wagtail_api
from wagtail.api.v3.routers.pages import router as wagtail_pages_router

api: NinjaAPI = wagtail_api
api.title = "MetroHartford Alliance content API"
api.description = (
    "Pages, navigation, site settings, search, previews and newsletter sign-up for the "
    "MetroHartford Alliance's public site. Built on Wagtail's API v3; see docs/api.md."
)


def replace_page_read_operation(path: str) -> Router:
    """
    Drop Wagtail's GET operation on ``path`` of the pages router, so the project's own
    can be registered there; other methods (PATCH, DELETE) keep working.
    """
    path_view = wagtail_pages_router.path_operations.get(path)
    if path_view is not None:
        path_view.operations = [op for op in path_view.operations if "GET" not in op.methods]
    return wagtail_pages_router


def patch_openapi(api: NinjaAPI) -> None:
    """
    Wagtail declares its ``AllowAnonymous`` security scheme without the ``scheme``
    field that OpenAPI requires of an HTTP scheme, which makes validators reject
    the document. Declare it as what it is: no credentials at all.
    """
    original: Callable[..., dict[str, Any]] = api.get_openapi_schema

    def get_openapi_schema(*args: Any, **kwargs: Any) -> dict[str, Any]:
        schema = original(*args, **kwargs)
        schemes = schema.get("components", {}).get("securitySchemes", {})
        if "AllowAnonymous" in schemes:
            del schemes["AllowAnonymous"]
            for path_item in schema.get("paths", {}).values():
                for operation in path_item.values():
                    if isinstance(operation, dict) and "security" in operation:
                        operation["security"] = [
                            {} if "AllowAnonymous" in requirement else requirement
                            for requirement in operation["security"]
                        ]
        return schema

    api.get_openapi_schema = get_openapi_schema  # type: ignore[method-assign]
