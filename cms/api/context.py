"""
What a serialiser needs while turning content into JSON: the request (for absolute
URLs), the language the content is in, and a record of everything it touched.

The record serves two purposes: images are collected and their renditions fetched in
one query at the end, and every object's cache tag is noted so that the response
cache knows which changes make the response stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from cms.core.changes import object_tag
from cms.core.paths import RootPath, public_path

__all__ = ["SerializerContext", "object_tag"]


def _new_localiser():
    from .serializers import Localiser

    return Localiser()


@dataclass
class SerializerContext:
    request: HttpRequest | None
    language_code: str = "en"
    tags: set[str] = field(default_factory=set)
    pending_images: dict[int, list[dict]] = field(default_factory=dict)
    localiser: Any = field(default_factory=lambda: _new_localiser())
    link_paths: dict[int, str | None] = field(default_factory=dict)
    #: The language each linked page in ``link_paths`` is shown in (its hreflang).
    link_locales: dict[int, str] = field(default_factory=dict)
    #: True when serialising an unsaved preview: related lists come from the page in
    #: memory, not from the database.
    preview: bool = False
    #: Values to read from the cache with the images' payloads, in the same round trip
    #: (``serializers.finish``): key → what to call with the value (None if missing).
    cached_reads: dict[str, list[Callable[[Any], None]]] = field(default_factory=dict)
    #: The page being serialised and the stream block being serialised in it, for
    #: blocks whose value links to themselves (a data table's downloads).
    page_id: int | None = None
    block_id: str | None = None
    _locales: dict[int, str] | None = None
    _base_url: str | None = None
    _root_paths: list[RootPath] | None = None

    # Languages -------------------------------------------------------------------------

    def locale_code(self, locale_id: int) -> str:
        if self._locales is None:
            from .visibility import locales

            self.depends_on("pages")  # the languages, and the site's roots in each
            self._locales = locales()
        return self._locales[locale_id]

    @property
    def default_language(self) -> str:
        from django.conf import settings

        return settings.LANGUAGE_CODE

    # URLs ----------------------------------------------------------------------------

    def absolute(self, url: str) -> str:
        if self.request is None or not url.startswith("/") or url.startswith("//"):
            return url
        if self._base_url is None:
            self._base_url = f"{self.request.scheme}://{self.request.get_host()}"
        return self._base_url + url

    def root_paths(self) -> list[RootPath]:
        if self._root_paths is None:
            self.depends_on("pages")
            from .cache import site_root_paths

            self._root_paths = site_root_paths()
        return self._root_paths

    def frontend_path(self, url_path: str, locale_id: int) -> str | None:
        """
        The public path of a page: ``/…`` in English, ``/es/…`` in Spanish.

        Computed from the page's ``url_path`` and the site's root paths (both cached),
        so linking to a page costs no query.
        """
        return public_path(url_path, self.locale_code(locale_id), self.root_paths())

    def read_cached(self, key: str, fill: Callable[[Any], None]) -> None:
        """Call ``fill`` with the value cached under ``key``, read when the answer is finished."""
        self.cached_reads.setdefault(key, []).append(fill)

    # Dependencies --------------------------------------------------------------------

    def depends_on(self, *tags: str) -> None:
        self.tags.update(tags)

    def depends_on_objects(self, objects: Iterable[Any]) -> None:
        self.tags.update(object_tag(obj) for obj in objects if obj is not None)
