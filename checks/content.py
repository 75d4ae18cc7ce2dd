"""
What the checks read of a page: its latest saved content (a draft's too, so that a
problem shows before it is published), walked once into the pieces the checks look
at: headings, image uses, references to other pages and documents, external links.

StreamFields are walked in their stored (raw) form beside their block definitions, so
that a reference to a page or image that has since been deleted is still seen (the
blocks' own values turn it into ``None``). A place in the page is written as the
field, then each block's position and type: ``body.3.image``, ``body.5.paragraph``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from typing import Any

from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.models import Page

from cms.core.blocks import HeadingBlock


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    where: str


@dataclass(frozen=True)
class ImageUse:
    image_id: int | None
    alt: str
    decorative: bool
    where: str
    #: A page's image field falls back to the image library's description when its
    #: alt text is blank (``cms.core.models.image_alt_field``); an image block does not.
    library_fallback: bool


@dataclass(frozen=True)
class Reference:
    """A reference to another object: ``model`` is the base model (``Page``, ``Document``)."""

    model: type[models.Model]
    object_id: str
    where: str


@dataclass(frozen=True)
class Link:
    url: str
    where: str


class _RichText(HTMLParser):
    """Headings and outside links of rich text in Wagtail's stored form."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.links: list[str] = []
        #: ``(linktype, id)`` of links to pages and documents of this site.
        self.references: list[tuple[str, str]] = []
        self._heading: int | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = int(tag[1]), []
        elif tag == "a" and found.get("linktype") in ("page", "document"):
            self.references.append((str(found["linktype"]), str(found.get("id") or "")))
        elif tag == "a" and "linktype" not in found:
            href = (found.get("href") or "").strip()
            if href.lower().startswith(("http://", "https://")):
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == f"h{self._heading}":
            self.headings.append((self._heading, "".join(self._text).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._text.append(data)


def parse_rich_text(html: str) -> _RichText:
    parser = _RichText()
    parser.feed(html or "")
    parser.close()
    return parser


@dataclass(frozen=True)
class _Node:
    block: blocks.Block
    raw: Any
    where: str


def _list_items(raw: Any) -> list[Any]:
    """A ListBlock's items, in its newer form (``{"type": "item", "value": …}``) or older."""
    items = raw if isinstance(raw, list) else []
    return [
        item["value"] if isinstance(item, Mapping) and item.get("type") == "item" else item
        for item in items
    ]


def walk_stream(block: blocks.Block, raw: Any, where: str) -> Iterator[_Node]:
    """Every block in stored ``raw`` data, depth first, in page order."""
    yield _Node(block, raw, where)
    if isinstance(block, blocks.StreamBlock):
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            if not isinstance(item, Mapping):
                continue
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                yield from walk_stream(child, item.get("value"), f"{where}.{index}.{item['type']}")
    elif isinstance(block, blocks.ListBlock):
        for index, value in enumerate(_list_items(raw)):
            yield from walk_stream(block.child_block, value, f"{where}.{index}")
    # An image block's image, flag and alt text are one use of an image: not walked into.
    elif (
        isinstance(raw, Mapping)
        and type(block) is not ImageBlock
        and isinstance(block, blocks.StructBlock)
    ):
        for name, child in block.child_blocks.items():
            yield from walk_stream(child, raw.get(name), f"{where}.{name}")


def _heading_level(value: Any) -> int | None:
    match = re.fullmatch(r"h([1-6])", str(value or ""))
    return int(match[1]) if match else None


class PageContent:
    """One page as the checks read it: the latest saved revision of its specific page."""

    def __init__(self, page: Page) -> None:
        self.page: Page = page.specific
        self.locale_id: int = page.locale_id
        revision = self.page.latest_revision
        self.content: Page = revision.as_object() if revision is not None else self.page

    @cached_property
    def _fields(self) -> list[models.Field[Any, Any]]:
        return list(type(self.content)._meta.concrete_fields)

    def streams(self) -> Iterator[tuple[str, list[_Node]]]:
        for field in self._fields:
            if isinstance(field, StreamField):
                value = field.value_from_object(self.content)
                raw = list(value.raw_data) if value is not None else []
                yield field.name, list(walk_stream(field.stream_block, raw, field.name))

    def rich_texts(self) -> Iterator[tuple[str, str, str]]:
        """(field, where, html) of each rich text: fields, then rich text blocks."""
        for field in self._fields:
            if isinstance(field, RichTextField):
                yield field.name, field.name, field.value_from_object(self.content) or ""
        for name, nodes in self.streams():
            for node in nodes:
                if isinstance(node.block, blocks.RichTextBlock) and isinstance(node.raw, str):
                    yield name, node.where, node.raw

    def headings(self) -> dict[str, list[Heading]]:
        """Each field's headings in page order (a field is one part of the page)."""
        found: dict[str, list[Heading]] = {}
        for field in self._fields:
            if isinstance(field, RichTextField):
                html = field.value_from_object(self.content) or ""
                found[field.name] = self._rich_headings(html, field.name)
        for name, nodes in self.streams():
            headings = found.setdefault(name, [])
            for node in nodes:
                if isinstance(node.block, HeadingBlock) and isinstance(node.raw, Mapping):
                    level = _heading_level(node.raw.get("level"))
                    if level is not None:
                        headings.append(Heading(level, str(node.raw.get("text", "")), node.where))
                elif isinstance(node.block, blocks.RichTextBlock) and isinstance(node.raw, str):
                    headings.extend(self._rich_headings(node.raw, node.where))
        return found

    @staticmethod
    def _rich_headings(html: str, where: str) -> list[Heading]:
        return [Heading(level, text, where) for level, text in parse_rich_text(html).headings]

    def images(self) -> list[ImageUse]:
        uses: list[ImageUse] = []
        for field in self._fields:
            alt_name = f"{field.name}_alt"
            if field.is_relation and hasattr(self.content, alt_name):
                image_id = getattr(self.content, field.attname)
                alt = getattr(self.content, alt_name) or ""
                uses.append(ImageUse(image_id, alt, False, field.name, library_fallback=True))
        for _name, nodes in self.streams():
            for node in nodes:
                if isinstance(node.block, ImageBlock):
                    uses.append(self._image_block_use(node))
        return uses

    @staticmethod
    def _image_block_use(node: _Node) -> ImageUse:
        raw = node.raw
        if isinstance(raw, Mapping):
            image_id = raw.get("image")
            return ImageUse(
                image_id if isinstance(image_id, int) else None,
                str(raw.get("alt_text") or ""),
                bool(raw.get("decorative")),
                node.where,
                library_fallback=False,
            )
        # An image chosen before the block held alt text: the library's description.
        return ImageUse(raw if isinstance(raw, int) else None, "", False, node.where, True)

    def references(self) -> list[Reference]:
        """
        Every page, document and image the content refers to, read from the stored ids:
        a reference to something since deleted is kept (Wagtail's reference index drops
        it, since the block's value becomes ``None``).
        """
        found = list(_fk_references(self.content, "", skip=_PAGE_OWN_FIELDS))
        for relation in get_all_child_relations(self.content):
            name = relation.get_accessor_name()
            for index, child in enumerate(getattr(self.content, name).all()):
                found.extend(_fk_references(child, f"{name}.{index}."))
        for _name, nodes in self.streams():
            for node in nodes:
                found.extend(_block_references(node))
        for _field, where, html in self.rich_texts():
            for linktype, object_id in parse_rich_text(html).references:
                model = Page if linktype == "page" else get_document_model()
                found.append(Reference(model, object_id, where))
        return found

    def external_links(self) -> list[Link]:
        links: list[Link] = []
        for field in self._fields:
            if isinstance(field, models.URLField):
                url = field.value_from_object(self.content)
                if url:
                    links.append(Link(url, field.name))
        for _name, nodes in self.streams():
            for node in nodes:
                url = node.raw.strip() if isinstance(node.raw, str) else ""
                if isinstance(node.block, blocks.URLBlock) and url:
                    links.append(Link(url, node.where))
        for _field, where, html in self.rich_texts():
            links.extend(Link(url, where) for url in parse_rich_text(html).links)
        return links


def _fk_references(
    obj: models.Model, prefix: str, skip: frozenset[str] = frozenset()
) -> Iterator[Reference]:
    for field in obj._meta.concrete_fields:
        if not field.many_to_one or field.name in skip or isinstance(field, ParentalKey):
            continue
        related = field.related_model
        object_id = getattr(obj, field.attname)
        if object_id is not None and isinstance(related, type):
            yield Reference(_base(related), str(object_id), f"{prefix}{field.name}")


def _block_references(node: _Node) -> Iterator[Reference]:
    raw = node.raw
    if isinstance(node.block, ImageBlock) and isinstance(raw, Mapping):
        raw = raw.get("image")
    if raw in (None, "") or not isinstance(
        node.block, (blocks.PageChooserBlock, DocumentChooserBlock, ImageChooserBlock, ImageBlock)
    ):
        return
    if isinstance(node.block, blocks.PageChooserBlock):
        model: type[models.Model] = Page
    elif isinstance(node.block, DocumentChooserBlock):
        model = get_document_model()
    else:
        model = get_image_model()
    yield Reference(model, str(raw), node.where)


def _base(model: type[models.Model]) -> type[models.Model]:
    """A page type's references are to ``Page`` (a deleted page has no type)."""
    return Page if issubclass(model, Page) else model


#: Page's own relations (its type, locale, owner, revisions, alias): not content.
_PAGE_OWN_FIELDS = frozenset(
    f.name for f in Page._meta.get_fields() if getattr(f, "many_to_one", False)
)
