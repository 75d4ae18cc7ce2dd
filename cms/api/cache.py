"""
HTTP caching for the read endpoints: a server-side response cache that knows what
each response was built from, ETags with 304s, and Cache-Control for the CDN.

Every cached response records the versions of the cache tags it depends on
(``page:12``, ``wagtailimages.image:3``, ``pages`` for anything that lists or routes
pages). Changing content bumps the versions of its tags (see ``cms.api.listeners``),
so a response is served from the cache only while everything it includes is
unchanged. A global generation guards the window in which content changes while a
response is being built: such a response is sent but not stored.

An entry keeps the headers the whole middleware stack put on the answer it was built
from (security headers, ``X-Frame-Options``, a Content-Security-Policy…), less those
that belong to one request, so a cached answer, whether served here, by
``ApiCacheMiddleware`` or by the WSGI fast path, carries the same headers as the
answer that filled it. That is why entries are stored on the way out of the outermost
middleware (``ApiCacheStoreMiddleware``), not by the view.

When the cache is unreachable (see ``cms.redis_cache``) answers are built from the
database and sent with ``X-Cache: BYPASS``; nothing is stored.

Every public answer, whether stored or not, also tells a CDN the tags it was built from
and how long to keep it (``cms.api.cdn``); an entry keeps those tags, and the headers are
written afresh on each hit, like Cache-Control.
"""

from __future__ import annotations

import functools
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from cms.core.paths import RootPath, root_paths
from cms.db_router import note_write_position

from . import cdn
from .context import SerializerContext
from .near_cache import REMEMBERED, NearCache, near_cache

GENERATION_KEY = "api:generation"
TAG_PREFIX = "api:tag:"
# v2: entries carry their headers; v3: those include the Content-Security-Policy; v4:
# images say whether they are decorative and links, cards and menu items their language
# (entries stored before are simply never read, so no cached answer lacks them); v5:
# entries carry the tags the CDN is told (cms.api.cdn).
ENTRY_PREFIX = "api:response:v5:"

# Headers that belong to one request rather than to the answer: never stored, set
# afresh on each hit (Cache-Control depends on credentials, CORS on the Origin).
PER_REQUEST_HEADERS = frozenset(
    {
        "cache-control",
        "content-length",
        "content-type",
        "date",
        "etag",
        "server",
        "x-cache",
        "x-request-id",
    }
)
PER_REQUEST_PREFIXES = ("access-control-",)
PENDING_ATTRIBUTE = "_api_cache_pending"


DEFAULTS = {
    "ENABLED": True,
    "CACHE_ALIAS": "default",
    "TIMEOUT": 60 * 60,
    "MAX_AGE": 60,
    "S_MAXAGE": 300,
    "STALE_WHILE_REVALIDATE": 600,
    # Bytes of answers each process keeps in memory in front of Redis (0: none).
    "NEAR_BYTES": 32 * 1024 * 1024,
}


@functools.cache
def _settings() -> dict[str, Any]:
    return {**DEFAULTS, **getattr(settings, "API_CACHE", {})}


def conf(name: str) -> Any:
    return _settings()[name]


def _cache():
    return caches[conf("CACHE_ALIAS")]


#: Small values every answer reads, remembered per process (``remembered``).
REMEMBERED_KEYS: tuple[str, ...] = (
    "api:restricted-paths",
    "api:private-collections",
    "api:locales",
)


#: Wagtail's own small values every answer reads (its key, its version), remembered
#: the same way when the API's cache is the one Wagtail uses: the site's root paths,
#: which Wagtail deletes whenever a site or a site's root page changes.
WAGTAIL_REMEMBERED_KEYS: tuple[tuple[str, int], ...] = (
    (SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION),
)

#: Each Django cache object's near cache (looked up on every read, so found once).
_nears: dict[int, tuple[Any, NearCache | None]] = {}


def _near(cache: Any = None) -> NearCache | None:
    cache = cache or _cache()
    found = _nears.get(id(cache))
    if found is None or found[0] is not cache:
        wagtail = WAGTAIL_REMEMBERED_KEYS if conf("CACHE_ALIAS") == DEFAULT_CACHE_ALIAS else ()
        remembered = (*((key, None) for key in REMEMBERED_KEYS), *wagtail)
        near = near_cache(cache, remembered, TAG_PREFIX, conf("NEAR_BYTES"))
        found = _nears[id(cache)] = (cache, near)
    return found[1]


@receiver(setting_changed)
def _settings_changed(setting: str, **kwargs: Any) -> None:
    if setting in ("API_CACHE", "CACHES"):
        _settings.cache_clear()
        _nears.clear()


def remembered[T](key: str, build: Callable[[], T]) -> T:
    """
    The value cached under ``key``, built and stored (until deleted) when it is not
    there; with Redis, also remembered by the process until Redis pushes a change of
    it, so answers do not each read it again (``key`` is one of ``REMEMBERED_KEYS``).
    """
    cache = _cache()

    def read() -> T:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, timeout=None)
        return value

    near = _near(cache)
    if near is None or not available(cache):
        return read()
    return near.remember(key, read, available)


def site_root_paths() -> list[RootPath]:
    """
    The site's root paths (``cms.core.paths.root_paths``, cached by Wagtail), with Redis
    also remembered by the process until Redis pushes a change of Wagtail's entry.
    """
    cache = _cache()
    near = _near(cache)
    if near is None or conf("CACHE_ALIAS") != DEFAULT_CACHE_ALIAS or not available(cache):
        return root_paths()
    return near.remember(SITE_ROOT_PATHS_CACHE_KEY, root_paths, available)


def forget_remembered() -> None:
    """Drop the remembered values: from the cache, and from this process's memory now."""
    _cache().delete_many(REMEMBERED_KEYS)
    near = _near()
    if near is not None:  # other processes hear of the delete from Redis
        near.forget(REMEMBERED + key for key in REMEMBERED_KEYS)


def available(cache: Any = None) -> bool:
    """Whether the cache can be used now; False while it is unreachable."""
    check = getattr(cache or _cache(), "available", None)
    return True if check is None else check()


@dataclass
class Built:
    status: int
    data: Any
    content_type: str = "application/json"
    cacheable: bool = True


def invalidate(tags: Iterable[str]) -> None:
    """Make every cached response that depends on one of ``tags`` stale."""
    tags = set(tags)
    if not tags:
        return
    token = uuid.uuid4().hex
    cache = _cache()
    cache.set_many({TAG_PREFIX + tag: token for tag in tags}, timeout=None)
    cache.set(GENERATION_KEY, token, timeout=None)
    near = _near()
    if near is not None:
        # Other processes hear of it from Redis; this one now, even if Redis is down.
        near.forget(tags)
    # With read replicas: none serves an answer until it has replayed this change.
    note_write_position()


def _versions(tags: Iterable[str]) -> dict[str, str]:
    cache = _cache()
    keys = [TAG_PREFIX + tag for tag in tags]
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        # Added, so a version another worker set in the meantime is kept (with Redis in
        # one round trip for all: an answer can name dozens of new tags), then read back.
        add_many = getattr(cache, "add_many", None)
        if add_many is not None:
            add_many(missing, timeout=None)
        else:
            for key, token in missing.items():
                cache.add(key, token, timeout=None)
        won = cache.get_many(list(missing))
        found.update({key: won.get(key, token) for key, token in missing.items()})
    return {key[len(TAG_PREFIX) :]: value for key, value in found.items()}


def is_private(request: HttpRequest) -> bool:
    """A request that carries credentials gets an answer no shared cache may keep."""
    return "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES


def cache_key(scheme: str | None, host: str, path: str, query: list[tuple[str, list[str]]]) -> str:
    raw = f"{scheme}://{host}{path}?{sorted(query)}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _cache_key(request: HttpRequest) -> str:
    return cache_key(request.scheme, request.get_host(), request.path, list(request.GET.lists()))


def lookup(key: str) -> dict | None:
    """
    The cached entry under ``key`` if it is still current.

    Nothing has changed since the entry was stored while the global generation is
    the same, which one read tells; otherwise its tags are checked one by one and, if
    they are all unchanged, the entry is re-stamped with the new generation. In front
    of Redis, the process's near cache (``cms.api.near_cache``) answers without a read
    while Redis has pushed no change of the entry's tags.
    """
    cache = _cache()
    near = _near(cache)
    if near is not None and available(cache):
        entry, epoch = near.get(key)
        if entry is not None:
            return entry
        entry = _lookup(key)
        if entry is not None:
            near.put(key, entry, epoch)
        return entry
    return _lookup(key)


def _lookup(key: str) -> dict | None:
    cache = _cache()
    found = cache.get_many([key, GENERATION_KEY])
    entry = found.get(key)
    if entry is None:
        return None
    generation = found.get(GENERATION_KEY)
    if generation is not None and entry.get("generation") == generation:
        return entry
    current = cache.get_many([TAG_PREFIX + tag for tag in entry["versions"]])
    if any(current.get(TAG_PREFIX + tag) != v for tag, v in entry["versions"].items()):
        return None
    if generation is not None:
        entry["generation"] = generation
        cache.set(key, entry, timeout=conf("TIMEOUT"))
    return entry


def current_generation() -> str:
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def encode(data: Any) -> bytes:
    return json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    ).encode()


def cached_hit(request: HttpRequest) -> HttpResponse | None:
    """The cached answer to this request, if there is one and it is still current."""
    if not conf("ENABLED"):
        return None
    entry = lookup(_cache_key(request))
    if entry is None:
        return None
    return _respond(
        request,
        entry["status"],
        entry["body"],
        entry["etag"],
        entry["content_type"],
        is_private(request),
        "HIT",
        entry["headers"],
        entry["cdn_tags"],
    )


@dataclass
class Pending:
    """An answer to store once the middleware stack has added its headers."""

    key: str
    entry: dict
    generation: str | None


def cached_response(
    request: HttpRequest, build: Callable[[SerializerContext], Built]
) -> HttpResponse:
    """Serve ``build``'s answer from the cache while its dependencies are unchanged."""
    hit = cached_hit(request)
    if hit is not None:
        return hit
    private = is_private(request)
    usable = conf("ENABLED") and available()

    generation = current_generation() if usable else None
    ctx = SerializerContext(request)
    built = build(ctx)
    body = encode(built.data)
    etag = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
    # Told to a CDN even when the answer is not stored here: it may keep it all the same.
    cdn_tags = cdn.answer_tags(ctx.tags)
    pending = None
    if usable and built.cacheable and not private:
        # Answers to requests with credentials are not stored: their headers (Vary,
        # cookies) may differ from an anonymous answer's, which every hit must carry.
        pending = Pending(
            _cache_key(request),
            {
                "status": built.status,
                "body": body,
                "etag": etag,
                "content_type": built.content_type,
                "versions": _versions(ctx.tags),
                "generation": generation,
                "cdn_tags": cdn_tags,
            },
            generation,
        )
    label = "MISS" if usable and available() else "BYPASS"
    response = _respond(
        request, built.status, body, etag, built.content_type, private, label, (), cdn_tags
    )
    if pending is not None:
        setattr(response, PENDING_ATTRIBUTE, pending)
    return response


def store_headers(response: HttpResponse) -> list[tuple[str, str]]:
    """The headers of ``response`` that every answer built the same way carries."""
    cdn_headers = cdn.header_names()  # set afresh on each answer, from the entry's tags
    return [
        (name, value)
        for name, value in response.items()
        if name.lower() not in PER_REQUEST_HEADERS
        and name.lower() not in cdn_headers
        and not name.lower().startswith(PER_REQUEST_PREFIXES)
    ]


class ApiCacheStoreMiddleware:
    """
    Store the answers ``cached_response`` built, with the headers the whole stack set
    on them. First in ``MIDDLEWARE``, so it sees what every other middleware added.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        pending = getattr(response, PENDING_ATTRIBUTE, None)
        if pending is not None:
            delattr(response, PENDING_ATTRIBUTE)
            # An answer that sets a cookie belongs to one visitor.
            if not response.cookies:
                cache = _cache()
                # Content that changed while the answer was built makes it stale already.
                if cache.get(GENERATION_KEY) == pending.generation:
                    entry = {**pending.entry, "headers": store_headers(response)}
                    cache.set(pending.key, entry, timeout=conf("TIMEOUT"))
        return response


def _respond(
    request, status, body, etag, content_type, private, label, headers=(), cdn_tags=None
) -> HttpResponse:
    if status == 200 and etag in _if_none_match(request):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, status=status, content_type=content_type)
        response["Content-Length"] = str(len(body))
    for name, value in headers:
        response[name] = value
    if status == 200:
        response["ETag"] = etag
    apply_cache_headers(response, private=private, cdn_tags=cdn_tags)
    response["X-Cache"] = label
    return response


def _if_none_match(request: HttpRequest) -> set[str]:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    tags = {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}
    return tags


def public_cache_control() -> str:
    return (
        f"public, max-age={conf('MAX_AGE')}, s-maxage={conf('S_MAXAGE')}, "
        f"stale-while-revalidate={conf('STALE_WHILE_REVALIDATE')}"
    )


def apply_cache_headers(
    response: HttpResponseBase, *, private: bool, cdn_tags: list[str] | None = None
) -> None:
    """
    Cache-Control, and for a public answer built from ``cdn_tags`` the CDN's headers
    (``cms.api.cdn``); an answer for one visitor tells a CDN nothing.
    """
    response["Cache-Control"] = "private, no-store" if private else public_cache_control()
    if not private and cdn_tags is not None:
        for name, value in cdn.headers(cdn_tags):
            response[name] = value
    patch_vary_headers(response, ["Authorization"])


def never_cache(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, ["Authorization"])
    return response
