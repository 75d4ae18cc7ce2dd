"""Reports: Progress Points editions, brochures, data briefs and annual reports."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from cms.core.blocks import BaseStreamBlock
from cms.core.models import IMAGE_MODEL, BasePage, RelatedPage, image_alt_field

from .blocks import ReportStreamBlock


class ReportIndexPage(BasePage):
    """The "brochures and reports" listing; every report is a child of it."""

    card_summary_fields = ("intro",)

    intro = models.TextField(
        max_length=800, blank=True, help_text="A short introduction above the list."
    )
    body = StreamField(BaseStreamBlock(), blank=True, help_text="Content below the list, if any.")

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["reports.ReportPage"]

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = "report index page"


class ReportPage(BasePage):
    """
    One report: its findings told on the page (challenges, indicators, tables,
    where change is happening) and the full report as a downloadable PDF.
    """

    card_summary_fields = ("summary",)
    card_image_fields = ("cover_image",)
    card_date_field = "publication_date"

    class ReportType(models.TextChoices):
        PROGRESS_POINTS = "progress_points", "Progress Points"
        BROCHURE = "brochure", "Brochure"
        DATA_BRIEF = "data_brief", "Data brief"
        ANNUAL_REPORT = "annual_report", "Annual report"
        OTHER = "other", "Other"

    report_type = models.CharField(
        max_length=20,
        choices=ReportType.choices,
        default=ReportType.OTHER,
        help_text="The kind of report; visitors can filter by it.",
    )
    edition = models.CharField(
        max_length=100, blank=True, help_text="The edition, such as “Third edition” or “2024”."
    )
    publication_date = models.DateField(help_text="The date the report was published.")
    summary = models.TextField(
        max_length=1500, help_text="What the report is and what it finds, in a paragraph."
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The full report as a PDF.",
    )
    cover_image = models.ForeignKey(
        IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The report's cover, shown on the page and in lists.",
    )
    cover_image_alt = image_alt_field("Cover image")
    body = StreamField(
        ReportStreamBlock(), blank=True, help_text="The report's findings, section by section."
    )

    parent_page_types = ["reports.ReportIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("report_type"), FieldPanel("edition"), FieldPanel("publication_date")],
            heading="About the report",
        ),
        FieldPanel("summary"),
        FieldPanel("document"),
        FieldPanel("cover_image"),
        FieldPanel("cover_image_alt"),
        InlinePanel("report_themes", heading="Themes", label="Theme"),
        FieldPanel("body"),
        InlinePanel("organisations", heading="Sponsors and partners", label="Organisation"),
        InlinePanel("related_initiatives", heading="Related initiatives", label="Initiative"),
        InlinePanel("related_industries", heading="Related industries", label="Industry"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary", boost=1.5),
        index.SearchField("edition"),
        index.SearchField("body"),
        index.FilterField("report_type"),
        index.FilterField("publication_date"),
        index.RelatedFields(
            "report_themes", [index.RelatedFields("theme", [index.SearchField("name")])]
        ),
        index.RelatedFields(
            "organisations", [index.RelatedFields("organisation", [index.SearchField("name")])]
        ),
    ]

    class Meta:
        verbose_name = "report page"
        ordering = ["-publication_date"]


class ReportTheme(RelatedPage):
    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="report_themes")
    theme = models.ForeignKey(
        "core.Theme", on_delete=models.CASCADE, related_name="+", help_text="A theme of the report."
    )
    panels = [FieldPanel("theme")]
    api_fields = [APIField("theme")]


class ReportOrganisation(RelatedPage):
    class Role(models.TextChoices):
        SPONSOR = "sponsor", "Sponsor"
        PARTNER = "partner", "Partner"

    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A sponsor or partner of the report.",
    )
    role = models.CharField(
        max_length=10,
        choices=Role.choices,
        default=Role.PARTNER,
        help_text="Whether it sponsored the report or took part in it.",
    )
    panels = [FieldPanel("organisation"), FieldPanel("role")]
    api_fields = [APIField("organisation"), APIField("role")]


class ReportRelatedInitiative(RelatedPage):
    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="related_initiatives")
    initiative = models.ForeignKey(
        "initiatives.InitiativePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="An initiative the report informs.",
    )
    panels = [FieldPanel("initiative")]
    api_fields = [APIField("initiative")]


class ReportRelatedIndustry(RelatedPage):
    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="related_industries")
    industry = models.ForeignKey(
        "industries.IndustryProfilePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="An industry the report covers.",
    )
    panels = [FieldPanel("industry")]
    api_fields = [APIField("industry")]
