"""The home page and the general content pages of the site's five sections."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.core.blocks import BaseStreamBlock, KeyFigureBlock
from cms.core.models import IMAGE_MODEL, BasePage, RelatedPage, image_alt_field


class HomePage(BasePage):
    """
    The root of each language's site: the Alliance's pitch, its mission, what it
    wants to put in front of visitors this month, and the region in numbers.
    """

    card_summary_fields = ("hero_intro",)
    card_image_fields = ("hero_image",)

    hero_heading = models.CharField(
        max_length=255, help_text="The large headline at the top of the home page."
    )
    hero_intro = models.TextField(
        max_length=600, help_text="One or two sentences under the headline."
    )
    hero_image = models.ForeignKey(
        IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A wide photograph behind the headline (at least 1920 pixels wide).",
    )
    hero_image_alt = image_alt_field("Hero image")
    mission_heading = models.CharField(
        max_length=255, blank=True, help_text="Heading above the mission statement."
    )
    mission_statement = RichTextField(
        features=["bold", "italic", "link"],
        help_text="The Alliance's mission, in a paragraph or two.",
    )
    region_heading = models.CharField(
        max_length=255,
        blank=True,
        help_text="Heading above the “region at a glance” figures.",
    )
    region_at_a_glance = StreamField(
        [("figure", KeyFigureBlock())],
        blank=True,
        help_text="Three to six numbers about the Hartford region.",
    )
    newsletter_heading = models.CharField(
        max_length=255, blank=True, help_text="Heading of the newsletter call-out."
    )
    newsletter_text = models.TextField(
        max_length=500, blank=True, help_text="A sentence inviting visitors to subscribe."
    )
    body = StreamField(
        BaseStreamBlock(), blank=True, help_text="Any further sections of the home page."
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ContentPage",
        "initiatives.InitiativeIndexPage",
        "reports.ReportIndexPage",
        "industries.IndustryIndexPage",
    ]

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_intro"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
            ],
            heading="Hero",
        ),
        MultiFieldPanel(
            [FieldPanel("mission_heading"), FieldPanel("mission_statement")], heading="Mission"
        ),
        InlinePanel("featured_initiatives", heading="Featured initiatives", label="Initiative"),
        InlinePanel("featured_reports", heading="Featured reports", label="Report"),
        InlinePanel("featured_industries", heading="Featured industries", label="Industry"),
        MultiFieldPanel(
            [FieldPanel("region_heading"), FieldPanel("region_at_a_glance")],
            heading="Region at a glance",
        ),
        MultiFieldPanel(
            [FieldPanel("newsletter_heading"), FieldPanel("newsletter_text")],
            heading="Newsletter call-out",
        ),
        FieldPanel("body"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("hero_heading", boost=2),
        index.SearchField("hero_intro"),
        index.SearchField("mission_heading"),
        index.SearchField("mission_statement"),
        index.SearchField("region_at_a_glance"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "home page"


class HomeFeaturedInitiative(RelatedPage):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_initiatives")
    initiative = models.ForeignKey(
        "initiatives.InitiativePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="An initiative to feature on the home page.",
    )
    panels = [FieldPanel("initiative")]
    api_fields = [APIField("initiative")]


class HomeFeaturedReport(RelatedPage):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_reports")
    report = models.ForeignKey(
        "reports.ReportPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A report to feature on the home page.",
    )
    panels = [FieldPanel("report")]
    api_fields = [APIField("report")]


class HomeFeaturedIndustry(RelatedPage):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_industries")
    industry = models.ForeignKey(
        "industries.IndustryProfilePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="An industry profile to feature on the home page.",
    )
    panels = [FieldPanel("industry")]
    api_fields = [APIField("industry")]


class ContentPage(BasePage):
    """
    A general page: the section landings ("you belong here", "do business here",
    "business insights", "about") and the pages beneath them.
    """

    card_summary_fields = ("intro",)
    card_image_fields = ("hero_image",)

    intro = models.TextField(
        max_length=600, blank=True, help_text="A short introduction shown above the body."
    )
    hero_image = models.ForeignKey(
        IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An optional wide image at the top of the page.",
    )
    hero_image_alt = image_alt_field("Hero image")
    body = StreamField(BaseStreamBlock(), blank=True, help_text="The page's content.")

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = [
        "home.ContentPage",
        "initiatives.InitiativeIndexPage",
        "reports.ReportIndexPage",
        "industries.IndustryIndexPage",
    ]

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("hero_image_alt"),
        FieldPanel("body"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "content page"
