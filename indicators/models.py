"""
Indicators: the things Progress Points measures again in every edition.

An ``Indicator`` says what is measured (name, definition, unit, source, methodology);
its ``Observation`` rows are the series: one value per geography and period. Reports
do not copy numbers any more: a report's indicator block chooses an indicator and the
period the edition reports, so every edition shows a point of the same series.

Indicators and geographies are translatable snippets (wagtail-localize). The series
belongs to the indicator in the source language: observations point at the English
original, and a translation reads them through its ``translation_key`` (numbers are
the same in every language). Editors keep observations up to date with the CSV import
(``indicators.importer``), which is idempotent and logged in the site history.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from cms.core.blocks import RICH_TEXT_FEATURES

from .periods import PeriodError, parse_period

#: The units an indicator may be measured in, with their names in each language (the
#: API's ``unit_label``). The code is what the front end formats by.
UNITS: dict[str, dict[str, str]] = {
    "percent": {"en": "percent", "es": "por ciento"},
    "number": {"en": "number", "es": "número"},
    "people": {"en": "people", "es": "personas"},
    "jobs": {"en": "jobs", "es": "empleos"},
    "dollars": {"en": "dollars", "es": "dólares"},
    "rate_per_1000": {"en": "per 1,000 residents", "es": "por cada 1.000 habitantes"},
    "index": {"en": "index", "es": "índice"},
    "years": {"en": "years", "es": "años"},
    "ratio": {"en": "ratio", "es": "razón"},
}

#: The kinds of geography, with their names in each language.
GEOGRAPHY_KINDS: dict[str, dict[str, str]] = {
    "region": {"en": "Region", "es": "Región"},
    "county": {"en": "County", "es": "Condado"},
    "state": {"en": "State", "es": "Estado"},
    "nation": {"en": "Nation", "es": "País"},
    "peer": {"en": "Peer metro", "es": "Área metropolitana de comparación"},
}


def unit_label(unit: str, language: str) -> str:
    names = UNITS.get(unit, {})
    return names.get(language) or names.get("en") or unit


class Geography(TranslatableMixin, models.Model):
    """
    A place a series is measured for: Metro Hartford (the headline), its counties,
    Connecticut, the United States and the peer metros. A short list, translated.
    """

    class Kind(models.TextChoices):
        REGION = "region", "Region (the headline geography)"
        COUNTY = "county", "County"
        STATE = "state", "State"
        NATION = "nation", "Nation"
        PEER = "peer", "Peer metro"

    name = models.CharField(max_length=120, help_text="The place's name, such as “Metro Hartford”.")
    slug = models.SlugField(
        max_length=80,
        help_text="Its short name in addresses and in import files, such as “metro-hartford”. "
        "The same in every language.",
    )
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.COUNTY,
        help_text="What kind of place it is; the region is the headline of every series.",
    )
    sort_order = models.PositiveSmallIntegerField(
        default=100, help_text="Where it comes in lists and tables (lower first)."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("sort_order")]
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("kind"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name_plural = "geographies"
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_geography_slug")
        ]

    def __str__(self) -> str:
        return self.name

    def series_tags(self) -> set[str]:
        """Names of places show in every series and listing (``cms.core.changes``)."""
        return {"geographies", "indicators"}

    def public_paths(self) -> set[str]:
        """Every indicator's pages name the places (for webhooks)."""
        paths: set[str] = set()
        for indicator in Indicator.objects.all():
            paths |= indicator.public_paths()
        return paths or {"/data/", "/es/datos/"}


class Indicator(TranslatableMixin, ClusterableModel):
    """
    One measure Progress Points tracks across editions, such as “Share of residents
    aged 25+ with a bachelor's degree”. Its observations are the series.
    """

    name = models.CharField(max_length=255, help_text="What is measured, in a few words.")
    slug = models.SlugField(
        max_length=120,
        help_text="Its address on the public site (/data/<slug>/) and its name in import "
        "files. Each language may have its own.",
    )
    definition = models.TextField(
        max_length=1000, help_text="What exactly is measured, in a sentence or two."
    )
    unit = models.CharField(
        max_length=20,
        choices=[(code, names["en"]) for code, names in UNITS.items()],
        default="number",
        help_text="The unit of every value; percentages are 0–100.",
    )
    decimals = models.PositiveSmallIntegerField(
        default=1, help_text="How many decimal places to show values with."
    )
    higher_is_better = models.BooleanField(
        null=True,
        blank=True,
        help_text="Whether a rise is good news; leave unknown when it is neither.",
    )
    source_name = models.CharField(
        max_length=255, help_text="Who publishes the data, such as “U.S. Census Bureau, ACS”."
    )
    source_url = models.URLField(blank=True, help_text="A link to the source, if public.")
    methodology = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="How the figures are computed and what to keep in mind reading them.",
    )
    is_sample = models.BooleanField(
        default=False,
        help_text="Sample data for the demo, not the region's statistics: the API says so "
        "(is_sample) and the public site labels it. Never tick this for real figures.",
    )

    panels: ClassVar[list[Any]] = [
        HelpPanel(
            content="<p>An indicator is measured again in every edition of Progress Points. "
            "Its values (observations) are imported from a CSV file: use “Import "
            "observations” in the Indicators menu. Reports show a point of the series "
            "through their indicator block.</p>",
            heading="About indicators",
        ),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("definition"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("decimals"), FieldPanel("higher_is_better")]),
        MultiFieldPanel([FieldPanel("source_name"), FieldPanel("source_url")], heading="Source"),
        FieldPanel("methodology"),
        InlinePanel("indicator_themes", heading="Themes", label="Theme"),
        InlinePanel("indicator_initiatives", heading="Initiatives", label="Initiative"),
        FieldPanel("is_sample"),
    ]
    override_translatable_fields = [
        SynchronizedField("unit"),
        SynchronizedField("decimals"),
        SynchronizedField("higher_is_better"),
        SynchronizedField("source_url"),
        SynchronizedField("is_sample"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_indicator_slug")
        ]

    def __str__(self) -> str:
        return f"{self.name} (sample data)" if self.is_sample else self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)

    @property
    def cache_tag(self) -> str:
        """The tag of every answer built from this indicator or its series, any language."""
        return f"indicator:{self.translation_key}"

    def series_tags(self) -> set[str]:
        """The tags a change of it makes stale, besides its own (``cms.core.changes``)."""
        return {self.cache_tag, "indicators"}

    def observations(self) -> QuerySet[Observation]:
        """The series, which belongs to every translation of the indicator alike."""
        return Observation.objects.filter(indicator__translation_key=self.translation_key)

    def public_paths(self) -> set[str]:
        """The front end's pages of this indicator, in every language (for webhooks)."""
        paths = {"/data/", "/es/datos/"}
        for slug, language in Indicator.objects.filter(
            translation_key=self.translation_key
        ).values_list("slug", "locale__language_code"):
            paths.add(indicator_path(slug, language))
        return paths


def indicator_path(slug: str, language: str) -> str:
    """The front end's path of an indicator: /data/<slug>/, /es/datos/<slug>/."""
    if language == settings.LANGUAGE_CODE:
        return f"/data/{slug}/"
    return f"/{language}/datos/{slug}/"


def index_path(language: str) -> str:
    return "/data/" if language == settings.LANGUAGE_CODE else f"/{language}/datos/"


class IndicatorTheme(Orderable):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="indicator_themes")
    theme = models.ForeignKey(
        "core.Theme", on_delete=models.CASCADE, related_name="+", help_text="A theme it informs."
    )
    panels = [FieldPanel("theme")]


class IndicatorInitiative(Orderable):
    indicator = ParentalKey(
        Indicator, on_delete=models.CASCADE, related_name="indicator_initiatives"
    )
    initiative = models.ForeignKey(
        "initiatives.InitiativePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="An initiative whose progress it measures.",
    )
    panels = [FieldPanel("initiative")]


class Observation(models.Model):
    """One value of a series: an indicator, in one geography, for one period."""

    class Status(models.TextChoices):
        FINAL = "final", "Final"
        PROVISIONAL = "provisional", "Provisional"

    class PeriodType(models.TextChoices):
        YEAR = "year", "Year"
        QUARTER = "quarter", "Quarter"
        MONTH = "month", "Month"

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="observation_set",
        help_text="The indicator (its original, in the source language).",
    )
    geography = models.ForeignKey(
        Geography,
        on_delete=models.PROTECT,
        related_name="observations",
        help_text="Where it was measured (the geography's original).",
    )
    period = models.CharField(
        max_length=10, help_text="The period measured: 2023, 2023-Q2 or 2023-04."
    )
    period_type = models.CharField(max_length=7, choices=PeriodType.choices, editable=False)
    start_date = models.DateField(editable=False)
    end_date = models.DateField(editable=False)
    value = models.FloatField(help_text="The measured value, as a plain number.")
    margin_of_error = models.FloatField(
        null=True, blank=True, help_text="Plus or minus this much (90% confidence), if known."
    )
    note = models.CharField(max_length=500, blank=True, help_text="Anything to know about it.")
    status = models.CharField(
        max_length=11,
        choices=Status.choices,
        default=Status.FINAL,
        help_text="Provisional values may be revised by the source.",
    )

    class Meta:
        ordering = ["indicator", "geography__sort_order", "start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "geography", "period"], name="unique_observation"
            )
        ]
        indexes = [models.Index(fields=["indicator", "geography", "start_date"])]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.geography} · {self.period}: {self.value}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_period(self.period)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            self.set_period(self.period)
        except PeriodError as error:
            raise ValidationError({"period": str(error)}) from None
        # The series hangs on the originals: an observation chosen for a translation
        # (of the indicator or the place) is kept on its original.
        from . import series

        if self.indicator_id:
            self.indicator = series.series_owner(self.indicator)
        if self.geography_id:
            self.geography = series.place_owner(self.geography)

    def set_period(self, text: str) -> None:
        period = parse_period(text)
        self.period, self.period_type = period.label, period.type
        self.start_date, self.end_date = period.start, period.end
