"""
The OpenSearch copy of the index (``SITE_SEARCH_ENGINE=opensearch``): one document per
live ``Entry``, written by the worker from the rows the indexer wrote.

The database's index stays the source: the indexer writes its rows in the change's own
transaction as before, and queues ``search.tasks.mirror_entries`` in that transaction
(``changed``), so the task is as durable as the change and never runs in the request
(with the database's task backend). The task copies the current rows of the pages and
PDFs named (``sync``): each document is written again, then those of the same pages
and PDFs that are no longer rows are deleted, so a search never sees a page missing
half-way. While the cluster is down the task is tried again with the reindex's
backoff (``search.tasks``).

A rebuild (``rebuild``) writes every live entry into a new index, then moves the alias
searches read (``backends.opensearch.alias``) to it in one request: a search sees the
old index whole or the new one whole, never an empty one. While it builds, ``sync``
writes to every index of the prefix, the new one included; a page changed while its
batch was being read may be written by both, and is right once the change's own task
has run (and the query-time check in ``backends.opensearch`` hides whatever is no longer
live or public meanwhile).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Q
from django.utils import timezone

from . import generations, indexer
from .backends import opensearch
from .backends.opensearch import ACCENTED, LANGUAGES, Unavailable, call
from .models import Entry, Facet, Suggestion

logger = logging.getLogger("search")

BATCH = 500

ANALYSIS = {
    "filter": {
        "en_stop": {"type": "stop", "stopwords": "_english_"},
        "en_stem": {"type": "snowball", "language": "English"},
        "es_stop": {"type": "stop", "stopwords": "_spanish_"},
        "es_stem": {"type": "snowball", "language": "Spanish"},
    },
    "analyzer": {
        # Folded before stemming, as ``search.text`` does: "educación" = "educacion".
        "en_text": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "en_stop", "en_stem"],
        },
        "es_text": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "es_stop", "es_stem"],
        },
        # Snowball's Spanish stemmer reads accents: "educaciones" and "educación" are
        # "educ", the folded "educacion" is not. So Spanish text is also stemmed before
        # folding (the ``accented`` subfields), and a query matches either way.
        "es_accented": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "es_stop", "es_stem", "asciifolding"],
        },
        "folded": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding"],
        },
    },
}


def mappings() -> dict[str, Any]:
    keyword = {"type": "keyword"}
    properties: dict[str, Any] = {
        "key": keyword,
        "entry_id": {"type": "long"},
        "group_key": keyword,
        "locale_id": {"type": "integer"},
        "kind": keyword,
        "page_id": {"type": "integer"},
        "document_id": {"type": "integer"},
        "pdf_page": {"type": "integer"},
        "date": {"type": "date"},
        "boost": {"type": "float"},
        "page_path": keyword,
        "collection_path": keyword,
        "words": {"type": "text", "analyzer": "folded"},
        "suggest": {
            "type": "completion",
            "analyzer": "folded",
            "contexts": [{"name": "locale", "type": "category"}],
        },
    }
    for language in LANGUAGES:
        analysed: dict[str, Any] = {"type": "text", "analyzer": f"{language}_text"}
        if language in ACCENTED:
            analysed["fields"] = {"accented": {"type": "text", "analyzer": f"{language}_accented"}}
        properties[f"title_{language}"] = analysed
        properties[f"body_{language}"] = analysed
    for name in ("type", "theme", "industry", "initiative", "report_type", "year"):
        properties[f"f_{name}"] = keyword
    return {"dynamic": "strict", "properties": properties}


def analysis_language(entry: Entry) -> str:
    """The analyser an entry's text is read with: its own language, else its locale's."""
    code = (entry.language or indexer.language_of(entry.locale_id)).split("-")[0]
    return code if code in LANGUAGES else "en"


def document(entry: Entry, facets: dict[str, list[str]], phrases: list[tuple[int, str]]) -> dict:
    """The cluster's document of one entry (``_id``: its key)."""
    language = analysis_language(entry)
    collection = entry.document.collection.path if entry.document is not None else None
    doc: dict[str, Any] = {
        "key": entry.key,
        "entry_id": entry.pk,
        "group_key": entry.group_key,
        "locale_id": entry.locale_id,
        "kind": entry.kind,
        "page_id": entry.page_id,
        "document_id": entry.document_id,
        "pdf_page": entry.pdf_page,
        "date": entry.date.isoformat() if entry.date else None,
        "boost": entry.boost,
        "page_path": entry.page.path,
        "collection_path": collection,
        f"title_{language}": entry.title_text or entry.title,
        f"body_{language}": entry.body,
        "words": " ".join([entry.title_text or entry.title, entry.body]),
    }
    for name, values in facets.items():
        doc[f"f_{name}"] = values
    if phrases:
        doc["suggest"] = [
            {
                "input": [phrase],
                # Whole titles before tails from a later word.
                "weight": indexer.MAX_SUGGESTION_WORDS - position,
                "contexts": {"locale": [str(entry.locale_id)]},
            }
            for position, phrase in phrases
        ]
    return doc


def documents(entries: Iterable[Entry]) -> Iterator[tuple[str, dict]]:
    """(key, document) for each entry, a batch of facets and suggestions read at a time."""
    batch: list[Entry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == BATCH:
            yield from _documents(batch)
            batch = []
    if batch:
        yield from _documents(batch)


def _documents(batch: list[Entry]) -> Iterator[tuple[str, dict]]:
    ids = [entry.pk for entry in batch]
    facets: dict[int, dict[str, list[str]]] = {}
    for entry_id, name, value in Facet.objects.filter(entry_id__in=ids).values_list(
        "entry_id", "name", "value"
    ):
        facets.setdefault(entry_id, {}).setdefault(name, []).append(value)
    phrases: dict[int, list[tuple[int, str]]] = {}
    for entry_id, position, phrase in Suggestion.objects.filter(entry_id__in=ids).values_list(
        "entry_id", "position", "phrase"
    ):
        phrases.setdefault(entry_id, []).append((position, phrase))
    for entry in batch:
        yield entry.key, document(entry, facets.get(entry.pk, {}), phrases.get(entry.pk, []))


def live_entries(where: Q) -> Any:
    """The live generation's entries matching ``where``, on live pages, as written."""
    return (
        Entry.objects.filter(where, generation=generations.live(), page__live=True)
        .select_related("page", "document__collection")
        .defer("title_terms", "terms")
        .order_by("pk")
    )


# Keeping it in step -------------------------------------------------------------------------


def changed(page_ids: Iterable[int] = (), document_ids: Iterable[int] = ()) -> None:
    """
    Have the worker copy these pages' and PDFs' entries to the cluster. Call inside the
    transaction that wrote them: the task is queued in it (see the module's docstring).
    """
    if not opensearch.enabled():
        return
    pages, docs = sorted(set(page_ids)), sorted(set(document_ids))
    if not pages and not docs:
        return
    from .tasks import mirror_entries

    try:
        mirror_entries.enqueue(pages, docs)
    except Exception:  # a publish must never fail because of search
        logger.exception("Could not queue the search mirror of pages %s, PDFs %s", pages, docs)


def write_indices() -> list[str]:
    """The live index and any being built: every index named with the prefix."""
    found = call("indices.get", index=f"{opensearch.alias()}-*", allow_no_indices=True)
    return sorted(found)


def sync(page_ids: list[int], document_ids: list[int]) -> int:
    """Copy the current entries of these pages and PDFs; returns the documents written."""
    where = Q(page_id__in=page_ids) | Q(document_id__in=document_ids)
    docs = list(documents(live_entries(where)))
    targets = write_indices()
    if not targets:
        targets = [create_index(alias=True)]
    scope: list[dict[str, Any]] = []
    if page_ids:
        scope.append({"terms": {"page_id": page_ids}})
    if document_ids:
        scope.append({"terms": {"document_id": document_ids}})
    for index in targets:
        bulk(index, docs)
        stale: dict[str, Any] = {"bool": {"should": scope, "minimum_should_match": 1}}
        if docs:
            stale["bool"]["must_not"] = [{"ids": {"values": [key for key, _doc in docs]}}]
        call(
            "delete_by_query", index=index, body={"query": stale}, refresh=True, conflicts="proceed"
        )
    return len(docs)


def bulk(index: str, docs: list[tuple[str, dict]]) -> None:
    from opensearchpy.helpers import BulkIndexError
    from opensearchpy.helpers import bulk as send

    for start in range(0, len(docs), BATCH):
        actions = [
            {"_index": index, "_id": key, "_source": doc}
            for key, doc in docs[start : start + BATCH]
        ]
        try:
            send(opensearch.client(), actions, refresh=True)
        except BulkIndexError as error:
            raise Unavailable(
                f"{len(error.errors)} documents not written: {error.errors[:1]}"
            ) from error
        except Exception as error:  # the transport's errors, as ``call`` maps them
            from opensearchpy.exceptions import ConnectionError as ClusterConnectionError
            from opensearchpy.exceptions import TransportError

            if isinstance(error, (ClusterConnectionError, TransportError)):
                raise Unavailable(str(error)) from error
            raise


# Rebuilding ---------------------------------------------------------------------------------


def create_index(*, alias: bool = False) -> str:
    """A new empty index named with the prefix and the time; with ``alias``, made live."""
    name = f"{opensearch.alias()}-{timezone.now():%Y%m%d%H%M%S%f}"
    body = {
        "settings": {"number_of_shards": 1, "analysis": ANALYSIS},
        "mappings": mappings(),
    }
    call("indices.create", index=name, body=body)
    if alias:
        call("indices.put_alias", index=name, name=opensearch.alias())
    return name


def rebuild(on_batch=None) -> int:
    """
    Every live entry into a new index, then the alias moved to it in one request and
    the old indices removed; returns the documents written.
    """
    new = create_index()
    try:
        entries = live_entries(Q())
        total_entries = entries.count()
        written = 0
        pending: list[tuple[str, dict]] = []
        for item in documents(entries.iterator(chunk_size=BATCH)):
            pending.append(item)
            if len(pending) == BATCH:
                bulk(new, pending)
                written += len(pending)
                pending = []
                if on_batch is not None:
                    on_batch(written, total_entries)
        bulk(new, pending)
        written += len(pending)
        old = (
            [
                index
                for index in call(
                    "indices.get_alias", name=opensearch.alias(), ignore_unavailable=True
                )
                if index != new
            ]
            if call("indices.exists_alias", name=opensearch.alias())
            else []
        )
        actions: list[dict[str, Any]] = [
            {"remove": {"index": index, "alias": opensearch.alias()}} for index in old
        ]
        actions.append({"add": {"index": new, "alias": opensearch.alias()}})
        call("indices.update_aliases", body={"actions": actions})
    except BaseException:
        call("indices.delete", index=new, ignore_unavailable=True)
        raise
    for index in write_indices():
        if index != new:
            call("indices.delete", index=index, ignore_unavailable=True)
    if on_batch is not None:
        on_batch(written, written)
    return written
