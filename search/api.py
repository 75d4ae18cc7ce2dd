"""
The site search endpoints, mounted at /api/v3/search/: the HTTP side only (parameters,
schemas, caching, the search log); what they do is in ``services.py``.

``/search/`` answers a query with ranked, highlighted results, facet counts, editors'
promotions and a "did you mean"; ``/search/suggest/`` completes titles as visitors
type; ``/search/popular/`` lists what people search for. All three are cached with the
content API's response cache, which the index's signal handlers make stale.
"""

from __future__ import annotations

import datetime
import json
import logging
from typing import TYPE_CHECKING, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from cms.api import schemas, serializers, visibility
from cms.api.cache import Built, cache_key, cached_response, lookup
from cms.api.context import SerializerContext
from cms.api.errors import ProblemError, problem_response
from cms.api.params import LocaleCode, clean_search_query, date_range, reject_unknown
from indicators.periods import BOUND_PATTERN
from reports.models import ReportPage

from . import engine, querylog, services

router = Router(tags=["search"])
logger = logging.getLogger("search")

ResultKind = Literal[
    "initiative", "report", "industry", "page", "document", "organisation", "person", "indicator"
]
HitKind = Literal[
    "initiative",
    "report",
    "industry",
    "page",
    "document",
    "organisation",
    "person",
    "indicator",
    "link",
]
if TYPE_CHECKING:
    ReportType = str  # to a type checker; the API's schema lists the report types
else:
    ReportType = Literal[tuple(value for value, _ in ReportPage.ReportType.choices)]
Sort = Literal["relevance", "newest"]
MAX_PAGE_SIZE = 50
MAX_PAGE = 200
POPULAR_DAYS = querylog.POPULAR_DAYS
#: Seconds a client is told to wait while the search cluster does not answer.
UNAVAILABLE_RETRY_AFTER = 30
SEARCH_PARAMS = {
    "q",
    "locale",
    "type",
    "theme",
    "industry",
    "initiative",
    "report_type",
    "year",
    "page",
    "page_size",
    "sort",
    "from",
    "to",
}


# Schemas --------------------------------------------------------------------------------


class PdfMatch(Schema):
    id: int = Field(description="The document's id.")
    title: str
    url: str = Field(description="Absolute URL of the PDF.")
    page_number: int = Field(description="The PDF page (1-based) where the words were found.")
    page_url: str = Field(description="The PDF's URL opened at that page (#page=N).")


class SearchHit(Schema):
    kind: HitKind = Field(description="What was found; `link` only for promoted external links.")
    id: int | None = Field(
        description="The id of the page the result leads to; null for an indicator (its "
        "`path` is its page on the public site, /data/<slug>/) and an external link."
    )
    title: str
    path: str | None = Field(description="The public path of the page (/… or /es/…).")
    url: str | None = Field(description="For promoted external links: where they lead.")
    summary: str
    excerpt: str = Field(
        description="HTML-safe text around the match; matched words are in <mark>."
    )
    date: datetime.date | None
    image: schemas.Image | None
    promoted: bool = Field(description="Chosen by the editors for this query.")
    document: PdfMatch | None = Field(
        description="For a match inside a report's PDF: the PDF and the page number."
    )


class FacetValue(Schema):
    value: str = Field(description="Pass as the filter of the same name.")
    label: str = Field(
        description="What to show: in `locale` for fixed words (kinds of result, report "
        "types), the title or name for content (themes, industries, initiatives)."
    )
    count: int = Field(description="Results with this value, given the other filters.")


class Facets(Schema):
    type: list[FacetValue]
    theme: list[FacetValue]
    industry: list[FacetValue]
    initiative: list[FacetValue]
    report_type: list[FacetValue]
    year: list[FacetValue]


class SearchResults(Schema):
    query: str
    locale: str
    sort: Sort
    page: int
    page_size: int
    total: int = Field(description="Matching results (promotions not included).")
    total_is_estimate: bool = Field(
        description=(
            "True when there are too many matches to count one by one (thousands): `total` "
            "is then estimated from a sample of them, within a few per cent; show it as "
            "“about”. The results are the best-ranked matches either way."
        )
    )
    facets_are_estimates: bool = Field(
        description=(
            "True when some facet counts are estimated from a sample, as `total` can be "
            "(a facet ignores its own filter, so it can count more matches than `total`)."
        )
    )
    results: list[SearchHit] = Field(
        description="On the first page, the editors' promotions for this query come first."
    )
    facets: Facets
    suggestion: str | None = Field(
        description='When nothing matches: a "did you mean" query built from the index.'
    )


class Suggestion(Schema):
    title: str
    kind: ResultKind
    id: int
    path: str | None


class Suggestions(Schema):
    query: str
    locale: str
    suggestions: list[Suggestion]


class PopularQuery(Schema):
    query: str = Field(description="The query's words, spelled as the site writes them.")
    count: int = Field(
        description=f"Visitors who searched for it in the last {POPULAR_DAYS} days, each "
        "counted once a day."
    )


class PopularQueries(Schema):
    locale: str
    queries: list[PopularQuery]


# Helpers ----------------------------------------------------------------------------------


def get_locale_id(code: str) -> int:
    """The id of the locale of ``code`` (remembered, as the content API does)."""
    found = visibility.locale_id(code)
    if found is None:
        raise ProblemError(400, f"locale: no content is published in “{code}”.")
    return found


def unavailable(error: engine.Unavailable) -> HttpResponse:
    """The search cluster did not answer: a 503 a client may retry, never a 500."""
    logger.warning("Site search unavailable: %s", error)
    response = problem_response(
        503, "Search is unavailable for a moment; please try again shortly."
    )
    response["Retry-After"] = str(UNAVAILABLE_RETRY_AFTER)
    return response


def required_query(q: str | None) -> str:
    value = clean_search_query(q or "")
    if not value:
        raise ProblemError(
            400, "q: say what to search for.", [{"loc": ["query", "q"], "msg": "Required"}]
        )
    return value


# Endpoints --------------------------------------------------------------------------------


@router.get(
    "/",
    response={200: SearchResults},
    summary="Search the site",
    operation_id="search",
    description=(
        "Every live page, partner, person and report PDF in `locale` that contains all the "
        'words of `q` (stemmed, accents ignored; "quoted words" as a phrase). Narrow with '
        "`type`, `theme`, `industry`, `initiative`, `report_type` and `year` (repeat a "
        "filter for any of several values); `facets` counts every value over the whole "
        "result set, each facet ignoring its own filter. Promotions chosen by the editors "
        "come first; when nothing matches, `suggestion` offers a corrected query."
    ),
)
def search(
    request: HttpRequest,
    q: str = Query("", max_length=2048, description="What to search for."),
    locale: LocaleCode = "en",
    type: list[ResultKind] | None = Query(None, description="Only these kinds of result."),  # noqa: B008
    theme: list[int] | None = Query(None, description="Theme ids (see `facets.theme`)."),  # noqa: B008
    industry: list[int] | None = Query(None, description="Industry profile page ids."),  # noqa: B008
    initiative: list[int] | None = Query(None, description="Initiative page ids."),  # noqa: B008
    report_type: list[ReportType] | None = Query(None),  # noqa: B008
    year: list[int] | None = Query(None),  # noqa: B008
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(10, ge=1, le=MAX_PAGE_SIZE),
    sort: Sort = "relevance",
    start: str | None = Query(
        None,
        alias="from",
        pattern=BOUND_PATTERN,
        max_length=10,
        description="Only results published on or after this day (`2019-06-01`), or the "
        "first day of this month (`2019-06`), quarter (`2019-Q2`) or year (`2019`): "
        "reports by publication date, and their PDFs; undated results are left out.",
    ),
    end: str | None = Query(
        None,
        alias="to",
        pattern=BOUND_PATTERN,
        max_length=10,
        description="Only results published on or before this day, or the last day of "
        "this month, quarter or year.",
    ),
):
    reject_unknown(request, SEARCH_PARAMS)
    first, last = date_range(start, end)
    query = required_query(q)
    for values in (theme, industry, initiative, year):
        if values and any(not 0 < value < 2**31 for value in values):
            raise ProblemError(400, "Filter ids and years must be positive numbers.")
    locale_id = get_locale_id(locale)
    # Whether the visitor was shown anything, for the log (only the first page of a
    # search is a search; the others are the same visitor reading on).
    answered: dict[str, bool] = {}

    filters = engine.Filters(
        {
            name: [str(v) for v in values]
            for name, values in {
                "type": type,
                "theme": theme,
                "industry": industry,
                "initiative": initiative,
                "report_type": report_type,
                "year": year,
            }.items()
            if values
        },
        start=first,
        end=last,
    )

    asked = services.SearchQuery(query, locale, locale_id, filters, page, page_size, sort)

    def build(ctx: SerializerContext) -> Built:
        ctx.language_code = locale
        # "listing": a page published or unpublished since, seen by the
        # query-time visibility check before the index follows it.
        ctx.depends_on("listing", "search")
        body = services.search_page(ctx, asked)
        answered["found"] = bool(body["total"] or body["results"])
        serializers.finish(ctx)
        return Built(200, body)

    try:
        response = cached_response(request, build)
    except engine.Unavailable as error:
        return unavailable(error)
    if page == 1 and request.method == "GET":
        found = answered.get("found")
        if found is None:
            found = _cached_answer_found(request, response)
        if found is not None:
            querylog.record_search(request, locale_id, query, found)
    return response


def _cached_answer_found(request: HttpRequest, response: HttpResponse) -> bool | None:
    """Whether a search answered from the cache showed any result (None: cannot tell)."""
    body = response.content if response.status_code == 200 else b""
    if not body:
        # A 304: the body is the cached one the visitor already holds.
        key = cache_key(request.scheme, request.get_host(), request.path, list(request.GET.lists()))
        entry = lookup(key)
        body = entry["body"] if entry and entry["status"] == 200 else b""
    try:
        data = json.loads(body)
        return bool(data["total"] or data["results"])
    except (ValueError, KeyError, TypeError):
        return None


@router.get(
    "/suggest/",
    response={200: Suggestions},
    summary="Suggest titles as the visitor types",
    operation_id="search_suggest",
    description=(
        "Up to ten live pages (and partners, people) in `locale` whose title, or a part of "
        "it starting at a word, begins with `q`; accents and case are ignored."
    ),
)
def suggest(
    request: HttpRequest,
    q: str = Query("", max_length=2048, description="What the visitor has typed so far."),
    locale: LocaleCode = "en",
):
    reject_unknown(request, {"q", "locale"})
    query = clean_search_query(q)
    locale_id = get_locale_id(locale)

    def build(ctx: SerializerContext) -> Built:
        # "listing": a page published or unpublished since, seen by the
        # query-time visibility check before the index follows it.
        ctx.depends_on("listing", "search")
        items = services.suggestions(ctx, locale_id, query)
        return Built(200, {"query": query, "locale": locale, "suggestions": items})

    try:
        return cached_response(request, build)
    except engine.Unavailable as error:
        return unavailable(error)


@router.get(
    "/popular/",
    response={200: PopularQueries},
    summary="Popular searches",
    operation_id="search_popular",
    description=(
        f"What visitors searched for most in `locale` over the last {POPULAR_DAYS} days, "
        "most visitors first. A query is listed only once several distinct visitors "
        "searched it and found something, while it still finds a live, public page or "
        "PDF, and unless the editors hid it; queries of only function words, numbers or "
        "single letters never are."
    ),
)
def popular(
    request: HttpRequest,
    locale: LocaleCode = "en",
    limit: int = Query(10, ge=1, le=MAX_PAGE_SIZE),
):
    reject_unknown(request, {"locale", "limit"})
    locale_id = get_locale_id(locale)

    def build(ctx: SerializerContext) -> Built:
        # "search": content changes (a page restricted since may take a query out);
        # "search-popular": the editors hid or showed a query.
        ctx.depends_on("search", "search-popular")
        queries = services.popular(locale_id, locale, limit)
        return Built(200, {"locale": locale, "queries": queries})

    try:
        return cached_response(request, build)
    except engine.Unavailable as error:
        return unavailable(error)
