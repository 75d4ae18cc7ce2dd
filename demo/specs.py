"""What the content modules declare: pages, images, snippets."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PageSpec:
    """
    One page of the demo site.

    ``fields`` maps model field names to values: plain values, ``refs`` placeholders
    for foreign keys, or lists of ``streams`` blocks for StreamFields. ``relations``
    maps a child relation (an orderable inline) to its rows, each a dict of field
    values. The page is found again by ``slug`` under its parent.
    """

    key: str
    model: str
    parent: str | None
    slug: str
    title: str
    fields: dict[str, Any] = field(default_factory=dict)
    show_in_menus: bool = False
    relations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImageSpec:
    """
    A generated image: ``kind`` picks its size (hero, listing, cover, logo, portrait)
    and ``word`` is the word drawn on it; ``alt`` becomes the image's description.
    """

    key: str
    title: str
    alt: str
    kind: str
    word: str = ""
    palette: int = 0


@dataclass(frozen=True)
class SnippetSpec:
    """A snippet found again by ``lookup`` (its name); ``fields`` are set on it."""

    kind: str
    key: str
    lookup: str
    fields: dict[str, Any]
