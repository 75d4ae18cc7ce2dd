"""
A WSGI wrapper that answers cached API reads without entering Django's request cycle.

A front end and its CDN ask for the same pages over and over; once a response is in
the cache (``cms.api.cache``), building a Django request, running the middleware and
resolving the URL only to copy bytes out of the cache is most of the cost. This
wrapper looks the response up first and sends it with the headers the full middleware
stack set on it when it was built (stored with the entry). Anything it is not sure
about goes to Django unchanged: other paths, other methods, requests with credentials
or an ``Origin`` (CORS), plain HTTP when HTTPS is enforced, every miss, and every
read while the cache is unreachable (Django then answers uncached, ``X-Cache: BYPASS``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.http import QueryDict

from cms import request_id

from . import cache, cdn
from .cache import cache_key, conf, lookup, public_cache_control

PATHS = re.compile(r"^/api/v3/(?:pages/(?:\d+/|find/)?|route/|navigation/|site/)$")


class CachedReads:
    def __init__(self, application: Callable):
        self.application = application

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        response = self.try_cache(environ)
        if response is None:
            return self.application(environ, start_response)
        status, headers, body = response
        start_response(status, headers)
        return [body]

    def try_cache(self, environ: dict) -> tuple[str, list, bytes] | None:
        method = environ.get("REQUEST_METHOD")
        if method not in {"GET", "HEAD"} or not conf("ENABLED"):
            return None
        path = get_script_name(environ) + get_path_info(environ)
        if not PATHS.match(path):
            return None
        if "HTTP_AUTHORIZATION" in environ or "HTTP_ORIGIN" in environ:
            return None
        if f"{settings.SESSION_COOKIE_NAME}=" in environ.get("HTTP_COOKIE", ""):
            return None
        secure = self.is_secure(environ)
        if settings.SECURE_SSL_REDIRECT and not secure:
            return None
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        query_string = environ.get("QUERY_STRING", "")
        query = list(QueryDict(query_string).lists()) if query_string else []
        entry = lookup(cache_key("https" if secure else "http", host, path, query))
        if entry is None:
            return None
        return self.respond(environ, entry, secure, head=method == "HEAD")

    @staticmethod
    def is_secure(environ: dict) -> bool:
        header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        if header:
            name, value = header
            forwarded = environ.get(name)
            if forwarded is not None:
                return forwarded.split(",")[0].strip() == value
        return environ.get("wsgi.url_scheme") == "https"

    @staticmethod
    def respond(environ: dict, entry: dict[str, Any], secure: bool, head: bool):
        # The entry's headers are those the full middleware stack set on the answer it
        # was built from (cms.api.cache), security headers included; only the
        # per-request ones are added here, and the CDN's (cms.api.cdn: never private here).
        status = entry["status"]
        body = entry["body"]
        etag = entry["etag"]
        headers = [
            *shared_headers(entry),
            ("X-Cache", "HIT"),
            (request_id.HEADER, request_id.from_meta(environ)),
        ]
        if status == 200:
            headers.append(("ETag", etag))
            if_none_match = environ.get("HTTP_IF_NONE_MATCH")
            if if_none_match and etag in {
                part.strip().removeprefix("W/") for part in if_none_match.split(",")
            }:
                return "304 Not Modified", headers, b""
        headers += [("Content-Type", entry["content_type"]), ("Content-Length", str(len(body)))]
        reason = {200: "OK", 404: "Not Found"}.get(status, "")
        return f"{status} {reason}".strip(), headers, b"" if head else body


#: Where an entry in this process's memory keeps the headers every hit of it sends.
SHARED = "_shared_headers"


def shared_headers(entry: dict[str, Any]) -> list[tuple[str, str]]:
    """
    Cache-Control, the CDN's headers and those stored with the entry: the same on every
    hit, so worked out once for an entry the near cache holds (it hands out the same
    dict each time) and again only when the settings they come from change.
    """
    sources = (cache._settings(), cdn._settings())
    memo = entry.get(SHARED)
    if memo is None or memo[0] is not sources[0] or memo[1] is not sources[1]:
        found = [
            ("Cache-Control", public_cache_control()),
            *cdn.headers(entry["cdn_tags"]),
            *entry["headers"],
        ]
        memo = entry[SHARED] = (*sources, found)
    headers: list[tuple[str, str]] = memo[2]
    return headers
