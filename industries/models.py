"""The region's key industries, each with a profile for site selectors and investors."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from cms.core.blocks import BaseStreamBlock, KeyFigureBlock
from cms.core.models import IMAGE_MODEL, BasePage, RelatedPage, image_alt_field


class IndustryIndexPage(BasePage):
    """The "key industries" landing page; each profile is a child of it."""

    card_summary_fields = ("intro",)

    intro = models.TextField(
        max_length=800, blank=True, help_text="A short introduction above the list."
    )
    body = StreamField(BaseStreamBlock(), blank=True, help_text="Content below the list, if any.")

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["industries.IndustryProfilePage"]

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = "industry index page"


class StrengthBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=255, help_text="The strength in a few words.")
    description = blocks.TextBlock(required=False, help_text="Why it matters to a business.")

    class Meta:
        icon = "success"
        description = "One of the region's strengths in this industry."


class IndustryProfilePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "industries.IndustryProfilePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class IndustryProfilePage(BasePage):
    """
    One key industry (insurance & financial services, health, aerospace…): why the
    region is strong in it, the numbers, and who the major employers are.
    """

    card_summary_fields = ("sector_summary",)
    card_image_fields = ("hero_image",)

    sector_summary = models.TextField(
        max_length=1500, help_text="What the sector is in the region, in a paragraph."
    )
    hero_image = models.ForeignKey(
        IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A wide image at the top of the page.",
    )
    hero_image_alt = image_alt_field("Hero image")
    key_figures = StreamField(
        [("figure", KeyFigureBlock())],
        blank=True,
        help_text="Numbers about the sector, each with value, unit, year and source.",
    )
    strengths = StreamField(
        [("strength", StrengthBlock())],
        blank=True,
        help_text="What makes the region strong in this industry.",
    )
    body = StreamField(BaseStreamBlock(), blank=True, help_text="The profile's main content.")
    tags = ClusterTaggableManager(
        through=IndustryProfilePageTag, blank=True, help_text="Keywords that group related content."
    )

    parent_page_types = ["industries.IndustryIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("sector_summary"),
        FieldPanel("hero_image"),
        FieldPanel("hero_image_alt"),
        FieldPanel("key_figures"),
        FieldPanel("strengths"),
        InlinePanel("major_employers", heading="Major employers", label="Employer"),
        FieldPanel("body"),
        InlinePanel("related_initiatives", heading="Related initiatives", label="Initiative"),
        InlinePanel("related_reports", heading="Related reports", label="Report"),
        FieldPanel("tags"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("sector_summary", boost=1.5),
        index.SearchField("key_figures"),
        index.SearchField("strengths"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("major_employers", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = "industry profile page"


class MajorEmployer(Orderable):
    """An employer in the sector; the name is kept as written, in every language."""

    page = ParentalKey(
        IndustryProfilePage, on_delete=models.CASCADE, related_name="major_employers"
    )
    name = models.CharField(max_length=255, help_text="The employer's name.")
    regional_employees = models.PositiveIntegerField(
        null=True, blank=True, help_text="Employees in the Hartford region, if known."
    )
    website = models.URLField(blank=True, help_text="The employer's website.")

    panels = [FieldPanel("name"), FieldPanel("regional_employees"), FieldPanel("website")]
    api_fields = [APIField("name"), APIField("regional_employees"), APIField("website")]


class IndustryRelatedInitiative(RelatedPage):
    page = ParentalKey(
        IndustryProfilePage, on_delete=models.CASCADE, related_name="related_initiatives"
    )
    initiative = models.ForeignKey(
        "initiatives.InitiativePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="An initiative that serves this industry.",
    )
    panels = [FieldPanel("initiative")]
    api_fields = [APIField("initiative")]


class IndustryRelatedReport(RelatedPage):
    page = ParentalKey(
        IndustryProfilePage, on_delete=models.CASCADE, related_name="related_reports"
    )
    report = models.ForeignKey(
        "reports.ReportPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A report about this industry.",
    )
    panels = [FieldPanel("report")]
    api_fields = [APIField("report")]
