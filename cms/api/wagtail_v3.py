"""
The one module that touches Wagtail's API v3 internals.

Wagtail 8 marks API v3 as a preview, so everything the project relies on from it is
reached through here: the ``NinjaAPI`` instance (extended, not replaced, so one
OpenAPI document describes every endpoint), its pages router (whose read operations
the project replaces with typed, cached ones), the routers Wagtail's apps add for
writing and managing content (off the public API unless ``API_WRITE_ENDPOINTS``),
its interactive docs, and a fix to the OpenAPI document. When Wagtail changes these,
this file changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from ninja import NinjaAPI, Router, Swagger
from ninja.openapi.schema import OpenAPISchema
from wagtail.api.v3.api import api as wagtail_api
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.routers.pages import router as wagtail_pages_router

api: NinjaAPI = wagtail_api
api.title = "MetroHartford Alliance content API"
api.description = (
    "Pages, navigation, site settings, search, previews and newsletter sign-up for the "
    "MetroHartford Alliance's public site. Built on Wagtail's API v3; see docs/api.md."
)
# Swagger UI from the CMS's own static files (ninja ships them; "ninja" is an installed
# app so WhiteNoise serves them), never a CDN: the docs work on a closed network. No
# validator badge either, which Swagger UI would fetch from validator.swagger.io.
api.docs = Swagger(settings={"validatorUrl": None})

#: Paths of the pages router whose GET the project replaced with its own.
_project_reads: set[str] = set()


def replace_page_read_operation(path: str) -> Router:
    """
    Drop Wagtail's GET operation on ``path`` of the pages router, so the project's own
    can be registered there; other methods (PATCH, DELETE) keep working.
    """
    path_view = wagtail_pages_router.path_operations.get(path)
    if path_view is not None:
        path_view.operations = [op for op in path_view.operations if "GET" not in op.methods]
    _project_reads.add(path)
    return wagtail_pages_router


def write_endpoints_enabled() -> bool:
    return bool(getattr(settings, "API_WRITE_ENDPOINTS", False))


def limit_wagtail_operations(api: NinjaAPI, project_routers: list[Router]) -> None:
    """
    Keep Wagtail's own write and management operations off the public API unless
    ``API_WRITE_ENDPOINTS`` is on: pages POST/PATCH/DELETE, revisions and actions, and
    the routers Wagtail's apps add (schema, sites, whoami, snippets, images, documents,
    redirects). Off, they are not routed at all, so they are not in the OpenAPI document
    either; a router a later Wagtail adds stays off too, since only the project's
    routers are kept. On, every one of them needs a bearer token (``manage.py
    api_tokens``), including the reads Wagtail leaves anonymous.

    Call before ``api.urls`` is first read (ninja binds its routers then).
    """
    wagtail_routers = [
        registration[1]
        for registration in api._router_registrations
        if registration[1] not in project_routers
        and registration[1] not in (api.default_router, wagtail_pages_router)
    ]
    if write_endpoints_enabled():
        for router in _with_children([*wagtail_routers, wagtail_pages_router]):
            for path, path_view in router.path_operations.items():
                for operation in path_view.operations:
                    ours = router is wagtail_pages_router and path in _project_reads
                    if ours and "GET" in operation.methods:
                        continue
                    auth = _token_only(operation.auth_param, router.auth)
                    operation.auth_param = auth
                    operation._set_auth(auth)
        return
    api._router_registrations = [
        registration
        for registration in api._router_registrations
        if registration[1] not in wagtail_routers
    ]
    api._routers = [entry for entry in api._routers if entry[1] not in wagtail_routers]
    wagtail_pages_router._routers = []  # its actions (publish, move, copy…)
    for path in list(wagtail_pages_router.path_operations):
        path_view = wagtail_pages_router.path_operations[path]
        path_view.operations = [
            op for op in path_view.operations if path in _project_reads and "GET" in op.methods
        ]
        if not path_view.operations:
            del wagtail_pages_router.path_operations[path]


def _with_children(routers: list[Router]) -> list[Router]:
    found: list[Router] = []
    for router in routers:
        found.append(router)
        found.extend(_with_children([child for _, child, _ in router._routers]))
    return found


def _token_only(auth: Any, router_auth: Any) -> list:
    if not callable(auth) and not isinstance(auth, list | tuple):
        auth = router_auth  # not set on the operation: the router's
    callbacks = auth if isinstance(auth, list | tuple) else [auth]
    kept = [c for c in callbacks if callable(c) and not isinstance(c, AllowAnonymous)]
    return kept or [BearerTokenAuth()]


def patch_openapi(api: NinjaAPI, complete: Callable[[NinjaAPI, dict[str, Any]], object]) -> None:
    """
    Wagtail declares its ``AllowAnonymous`` security scheme without the ``scheme``
    field that OpenAPI requires of an HTTP scheme, which makes validators reject
    the document. Declare it as what it is: no credentials at all. Then ``complete``
    writes in what the routers cannot declare (``cms.api.contract``), in place.
    """
    original = api.get_openapi_schema

    def get_openapi_schema(
        *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = original(path_prefix=path_prefix, path_params=path_params)
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
        complete(api, schema)
        return schema

    api.get_openapi_schema = get_openapi_schema  # type: ignore[method-assign]
