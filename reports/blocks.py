"""
The blocks a report's body is made of.

Numbers are stored as numbers (``FloatBlock``) and tables as typed columns
(``TypedTableBlock``), so that the API hands the front end data it can chart,
not strings it has to parse.
"""

from typing import Any

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.typed_table_block.blocks import TypedTable, TypedTableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail_localize.segments import StringSegmentValue

from cms.core.blocks import RICH_TEXT_FEATURES, HeadingBlock, ImageBlock, KeyFigureBlock, QuoteBlock
from indicators.periods import PeriodError, parse_period


class ChallengeBlock(blocks.StructBlock):
    """A question the region faces, with the finding that prompts it."""

    question = blocks.CharBlock(
        max_length=255,
        help_text="The challenge as a question, such as “How can we retain skilled workers?”",
    )
    finding = blocks.CharBlock(
        max_length=255, help_text="The headline finding behind the question, in one sentence."
    )
    detail = blocks.TextBlock(required=False, help_text="A short explanation, if needed.")
    figures = blocks.ListBlock(
        KeyFigureBlock(),
        min_num=0,
        max_num=3,
        default=[],
        help_text="Up to three figures that support the finding.",
    )

    class Meta:
        icon = "help"
        description = "A challenge: a question and its headline finding."
        preview_value = {
            "question": "What can we do to retain and attract skilled workers to our region?",
            "finding": "Metro Hartford retains the fewest four-year grads of any metro region",
        }


class IndicatorBlock(blocks.StructBlock):
    """
    One indicator: a point of a series (choose the indicator and the period this
    edition reports), or, as before indicators existed, a number typed in by hand.

    A chosen indicator is the truth: the API fills the hand-typed fields from its series
    (so older front ends still show it) and adds the point, its comparison and the
    series' downloads. Blocks saved before have no indicator and show as they did.
    """

    indicator = SnippetChooserBlock(
        "indicators.Indicator",
        required=False,
        help_text="The indicator this figure is a point of. Choose one for every new "
        "figure; the fields below “Or by hand” are then filled from its series.",
    )
    indicator_period = blocks.CharBlock(
        required=False,
        default="",
        max_length=10,
        help_text="The period this edition reports, such as “2023”, “2023-Q2” or “2023-04”.",
    )
    comparison_geography = SnippetChooserBlock(
        "indicators.Geography",
        required=False,
        help_text="A geography to compare with, such as “United States” (optional).",
    )
    label = blocks.CharBlock(
        required=False, max_length=255, help_text="Or by hand: what is measured."
    )
    value = blocks.FloatBlock(required=False, help_text="The measured value, as a plain number.")
    unit = blocks.CharBlock(
        required=False, max_length=40, help_text='The unit, such as "%" or "jobs".'
    )
    period = blocks.CharBlock(
        required=False,
        max_length=40,
        help_text="The year or period measured, such as “2016” or “2010–2015”.",
    )
    comparison_value = blocks.FloatBlock(
        required=False, help_text="A benchmark to compare with, as a plain number."
    )
    comparison_label = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text="What the benchmark is, such as “U.S. average” or “2010”.",
    )
    source = blocks.CharBlock(
        required=False, max_length=255, help_text="Where the number comes from."
    )
    source_url = blocks.URLBlock(required=False, help_text="A link to the source, if public.")

    class Meta:
        icon = "pick"
        description = "An indicator: a point of a series, or a measured value typed in."
        preview_value = {
            "label": "Focus areas in the strategic plan",
            "value": 9,
            "period": "2024",
            "source": "MetroHartford Alliance strategic plan",
        }

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        errors: dict[str, ValidationError] = {}
        if value.get("indicator") is not None:
            try:
                parse_period(value.get("indicator_period") or "")
            except PeriodError as error:
                errors["indicator_period"] = ValidationError(str(error))
        else:
            for name in ("label", "value", "period", "source"):
                if value.get(name) in (None, ""):
                    errors[name] = ValidationError("Fill this in, or choose an indicator above.")
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    # In the API (cms.api.blocks): the point of the series this figure shows.
    def api_fields(self) -> dict[str, Any]:
        from indicators.blocks_api import indicator_block_fields

        return indicator_block_fields()

    def api_values(self, value: Any, data: dict[str, Any], ctx: Any) -> None:
        from indicators.blocks_api import indicator_block_values

        indicator_block_values(value, data, ctx)


class TranslatableTypedTableBlock(TypedTableBlock):
    """
    A typed table whose words are translated with the page.

    wagtail-localize skips ``TypedTableBlock`` (it knows nothing of its cells), so a
    Spanish report would keep English column headings. This block hands it the
    caption, every column heading and every text cell as segments, and puts the
    translations back; numbers, percentages and years are the same in any language
    and stay as they are.
    """

    def get_translatable_segments(self, value: TypedTable | None) -> list[StringSegmentValue]:
        if value is None:
            return []
        segments = []
        if value.caption:
            segments.append(StringSegmentValue("caption", value.caption))
        for index, column in enumerate(value.columns):
            if column["heading"]:
                segments.append(StringSegmentValue(f"heading.{index}", column["heading"]))
        for row_index, row in enumerate(value.row_data):
            for index, column in enumerate(value.columns):
                cell = row["values"][index] if index < len(row["values"]) else None
                if isinstance(column["block"], blocks.CharBlock) and cell:
                    segments.append(StringSegmentValue(f"cell.{row_index}.{index}", cell))
        return segments

    def restore_translated_segments(self, value: TypedTable, segments) -> TypedTable:
        for segment in segments:
            text = segment.render_text()
            kind, _, rest = segment.path.partition(".")
            if kind == "caption":
                value.caption = text
            elif kind == "heading":
                value.columns[int(rest)]["heading"] = text
            elif kind == "cell":
                row_index, index = (int(part) for part in rest.split("."))
                value.row_data[row_index]["values"][index] = text
        return value


class DataTableBlock(blocks.StructBlock):
    """A table whose columns have types, so numbers stay numbers in the API."""

    title = blocks.CharBlock(max_length=255, help_text="What the table shows.")
    table = TranslatableTypedTableBlock(
        [
            ("text", blocks.CharBlock(help_text="Text")),
            ("number", blocks.FloatBlock(help_text="A number")),
            ("percentage", blocks.FloatBlock(help_text="A percentage, as 0–100")),
            ("year", blocks.IntegerBlock(help_text="A year")),
        ],
        help_text="Choose a type for each column: text, number, percentage or year.",
    )
    source = blocks.CharBlock(required=False, max_length=255, help_text="Where the data is from.")
    source_url = blocks.URLBlock(required=False, help_text="A link to the source, if public.")

    class Meta:
        icon = "table"
        description = "A data table with typed columns."

    # In the API (cms.api.blocks): where to download the table.
    def api_fields(self) -> dict[str, Any]:
        from indicators.blocks_api import table_block_fields

        return table_block_fields()

    def api_values(self, value: Any, data: dict[str, Any], ctx: Any) -> None:
        from indicators.blocks_api import table_block_values

        table_block_values(value, data, ctx)


class WhereChangeBlock(blocks.StructBlock):
    """The report's "Where will we see meaningful change?" lists, one per focus."""

    theme = blocks.CharBlock(max_length=255, help_text="The theme, such as “The Next Generation”.")
    focus = blocks.CharBlock(
        max_length=255,
        help_text="The focus within it, such as “attracting and retaining millennials”.",
    )
    items = blocks.ListBlock(
        blocks.TextBlock(help_text="One place where change is happening."),
        min_num=1,
        help_text="Where change is happening, one item each.",
    )

    class Meta:
        icon = "list-ul"
        description = "Where change is happening: a heading and a list."


class ReportStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow", description="Formatted text."
    )
    challenge = ChallengeBlock()
    indicator = IndicatorBlock()
    data_table = DataTableBlock()
    where_change = WhereChangeBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    embed = EmbedBlock(
        icon="media",
        description="A video or other media from a link.",
        help_text="Paste the address of the video or post.",
    )
