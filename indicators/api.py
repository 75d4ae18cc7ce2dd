"""
``/indicators/``: the Progress Points indicators and their series.

The listing gives each indicator as a card with its latest headline value and a
sparkline's worth of its series; the detail gives the whole series by geography,
filtered by period (``from``/``to``) and ``geography``. Both are cached like every
other read (``cms.api.cache``): an answer depends on ``indicator:<translation key>`` of
each indicator it shows (bumped by any change of the indicator, its translations or
its observations) and on ``indicators`` when it lists them. The downloads
(``data.csv``, ``data.json``) are in ``indicators.downloads``.
"""

from __future__ import annotations

import datetime
import warnings
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema
from pydantic import Field, StringConstraints
from wagtail.models import Page, ReferenceIndex

from cms.api.cache import Built, cached_response
from cms.api.context import SerializerContext
from cms.api.errors import ProblemError, problem_built
from cms.api.params import (
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_VALUES,
    LocaleCode,
    clean_search_query,
    date_range,
    reject_unknown,
)
from cms.api.serializers import rich_text
from cms.api.visibility import public_q
from indicators.periods import BOUND_PATTERN

from . import series
from .models import Indicator, indicator_path

router = Router(tags=["indicators"])
MAX_ID = 2**31 - 1
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
LIST_PARAMS = {"locale", "theme", "initiative", "report", "geography", "search", "limit", "offset"}
SERIES_PARAMS = {"locale", "from", "to", "geography"}
GeographySlug = Annotated[str, StringConstraints(max_length=80, pattern=SLUG_PATTERN)]
IndicatorSlug = Annotated[str, Path(..., max_length=120, pattern=SLUG_PATTERN)]


# Schemas ---------------------------------------------------------------------------------


class ThemeRef(Schema):
    slug: str = Field(description="The theme's name as a slug, in the answer's language.")
    name: str


class GeographyName(Schema):
    slug: str
    name: str


class GeographyRef(Schema):
    slug: str = Field(description="The same in every language (`geography=` takes it).")
    name: str
    kind: Literal["region", "county", "state", "nation", "peer"]


class LatestValue(Schema):
    period: str
    value: float
    geography: GeographyName


class TrendPoint(Schema):
    period: str
    value: float


with warnings.catch_warnings():
    # ``json`` is the contract's name; it hides pydantic's deprecated ``BaseModel.json``.
    warnings.filterwarnings("ignore", message='Field name "json"', category=UserWarning)

    class Downloads(Schema):
        csv: str = Field(description="The API path of the CSV download (starts with /api/v3/).")
        # The contract's name; pydantic's deprecated method of that name is not used.
        json: str = Field(description="The API path of the JSON download.")  # type: ignore[assignment]


class TranslationRef(Schema):
    locale: str
    url: str


class IndicatorCard(Schema):
    slug: str
    name: str
    unit: str = Field(description="The unit's code, such as `percent`, `dollars`, `jobs`.")
    unit_label: str = Field(description="The unit's name in the answer's language.")
    higher_is_better: bool | None = Field(description="Whether a rise is good news; null: neither.")
    is_sample: bool = Field(
        description="True for demo sample data: never the region's statistics; label it so."
    )
    themes: list[ThemeRef]
    url: str = Field(description="The indicator's page on the public site (/data/<slug>/).")
    latest: LatestValue | None = Field(
        description="The most recent value for the headline geography (Metro Hartford)."
    )
    trend: list[TrendPoint] = Field(
        description="The headline geography's series, oldest first, for a sparkline."
    )
    downloads: Downloads
    translations: list[TranslationRef] = Field(
        description="The indicator's page in each language it is translated into, this one "
        "included (for language switches and a sitemap's alternates)."
    )


class IndicatorList(Schema):
    count: int
    items: list[IndicatorCard]


class Observation(Schema):
    period: str = Field(description='"2023", "2023-Q2" or "2023-04".')
    period_type: Literal["year", "quarter", "month"]
    start_date: datetime.date
    end_date: datetime.date
    value: float
    margin_of_error: float | None
    status: Literal["final", "provisional"]
    note: str


class Point(Observation):
    """One observation with the geography it was measured for."""

    geography: GeographyRef


class Series(Schema):
    geography: GeographyRef
    observations: list[Observation]


class Source(Schema):
    name: str
    url: str | None


class InitiativeRef(Schema):
    id: int
    title: str
    url: str | None


class ReportRef(Schema):
    id: int
    title: str
    url: str | None
    publication_date: datetime.date | None


class IndicatorDetail(Schema):
    slug: str
    name: str
    definition: str
    unit: str
    unit_label: str
    higher_is_better: bool | None
    is_sample: bool
    decimals: int = Field(description="How many decimal places to show values with.")
    source: Source
    methodology: str = Field(description="HTML, as other rich text in the API.")
    themes: list[ThemeRef]
    initiatives: list[InitiativeRef]
    geographies: list[GeographyRef] = Field(
        description="Every geography the series has values for, in display order."
    )
    headline_geography: str | None = Field(
        description="The slug of the headline geography (Metro Hartford)."
    )
    series: list[Series]
    reports: list[ReportRef] = Field(description="Live reports whose figures show this indicator.")
    downloads: Downloads
    url: str
    translations: list[TranslationRef]


class IndicatorRef(Schema):
    """The indicator a report's block shows."""

    slug: str
    name: str
    url: str
    unit: str
    unit_label: str
    is_sample: bool


# Parameters -------------------------------------------------------------------------------


def check_geographies(all_places: dict[Any, series.Place], slugs: list[str] | None) -> list[Any]:
    """The translation keys of the geographies ``slugs`` name, or a 400 naming the unknown."""
    by_slug = series.places_by_slug(all_places)
    unknown = [slug for slug in slugs or [] if slug not in by_slug]
    if unknown:
        raise ProblemError(
            404,
            f"geography: no geography is called {', '.join(unknown)}.",
            [
                {"loc": ["query", "geography"], "msg": "Unknown geography", "value": s}
                for s in unknown
            ],
        )
    return [by_slug[slug].key for slug in slugs or []]


# The listing ------------------------------------------------------------------------------


@router.get(
    "/",
    response={200: IndicatorList},
    summary="List indicators",
    operation_id="indicators_list",
    description=(
        "The Progress Points indicators, by name, each with its latest headline value and "
        "trend. Filter by `theme` (a theme's slug), `initiative` or `report` (a page id: "
        "the indicators it shows), `geography` (indicators with values there) or `search` "
        "(words in the name or definition)."
    ),
)
def list_indicators(
    request: HttpRequest,
    locale: LocaleCode = "en",
    theme: str | None = Query(None, max_length=100, pattern=SLUG_PATTERN),
    initiative: int | None = Query(None, ge=1, le=MAX_ID),
    report: int | None = Query(None, ge=1, le=MAX_ID),
    geography: str | None = Query(None, max_length=80, pattern=SLUG_PATTERN),
    search: str | None = Query(None, max_length=2048),
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> HttpResponse:
    reject_unknown(request, LIST_PARAMS)
    words = clean_search_query(search) if search else ""

    def build(ctx: SerializerContext) -> Built:
        ctx.language_code = locale
        ctx.depends_on(series.INDICATORS_TAG, series.GEOGRAPHIES_TAG, "pages")
        all_places = series.places(locale)
        if geography:
            check_geographies(all_places, [geography])
        initiative_key = _page_key(ctx, initiative, "initiatives.initiativepage", "initiative")
        keys = _report_indicators(ctx, report) if report is not None else None
        condition = series.filter_q(
            theme=theme,
            initiative_key=initiative_key,
            indicator_keys=keys,
            geography=geography,
            search=words,
        )
        matching = _matching(condition)
        ids = [pk for key, pk in series.chosen_ids(locale) if key in matching]
        shown = Indicator.objects.select_related("locale").in_bulk(ids[offset : offset + limit])
        page = [shown[pk] for pk in ids[offset : offset + limit] if pk in shown]
        return Built(200, {"count": len(ids), "items": cards(ctx, page, locale, all_places)})

    return cached_response(request, build)


def _matching(condition: Any) -> set[Any]:
    """Translation keys of the indicators (in any language) that match ``condition``."""
    if not condition:
        return _ALL
    return set(Indicator.objects.filter(condition).values_list("translation_key", flat=True))


class _All(set[Any]):
    """Every key: what no filter keeps."""

    def __contains__(self, item: object) -> bool:
        return True


_ALL = _All()


def _page_key(ctx: SerializerContext, page_id: int | None, model: str, name: str) -> Any:
    """The translation key of a live page of ``model``, or a 404."""
    if page_id is None:
        return None
    ctx.depends_on(f"page:{page_id}")
    app_label, model_name = model.split(".")
    page = (
        Page.objects.live()
        .filter(public_q())
        .filter(pk=page_id, content_type__app_label=app_label, content_type__model=model_name)
        .first()
    )
    if page is None:
        raise ProblemError(404, f"{name}: no live {name} page has the id {page_id}.")
    return page.translation_key


def _report_indicators(ctx: SerializerContext, report_id: int) -> set[Any]:
    """The translation keys of the indicators a live report's blocks show."""
    from reports.models import ReportPage

    ctx.depends_on(f"page:{report_id}")
    report = ReportPage.objects.live().filter(public_q()).filter(pk=report_id).first()
    if report is None:
        raise ProblemError(404, f"report: no live report page has the id {report_id}.")
    return report_indicator_keys(report)


def report_indicator_keys(report: Any) -> set[Any]:
    chosen = [
        block.value.get("indicator")
        for block in report.body
        if block.block_type == "indicator" and block.value.get("indicator") is not None
    ]
    return {indicator.translation_key for indicator in chosen}


def cards(
    ctx: SerializerContext,
    indicators: list[Indicator],
    language: str,
    all_places: dict[Any, series.Place],
) -> list[dict[str, Any]]:
    lead = series.headline(all_places)
    trends: dict[Any, list[dict[str, Any]]] = {ind.translation_key: [] for ind in indicators}
    if lead is not None and indicators:
        from .models import Observation as ObservationModel

        rows = (
            ObservationModel.objects.filter(
                indicator__translation_key__in=list(trends),
                geography__translation_key=lead.key,
            )
            .order_by("start_date", "period")
            .values_list("indicator__translation_key", "period", "value")
        )
        for key, period, value in rows:
            trends[key].append({"period": period, "value": value})
    translated: dict[Any, list[dict[str, str]]] = {key: [] for key in trends}
    siblings = Indicator.objects.filter(translation_key__in=list(trends)).order_by(
        "locale__language_code"
    )
    for key, slug, code in siblings.values_list("translation_key", "slug", "locale__language_code"):
        translated[key].append({"locale": code, "url": indicator_path(slug, code)})
    seen: list[Any] = []
    named_themes = series.themes_of(indicators, language, seen)
    ctx.depends_on_objects(seen)
    items = []
    for indicator in indicators:
        ctx.depends_on(indicator.cache_tag)
        trend = trends[indicator.translation_key]
        latest = trend[-1] if trend else None
        items.append(
            {
                "slug": indicator.slug,
                "name": indicator.name,
                **series.unit_fields(indicator, language),
                "higher_is_better": indicator.higher_is_better,
                "is_sample": indicator.is_sample,
                "themes": named_themes[indicator.pk],
                "url": series.url(indicator, language),
                "latest": {
                    **latest,
                    "geography": {"slug": lead.slug, "name": lead.name},
                }
                if latest is not None and lead is not None
                else None,
                "trend": trend,
                "downloads": series.downloads(indicator, language),
                "translations": translated[indicator.translation_key],
            }
        )
    return items


# The detail -------------------------------------------------------------------------------


@router.get(
    "/{slug}/",
    response={200: IndicatorDetail, 404: dict},
    summary="One indicator and its series",
    operation_id="indicators_detail",
    description=(
        "The indicator with `slug` (its slug in `locale`), with its series by geography. "
        "`from` and `to` (a period, `2019`, `2019-Q2`, `2019-04`, or a day) keep the "
        "observations within them; `geography` (repeatable) keeps those geographies."
    ),
)
def indicator_detail(
    request: HttpRequest,
    slug: IndicatorSlug,
    locale: LocaleCode = "en",
    start: str | None = Query(
        None, alias="from", pattern=BOUND_PATTERN, max_length=10, description="First period."
    ),
    end: str | None = Query(
        None, alias="to", pattern=BOUND_PATTERN, max_length=10, description="Last period."
    ),
    geography: list[GeographySlug] | None = Query(None, max_length=MAX_VALUES),  # noqa: B008
) -> HttpResponse:
    reject_unknown(request, SERIES_PARAMS)
    first, last = date_range(start, end)

    def build(ctx: SerializerContext) -> Built:
        ctx.language_code = locale
        ctx.depends_on(series.GEOGRAPHIES_TAG, "pages")
        indicator = series.find(slug, locale)
        if indicator is None:
            ctx.depends_on(series.INDICATORS_TAG)
            return problem_built(404, f"No indicator is called {slug}.")
        all_places = series.places(locale)
        keys = check_geographies(all_places, geography) if geography else None
        data = detail(ctx, indicator, locale, all_places, keys, first, last)
        data["downloads"] = series.downloads(
            indicator, locale, request.META.get("QUERY_STRING", "")
        )
        return Built(200, data)

    return cached_response(request, build)


def detail(
    ctx: SerializerContext,
    indicator: Indicator,
    language: str,
    all_places: dict[Any, series.Place],
    keys: list[Any] | None,
    first: datetime.date | None,
    last: datetime.date | None,
) -> dict[str, Any]:
    ctx.depends_on(indicator.cache_tag, "type:reports.reportpage")
    seen: list[Any] = []  # the themes shown: their names are in the answer
    grouped: dict[Any, list[dict[str, Any]]] = {}
    rows = series.observations(indicator, place_keys=keys, start=first, end=last)
    for row in series.observation_rows(rows):
        grouped.setdefault(row["geography_key"], []).append(series.public_observation(row))
    present = set(
        series.observations(indicator).values_list("geography__translation_key", flat=True)
    )
    lead = series.headline(all_places)
    data = {
        "slug": indicator.slug,
        "name": indicator.name,
        "definition": indicator.definition,
        **series.unit_fields(indicator, language),
        "higher_is_better": indicator.higher_is_better,
        "is_sample": indicator.is_sample,
        "decimals": indicator.decimals,
        "source": {"name": indicator.source_name, "url": indicator.source_url or None},
        "methodology": rich_text(ctx, indicator.methodology),
        "themes": series.themes(indicator, language, seen),
        "initiatives": _initiatives(ctx, indicator, language),
        "geographies": [place.ref() for key, place in all_places.items() if key in present],
        "headline_geography": lead.slug if lead is not None else None,
        "series": [
            {"geography": place.ref(), "observations": grouped[key]}
            for key, place in all_places.items()
            if key in grouped
        ],
        "reports": _reports(ctx, indicator, language),
        "url": series.url(indicator, language),
        "translations": [
            {"locale": code, "url": series.url(sibling, code)}
            for sibling in Indicator.objects.filter(
                translation_key=indicator.translation_key
            ).select_related("locale")
            for code in [sibling.locale.language_code]
        ],
    }
    ctx.depends_on_objects(seen)
    return data


def _in_language(pages: list[Page], language: str) -> list[Page]:
    """Each live page's translation in ``language`` where one is live, else the page."""
    keys = [page.translation_key for page in pages]
    translated = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(public_q())
        .filter(translation_key__in=keys, locale__language_code=language)
        .specific()
    }
    return [translated.get(page.translation_key, page) for page in pages]


def _initiatives(
    ctx: SerializerContext, indicator: Indicator, language: str
) -> list[dict[str, Any]]:
    chosen = [
        item.initiative
        for item in indicator.indicator_initiatives.select_related("initiative")
        if item.initiative.live
    ]
    shown = _in_language(chosen, language)
    ctx.depends_on_objects(shown)
    return [
        {
            "id": page.pk,
            "title": page.title,
            "url": ctx.frontend_path(page.url_path, page.locale_id),
        }
        for page in shown
    ]


def _reports(ctx: SerializerContext, indicator: Indicator, language: str) -> list[dict[str, Any]]:
    from reports.models import ReportPage

    siblings = Indicator.objects.filter(translation_key=indicator.translation_key)
    page_ids: set[int] = set()
    for sibling in siblings:
        for reference in ReferenceIndex.get_references_to(sibling):
            if (reference.base_content_type.app_label, reference.base_content_type.model) == (
                "wagtailcore",
                "page",
            ):
                page_ids.add(int(reference.object_id))
    reports = list(
        ReportPage.objects.live()
        .filter(public_q())
        .filter(pk__in=page_ids)
        .order_by("-publication_date")
    )
    by_key = {report.translation_key: report for report in reports}
    shown = _in_language(list(by_key.values()), language)
    ctx.depends_on_objects(shown)
    return [
        {
            "id": page.pk,
            "title": page.title,
            "url": ctx.frontend_path(page.url_path, page.locale_id),
            "publication_date": getattr(page, "publication_date", None),
        }
        for page in shown
    ]


# Downloads ---------------------------------------------------------------------------------


def _file_schema(content_type: str) -> dict[str, Any]:
    """A file's schema: a JSON file is a JSON object (a client may parse it), others bytes."""
    if content_type == "application/json":
        return {"type": "object", "description": "The file, one JSON object."}
    return {"type": "string", "format": "binary"}


def file_response(content_type: str, description: str) -> dict[str, Any]:
    """The OpenAPI description of a download's 200 (a file, not JSON)."""
    return {
        "responses": {
            200: {
                "description": description,
                "headers": {
                    "Content-Disposition": {
                        "description": "attachment, with the file's name",
                        "schema": {"type": "string"},
                    }
                },
                "content": {content_type: {"schema": _file_schema(content_type)}},
            }
        }
    }


def _series_download(fmt: str) -> Any:
    def download(
        request: HttpRequest,
        slug: IndicatorSlug,
        locale: LocaleCode = "en",
        start: str | None = Query(
            None, alias="from", pattern=BOUND_PATTERN, max_length=10, description="First period."
        ),
        end: str | None = Query(
            None, alias="to", pattern=BOUND_PATTERN, max_length=10, description="Last period."
        ),
        geography: list[GeographySlug] | None = Query(None, max_length=MAX_VALUES),  # noqa: B008  # noqa: B008
    ) -> HttpResponse:
        from .downloads import series_download

        reject_unknown(request, SERIES_PARAMS)
        first, last = date_range(start, end)
        return series_download(request, slug, fmt, locale, first, last, geography)  # type: ignore[return-value]

    return download


router.get(
    "/{slug}/data.csv",
    response={404: dict},
    summary="An indicator's series as CSV",
    operation_id="indicators_data_csv",
    description="The series (same filters as the detail) as UTF-8 CSV with a header row; "
    "its first columns are the import's, so it can be edited and imported again.",
    openapi_extra=file_response("text/csv", "The series as CSV."),
)(_series_download("csv"))
router.get(
    "/{slug}/data.json",
    response={404: dict},
    summary="An indicator's series as JSON",
    operation_id="indicators_data_json",
    description="The series (same filters as the detail) as one JSON document, to save.",
    openapi_extra=file_response("application/json", "The series as a JSON file."),
)(_series_download("json"))
