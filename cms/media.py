"""
Media files in development: images only, never documents.

Documents may be private (a collection with a view restriction), and only Wagtail's
document view (``/documents/<id>/<filename>``) checks that, so ``MEDIA_ROOT/documents/``
is never served from a public path. Images (originals and renditions) are public by
design. SVGs go out as attachments in a sandbox: an SVG opened on the CMS's own origin
could otherwise run script next to the admin's session, while ``<img src>`` still shows
it. Production serves media the same way from the web server (README, "Media files").
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import URLPattern, re_path
from django.views.static import serve

#: The folders of MEDIA_ROOT that are public: Wagtail's image originals and renditions.
PUBLIC_MEDIA_FOLDERS = ("original_images/", "images/")

#: What every media response carries (and what a production web server should send).
SVG_HEADERS = {
    "Content-Disposition": "attachment",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
}


def harden(response: HttpResponseBase, path: str) -> HttpResponseBase:
    """Never let the browser guess a type; never render an SVG as a page."""
    response["X-Content-Type-Options"] = "nosniff"
    if path.lower().endswith((".svg", ".svgz")):
        for name, value in SVG_HEADERS.items():
            response[name] = value
    return response


def serve_public_media(request: HttpRequest, path: str, document_root: str) -> HttpResponseBase:
    """Django's static file view, for the public folders of MEDIA_ROOT only."""
    if not path.startswith(PUBLIC_MEDIA_FOLDERS) or ".." in path.split("/"):
        raise Http404("Not a public media file.")
    return harden(serve(request, path, document_root=document_root), path)


def media_urlpatterns(prefix: str, document_root: str) -> list[URLPattern]:
    """URL patterns for ``MEDIA_URL`` (a local path such as ``/media/``) in development."""
    if not prefix.startswith("/") or prefix.startswith("//"):
        return []  # media on another host (object storage): nothing to serve here
    return [
        re_path(
            rf"^{prefix.strip('/')}/(?P<path>.*)$",
            serve_public_media,
            {"document_root": document_root},
        )
    ]
