"""
StreamField blocks shared by several page types.

Blocks used by one app only live in that app (``reports.blocks``). Every block has
a ``description`` and a ``preview_value`` so editors can see what it is before
inserting it.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock as ImageUseBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=255, help_text="The heading's words.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Level 2"), ("h3", "Level 3"), ("h4", "Level 4")],
        default="h2",
        help_text="Level 2 for a section, 3 and 4 for sub-sections.",
    )

    class Meta:
        icon = "title"
        description = "A section heading."
        preview_value = {"text": "A snapshot of the region", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    """
    An image placed in a page, with words for this use of it.

    The alt text belongs to the use, not to the image library: the same picture can
    say different things on different pages, and a Spanish page needs Spanish alt
    text. Wagtail's own ``ImageBlock`` (image, "decorative" flag and alt text) holds
    it, so wagtail-localize offers the alt text for translation with the page.
    """

    image = ImageUseBlock(
        help_text="The image, and its alt text here: what it shows, for readers who cannot "
        "see it (or tick “decorative” if it adds nothing to the text)."
    )
    caption = blocks.CharBlock(required=False, max_length=255, help_text="Shown under the image.")
    credit = blocks.CharBlock(required=False, max_length=255, help_text="Photographer or source.")

    class Meta:
        icon = "image"
        description = "An image with an optional caption and credit."


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The quotation, without quotation marks.")
    attribution = blocks.CharBlock(required=False, max_length=255, help_text="Who said it.")
    role = blocks.CharBlock(required=False, max_length=255, help_text="Their role or organisation.")

    class Meta:
        icon = "openquote"
        description = "A pull quote with its attribution."
        preview_value = {
            "quote": "Regional thinking is not new to Metro Hartford.",
            "attribution": "Progress Points steering group",
        }


class KeyFigureBlock(blocks.StructBlock):
    """One number that tells a story: a value with its unit, year and source."""

    label = blocks.CharBlock(max_length=255, help_text="What the number measures.")
    value = blocks.FloatBlock(help_text="The number itself, without units or separators.")
    unit = blocks.CharBlock(
        required=False,
        max_length=40,
        help_text='The unit, for example "%", "people", "$ million". Leave blank for a count.',
    )
    year = blocks.IntegerBlock(
        required=False, min_value=1800, max_value=2200, help_text="The year it refers to."
    )
    source = blocks.CharBlock(required=False, max_length=255, help_text="Where it comes from.")
    source_url = blocks.URLBlock(required=False, help_text="A link to the source, if public.")

    class Meta:
        icon = "pick"
        description = "A key figure: value, unit, year and source."
        preview_value = {
            "label": "Residents of the Hartford region",
            "value": 1200000,
            "unit": "people",
            "year": 2023,
        }


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=255, help_text="A short, direct heading.")
    text = blocks.TextBlock(required=False, help_text="One or two sentences.")
    button_label = blocks.CharBlock(max_length=60, help_text="The words on the button.")
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or an external address.")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ErrorList([ValidationError("Choose either a page or an address.")])
                }
            )
        return value

    class Meta:
        icon = "link"
        description = "A call to action linking to a page or another site."


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(help_text="The file to download.")
    title = blocks.CharBlock(
        required=False, max_length=255, help_text="Link text; the document's title if blank."
    )

    class Meta:
        icon = "doc-full"
        description = "A downloadable document."


class PeopleBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=255, help_text="For example “Staff”.")
    people = blocks.ListBlock(
        SnippetChooserBlock("core.Person"), help_text="The people to show, in order."
    )

    class Meta:
        icon = "group"
        description = "A list of board members or staff."


class OrganisationsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=255, help_text="For example “Partners”.")
    organisations = blocks.ListBlock(
        SnippetChooserBlock("core.Organisation"), help_text="The organisations, in order."
    )

    class Meta:
        icon = "site"
        description = "A list of organisations with their logos."


class BaseStreamBlock(blocks.StreamBlock):
    """The body blocks every general page offers."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow", description="Formatted text."
    )
    image = ImageBlock()
    quote = QuoteBlock()
    key_figures = blocks.ListBlock(
        KeyFigureBlock(), icon="pick", description="A row of key figures."
    )
    call_to_action = CallToActionBlock()
    document = DocumentBlock()
    embed = EmbedBlock(
        icon="media",
        description="A video or other media from a link (YouTube, Vimeo…).",
        help_text="Paste the address of the video or post.",
    )
    people = PeopleBlock()
    organisations = OrganisationsBlock()
