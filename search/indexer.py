"""
Turning content into index entries, and keeping them current.

``index_page`` (re)writes everything a page contributes: its own entry, one entry per
page of its report PDF, and one per partner or person it shows. A page that is not
live, sits behind a view restriction or is outside every site contributes nothing.
What a page type contributes in text is what its ``search_fields`` declare; fields
boosted 2 or more (and the title) count as title text.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Manager
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.search import index

from cms.core.models import BasePage, Organisation, Person

from . import text
from .models import DocumentPage, DocumentText, Entry, Facet, Kind, Suggestion, Term

KIND_BY_MODEL = {
    "initiatives.InitiativePage": Kind.INITIATIVE,
    "reports.ReportPage": Kind.REPORT,
    "industries.IndustryProfilePage": Kind.INDUSTRY,
}
SNIPPET_KINDS = {Organisation: Kind.ORGANISATION, Person: Kind.PERSON}
STRONG_BOOST = 2
# Visitors come for reports; a partner or a PDF page should not outrank the page
# about the same thing.
BOOSTS = {Kind.REPORT: 1.5, Kind.DOCUMENT: 0.5, Kind.ORGANISATION: 0.5, Kind.PERSON: 0.5}
SUMMARY_LENGTH = 300
MAX_SUGGESTION_WORDS = 8


@dataclass
class EntryData:
    key: str
    group_key: str
    kind: str
    title: str
    strong: list[str] = field(default_factory=list)
    normal: list[str] = field(default_factory=list)
    summary: str = ""
    date: datetime.date | None = None
    image_id: int | None = None
    document_id: int | None = None
    pdf_page: int | None = None
    object_id: int | None = None
    facets: dict[str, set[str]] = field(default_factory=dict)
    suggest: bool = True
    # The language the text is written in, when it is not the locale's (a PDF in
    # English on a Spanish page): its words are stemmed in that language.
    language: str = ""


# Text of a model's search_fields -----------------------------------------------------


_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _flatten(value: Any) -> Iterator[str]:
    if value is None:
        return
    if isinstance(value, str):
        if _TAG.search(value):
            value = html.unescape(strip_tags(value))
        if value.strip():
            yield value
    elif isinstance(value, Manager):
        for item in value.all():
            yield from _flatten(str(item))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    elif isinstance(value, Iterable):
        for item in value:
            yield from _flatten(item)
    elif not isinstance(value, (bool, int, float, datetime.date)):
        yield from _flatten(str(value))


def _field_texts(obj: Any, fields: Iterable[Any]) -> Iterator[tuple[bool, str]]:
    """(is_strong, text) for each declared search field of ``obj``."""
    for search_field in fields:
        if isinstance(search_field, index.SearchField):
            strong = search_field.field_name == "title" or (
                (search_field.boost or 0) >= STRONG_BOOST
            )
            for piece in _flatten(search_field.get_value(obj)):
                yield strong, piece
        elif isinstance(search_field, index.RelatedFields):
            related = search_field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related = list(related.all())
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for item in related:
                for _strong, piece in _field_texts(item, search_field.fields):
                    # Related names (partners, tags, employers) are body text.
                    yield False, piece


def model_texts(obj: Any) -> tuple[list[str], list[str]]:
    strong: list[str] = []
    normal: list[str] = []
    seen: set[str] = set()
    for is_strong, piece in _field_texts(obj, obj.get_search_fields()):
        piece = " ".join(piece.split())
        if piece in seen:
            continue
        seen.add(piece)
        (strong if is_strong else normal).append(piece)
    return strong, normal


# What a page contributes ---------------------------------------------------------------


def page_kind(page: Page) -> str:
    return KIND_BY_MODEL.get(page._meta.label, Kind.PAGE)


def page_date(page: Page) -> datetime.date | None:
    value = getattr(page, "publication_date", None)
    if value:
        return value
    published = page.first_published_at or page.last_published_at
    return timezone.localtime(published).date() if published else None


def page_image_id(page: Page) -> int | None:
    for name in ("listing_image_id", "cover_image_id", "hero_image_id"):
        value = getattr(page, name, None)
        if value:
            return value
    return None


def page_summary(page: Page) -> str:
    summary = page.get_listing_summary() if isinstance(page, BasePage) else ""
    for name in ("summary", "sector_summary", "intro", "hero_intro", "goal"):
        if summary:
            break
        summary = getattr(page, name, "") or ""
    return Truncator(" ".join(summary.split())).chars(SUMMARY_LENGTH)


def _localised_ids(model: type, objects: Iterable[Any], locale_id: int) -> set[str]:
    """Ids of ``objects`` in ``locale_id`` where a translation exists, else their own."""
    objects = [o for o in objects if o is not None]
    if not objects:
        return set()
    keys = {o.translation_key for o in objects if o.locale_id != locale_id}
    translated = dict(
        model.objects.filter(translation_key__in=keys, locale_id=locale_id).values_list(
            "translation_key", "pk"
        )
    )
    return {str(translated.get(o.translation_key, o.pk)) for o in objects}


def page_facets(page: Page, kind: str, date: datetime.date | None) -> dict[str, set[str]]:
    from cms.core.models import Theme
    from industries.models import IndustryRelatedInitiative, IndustryRelatedReport
    from initiatives.models import InitiativeRelatedIndustry, InitiativeRelatedReport
    from reports.models import ReportRelatedIndustry, ReportRelatedInitiative

    facets: dict[str, set[str]] = {"type": {kind}}
    if date:
        facets["year"] = {str(date.year)}
    industries: list[Page] = []
    initiatives: list[Page] = []
    if kind == Kind.REPORT:
        facets["report_type"] = {page.report_type}
        themes = [item.theme for item in page.report_themes.select_related("theme")]
        facets["theme"] = _localised_ids(Theme, themes, page.locale_id)
        industries += [r.industry for r in page.related_industries.select_related("industry")]
        initiatives += [r.initiative for r in page.related_initiatives.select_related("initiative")]
        industries += [
            r.page for r in IndustryRelatedReport.objects.filter(report=page).select_related("page")
        ]
        initiatives += [
            r.page
            for r in InitiativeRelatedReport.objects.filter(report=page).select_related("page")
        ]
    elif kind == Kind.INITIATIVE:
        initiatives.append(page)
        industries += [r.industry for r in page.related_industries.select_related("industry")]
        industries += [
            r.page
            for r in IndustryRelatedInitiative.objects.filter(initiative=page).select_related(
                "page"
            )
        ]
        for relation in ReportRelatedInitiative.objects.filter(initiative=page):
            facets.setdefault("report", set()).add(str(relation.page_id))
    elif kind == Kind.INDUSTRY:
        industries.append(page)
        initiatives += [r.initiative for r in page.related_initiatives.select_related("initiative")]
        initiatives += [
            r.page
            for r in InitiativeRelatedIndustry.objects.filter(industry=page).select_related("page")
        ]
        for relation in ReportRelatedIndustry.objects.filter(industry=page):
            facets.setdefault("report", set()).add(str(relation.page_id))
    facets.pop("report", None)
    if industries:
        facets["industry"] = _localised_ids(Page, industries, page.locale_id)
    if initiatives:
        facets["initiative"] = _localised_ids(Page, initiatives, page.locale_id)
    return {name: values for name, values in facets.items() if values}


def referenced_snippets(page: Page) -> list[Any]:
    """The partners and people a page shows (its fields, inlines and blocks)."""
    wanted = {}
    for model in SNIPPET_KINDS:
        content_type = ReferenceIndex._get_base_content_type(model)
        wanted[content_type.pk] = model
    ids: dict[type, set[int]] = {}
    for content_type_id, object_id, *_ in ReferenceIndex._extract_references_from_object(page):
        model = wanted.get(content_type_id)
        if model is not None and str(object_id).isdigit():
            ids.setdefault(model, set()).add(int(object_id))
    found = []
    for model, pks in ids.items():
        found += list(model.objects.filter(pk__in=pks))
    return found


def document_language(doc_pages: list[DocumentPage], locale_language: str) -> str:
    """
    The language a document is written in when it is clearly not its page's ("" when it
    is the same, or unclear). One document is often shared by a page's translations.
    """
    sample = " ".join(doc_page.text for doc_page in doc_pages)[:50_000]
    found = text.detect_language(sample)
    if found is None or found == locale_language.split("-")[0]:
        return ""
    return found


def page_entries(page: Page) -> list[EntryData]:
    kind = page_kind(page)
    date = page_date(page)
    strong, normal = model_texts(page)
    facets = page_facets(page, kind, date)
    summary = page_summary(page)
    entries = [
        EntryData(
            key=f"page:{page.pk}",
            group_key=f"page:{page.pk}",
            kind=kind,
            title=page.get_listing_title() if isinstance(page, BasePage) else page.title,
            strong=strong,
            normal=normal,
            summary=summary,
            date=date,
            image_id=page_image_id(page),
            facets=facets,
        )
    ]
    document_id = getattr(page, "document_id", None)
    if document_id:
        document = page.document
        pdf_facets = {**facets, "type": {Kind.DOCUMENT}}
        status = DocumentText.objects.filter(document_id=document_id).first()
        if status is not None and status.status == DocumentText.Status.OK:
            doc_pages = list(DocumentPage.objects.filter(document_id=document_id))
            language = document_language(doc_pages, page.locale.language_code)
            for doc_page in doc_pages:
                entries.append(
                    EntryData(
                        key=f"pdf:{page.pk}:{document_id}:{doc_page.number}",
                        # One result per report: its page or its best PDF page.
                        group_key=f"page:{page.pk}",
                        kind=Kind.DOCUMENT,
                        title=document.title,
                        # Only the page's own words, so that the page number
                        # points to where they are.
                        normal=[doc_page.text],
                        summary=summary,
                        date=date,
                        image_id=page_image_id(page),
                        document_id=document_id,
                        pdf_page=doc_page.number,
                        facets=pdf_facets,
                        suggest=False,
                        language=language,
                    )
                )
    for snippet in referenced_snippets(page):
        snippet_kind = SNIPPET_KINDS[type(snippet)]
        s_strong, s_normal = model_texts(snippet)
        label = type(snippet)._meta.label_lower
        entries.append(
            EntryData(
                key=f"snippet:{label}:{snippet.pk}:{page.pk}",
                group_key=f"snippet:{label}:{snippet.pk}:{page.locale_id}",
                kind=snippet_kind,
                title=snippet.name,
                strong=s_strong,
                normal=s_normal,
                summary=Truncator(
                    getattr(snippet, "description", "") or getattr(snippet, "role", "")
                ).chars(SUMMARY_LENGTH),
                image_id=getattr(snippet, "logo_id", None) or getattr(snippet, "photo_id", None),
                object_id=snippet.pk,
                facets={"type": {snippet_kind}},
            )
        )
    return entries


# Writing entries ----------------------------------------------------------------------


def language_of(locale_id: int) -> str:
    from wagtail.models import Locale

    cache = _language_cache
    if locale_id not in cache:
        cache[locale_id] = Locale.objects.get(pk=locale_id).language_code
    return cache[locale_id]


_language_cache: dict[int, str] = {}


def write_entries(page: Page, entries: list[EntryData]) -> list[Entry]:
    return write_rows([(page.pk, page.locale_id, data) for data in entries])


def write_rows(items: list[tuple[int, int, EntryData]], batch_size: int = 1000) -> list[Entry]:
    """Insert entries (with their facets, suggestions and vocabulary) for many pages at once."""
    rows = []
    vocabulary: set[tuple[int, str]] = set()
    for page_id, locale_id, data in items:
        language = data.language or language_of(locale_id)
        strong_text = " ".join(data.strong)
        normal_text = " ".join(data.normal)
        strong_words = text.words(strong_text)
        normal_words = text.words(normal_text)
        vocabulary.update((locale_id, word) for word in strong_words)
        vocabulary.update((locale_id, word) for word in normal_words)
        rows.append(
            Entry(
                key=data.key,
                group_key=data.group_key,
                locale_id=locale_id,
                kind=data.kind,
                page_id=page_id,
                document_id=data.document_id,
                pdf_page=data.pdf_page,
                object_id=data.object_id,
                title=Truncator(data.title).chars(255),
                summary=data.summary,
                body=normal_text,
                date=data.date,
                image_id=data.image_id,
                boost=BOOSTS.get(data.kind, 1.0),
                language=data.language,
                title_terms=" ".join(text.stem_words(strong_words, language)),
                terms=" ".join(text.stem_words(normal_words, language)),
            )
        )
    created = Entry.objects.bulk_create(rows, batch_size=batch_size)
    if any(row.pk is None for row in created):
        created = list(Entry.objects.filter(key__in=[row.key for row in rows]))
    by_key = {row.key: row for row in created}
    facets = []
    suggestions = []
    for _page_id, _locale_id, data in items:
        entry = by_key[data.key]
        for name, values in data.facets.items():
            facets += [Facet(entry=entry, name=name, value=str(v)[:40]) for v in values]
        if data.suggest:
            suggestions += suggestion_rows(entry, data.title)
    Facet.objects.bulk_create(facets, batch_size=batch_size * 5)
    Suggestion.objects.bulk_create(suggestions, batch_size=batch_size * 5)
    Term.objects.bulk_create(
        [Term(locale_id=locale_id, word=word) for locale_id, word in vocabulary],
        ignore_conflicts=True,
        batch_size=batch_size,
    )
    return created


def suggestion_rows(entry: Entry, title: str) -> list[Suggestion]:
    folded = text.words(title)
    rows = []
    for position in range(min(len(folded), MAX_SUGGESTION_WORDS)):
        phrase = " ".join(folded[position:])[:255]
        rows.append(
            Suggestion(entry=entry, locale_id=entry.locale_id, phrase=phrase, position=position)
        )
    return rows


def is_visible(page: Page) -> bool:
    """Live, public, and inside a site (not the tree's root)."""
    if not page.live or page.depth <= 1:
        return False
    steps = range(Page.steplen, len(page.path) + 1, Page.steplen)
    return not PageViewRestriction.objects.filter(
        page__path__in=[page.path[:i] for i in steps]
    ).exists()


@transaction.atomic
def index_page(page_or_id: Page | int) -> int:
    """Replace everything ``page`` contributes to the index; returns the entries written."""
    page_id = page_or_id if isinstance(page_or_id, int) else page_or_id.pk
    Entry.objects.filter(page_id=page_id).delete()
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not is_visible(page):
        return 0
    page = page.specific
    if not isinstance(page, BasePage):
        return 0
    return len(write_entries(page, page_entries(page)))


def unindex_page(page_id: int) -> None:
    Entry.objects.filter(page_id=page_id).delete()


def index_subtree(page: Page) -> int:
    total = 0
    for page_id in Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True):
        total += index_page(page_id)
    return total


def rebuild(stdout=None, batch_size: int = 200) -> int:
    """
    Every live page again, from scratch, written in batches. On PostgreSQL the inverted
    list's indexes are dropped while the entries go in and built once at the end
    (``postgres.bulk_load``): searches are slow until the rebuild finishes.
    """
    from . import postgres

    with transaction.atomic():
        Entry.objects.all().delete()
        Term.objects.all().delete()
    total = 0
    pages = Page.objects.live().filter(depth__gt=1).order_by("path")
    ids = list(pages.values_list("pk", flat=True))
    with postgres.bulk_load():
        for start in range(0, len(ids), batch_size):
            items = []
            for page in Page.objects.filter(pk__in=ids[start : start + batch_size]).specific():
                if isinstance(page, BasePage) and is_visible(page):
                    items += [(page.pk, page.locale_id, data) for data in page_entries(page)]
            with transaction.atomic():
                total += len(write_rows(items))
            done = min(start + batch_size, len(ids))
            if stdout is not None and (done // 1000 > start // 1000 or done == len(ids)):
                stdout.write(f"  {done} of {len(ids)} pages…")
    return total
