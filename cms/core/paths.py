"""
A page's path on the public site: ``/…`` in the default language, ``/es/…`` in
Spanish. The API's links (``cms.api.context``) and the paths a change makes stale
(``cms.core.changes``) both come from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from wagtail.models import Locale, Page, Site


@dataclass(frozen=True)
class RootPath:
    url_path: str
    language_code: str


def root_paths() -> list[RootPath]:
    """The site roots' ``url_path`` in each language (cached by Wagtail)."""
    return [RootPath(root.root_path, root.language_code) for root in Site.get_site_root_paths()]


def public_path(url_path: str, language: str, roots: Iterable[RootPath]) -> str | None:
    """The public path of a page in ``language``; None when it is under no site root."""
    for root in roots:
        if root.language_code == language and url_path.startswith(root.url_path):
            rest = url_path[len(root.url_path) :]
            prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
            return f"{prefix}/{rest}"
    return None


def public_paths(pages: Iterable[tuple[str, int]]) -> set[str]:
    """Public paths of (url_path, locale_id) pairs; a locale deleted meanwhile has none."""
    pages = list(pages)
    if not pages:
        return set()
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    roots = root_paths()
    paths = set()
    for url_path, locale_id in pages:
        language = languages.get(locale_id)
        path = public_path(url_path, language, roots) if language else None
        if path:
            paths.add(path)
    return paths


def page_public_path(page: Page) -> str | None:
    return next(iter(public_paths([(page.url_path, page.locale_id)])), None)
