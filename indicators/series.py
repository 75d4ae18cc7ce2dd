"""
Reading indicators and their series, in one language: what the API, the downloads and
the report blocks share. Numbers and periods are the same in every language; names
(of indicators, geographies and themes) are read from the translation in the language
asked for, falling back to the original.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.text import slugify
from wagtail.models import Locale

from .models import Geography, Indicator, Observation, index_path, indicator_path, unit_label

API_PREFIX = "/api/v3"
#: The tag of every answer built from any indicator, geography or observation (listings).
INDICATORS_TAG = "indicators"
#: The tag of every answer that names geographies (their names, kinds and order).
GEOGRAPHIES_TAG = "geographies"


def default_language() -> str:
    return str(settings.LANGUAGE_CODE)


def locale_for(language: str) -> Locale | None:
    return Locale.objects.filter(language_code=language).first()


@dataclass(frozen=True)
class Place:
    """A geography as one language names it; ``key`` is its translation key."""

    key: Any
    slug: str
    name: str
    kind: str
    sort_order: int

    def ref(self) -> dict[str, str]:
        return {"slug": self.slug, "name": self.name, "kind": self.kind}


def places(language: str) -> dict[Any, Place]:
    """Every geography by translation key, named in ``language`` (else the original's)."""
    found: dict[Any, Place] = {}
    rows = Geography.objects.select_related("locale").order_by("sort_order", "pk")
    for geo in rows:
        current = found.get(geo.translation_key)
        if current is not None and geo.locale.language_code != language:
            continue
        if current is None or geo.locale.language_code == language:
            found[geo.translation_key] = Place(
                geo.translation_key, geo.slug, geo.name, geo.kind, geo.sort_order
            )
    return dict(sorted(found.items(), key=lambda item: (item[1].sort_order, item[1].name)))


def headline(all_places: dict[Any, Place]) -> Place | None:
    """The headline geography: the region (Metro Hartford), first of its kind."""
    return next((place for place in all_places.values() if place.kind == "region"), None)


def places_by_slug(all_places: dict[Any, Place]) -> dict[str, Place]:
    return {place.slug: place for place in all_places.values()}


# Indicators ------------------------------------------------------------------------------


def chosen_ids(language: str) -> list[tuple[Any, int]]:
    """
    ``(translation key, id)`` of one indicator per series, by name: its translation in
    ``language``, else its original. (A series not yet translated is still listed, in
    the original language.) Plain rows, so a long list costs no model instances.
    """
    default = default_language()
    chosen: dict[Any, tuple[int, str, str]] = {}
    rows = Indicator.objects.order_by("pk").values_list(
        "translation_key", "pk", "name", "locale__language_code"
    )
    for key, pk, name, code in rows:
        current = chosen.get(key)
        if current is None or code == language or (current[2] != language and code == default):
            chosen[key] = (pk, name, code)
    ordered = sorted(chosen.items(), key=lambda item: item[1][1].casefold())
    return [(key, pk) for key, (pk, _name, _code) in ordered]


def in_language(language: str) -> list[Indicator]:
    """Every series' indicator in ``language`` (see ``chosen_ids``), by name."""
    ids = [pk for _key, pk in chosen_ids(language)]
    found = Indicator.objects.select_related("locale").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def find(slug: str, language: str) -> Indicator | None:
    """The indicator with ``slug`` shown in ``language`` (its translation where there is one)."""
    rows: list[Indicator] = list(Indicator.objects.filter(slug=slug).select_related("locale"))
    if not rows:
        return None
    own: Indicator | None = next(
        (row for row in rows if row.locale.language_code == language), None
    )
    if own is not None:
        return own
    return translation(rows[0], language)


def translation(indicator: Indicator, language: str) -> Indicator:
    """``indicator`` in ``language``: its translation, else its original, else itself."""
    siblings: list[Indicator] = list(
        Indicator.objects.filter(translation_key=indicator.translation_key).select_related("locale")
    )
    for wanted in (language, default_language()):
        for sibling in siblings:
            if sibling.locale.language_code == wanted:
                return sibling
    return indicator


def series_owner(indicator: Indicator) -> Indicator:
    """The row a series' observations hang on: the original in the default language."""
    return translation(indicator, default_language())


def place_owner(geography: Geography) -> Geography:
    """The geography's original in the default language (observations point to it)."""
    found: Geography | None = Geography.objects.filter(
        translation_key=geography.translation_key,
        locale__language_code=default_language(),
    ).first()
    return found or geography


def url(indicator: Indicator, language: str) -> str:
    return indicator_path(indicator.slug, language)


def downloads(indicator: Indicator, language: str, query: str = "") -> dict[str, str]:
    base = f"{API_PREFIX}/indicators/{indicator.slug}/data"
    params = query or ("" if language == default_language() else f"locale={language}")
    suffix = f"?{params}" if params else ""
    return {"csv": f"{base}.csv{suffix}", "json": f"{base}.json{suffix}"}


def themes(
    indicator: Indicator, language: str, seen: list[Any] | None = None
) -> list[dict[str, str]]:
    """The indicator's themes, named in ``language``: ``{"slug", "name"}``."""
    return themes_of([indicator], language, seen)[indicator.pk]


def themes_of(
    indicators: list[Indicator], language: str, seen: list[Any] | None = None
) -> dict[int, list[dict[str, str]]]:
    """
    Each indicator's themes, named in ``language``, in two queries for them all; the
    themes shown are added to ``seen`` (an answer depends on their names).
    """
    from cms.core.models import Theme

    from .models import IndicatorTheme

    chosen: dict[int, list[Any]] = {indicator.pk: [] for indicator in indicators}
    rows = IndicatorTheme.objects.filter(indicator__in=list(chosen)).select_related("theme")
    for item in rows.order_by("sort_order", "pk"):
        chosen[item.indicator_id].append(item.theme)
    keys = {theme.translation_key for found in chosen.values() for theme in found}
    named = {
        theme.translation_key: theme
        for theme in Theme.objects.filter(translation_key__in=keys, locale__language_code=language)
    }
    shown = {
        pk: [named.get(theme.translation_key, theme) for theme in found]
        for pk, found in chosen.items()
    }
    if seen is not None:
        seen.extend(theme for found in shown.values() for theme in found)
    return {
        pk: [{"slug": theme_slug(theme.name), "name": theme.name} for theme in found]
        for pk, found in shown.items()
    }


def theme_slug(name: str) -> str:
    return slugify(name) or "theme"


def theme_keys(slug: str) -> set[Any]:
    """Translation keys of the themes whose name, in any language, has ``slug``."""
    from cms.core.models import Theme

    return {
        key
        for name, key in Theme.objects.values_list("name", "translation_key")
        if theme_slug(name) == slug
    }


def unit_fields(indicator: Indicator, language: str) -> dict[str, str]:
    return {"unit": indicator.unit, "unit_label": unit_label(indicator.unit, language)}


# Observations ----------------------------------------------------------------------------


def observations(
    indicator: Indicator,
    *,
    place_keys: Iterable[Any] | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[Observation]:
    """The series, by geography then time, limited to places and a date range."""
    rows = Observation.objects.filter(indicator__translation_key=indicator.translation_key)
    if place_keys is not None:
        rows = rows.filter(geography__translation_key__in=list(place_keys))
    if start is not None:
        rows = rows.filter(start_date__gte=start)
    if end is not None:
        rows = rows.filter(end_date__lte=end)
    return rows.order_by("geography__sort_order", "geography__name", "start_date", "period")


OBSERVATION_COLUMNS = (
    "period",
    "period_type",
    "start_date",
    "end_date",
    "value",
    "margin_of_error",
    "status",
    "note",
    "geography__translation_key",
)


def observation_rows(rows: QuerySet[Observation]) -> Iterator[dict[str, Any]]:
    """The series as plain rows, read in chunks (memory stays flat for long series)."""
    for values in rows.values_list(*OBSERVATION_COLUMNS).iterator(chunk_size=2000):
        yield observation_data(values)


def observation_data(values: tuple[Any, ...]) -> dict[str, Any]:
    period, period_type, start, end, value, moe, status, note, geo_key = values
    return {
        "period": period,
        "period_type": period_type,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "value": value,
        "margin_of_error": moe,
        "status": status,
        "note": note,
        "geography_key": geo_key,
    }


def public_observation(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key != "geography_key"}


def point(
    indicator: Indicator, period: str, place: Place | None, language: str
) -> dict[str, Any] | None:
    """One observation of the series with its geography, or None when there is none."""
    if place is None or not period:
        return None
    rows = observations(indicator, place_keys=[place.key]).filter(period=period)
    found = next(observation_rows(rows), None)
    if found is None:
        return None
    return {**public_observation(found), "geography": place.ref()}


def filter_q(
    *,
    theme: str | None = None,
    initiative_key: Any = None,
    indicator_keys: set[Any] | None = None,
    geography: str | None = None,
    search: str | None = None,
) -> Q:
    """The listing's filters, as one condition on ``Indicator``."""
    condition = Q()
    if theme:
        condition &= Q(indicator_themes__theme__translation_key__in=theme_keys(theme))
    if initiative_key is not None:
        condition &= Q(indicator_initiatives__initiative__translation_key=initiative_key)
    if indicator_keys is not None:
        condition &= Q(translation_key__in=indicator_keys)
    if geography:
        keys = Observation.objects.filter(geography__slug=geography).values(
            "indicator__translation_key"
        )
        condition &= Q(translation_key__in=keys)
    if search:
        for word in search.split():
            condition &= Q(name__icontains=word) | Q(definition__icontains=word)
    return condition


def index_url(language: str) -> str:
    return index_path(language)
