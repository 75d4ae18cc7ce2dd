"""
What a report's blocks show of indicators in the API: the indicator block's point of
a series (and its comparison), and the download links of data tables. The blocks
declare these (``api_fields``/``api_values``, read by ``cms.api.blocks``); the shapes
and the reading are here.
"""

from __future__ import annotations

from typing import Any

from cms.api.context import SerializerContext

from . import series
from .api import Downloads, IndicatorRef, Point
from .downloads import table_urls
from .models import unit_label


def indicator_block_fields() -> dict[str, Any]:
    return {
        "comparison_geography": None,  # shown as ``comparison.geography``
        "indicator": IndicatorRef | None,
        "point": Point | None,
        "comparison": Point | None,
        "downloads": Downloads | None,
    }


def indicator_block_values(value: Any, data: dict[str, Any], ctx: SerializerContext) -> None:
    chosen = value.get("indicator")
    data.update({"indicator": None, "point": None, "comparison": None, "downloads": None})
    if chosen is None:
        return
    language = ctx.language_code
    indicator = series.translation(chosen, language)
    ctx.depends_on(indicator.cache_tag, series.GEOGRAPHIES_TAG)
    places = series.places(language)
    lead = series.headline(places)
    period = value.get("indicator_period") or ""
    other = value.get("comparison_geography")
    place = places.get(other.translation_key) if other is not None else None
    point = series.point(indicator, period, lead, language)
    comparison = series.point(indicator, period, place, language)
    data.update(
        {
            "indicator": {
                "slug": indicator.slug,
                "name": indicator.name,
                "url": series.url(indicator, language),
                "unit": indicator.unit,
                "unit_label": unit_label(indicator.unit, language),
                "is_sample": indicator.is_sample,
            },
            "point": point,
            "comparison": comparison,
            "downloads": series.downloads(indicator, language),
            # The hand-typed fields, from the series: what an older front end shows.
            "label": indicator.name,
            "value": point["value"] if point else None,
            "unit": unit_label(indicator.unit, language),
            "period": period,
            "comparison_value": comparison["value"] if comparison else None,
            "comparison_label": place.name if place else "",
            "source": indicator.source_name,
            "source_url": indicator.source_url,
        }
    )


def table_block_fields() -> dict[str, Any]:
    return {"downloads": Downloads}


def table_block_values(value: Any, data: dict[str, Any], ctx: SerializerContext) -> None:
    if ctx.page_id is None or not ctx.block_id:  # an unsaved preview: nothing to download
        data["downloads"] = {"csv": "", "json": ""}
        return
    data["downloads"] = table_urls(ctx.page_id, ctx.block_id)
