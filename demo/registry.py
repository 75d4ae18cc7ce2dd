"""
The objects the loader has made so far, and the resolution of ``refs`` placeholders.

Content refers to objects by key (``PageRef("initiatives")``); the registry maps each
key to its object and replaces placeholders with ids, turns ``Items`` into ListBlock
values with stable ids, and ``page_link`` tokens into Wagtail rich text links.
"""

import re
import uuid
from dataclasses import dataclass, field

from django.core.management.base import CommandError

from .refs import DocumentRef, ImageRef, Items, PageRef, SnippetRef

# Stable block ids: the same content gets the same ids on every run, so revisions
# compare equal and wagtail-localize keeps its translation contexts.
BLOCK_ID_NAMESPACE = uuid.UUID("0b6c9f2e-6b1e-4d0e-9a57-4d4a1e3c7a21")
PAGE_LINK = re.compile(r"\[\[page:([\w:-]+)\|(.+?)\]\]")


def block_id(*parts) -> str:
    return str(uuid.uuid5(BLOCK_ID_NAMESPACE, "/".join(str(part) for part in parts)))


class Unresolved(Exception):
    pass


@dataclass
class Registry:
    pages: dict = field(default_factory=dict)
    images: dict = field(default_factory=dict)
    snippets: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)

    def object_for(self, ref):
        try:
            if isinstance(ref, PageRef):
                return self.pages[ref.key]
            if isinstance(ref, ImageRef):
                return self.images[ref.key]
            if isinstance(ref, SnippetRef):
                return self.snippets[(ref.kind, ref.key)]
            if isinstance(ref, DocumentRef):
                return self.documents[ref.key]
        except KeyError:
            raise Unresolved(ref) from None
        raise TypeError(f"Not a reference: {ref!r}")

    def id_for(self, ref) -> int:
        return self.object_for(ref).pk

    def links(self, text: str, strict: bool = True) -> str:
        """Replaces ``page_link`` tokens with links (or, if not strict, plain text)."""

        def replace(match):
            key, label = match.group(1), match.group(2)
            page = self.pages.get(key)
            if page is None:
                if strict:
                    raise CommandError(f"Rich text links to unknown page {key!r}.")
                return label
            return f'<a linktype="page" id="{page.pk}">{label}</a>'

        return PAGE_LINK.sub(replace, text)

    def value(self, value, path: str, strict: bool = True):
        """A content value with every placeholder resolved, for a StreamField's raw data."""
        if isinstance(value, PageRef | ImageRef | SnippetRef | DocumentRef):
            try:
                return self.id_for(value)
            except Unresolved:
                if strict:
                    raise CommandError(f"{path}: nothing loaded for {value!r}.") from None
                return None
        if isinstance(value, Items):
            return [
                {
                    "type": "item",
                    "value": self.value(item, f"{path}/{index}", strict),
                    "id": block_id(path, index),
                }
                for index, item in enumerate(value)
            ]
        if isinstance(value, dict):
            return {
                name: self.value(item, f"{path}/{name}", strict) for name, item in value.items()
            }
        if isinstance(value, list | tuple):
            return [self.value(item, f"{path}/{index}", strict) for index, item in enumerate(value)]
        if isinstance(value, str):
            return self.links(value, strict)
        return value

    def stream(self, blocks, path: str, strict: bool = True) -> list[dict]:
        """Raw StreamField data, with stable block ids, for a list of ``(type, value)``."""
        return [
            {
                "type": block_type,
                "value": self.value(value, f"{path}/{index}", strict),
                "id": block_id(path, index, block_type),
            }
            for index, (block_type, value) in enumerate(blocks)
        ]
