"""
Turning content into index entries, and keeping them current.

``index_page`` (re)writes what a page contributes: its own entry and one per partner or
person it shows, and records which documents it shows (``ShownDocument``: its own
document field, document blocks, document links in rich text). ``index_document``
(run by the worker) writes one entry per page of a PDF, pointing to the page that
shows it (see ``home_pages``). A page that is not live, sits behind a view
restriction or is outside every site contributes nothing, nor does a document in a
private collection. What a page type contributes in text is what its
``search_fields`` declare, StreamField blocks read as the visitor sees them (no
choice labels); fields boosted 2 or more (and the title) count as title text.

Each PDF shown on a page is a result of its own, apart from the page (its best
matching PDF page stands for it): so a result has one kind, and the counts by kind
add up to the total.
"""

from __future__ import annotations

import datetime
import html
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Manager
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, ReferenceIndex
from wagtail.search import index

from cms.api.pages import REGISTRY
from cms.core.models import BasePage, Organisation, Person, card

from . import generations, mirror, text
from .models import (
    DocumentPage,
    DocumentText,
    Entry,
    Facet,
    Kind,
    ShownDocument,
    Suggestion,
    Term,
)
from .ranking import BOOSTS, STRONG_BOOST

logger = logging.getLogger("search")

SNIPPET_KINDS: dict[type[Any], str] = {Organisation: Kind.ORGANISATION, Person: Kind.PERSON}
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
    if value is None or isinstance(value, (bool, int, float, datetime.date)):
        return
    if isinstance(value, str):
        if _TAG.search(value):
            value = html.unescape(strip_tags(value))
        if value.strip():
            yield value
    elif isinstance(value, Manager):
        yield from _flatten([str(item) for item in value.all()])
    elif isinstance(value, dict):
        yield from _flatten(list(value.values()))
    elif isinstance(value, Iterable):
        for item in value:
            yield from _flatten(item)
    else:
        yield from _flatten(str(value))


#: Blocks whose value is not words on the page: a choice's label ("Level 2" for a
#: heading's level) or key, a link, a number, a chosen object. Wagtail's own search
#: text includes a choice's label, which then showed in excerpts.
_NOT_WORDS = (
    blocks.ChoiceBlock,
    blocks.MultipleChoiceBlock,
    blocks.URLBlock,
    blocks.EmailBlock,
    blocks.BooleanBlock,
    blocks.IntegerBlock,
    blocks.FloatBlock,
    blocks.DecimalBlock,
    blocks.DateBlock,
    blocks.TimeBlock,
    blocks.DateTimeBlock,
    blocks.ChooserBlock,
)


def block_texts(block: blocks.Block, value: Any) -> Iterator[str]:
    """The words a visitor reads in one block's value, in order."""
    if value is None or isinstance(block, _NOT_WORDS):
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from block_texts(child.block, child.value)
    elif isinstance(block, blocks.StructBlock) and isinstance(value, blocks.StructValue):
        # (Wagtail's ImageBlock is a StructBlock whose value is the Image itself: its
        # own get_searchable_content, below, gives the alt text of that use.)
        for name, child_block in block.child_blocks.items():
            yield from block_texts(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from block_texts(block.child_block, item)
    else:
        yield from block.get_searchable_content(value)


def _stream_texts(obj: Any, field_name: str) -> list[str]:
    value = getattr(obj, field_name, None)
    if not value:
        return []
    return [piece for piece in block_texts(value.stream_block, value) if piece]


def _search_field_value(obj: Any, search_field: index.SearchField) -> Any:
    try:
        model_field = type(obj)._meta.get_field(search_field.field_name)
    except Exception:  # a search field may be a method or property
        model_field = None
    if isinstance(model_field, StreamField):
        return _stream_texts(obj, search_field.field_name)
    return search_field.get_value(obj)


def _related_objects(obj: Any, search_field: index.RelatedFields) -> list[Any]:
    related = search_field.get_value(obj)
    if related is None:
        return []
    if isinstance(related, Manager):
        return list(related.all())
    return [related() if callable(related) else related]


def _field_texts(obj: Any, fields: Iterable[Any]) -> Iterator[tuple[bool, str]]:
    """(is_strong, text) for each declared search field of ``obj``."""
    for search_field in fields:
        if isinstance(search_field, index.SearchField):
            strong = search_field.field_name == "title" or (
                (search_field.boost or 0) >= STRONG_BOOST
            )
            for piece in _flatten(_search_field_value(obj, search_field)):
                yield strong, piece
        elif isinstance(search_field, index.RelatedFields):
            for item in _related_objects(obj, search_field):
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


# A page's kind and facets are its page type's (its ``PageAPI`` in its app's ``api.py``);
# its summary, image and date are its card's (``BasePage``), as listings show them.


def page_kind(page: Page) -> str:
    api_class = REGISTRY.get(type(page))
    return api_class.search_kind if api_class else Kind.PAGE


def short_summary(summary: str) -> str:
    """A card's summary as a hit shows it: on one line, at most ``SUMMARY_LENGTH``."""
    return Truncator(" ".join(summary.split())).chars(SUMMARY_LENGTH)


def _localised_ids(model: type[Any], objects: Iterable[Any], locale_id: int) -> set[str]:
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
    """The hit's facets: its kind, year and what its page type adds (pages and snippets
    named by their id in the page's language)."""
    facets: dict[str, set[str]] = {"type": {kind}}
    if date:
        facets["year"] = {str(date.year)}
    api_class = REGISTRY.get(type(page))
    for name, values in (api_class.search_facets(page) if api_class else {}).items():
        found = {value for value in values if isinstance(value, str)}
        objects = [value for value in values if value is not None and not isinstance(value, str)]
        if objects:
            model = Page if isinstance(objects[0], Page) else type(objects[0])
            found |= _localised_ids(model, objects, page.locale_id)
        facets[name] = found
    return {name: values for name, values in facets.items() if values}


def _references(page: Page) -> dict[type, set[int]]:
    """Ids of the partners, people and documents a page shows, by model."""
    wanted = {}
    for model in [*SNIPPET_KINDS, get_document_model()]:
        content_type = ReferenceIndex._get_base_content_type(model)
        wanted[content_type.pk] = model
    ids: dict[type, set[int]] = {}
    # Read from the live page itself (the reference index also records drafts).
    for content_type_id, object_id, *_ in ReferenceIndex._extract_references_from_object(page):
        model = wanted.get(content_type_id)
        if model is not None and str(object_id).isdigit():
            ids.setdefault(model, set()).add(int(object_id))
    return ids


def referenced_snippets(page: Page, references: dict[type, set[int]] | None = None) -> list[Any]:
    """
    The partners and people a page shows (its fields, inlines and blocks), each in the
    page's language where it has a translation, as the API shows them: a Spanish page
    synchronised from English still points at the English snippets.
    """
    references = _references(page) if references is None else references
    found = []
    for model in SNIPPET_KINDS:
        if not references.get(model):
            continue
        snippets = list(model.objects.filter(pk__in=references[model]))
        foreign = {s.translation_key for s in snippets if s.locale_id != page.locale_id}
        translated = {
            s.translation_key: s
            for s in model.objects.filter(translation_key__in=foreign, locale_id=page.locale_id)
        }
        seen = set()
        for snippet in snippets:
            if snippet.locale_id != page.locale_id:
                snippet = translated.get(snippet.translation_key, snippet)
            if snippet.pk not in seen:
                seen.add(snippet.pk)
                found.append(snippet)
    return found


def shown_documents(page: Page, references: dict[type, set[int]] | None = None) -> set[int]:
    """The documents a page shows: its own document field, document blocks, rich text links."""
    references = _references(page) if references is None else references
    found = set(references.get(get_document_model(), set()))
    if getattr(page, "document_id", None):
        found.add(page.document_id)
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


def page_entries(page: Page, references: dict[type, set[int]] | None = None) -> list[EntryData]:
    """A page's own entry and one per partner or person it shows (its PDFs: ``pdf_entries``)."""
    kind = page_kind(page)
    shown = card(page)
    strong, normal = model_texts(page)
    entries = [
        EntryData(
            key=f"page:{page.pk}",
            group_key=f"page:{page.pk}",
            kind=kind,
            title=shown.title,
            strong=strong,
            normal=normal,
            summary=short_summary(shown.summary),
            date=shown.date,
            image_id=shown.image_id,
            facets=page_facets(page, kind, shown.date),
        )
    ]
    for snippet in referenced_snippets(page, references):
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


def pdf_entries(page: Page, document, doc_pages: list[DocumentPage]) -> list[EntryData]:
    """One entry per page of ``document``'s text, pointing to ``page``, which shows it."""
    shown = card(page)
    facets = {**page_facets(page, page_kind(page), shown.date), "type": {Kind.DOCUMENT.value}}
    summary = short_summary(shown.summary)
    language = document_language(doc_pages, page.locale.language_code)
    return [
        EntryData(
            key=f"pdf:{page.pk}:{document.pk}:{doc_page.number}",
            # One result per PDF: its best-matching page stands for it.
            group_key=f"pdf:{page.pk}:{document.pk}",
            kind=Kind.DOCUMENT,
            title=document.title,
            # Only the page's own words, so that the page number points to where they are.
            normal=[doc_page.text],
            summary=summary,
            date=shown.date,
            image_id=shown.image_id,
            document_id=document.pk,
            pdf_page=doc_page.number,
            facets=facets,
            suggest=False,
            language=language,
        )
        for doc_page in doc_pages
    ]


# Indicators -------------------------------------------------------------------------------
# An indicator is a result of its own (kind "indicator"), found by its name, definition,
# themes and source. The index hangs every entry on a page (for whether it may be shown,
# and for the OpenSearch copy), so an indicator's entry hangs on its language's home
# page, which is always live and public; the hit leads to the indicator's own page.


def indicator_homes() -> dict[int, Page]:
    """The live home page of each language, by locale id."""
    from home.models import HomePage

    homes: dict[int, Page] = {}
    for home in HomePage.objects.live().filter(depth=2).order_by("path"):
        if is_visible(home):
            homes.setdefault(home.locale_id, home)
    return homes


def indicator_entries(home: Page) -> list[EntryData]:
    """The entries of every indicator, in the home page's language."""
    from indicators import series
    from indicators.models import IndicatorInitiative, IndicatorTheme

    language = language_of(home.locale_id)
    entries = []
    for indicator in series.in_language(language):
        themes = [
            item.theme
            for item in IndicatorTheme.objects.filter(
                indicator__translation_key=indicator.translation_key
            ).select_related("theme")
        ]
        initiatives = [
            item.initiative
            for item in IndicatorInitiative.objects.filter(
                indicator__translation_key=indicator.translation_key
            ).select_related("initiative")
            if item.initiative.live
        ]
        theme_names = [theme["name"] for theme in series.themes(indicator, language)]
        facets: dict[str, set[str]] = {"type": {Kind.INDICATOR.value}}
        if themes:
            facets["theme"] = _localised_ids(type(themes[0]), themes, home.locale_id)
        if initiatives:
            facets["initiative"] = _localised_ids(Page, initiatives, home.locale_id)
        entries.append(
            EntryData(
                key=f"indicator:{indicator.translation_key}:{home.locale_id}",
                group_key=f"indicator:{indicator.translation_key}:{home.locale_id}",
                kind=Kind.INDICATOR,
                title=indicator.name,
                strong=[indicator.name, *theme_names],
                normal=[indicator.definition, indicator.source_name],
                summary=short_summary(indicator.definition),
                object_id=indicator.pk,
                facets=facets,
                # Suggestions lead to pages by their path; an indicator's is its own.
                suggest=False,
            )
        )
    return entries


def _replace_indicators(
    generation: int, vocabulary_seen: set[tuple[int, str]] | None = None
) -> int:
    Entry.objects.filter(generation=generation, kind=Kind.INDICATOR).delete()
    items = [
        (home.pk, home.locale_id, data)
        for home in indicator_homes().values()
        for data in indicator_entries(home)
    ]
    return len(write_rows(items, generation=generation, vocabulary_seen=vocabulary_seen))


@transaction.atomic
def index_indicators() -> int:
    """Write every indicator's entries again (in every generation being written)."""
    live_generation, *building = generations.for_writing()
    written = _replace_indicators(live_generation)
    for generation in building:
        _also_building(generation, _replace_indicators)
    mirror.changed(page_ids=[home.pk for home in indicator_homes().values()])
    return written


# Writing entries ----------------------------------------------------------------------


def language_of(locale_id: int) -> str:
    from wagtail.models import Locale

    cache = _language_cache
    if locale_id not in cache:
        cache[locale_id] = Locale.objects.get(pk=locale_id).language_code
    return cache[locale_id]


_language_cache: dict[int, str] = {}


def write_entries(
    page: Page, entries: list[EntryData], generation: int | None = None
) -> list[Entry]:
    return write_rows([(page.pk, page.locale_id, data) for data in entries], generation=generation)


def write_rows(
    items: list[tuple[int, int, EntryData]],
    batch_size: int = 1000,
    *,
    generation: int | None = None,
    vocabulary_seen: set[tuple[int, str]] | None = None,
) -> list[Entry]:
    """
    Insert entries (with their facets, suggestions and vocabulary) for many pages at
    once, into ``generation`` (the live one by default). ``vocabulary_seen`` collects
    the words written, for a rebuild.
    """
    if generation is None:
        generation = generations.live()
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
                generation=generation,
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
                title_text=strong_text,
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
        created = list(
            Entry.objects.filter(generation=generation, key__in=[row.key for row in rows])
        )
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
    if vocabulary_seen is not None:
        vocabulary_seen |= vocabulary
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


def _replace_page(
    page_id: int,
    page: Page | None,
    entries: list[EntryData],
    generation: int,
    vocabulary_seen: set[tuple[int, str]] | None = None,
) -> int:
    """A page's own rows (not its PDFs', which ``index_document`` writes) in one generation."""
    Entry.objects.filter(page_id=page_id, generation=generation, document__isnull=True).exclude(
        kind=Kind.INDICATOR
    ).delete()
    if page is None or not entries:
        return 0
    items = [(page.pk, page.locale_id, data) for data in entries]
    return len(write_rows(items, generation=generation, vocabulary_seen=vocabulary_seen))


def _also_building(generation: int, write) -> None:
    """
    Write into the generation a rebuild is building too. Should its write of the same
    rows cross ours, the rebuild's catch-up (before the swap) writes them again.
    """
    try:
        with transaction.atomic():
            write(generation)
    except IntegrityError:
        logger.warning("Search: a write crossed the rebuild of generation %s", generation)


def _visible_page(page_id: int) -> Page | None:
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not is_visible(page):
        return None
    page = page.specific
    return page if isinstance(page, BasePage) else None


@transaction.atomic
def index_page(page_or_id: Page | int) -> int:
    """
    Replace everything ``page`` contributes to the index (in every generation being
    written); returns the entries written. The PDFs it shows, or showed, are queued
    for the worker (``index_document``).
    """
    page_id = page_or_id if isinstance(page_or_id, int) else page_or_id.pk
    live_generation, *building = generations.for_writing()
    page = _visible_page(page_id)
    references = _references(page) if page is not None else {}
    entries = page_entries(page, references) if page is not None else []
    written = _replace_page(page_id, page, entries, live_generation)
    for generation in building:
        _also_building(generation, lambda g: _replace_page(page_id, page, entries, g))
    documents = shown_documents(page, references) if page is not None else set()
    queue_documents(record_shown_documents(page_id, documents))
    mirror.changed(page_ids=[page_id])
    return written


@transaction.atomic
def unindex_page(page_id: int) -> None:
    targets = generations.for_writing()
    Entry.objects.filter(page_id=page_id, generation__in=targets, document__isnull=True).exclude(
        kind=Kind.INDICATOR
    ).delete()
    queue_documents(record_shown_documents(page_id, set()))
    mirror.changed(page_ids=[page_id])


def index_subtree(page: Page) -> int:
    total = 0
    for page_id in Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True):
        total += index_page(page_id)
    return total


# Documents shown on pages ---------------------------------------------------------------


def record_shown_documents(page_id: int, documents: set[int]) -> set[int]:
    """Store which documents a page shows now; returns those it showed before or shows now."""
    documents = set(
        get_document_model().objects.filter(pk__in=documents).values_list("pk", flat=True)
    )
    before = set(
        ShownDocument.objects.filter(page_id=page_id).values_list("document_id", flat=True)
    )
    if before - documents:
        ShownDocument.objects.filter(page_id=page_id, document_id__in=before - documents).delete()
    if documents - before:
        ShownDocument.objects.bulk_create(
            [ShownDocument(page_id=page_id, document_id=d) for d in documents - before],
            ignore_conflicts=True,
        )
    return before | documents


def queue_documents(document_ids: Iterable[int]) -> None:
    """Once the change commits, have the worker index these documents again."""
    ids = sorted(set(document_ids))
    if not ids:
        return

    def enqueue() -> None:
        from .tasks import index_document as task

        for document_id in ids:
            try:
                task.enqueue(document_id)
            except Exception:  # a publish must never fail because of search
                logger.exception("Could not queue indexing of document %s", document_id)

    transaction.on_commit(enqueue)


def is_private_document(document) -> bool:
    """In a collection (or under one) with a view restriction."""
    path = document.collection.path
    steplen = type(document.collection).steplen
    prefixes = [path[:i] for i in range(steplen, len(path) + 1, steplen)]
    return CollectionViewRestriction.objects.filter(collection__path__in=prefixes).exists()


def home_pages(document_id: int) -> list[Page]:
    """
    The pages a PDF's hits point to: one per language, among the live, public pages
    that show it: a page whose own document it is (a report's PDF) first, then the
    page first published, then the lowest id. One PDF shown on many pages is one result.
    """
    page_ids = ShownDocument.objects.filter(document_id=document_id).values_list(
        "page_id", flat=True
    )
    best: dict[int, tuple[tuple, Page]] = {}
    for page in Page.objects.filter(pk__in=page_ids, live=True).specific():
        if not isinstance(page, BasePage) or not is_visible(page):
            continue
        published = page.first_published_at
        rank = (
            getattr(page, "document_id", None) != document_id,
            published is None,
            published.timestamp() if published else 0.0,
            page.pk,
        )
        if page.locale_id not in best or rank < best[page.locale_id][0]:
            best[page.locale_id] = (rank, page)
    return [page for _rank, page in best.values()]


@transaction.atomic
def index_document(
    document_id: int,
    targets: list[int] | None = None,
    vocabulary_seen: set[tuple[int, str]] | None = None,
) -> int:
    """
    Replace the entries of a PDF's pages (in ``targets``, by default every generation
    being written): none when no live public page shows it, when it sits in a private
    collection or when its text is not extracted. Runs on the worker.
    """
    follows_live = targets is None
    targets = targets or generations.for_writing()
    document = (
        get_document_model().objects.select_related("collection").filter(pk=document_id).first()
    )
    items: list[tuple[int, int, EntryData]] = []
    status = DocumentText.objects.filter(document_id=document_id).first()
    if (
        document is not None
        and status is not None
        and status.status == DocumentText.Status.OK
        and not is_private_document(document)
    ):
        homes = home_pages(document_id)
        doc_pages = list(DocumentPage.objects.filter(document_id=document_id)) if homes else []
        for page in homes:
            items += [
                (page.pk, page.locale_id, data) for data in pdf_entries(page, document, doc_pages)
            ]

    def write(generation: int) -> int:
        Entry.objects.filter(document_id=document_id, generation=generation).delete()
        return len(write_rows(items, generation=generation, vocabulary_seen=vocabulary_seen))

    written = write(targets[0])
    for generation in targets[1:]:
        _also_building(generation, write)
    if follows_live:
        mirror.changed(document_ids=[document_id])
    return written


# Rebuilding -----------------------------------------------------------------------------


def rebuild(batch_size: int = 200, on_batch=None) -> int:
    """
    Every live page and shown PDF again, written aside as a new generation while
    searches keep reading the live one, then swapped in one update
    (``search.generations``); the old generation is removed afterwards.
    ``on_batch(done, total)`` is called after each batch of pages is committed (the
    command shows it as progress, ``cms.progress``).
    """
    _live, new = generations.begin_build()
    vocabulary: set[tuple[int, str]] = set()
    try:
        total = _build(new, vocabulary, batch_size, on_batch)
        generations.swap(
            new, catch_up=lambda old, started: _catch_up(old, new, started, vocabulary)
        )
    except BaseException:
        generations.abandon(new)
        delete_generations(keep={generations.live()})
        raise
    delete_generations(keep={new})
    prune_vocabulary(vocabulary)
    return total


def _retrying(write):
    """A batch whose write crossed a publish's (both wrote a page) is written again."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError:
        with transaction.atomic():
            return write()


def _build(new: int, vocabulary: set, batch_size: int, on_batch) -> int:
    total = 0
    ids = list(
        Page.objects.live().filter(depth__gt=1).order_by("path").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        items = []
        shown: dict[int, set[int]] = {}
        for page in Page.objects.filter(pk__in=chunk).specific():
            if isinstance(page, BasePage) and is_visible(page):
                references = _references(page)
                items += [(page.pk, page.locale_id, d) for d in page_entries(page, references)]
                shown[page.pk] = shown_documents(page, references)

        def write(chunk=chunk, items=items, shown=shown) -> int:
            Entry.objects.filter(generation=new, page_id__in=chunk, document__isnull=True).exclude(
                kind=Kind.INDICATOR
            ).delete()
            written = len(write_rows(items, generation=new, vocabulary_seen=vocabulary))
            for page_id in chunk:
                record_shown_documents(page_id, shown.get(page_id, set()))
            return written

        total += _retrying(write)
        if on_batch is not None:
            on_batch(min(start + batch_size, len(ids)), len(ids))
    total += _retrying(lambda: _replace_indicators(new, vocabulary))
    ShownDocument.objects.exclude(page__live=True).delete()
    document_ids = sorted(set(ShownDocument.objects.values_list("document_id", flat=True)))
    for document_id in document_ids:
        total += _retrying(lambda d=document_id: index_document(d, [new], vocabulary))
    return total


def _catch_up(old: int, new: int, started, vocabulary: set) -> None:
    """Under the swap's lock: what was written to the live generation during the build."""
    if started is None:
        return
    changed = Entry.objects.filter(generation=old, indexed_at__gte=started)
    page_ids = set(changed.filter(document__isnull=True).values_list("page_id", flat=True))
    document_ids = set(changed.exclude(document=None).values_list("document_id", flat=True))
    for page_id in sorted(page_ids):
        page = _visible_page(page_id)
        entries = page_entries(page) if page is not None else []
        _replace_page(page_id, page, entries, new, vocabulary)
    for document_id in sorted(document_ids):
        index_document(document_id, [new], vocabulary)
    if changed.filter(kind=Kind.INDICATOR).exists():
        _replace_indicators(new, vocabulary)


def delete_generations(keep: set[int], chunk: int = 5000) -> None:
    """Remove the rows of every generation but ``keep``'s, a chunk per transaction."""
    while True:
        ids = list(Entry.objects.exclude(generation__in=keep).values_list("pk", flat=True)[:chunk])
        if not ids:
            return
        with transaction.atomic():
            Facet.objects.filter(entry_id__in=ids).delete()
            Suggestion.objects.filter(entry_id__in=ids).delete()
            placeholders = ", ".join(["%s"] * len(ids))
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM search_entry WHERE id IN ({placeholders})", ids)  # noqa: S608


def prune_vocabulary(vocabulary: set[tuple[int, str]], chunk: int = 5000) -> None:
    """Remove the words no entry of the new generation holds (for "did you mean")."""
    stale = [
        pk
        for pk, locale_id, word in Term.objects.values_list("pk", "locale_id", "word").iterator(
            chunk_size=chunk
        )
        if (locale_id, word) not in vocabulary
    ]
    for start in range(0, len(stale), chunk):
        Term.objects.filter(pk__in=stale[start : start + chunk]).delete()
