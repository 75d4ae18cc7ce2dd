"""
The blocks a report's body is made of.

Numbers are stored as numbers (``FloatBlock``) and tables as typed columns
(``TypedTableBlock``), so that the API hands the front end data it can chart,
not strings it has to parse.
"""

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTable, TypedTableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail_localize.segments import StringSegmentValue

from cms.core.blocks import RICH_TEXT_FEATURES, HeadingBlock, ImageBlock, KeyFigureBlock, QuoteBlock


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
    """One measured indicator, optionally compared with a benchmark."""

    label = blocks.CharBlock(max_length=255, help_text="What is measured.")
    value = blocks.FloatBlock(help_text="The measured value, as a plain number.")
    unit = blocks.CharBlock(
        required=False, max_length=40, help_text='The unit, such as "%" or "jobs".'
    )
    period = blocks.CharBlock(
        max_length=40, help_text="The year or period measured, such as “2016” or “2010–2015”."
    )
    comparison_value = blocks.FloatBlock(
        required=False, help_text="A benchmark to compare with, as a plain number."
    )
    comparison_label = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text="What the benchmark is, such as “U.S. average” or “2010”.",
    )
    source = blocks.CharBlock(max_length=255, help_text="Where the number comes from.")
    source_url = blocks.URLBlock(required=False, help_text="A link to the source, if public.")

    class Meta:
        icon = "pick"
        description = "An indicator: a measured value with its period, comparison and source."
        preview_value = {
            "label": "Focus areas in the strategic plan",
            "value": 9,
            "period": "2024",
            "source": "MetroHartford Alliance strategic plan",
        }


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
