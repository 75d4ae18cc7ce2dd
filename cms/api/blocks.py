"""
StreamField in the API: a typed schema for every block, and the serialiser that
matches it.

Both are derived from the block definitions themselves, so a block added to a page
type appears in the OpenAPI document with its own schema (a discriminated union on
``type`` for stream children) without writing anything here.
"""

from __future__ import annotations

import datetime
import decimal
import operator
import re
from collections.abc import Callable
from types import GenericAlias
from typing import Annotated, Any, Literal, Union

from pydantic import Field, create_model
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from . import schemas, serializers
from .context import SerializerContext

SNIPPET_SCHEMAS = {
    "core.Organisation": schemas.Organisation,
    "core.Person": schemas.Person,
    "core.Theme": schemas.Theme,
}

#: Blocks that choose one object: the schema of what they chose, and its serialiser.
#: (Snippet choosers have a schema per snippet model, in ``SNIPPET_SCHEMAS``.)
CHOOSERS: tuple[tuple[type[Any], Any, Callable[[SerializerContext, Any], Any]], ...] = (
    (ImageChooserBlock, schemas.Image, serializers.image),
    (DocumentChooserBlock, schemas.AnyDocument, serializers.document),
    (blocks.PageChooserBlock, schemas.PageLink, serializers.page_link),
    (EmbedBlock, schemas.Embed, serializers.embed),
)

_struct_schemas: dict[int, type] = {}
_used_names: set[str] = set()


def camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", name) if part)


def _unique(name: str) -> str:
    candidate, n = name, 2
    while candidate in _used_names:
        candidate, n = f"{name}{n}", n + 1
    _used_names.add(candidate)
    return candidate


def _optional(annotation: Any, block: blocks.Block) -> Any:
    return annotation if block.required else annotation | None


# The schemas are types built at run time, from values a type checker cannot see; these
# spell ``list[item]``, ``Literal[values]`` and ``Annotated[Union[members], Field(...)]``
# as the calls they are.
def _list_of(item: Any) -> Any:
    return GenericAlias(list, (item,))


def _literal(*values: str) -> Any:
    return operator.getitem(Literal, values)


def _discriminated(members: list[type], discriminator: str) -> Any:
    union = operator.getitem(Union, tuple(members))
    return operator.getitem(Annotated, (union, Field(discriminator=discriminator)))


def block_annotation(block: blocks.Block, hint: str) -> Any:
    """The pydantic type of a block's value in the API."""
    if isinstance(block, blocks.StreamBlock):
        return stream_annotation(block, hint)
    if isinstance(block, blocks.ListBlock):
        return _list_of(block_annotation(block.child_block, f"{hint}Item"))
    if isinstance(block, TypedTableBlock):
        return schemas.TypedTable
    if isinstance(block, ImageBlock):
        # Wagtail's image-with-alt-text block: a StructBlock whose value is the image.
        return schemas.Image | None
    if isinstance(block, blocks.StructBlock):
        return struct_schema(block, hint)
    chosen = _chosen_annotation(block)
    return chosen if chosen is not None else _field_annotation(block)


def _chosen_annotation(block: blocks.Block) -> Any:
    """What a chooser block chose (null once it is gone), or None for other blocks."""
    if isinstance(block, SnippetChooserBlock):
        return SNIPPET_SCHEMAS[block.target_model._meta.label] | None
    for chooser, schema, _ in CHOOSERS:
        if isinstance(block, chooser):
            return schema | None
    return None


def _field_annotation(block: blocks.Block) -> Any:
    if isinstance(block, blocks.RichTextBlock):
        return str
    if isinstance(block, blocks.ChoiceBlock):
        values = tuple(str(value) for value, _ in block.field.choices if value != "")
        return _optional(_literal(*values), block)
    if isinstance(block, blocks.FloatBlock | blocks.DecimalBlock):
        return _optional(float, block)
    if isinstance(block, blocks.IntegerBlock):
        return _optional(int, block)
    if isinstance(block, blocks.BooleanBlock):
        return bool
    if isinstance(block, blocks.DateBlock):
        return _optional(datetime.date, block)
    if isinstance(block, blocks.FieldBlock):
        return str
    raise TypeError(f"No API schema for block {block!r}; add one in cms/api/blocks.py")


def _api_fields(block: blocks.Block) -> dict[str, Any]:
    """
    What a block adds to (or puts in place of) its children in the API: a block that
    shows more than its own values (an indicator block's point of a series, a table's
    download links) declares ``api_fields()``, a mapping of names to pydantic types, and
    ``api_values(value, data, ctx)``, which fills them in. A child of the same name is
    replaced; one mapped to None is left out.
    """
    declare = getattr(block, "api_fields", None)
    return declare() if callable(declare) else {}


def struct_schema(block: blocks.StructBlock, hint: str) -> type:
    key = id(type(block)) if type(block) is not blocks.StructBlock else id(block)
    if key not in _struct_schemas:
        name = type(block).__name__ if type(block) is not blocks.StructBlock else hint
        extra = _api_fields(block)
        fields: dict[str, Any] = {
            child_name: (block_annotation(child, f"{name}{camel(child_name)}"), ...)
            for child_name, child in block.child_blocks.items()
            if child_name not in extra
        }
        fields.update({key: (value, ...) for key, value in extra.items() if value is not None})
        _struct_schemas[key] = create_model(_unique(name), **fields)
    return _struct_schemas[key]


def stream_annotation(block: blocks.StreamBlock, hint: str) -> Any:
    base = type(block).__name__ if type(block) is not blocks.StreamBlock else hint
    members: list[type] = []
    for child_name, child in block.child_blocks.items():
        members.append(
            create_model(
                _unique(f"{base}{camel(child_name)}"),
                type=(_literal(child_name), ...),
                id=(str, Field(description="The block's stable id within the stream.")),
                value=(block_annotation(child, f"{base}{camel(child_name)}Value"), ...),
            )
        )
    if len(members) == 1:
        return _list_of(members[0])
    return _list_of(_discriminated(members, "type"))


def serialise(block: blocks.Block, value: Any, ctx: SerializerContext) -> Any:
    """A block's value as plain data matching ``block_annotation(block)``."""
    if isinstance(block, blocks.StreamBlock):
        items = []
        for child in value:
            ctx.block_id = child.id  # for blocks whose value links to themselves
            items.append(
                {
                    "type": child.block_type,
                    "id": child.id,
                    "value": serialise(child.block, child.value, ctx),
                }
            )
        return items
    if isinstance(block, blocks.ListBlock):
        return [serialise(block.child_block, item, ctx) for item in value]
    if isinstance(block, TypedTableBlock):
        return _table(value)
    if isinstance(block, ImageBlock):
        if value is None:
            return None
        return serializers.image(
            ctx,
            value,
            alt=getattr(value, "contextual_alt_text", None),
            decorative=bool(getattr(value, "decorative", False)),
        )
    if isinstance(block, blocks.StructBlock):
        extra = _api_fields(block)
        data = {
            name: serialise(child, value.get(name), ctx)
            for name, child in block.child_blocks.items()
            if name not in extra
        }
        if extra:
            block.api_values(value, data, ctx)
        return data
    return _serialise_field(block, value, ctx)


def _serialise_field(block: blocks.Block, value: Any, ctx: SerializerContext) -> Any:
    if isinstance(block, SnippetChooserBlock):
        return serializers.snippet(ctx, value)
    for chooser, _, serialiser in CHOOSERS:
        if isinstance(block, chooser):
            return serialiser(ctx, value)
    if isinstance(block, blocks.RichTextBlock):
        return serializers.rich_text(ctx, value.source if value else "")
    return _scalar(block, value)


def _table(value: Any) -> dict[str, Any]:
    return {
        "caption": value.caption or "",
        "columns": [
            {"type": col["block"].name, "heading": col["heading"]} for col in value.columns
        ],
        "rows": [
            [
                _scalar(col["block"], cell)
                for col, cell in zip(value.columns, row["values"], strict=False)
            ]
            for row in value.row_data
        ],
    }


def _scalar(block: blocks.Block, value: Any) -> Any:
    if isinstance(block, blocks.ChoiceBlock):
        return value or None
    if value is None:
        if isinstance(
            block, blocks.FloatBlock | blocks.DecimalBlock | blocks.IntegerBlock | blocks.DateBlock
        ):
            return None
        if isinstance(block, blocks.BooleanBlock):
            return False
        return ""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(block, blocks.FloatBlock):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
