"""The Alliance's nine focus areas, each a page under the initiatives index."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.core.blocks import BaseStreamBlock, KeyFigureBlock
from cms.core.models import IMAGE_MODEL, BasePage, RelatedPage, image_alt_field


class InitiativeIndexPage(BasePage):
    """Lists the initiatives; its introduction explains the strategic plan they come from."""

    card_summary_fields = ("intro",)

    intro = models.TextField(
        max_length=800, blank=True, help_text="A short introduction above the list."
    )
    body = StreamField(
        BaseStreamBlock(), blank=True, help_text="Content shown below the list, if any."
    )

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["initiatives.InitiativePage"]

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = "initiative index page"


class PriorityBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=255, help_text="The priority in a few words.")
    description = blocks.TextBlock(required=False, help_text="What it means in practice.")

    class Meta:
        icon = "tick"
        description = "One of the initiative's top priorities."


class InitiativePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "initiatives.InitiativePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class InitiativePage(BasePage):
    """
    One focus area of the strategic plan (HYPE, Global Reach…): its goal, what it
    does, who it works with, and the figures that show its progress.
    """

    card_summary_fields = ("summary", "goal")
    card_image_fields = ("hero_image",)

    goal = models.CharField(
        max_length=500,
        help_text="The initiative's goal in one sentence, as in the strategic plan.",
    )
    summary = models.TextField(
        max_length=1000, help_text="A paragraph on what the initiative does and why."
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
    body = StreamField(BaseStreamBlock(), blank=True, help_text="The page's main content.")
    priorities = StreamField(
        [("priority", PriorityBlock())],
        blank=True,
        help_text="The initiative's top priorities, most important first.",
    )
    key_figures = StreamField(
        [("figure", KeyFigureBlock())],
        blank=True,
        help_text="Numbers that show the initiative's reach or progress.",
    )
    contact_person = models.ForeignKey(
        "core.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The staff member visitors should contact about this initiative.",
    )
    website = models.URLField(blank=True, help_text="The initiative's own website, if it has one.")
    tags = ClusterTaggableManager(
        through=InitiativePageTag, blank=True, help_text="Keywords that group related content."
    )

    parent_page_types = ["initiatives.InitiativeIndexPage"]
    subpage_types: list[str] = []

    # The contact is the same person in every language; the API shows the
    # snippet's translation when one exists.
    override_translatable_fields = [SynchronizedField("contact_person")]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("goal"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("hero_image_alt"),
        FieldPanel("body"),
        FieldPanel("priorities"),
        FieldPanel("key_figures"),
        InlinePanel("partners", heading="Partner organisations", label="Partner"),
        InlinePanel("related_industries", heading="Related industries", label="Industry"),
        InlinePanel("related_reports", heading="Related reports", label="Report"),
        MultiFieldPanel([FieldPanel("contact_person"), FieldPanel("website")], heading="Contact"),
        FieldPanel("tags"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("goal", boost=2),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("priorities"),
        index.SearchField("key_figures"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields(
            "partners", [index.RelatedFields("organisation", [index.SearchField("name")])]
        ),
    ]

    class Meta:
        verbose_name = "initiative page"


class InitiativePartner(RelatedPage):
    page = ParentalKey(InitiativePage, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A partner organisation of this initiative.",
    )
    panels = [FieldPanel("organisation")]
    api_fields = [APIField("organisation")]


class InitiativeRelatedIndustry(RelatedPage):
    page = ParentalKey(InitiativePage, on_delete=models.CASCADE, related_name="related_industries")
    industry = models.ForeignKey(
        "industries.IndustryProfilePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="An industry this initiative serves.",
    )
    panels = [FieldPanel("industry")]
    api_fields = [APIField("industry")]


class InitiativeRelatedReport(RelatedPage):
    page = ParentalKey(InitiativePage, on_delete=models.CASCADE, related_name="related_reports")
    report = models.ForeignKey(
        "reports.ReportPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A report about this initiative's work.",
    )
    panels = [FieldPanel("report")]
    api_fields = [APIField("report")]
