"""
What a CDN in front of the API is told about each cacheable answer: the cache tags it was
built from, and how long the CDN may keep it.

The tags are those the server's response cache records (``cms.api.cache``); a change
purges the same tags from the CDN (``publishing.purges``), so the CDN drops exactly the
answers the server cache drops. They are sent in the header each CDN reads: ``Cache-Tag``
(Cloudflare, comma-separated), ``Surrogate-Key`` (Fastly) and ``xkey`` (Varnish), both
space-separated. The CDN keeps an answer for ``Surrogate-Control``'s (and RFC 9213's
``CDN-Cache-Control``'s) ``max-age``, longer than ``Cache-Control``'s, since purges keep
it fresh; without a purger configured it is ``s-maxage``, as before.

A tag in a header must be short, printable ASCII with no space or comma, and the headers
must fit the CDN's limits (Cloudflare reads 16 KB of ``Cache-Tag``; Varnish refuses a
response header over 8 KB; nginx's default buffer for all of a response's headers is
4 KB). So a tag that is long or holds other characters (``tag:<name>`` and
``path:<url_path>`` hold what editors typed) is sent as its kind and a digest, and an
answer with too many tags sends, for its largest kinds, one coarse tag (``all:<kind>``)
in place of the tags of that kind; every purge also names the coarse tag of each kind it
touches, so such an answer is purged whenever any tag it stands for is.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

DEFAULTS: dict[str, Any] = {
    # Which headers carry the tags; each is sent with the same tags.
    "TAG_HEADERS": ["Cache-Tag", "Surrogate-Key", "xkey"],
    # Bytes of tags in each header at most; past it, kinds are coarsened.
    "TAG_HEADER_BYTES": 2000,
    # The CDN's own TTL in seconds (None: the same as Cache-Control's s-maxage).
    "MAX_AGE": None,
}
#: Headers whose tags are separated by commas; the others by spaces.
COMMA_SEPARATED = frozenset({"cache-tag"})
#: The headers of ``apply``: set for each answer from its tags, never stored with it.
CACHE_CONTROL_HEADERS = ("Surrogate-Control", "CDN-Cache-Control")

#: A tag sent as it is: short, and only characters every CDN takes in a tag.
SAFE_TAG = re.compile(r"[A-Za-z0-9._~/%#:@+=-]{1,64}")
SAFE_KIND = re.compile(r"[a-z0-9._-]{1,40}")
COARSE_PREFIX = "all:"


@functools.cache
def _settings() -> dict[str, Any]:
    return {**DEFAULTS, **getattr(settings, "CDN", {})}


def conf(name: str) -> Any:
    return _settings()[name]


@receiver(setting_changed)
def _settings_changed(setting: str, **kwargs: Any) -> None:
    if setting == "CDN":
        _settings.cache_clear()
        tag_header_names.cache_clear()


def kind(tag: str) -> str | None:
    """What a tag names (``page`` for ``page:12``); None for a tag that is one thing."""
    name, colon, _ = tag.partition(":")
    return name if colon and SAFE_KIND.fullmatch(name) else None


def header_tag(tag: str) -> str:
    """``tag`` as a header may hold it: as it is when short and plain, else kind and digest."""
    if SAFE_TAG.fullmatch(tag):
        return tag
    digest = hashlib.blake2b(tag.encode(), digest_size=10).hexdigest()
    return f"{kind(tag) or 'x'}:~{digest}"


def coarse_tag(tag_kind: str) -> str:
    return COARSE_PREFIX + tag_kind


def answer_tags(tags: Iterable[str], limit: int | None = None) -> list[str]:
    """
    The tags an answer's headers carry: every tag in header form while they fit in
    ``limit`` bytes; otherwise the kinds with the most bytes, one after another, each
    replaced by its coarse tag until they fit.
    """
    limit = conf("TAG_HEADER_BYTES") if limit is None else limit
    sent = sorted({header_tag(tag) for tag in tags})
    if _length(sent) <= limit:
        return sent
    by_kind: dict[str | None, list[str]] = {}
    for tag in sent:
        by_kind.setdefault(kind(tag), []).append(tag)
    kept = set(sent)
    largest_first = sorted(
        ((tag_kind, group) for tag_kind, group in by_kind.items() if tag_kind is not None),
        key=lambda item: -_length(item[1]),
    )
    for tag_kind, group in largest_first:
        kept.difference_update(group)
        kept.add(coarse_tag(tag_kind))
        if _length(kept) <= limit:
            break
    return sorted(kept)


def purge_tags(tags: Iterable[str]) -> list[str]:
    """The tags a purge sends for a change of ``tags``: each, and its kind's coarse tag."""
    sent = {header_tag(tag) for tag in tags}
    sent |= {coarse_tag(tag_kind) for tag in sent if (tag_kind := kind(tag)) is not None}
    return sorted(sent)


def _length(tags: Iterable[str]) -> int:
    return sum(len(tag) + 1 for tag in tags)


@functools.cache
def tag_header_names() -> tuple[tuple[str, str], ...]:
    return tuple(
        (name, "," if name.lower() in COMMA_SEPARATED else " ") for name in conf("TAG_HEADERS")
    )


def max_age() -> int:
    """Seconds the CDN keeps an answer: ``CDN_MAX_AGE``, else Cache-Control's s-maxage."""
    from .cache import conf as cache_conf

    value = conf("MAX_AGE")
    return int(cache_conf("S_MAXAGE") if value is None else value)


def cdn_cache_control() -> str:
    from .cache import conf as cache_conf

    return f"max-age={max_age()}, stale-while-revalidate={cache_conf('STALE_WHILE_REVALIDATE')}"


def headers(tags: Iterable[str]) -> list[tuple[str, str]]:
    """The CDN's headers of a public answer carrying ``tags`` (from ``answer_tags``)."""
    tags = list(tags)
    control = cdn_cache_control()
    found = [(name, control) for name in CACHE_CONTROL_HEADERS]
    if tags:
        found += [(name, separator.join(tags)) for name, separator in tag_header_names()]
    return found


def header_names() -> set[str]:
    """Every header ``headers`` may set, in lower case (none of them is stored)."""
    return {name.lower() for name in CACHE_CONTROL_HEADERS} | {
        name.lower() for name, _ in tag_header_names()
    }
