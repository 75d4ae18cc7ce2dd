"""
Placeholders that content modules use to point at objects the loader creates.

Content is declared before anything exists in the database, so a page's hero image
is ``ImageRef("hero-hartford")`` and a call to action's target ``PageRef("initiatives")``;
the loader swaps each for the real object's id when it builds the page.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageRef:
    key: str


@dataclass(frozen=True)
class ImageRef:
    key: str


@dataclass(frozen=True)
class SnippetRef:
    kind: str  # "person", "organisation" or "theme"
    key: str


@dataclass(frozen=True)
class DocumentRef:
    key: str


class Items(list):
    """The value of a ``ListBlock``; the loader gives each item a stable id."""


def page_link(key: str, text: str) -> str:
    """A link to another demo page inside rich text, resolved by the loader."""
    return f"[[page:{key}|{text}]]"
