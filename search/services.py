"""
What the search endpoints do; ``api.py`` is only the HTTP side (parameters, caching,
the search log, the answer's status).

``search_page`` answers a query: the backend's ranked page of hits (``search.engine``),
the editors' promotions placed as ``search.ranking`` says, facet counts with their
labels, and a "did you mean" when nothing matches. ``suggestions`` completes titles,
``popular`` lists what visitors search for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import F
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page

from cms.api import serializers
from cms.api.context import SerializerContext
from cms.core.models import card
from reports.models import ReportPage

from . import engine, querylog, ranking, text
from .indexer import is_visible, page_kind, short_summary
from .models import Entry, Kind, Term
from .vocabulary import is_public_word, is_written_publicly


@dataclass
class SearchQuery:
    """A search as the visitor asked for it (already checked by the API)."""

    query: str
    locale: str
    locale_id: int
    filters: engine.Filters
    page: int = 1
    page_size: int = 10
    sort: str = "relevance"


def search_page(ctx: SerializerContext, asked: SearchQuery) -> dict[str, Any]:
    """One page of results, with promotions (first page only), facets and a suggestion."""
    parsed = text.parse_query(
        asked.query, asked.locale, also=engine.text_languages(asked.locale_id)
    )
    outcome = engine.search(
        asked.locale_id,
        parsed,
        asked.filters,
        offset=(asked.page - 1) * asked.page_size,
        limit=asked.page_size,
        sort=asked.sort,
    )
    results = promotions(ctx, asked.query, asked.locale_id) if asked.page == 1 else []
    results += ranked_results(ctx, outcome, parsed, asked.locale, results)
    suggestion = None
    if outcome.total == 0 and parsed:
        suggestion = did_you_mean(asked.locale_id, parsed, asked.filters)
    return {
        "query": asked.query,
        "locale": asked.locale,
        "sort": asked.sort,
        "page": asked.page,
        "page_size": asked.page_size,
        "total": outcome.total,
        "total_is_estimate": outcome.estimated,
        "facets_are_estimates": outcome.facets_estimated,
        "results": results,
        "facets": facet_lists(outcome.facets, asked.locale),
        "suggestion": suggestion,
    }


def ranked_results(
    ctx: SerializerContext,
    outcome: engine.Outcome,
    parsed: text.ParsedQuery,
    language: str,
    promoted: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The backend's hits as results, leaving out what a promotion already shows."""
    # The page's path and locale only: building Page objects costs more than the query.
    entries = (
        Entry.objects.select_related("document")
        .defer("title_terms", "terms", "title_text")
        .annotate(page_url_path=F("page__url_path"), page_locale_id=F("page__locale_id"))
        .in_bulk([hit.entry_id for hit in outcome.hits])
    )
    promoted_ids = {hit["id"] for hit in promoted if hit["id"] is not None}
    results = []
    for hit in outcome.hits:
        entry = entries.get(hit.entry_id)
        if entry is None:
            continue
        if ranking.promotion_hides(entry.kind, entry.object_id, entry.page_id, promoted_ids):
            continue
        results.append(serialise_entry(ctx, entry, parsed, language, hit.excerpt))
    return results


def serialise_entry(
    ctx: SerializerContext,
    entry: Entry,
    query: text.ParsedQuery,
    language: str,
    excerpt: str | None = None,
) -> dict[str, Any]:
    excerpt_source = entry.body or entry.summary
    # A PDF's words are stemmed in the language it is written in.
    language = entry.language or language
    document = None
    doc = serializers.document(ctx, entry.document) if entry.document_id else None
    # A private PDF gives no id, title or URL (keeping its text out of the index at all
    # is the indexer's job).
    if doc is not None and not doc["restricted"]:
        document = {
            "id": doc["id"],
            "title": doc["title"],
            "url": doc["url"],
            "page_number": entry.pdf_page or 1,
            "page_url": f"{doc['url']}#page={entry.pdf_page or 1}",
        }
    ctx.depends_on(f"page:{entry.page_id}")
    indicator = entry.kind == Kind.INDICATOR
    return {
        "kind": entry.kind,
        # An indicator's entry hangs on its language's home page (search.indexer): it
        # leads to the indicator's own page, which is no page of the CMS.
        "id": None if indicator else entry.page_id,
        "title": entry.title,
        # Annotated by ranked_results' query.
        "path": _indicator_path(ctx, entry)
        if indicator
        else ctx.frontend_path(entry.page_url_path, entry.page_locale_id),  # type: ignore[attr-defined]
        "url": None,
        "summary": entry.summary,
        # The engine's own highlight when it gave one (OpenSearch's), else ours.
        "excerpt": excerpt or text.highlight(excerpt_source, query.terms, language),
        "date": entry.date,
        "image": serializers.image(ctx, entry.image_id),
        "promoted": False,
        "document": document,
    }


def _indicator_path(ctx: SerializerContext, entry: Entry) -> str | None:
    from indicators.models import Indicator, indicator_path

    slug = Indicator.objects.filter(pk=entry.object_id).values_list("slug", flat=True).first()
    if slug is None:
        return None
    return indicator_path(slug, ctx.locale_code(entry.locale_id))


# Promotions ---------------------------------------------------------------------------------


def promotions(ctx: SerializerContext, query: str, locale_id: int) -> list[dict[str, Any]]:
    """The editors' promotions for ``query``, as results (pages in ``locale_id``)."""
    ctx.depends_on("search-promotions")
    picks = SearchPromotion.objects.filter(
        query__query_string=" ".join(query.lower().split())
    ).select_related("page")
    found = []
    for pick in picks:
        if pick.page is None:
            if pick.external_link_url:
                found.append(_promoted_link(pick))
            continue
        page = pick.page
        if page.locale_id != locale_id:
            page = Page.objects.filter(
                translation_key=page.translation_key, locale_id=locale_id
            ).first()
        if page is None or not is_visible(page):
            continue
        found.append(_promoted_page(ctx, pick, page.specific))
    return found


def _promoted_link(pick: SearchPromotion) -> dict[str, Any]:
    return {
        "kind": "link",
        "id": None,
        "title": pick.external_link_text or pick.external_link_url,
        "path": None,
        "url": pick.external_link_url,
        "summary": pick.description,
        "excerpt": "",
        "date": None,
        "image": None,
        "promoted": True,
        "document": None,
    }


def _promoted_page(ctx: SerializerContext, pick: SearchPromotion, page: Page) -> dict[str, Any]:
    shown = card(page)
    return {
        "kind": page_kind(page),
        "id": page.pk,
        "title": shown.title,
        "path": ctx.frontend_path(page.url_path, page.locale_id),
        "url": None,
        "summary": pick.description or short_summary(shown.summary),
        "excerpt": "",
        "date": None,
        "image": serializers.image(ctx, shown.image_id),
        "promoted": True,
        "document": None,
    }


# Facets -------------------------------------------------------------------------------------

#: The facets whose labels are fixed words rather than content, in the languages other
#: than English (whose labels are the choices' own). Every value needs its label here;
#: a test checks that none is missing.
FACET_LABELS: dict[str, dict[str, dict[str, str]]] = {
    "es": {
        "type": {
            Kind.INITIATIVE: "Iniciativas",
            Kind.REPORT: "Informes",
            Kind.INDUSTRY: "Industrias",
            Kind.PAGE: "Páginas",
            Kind.DOCUMENT: "Documentos PDF",
            Kind.ORGANISATION: "Socios",
            Kind.PERSON: "Personas",
            Kind.INDICATOR: "Indicadores",
        },
        "report_type": {
            ReportPage.ReportType.PROGRESS_POINTS: "Progress Points",
            ReportPage.ReportType.BROCHURE: "Folleto",
            ReportPage.ReportType.DATA_BRIEF: "Resumen de datos",
            ReportPage.ReportType.ANNUAL_REPORT: "Informe anual",
            ReportPage.ReportType.OTHER: "Otros",
        },
    }
}


#: Facets whose values are page ids, labelled with the pages' titles.
PAGE_FACETS = ("industry", "initiative")


def _facet_labels(
    name: str, values: list[str], language: str, page_titles: dict[str, str]
) -> dict[str, str]:
    from cms.core.models import Theme

    fixed = FACET_LABELS.get(language, {}).get(name)
    if fixed is not None:
        return {str(value): label for value, label in fixed.items()}
    if name == "type":
        return {value: str(Kind(value).label) for value in values if value in Kind.values}
    if name == "report_type":
        return dict(ReportPage.ReportType.choices)
    if name == "theme":
        ids = [int(v) for v in values if v.isdigit()]
        return {str(pk): n for pk, n in Theme.objects.filter(pk__in=ids).values_list("pk", "name")}
    if name in PAGE_FACETS:
        return page_titles
    return {value: value for value in values}


def facet_lists(
    counts: dict[str, dict[str, int]], language: str
) -> dict[str, list[dict[str, Any]]]:
    """Each facet's values with their counts and labels in ``language``."""
    page_ids = {int(v) for name in PAGE_FACETS for v in counts.get(name, {}) if v.isdigit()}
    page_titles = {
        str(pk): title
        for pk, title in Page.objects.filter(pk__in=page_ids).values_list("pk", "title")
    }
    lists = {}
    for name in engine.FACETS:
        values = counts.get(name, {})
        labels = _facet_labels(name, list(values), language, page_titles)
        items: list[dict[str, Any]] = [
            {"value": value, "label": str(labels.get(value, value)), "count": count}
            for value, count in values.items()
        ]
        if name == "year":
            items.sort(key=lambda item: item["value"], reverse=True)
        else:
            items.sort(key=lambda item: (-item["count"], item["label"]))
        lists[name] = items
    return lists


# "Did you mean" -----------------------------------------------------------------------------

#: Close words checked for being public, closest first, before giving up on a word.
MAX_CLOSE_WORDS = 5


def did_you_mean(locale_id: int, query: text.ParsedQuery, filters: engine.Filters) -> str | None:
    """A query of words from the index that are close to the visitor's, if it finds anything."""
    if not query.words or len(query.words) > 8:
        return None
    corrected = []
    changed = False
    for word in query.words:
        # The vocabulary keeps words of pages restricted since and of private PDFs:
        # only a word written somewhere public is known or offered (search.vocabulary).
        if is_public_word(locale_id, word, query.language):
            corrected.append(word)
            continue
        best = _closest(
            locale_id, word, lambda found: is_written_publicly(locale_id, found, query.language)
        )
        if best is None:
            corrected.append(word)
        else:
            corrected.append(best)
            changed = True
    if not changed:
        return None
    suggestion = " ".join(corrected)
    parsed = text.parse_query(suggestion, query.language, also=engine.text_languages(locale_id))
    if engine.matcher(locale_id, parsed, filters).count() == 0:
        return None
    return suggestion


def _closest(locale_id: int, word: str, accept: Callable[[str], bool]) -> str | None:
    if len(word) < 3:
        return None
    limit = 1 if len(word) <= 4 else 2
    offered = engine.close_words(word, MAX_CLOSE_WORDS * 2)
    if offered is not None:
        # The cluster's term suggester: as close as the vocabulary's would be, any locale's
        # (``accept`` keeps words written publicly in this one).
        close_enough = [w for w in offered if text.edit_distance(word, w, limit) <= limit]
        return next((w for w in close_enough[:MAX_CLOSE_WORDS] if accept(w)), None)
    candidates = Term.objects.filter(
        locale_id=locale_id, word__gte=word[0], word__lt=word[0] + "\U0010ffff"
    ).values_list("word", flat=True)
    close: list[tuple[int, int, str]] = []
    for candidate in candidates.iterator(chunk_size=2000):
        if abs(len(candidate) - len(word)) > limit:
            continue
        distance = text.edit_distance(word, candidate, limit)
        if distance <= limit:
            close.append((distance, abs(len(candidate) - len(word)), candidate))
    for _rank, _length, candidate in sorted(close)[:MAX_CLOSE_WORDS]:
        if accept(candidate):
            return candidate
    return None


# Suggestions and popular searches ---------------------------------------------------------


def suggestions(ctx: SerializerContext, locale_id: int, query: str) -> list[dict[str, Any]]:
    """Titles that complete ``query`` as the visitor types, as the API lists them."""
    found = engine.suggest(locale_id, query) if query else []
    return [
        {
            "title": item.title,
            "kind": item.kind,
            "id": item.page_id,
            "path": ctx.frontend_path(item.url_path, item.locale_id),
        }
        for item in found
    ]


def popular(locale_id: int, language: str, limit: int) -> list[dict[str, Any]]:
    """What visitors searched for most (see ``search.querylog``)."""
    return querylog.popular_queries(locale_id, language, limit)
