"""
The CMS host serves the admin and the API only; pages are read on the front end.

Wagtail's page-serving catch-all would render a page with a template this project does
not have (the public site is the separate front end), so every path it would serve,
``/es/…`` included, and any other unclaimed path (``/favicon.ico``, ``/robots.txt``) is
answered here instead: a temporary redirect (302) to the same path and query on the
front end when ``HEADLESS_REDIRECT_URL`` names one, otherwise a small 404 page saying
that this host serves only the admin and the API. Temporary, so that browsers and
search engines do not remember it if the front end moves.

The URL keeps Wagtail's name (``wagtail_serve``): ``Page.url`` reverses it to build
every page's path in both languages (``/…`` and ``/es/…``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import escape

#: First path segments that belong to this host, never sent to the front end: a miss
#: there is an ordinary 404 (or, without the trailing slash, CommonMiddleware's
#: redirect to the path with one).
RESERVED = ("admin", "api", "documents", "healthz", "readyz", "_util", "static", "media")

NOT_HERE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="robots" content="noindex">
<title>Not on this host · {site}</title></head>
<body>
<h1>Page not found</h1>
<p>This host serves only the {site} editor (<a href="/admin/">/admin/</a>) and the
content API (<a href="/api/v3/docs/">/api/v3/</a>). {frontend}</p>
</body>
</html>
"""


def reserved_prefixes() -> tuple[str, ...]:
    prefixes = {f"/{name}/" for name in RESERVED}
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url and url.startswith("/") and not url.startswith("//"):
            prefixes.add("/" + url.strip("/") + "/")
    return tuple(prefixes)


def frontend_url(request: HttpRequest) -> str:
    """The front end's base URL, or "" when none is set or it is this very host."""
    base = (getattr(settings, "HEADLESS_REDIRECT_URL", "") or "").rstrip("/")
    if not base:
        return ""
    if urlsplit(base).netloc.lower() == request.get_host().lower():
        return ""  # redirecting to ourselves would loop
    return base


def page_path(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """Answer a page path on the CMS host (see the module docstring)."""
    path = request.path_info
    base = frontend_url(request)
    if base and not (path + "/").startswith(reserved_prefixes()):
        return HttpResponseRedirect(base + request.get_full_path())
    site = escape(settings.WAGTAIL_SITE_NAME)
    frontend = (
        f'The public site is at <a href="{escape(base)}/">{escape(base)}</a>.'
        if base
        else "The public site is served separately."
    )
    response = HttpResponse(
        NOT_HERE.format(site=site, frontend=frontend),
        status=404,
        content_type="text/html; charset=utf-8",
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
