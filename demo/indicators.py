"""
The demo's indicators: SAMPLE DATA, never the region's statistics.

The seeds (the third Progress Points edition, the strategic plan, the home page) state
findings in words ("Metro Hartford retains the fewest four-year grads of any metro
region") but give no numeric series. So every demo indicator measures what one of the
edition's challenges asks about, and its series is generated (deterministic, smooth,
plausible-looking but invented) and marked ``is_sample``: the editor shows it on the
indicator ("sample data"), the API says ``is_sample: true`` and the public site labels
it. None of them is placed in a report's body, where it could read as a finding.

Geographies are real places (Metro Hartford, its three counties, Connecticut, the
United States, two peer metros); their names are translated into Spanish, as are the
indicators' words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from wagtail.models import Locale

from cms.core.models import Theme
from indicators import importer
from indicators.models import Geography, Indicator, IndicatorInitiative, IndicatorTheme

SAMPLE_NOTE = (
    "<p><b>Sample data for the demo site.</b> These values were generated to show how an "
    "indicator's series looks; they are not measurements of the region and must not be "
    "quoted. Import the real series (Indicators › Import observations) before publishing.</p>"
)
SAMPLE_NOTE_ES = (
    "<p><b>Datos de muestra del sitio de demostración.</b> Estos valores se generaron para "
    "mostrar cómo se ve la serie de un indicador; no son mediciones de la región y no deben "
    "citarse.</p>"
)

#: (slug, kind, sort order, English name, Spanish name)
GEOGRAPHIES = [
    ("metro-hartford", "region", 1, "Metro Hartford", "Área metropolitana de Hartford"),
    ("hartford-county", "county", 10, "Hartford County", "Condado de Hartford"),
    ("middlesex-county", "county", 11, "Middlesex County", "Condado de Middlesex"),
    ("tolland-county", "county", 12, "Tolland County", "Condado de Tolland"),
    ("connecticut", "state", 20, "Connecticut", "Connecticut"),
    ("united-states", "nation", 30, "United States", "Estados Unidos"),
    ("providence-metro", "peer", 40, "Providence metro", "Área metropolitana de Providence"),
    ("worcester-metro", "peer", 41, "Worcester metro", "Área metropolitana de Worcester"),
]


@dataclass(frozen=True)
class DemoIndicator:
    slug: str
    slug_es: str
    name: str
    name_es: str
    definition: str
    definition_es: str
    unit: str
    higher_is_better: bool | None
    theme: str  # the English theme's name
    initiative: str | None  # an initiative page's key in the demo's registry
    base: float  # the generated series' level and drift
    drift: float
    decimals: int = 1


INDICATORS = [
    DemoIndicator(
        "graduates-retained",
        "graduados-retenidos",
        "Four-year graduates retained in the region (sample)",
        "Graduados universitarios que permanecen en la región (muestra)",
        "Share of the region's four-year college graduates still living in the region a year "
        "after graduating. The edition's challenge: how to retain and attract skilled workers.",
        "Proporción de los graduados universitarios de la región que siguen viviendo en ella un "
        "año después de graduarse.",
        "percent",
        True,
        "The Next Generation",
        "initiative:hype",
        38.0,
        0.35,
    ),
    DemoIndicator(
        "walkable-neighbourhoods",
        "barrios-transitables",
        "Residents in walkable areas near transit (sample)",
        "Residentes en zonas transitables cerca del transporte (muestra)",
        "Share of residents living within a half-mile walk of frequent transit with shops and "
        "services nearby. The edition's challenge: how transit and amenities spur growth.",
        "Proporción de residentes que viven a menos de media milla a pie de transporte "
        "frecuente, con comercios y servicios cerca.",
        "percent",
        True,
        "Job Growth",
        None,
        21.0,
        0.45,
    ),
    DemoIndicator(
        "math-science-proficiency",
        "competencia-matematicas-ciencias",
        "Students proficient in math and science (sample)",
        "Estudiantes competentes en matemáticas y ciencias (muestra)",
        "Share of public school students meeting the state standard in math and science. The "
        "edition's challenge: quality education for all students despite scarce resources.",
        "Proporción de estudiantes de escuelas públicas que alcanzan el estándar estatal en "
        "matemáticas y ciencias.",
        "percent",
        True,
        "Job Growth",
        "initiative:talent",
        44.0,
        0.25,
    ),
]
YEARS = range(2012, 2024)
SOURCE = "MetroHartford Alliance demo (sample data)"


def sample_value(indicator: DemoIndicator, place_index: int, year: int) -> float:
    """A smooth invented value: a level per place, a drift, a gentle wave."""
    step = year - YEARS.start
    level = indicator.base + 3.5 * math.sin(place_index * 1.7) - place_index * 0.4
    wave = 0.8 * math.sin(step * 0.9 + place_index)
    return round(level + indicator.drift * step + wave, indicator.decimals)


def _spanish_of(obj: Any, spanish: Locale, fields: dict[str, Any]) -> Any:
    found = type(obj).objects.filter(translation_key=obj.translation_key, locale=spanish).first()
    if found is None:
        found = obj.copy_for_translation(spanish)
    changed = found.pk is None
    for name, value in fields.items():
        if getattr(found, name) != value:
            setattr(found, name, value)
            changed = True
    if changed:
        found.save()
    return found


@transaction.atomic
def load(english: Locale, spanish: Locale, pages: dict[str, Any]) -> dict[str, int]:
    """Create or update the demo geographies, indicators and their sample series."""
    places = []
    for slug, kind, order, name, name_es in GEOGRAPHIES:
        place, _ = Geography.objects.update_or_create(
            slug=slug, locale=english, defaults={"kind": kind, "sort_order": order, "name": name}
        )
        _spanish_of(
            place, spanish, {"name": name_es, "slug": slug, "kind": kind, "sort_order": order}
        )
        places.append(place)
    rows: list[list[str]] = []
    for spec in INDICATORS:
        indicator, _ = Indicator.objects.update_or_create(
            slug=spec.slug,
            locale=english,
            defaults={
                "name": spec.name,
                "definition": spec.definition,
                "unit": spec.unit,
                "higher_is_better": spec.higher_is_better,
                "source_name": SOURCE,
                "source_url": "",
                "methodology": SAMPLE_NOTE,
                "is_sample": True,
                "decimals": spec.decimals,
            },
        )
        theme = Theme.objects.filter(name=spec.theme, locale=english).first()
        if theme is not None:
            IndicatorTheme.objects.get_or_create(indicator=indicator, theme=theme)
        initiative = pages.get(spec.initiative) if spec.initiative else None
        if initiative is not None:
            IndicatorInitiative.objects.get_or_create(indicator=indicator, initiative=initiative)
        _spanish_of(
            indicator,
            spanish,
            {
                "name": spec.name_es,
                "slug": spec.slug_es,
                "definition": spec.definition_es,
                "methodology": SAMPLE_NOTE_ES,
                "source_name": "Demostración de MetroHartford Alliance (datos de muestra)",
                "is_sample": True,
            },
        )
        rows += [
            [spec.slug, place.slug, str(year), str(sample_value(spec, index, year))]
            + (["provisional", "Sample data."] if year == YEARS[-1] else ["final", ""])
            for index, place in enumerate(places)
            for year in YEARS
        ]
    # Through the import, as an editor would: one change per indicator, not one per row
    # (each of which would re-index, purge and notify), and nothing when nothing changed.
    lines = ["indicator,geography,period,value,status,note"] + [",".join(row) for row in rows]
    plan = importer.plan("\n".join(lines).encode())
    if plan.errors:
        raise ValueError(f"The demo's sample series do not import: {plan.errors[0].reason}")
    importer.apply(plan, filename="demo sample data")
    observations = len(plan.rows)
    return {"geographies": len(places), "indicators": len(INDICATORS), "observations": observations}
