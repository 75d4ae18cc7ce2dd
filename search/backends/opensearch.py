"""
OpenSearch (``SITE_SEARCH_ENGINE=opensearch``): the same answers as the database's
backends, from a cluster that the worker keeps in step with the database's index
(``search.mirror`` writes one document per live ``Entry``).

What it shares with the database's backends: one result per group of entries (the
``collapse`` on ``group_key``), totals and facet counts of groups (a ``cardinality`` of
``group_key`` per bucket), each facet ignoring its own filter (a ``filter``
aggregation per facet, the hits narrowed by ``post_filter``), every group of the
query required (a ``must`` per word or quoted phrase, matched in any language's
fields), restricted sections and private collections excluded in the query, and the
hits checked against the database once more (``visible_keys``), as a page may have
been unpublished since the worker last wrote.

What differs, because the engine does: the score is OpenSearch's BM25 on the title
text (weighted ``TITLE_BOOST``) and the rest, times the kind's boost
(``search.ranking.BOOSTS``), not ``search.ranking``'s sum of counts; the stemmers are
the cluster's (English and Spanish Snowball, after ASCII folding), and stop words are
dropped from the stemmed fields (a query of stop words only still matches them in
``words``, the unstemmed text). Totals above ``PRECISION`` groups are HyperLogLog
estimates and say so.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q

from cms.api.visibility import restricted_paths

from .. import generations, text
from ..models import Entry
from . import base
from .base import FACETS, Filters, Hit, Outcome, Suggested

logger = logging.getLogger("search")

LANGUAGES = ("en", "es")
#: Languages whose text is also stemmed before its accents are folded (``search.mirror``).
ACCENTED = ("es",)
#: The title text weighs as much as ten of the rest, as in ``search.ranking``.
TITLE_BOOST = 10.0
#: Below this many groups, ``cardinality`` counts exactly.
PRECISION = 40_000
#: Values listed per facet (more than any facet of the site has).
FACET_SIZE = 500
#: Where matches are marked in a highlight before the fragment is escaped.
MARK_START, MARK_END = "\ue000", "\ue001"
EXCERPT_LENGTH = 240


class Unavailable(Exception):
    """The cluster did not answer (down, timed out, or failing)."""


# The cluster ------------------------------------------------------------------------------

_clients: dict[tuple[Any, ...], Any] = {}
_lock = threading.Lock()


def config() -> dict[str, Any]:
    return settings.SITE_SEARCH


def enabled() -> bool:
    return bool(config()["ENGINE"] == "opensearch")


def client() -> Any:
    """The process's client for the configured cluster (one per configuration)."""
    from opensearchpy import OpenSearch

    conf = config()
    key = (tuple(conf["URLS"]), conf["USER"], conf["PASSWORD"], conf["TIMEOUT"])
    with _lock:
        if key not in _clients:
            auth = (conf["USER"], conf["PASSWORD"]) if conf["USER"] else None
            _clients[key] = OpenSearch(
                hosts=list(conf["URLS"]),
                http_auth=auth,
                timeout=conf["TIMEOUT"],
                # An outage is answered at once (a 503, or the database's answer): a
                # visitor's request never waits through retries.
                max_retries=0,
                retry_on_timeout=False,
            )
        return _clients[key]


def alias() -> str:
    """The name searches read: an alias of the live index (``search.mirror.rebuild``)."""
    return str(config()["INDEX_PREFIX"])


def call(method: str, *args: Any, **kwargs: Any) -> Any:
    """``client().<method>(…)``; any failure to answer becomes ``Unavailable``."""
    from opensearchpy.exceptions import ConnectionError as ClusterConnectionError
    from opensearchpy.exceptions import NotFoundError, TransportError

    target: Any = client()
    for part in method.split("."):
        target = getattr(target, part)
    try:
        return target(*args, **kwargs)
    except NotFoundError as error:
        raise Unavailable(
            f"no site search index ({error.error}): run rebuild_site_search"
        ) from error
    except (ClusterConnectionError, TransportError) as error:
        raise Unavailable(str(error)) from error


# Queries ----------------------------------------------------------------------------------


def query_groups(raw: str) -> list[tuple[list[str], bool]]:
    """The query's groups as folded words, as ``text.parse_query`` splits them: (words, phrase)."""
    chunks: list[tuple[str, bool]] = []
    position = 0
    for match in text._PHRASE.finditer(raw):
        chunks.append((raw[position : match.start()], False))
        chunks.append((match.group(1), True))
        position = match.end()
    chunks.append((raw[position:].replace('"', " "), False))
    groups: list[tuple[list[str], bool]] = []
    seen: set[tuple[str, ...]] = set()
    for chunk, is_phrase in chunks:
        folded = text.words(chunk)
        pieces = [folded] if is_phrase and len(folded) > 1 else [[word] for word in folded]
        for piece in pieces:
            if piece and tuple(piece) not in seen:
                seen.add(tuple(piece))
                groups.append((piece, is_phrase and len(piece) > 1))
    return groups


def group_clause(words: list[str], phrase: bool) -> dict[str, Any]:
    """One group: in the title text or the rest, stemmed in any language, or as written."""
    kind = "match_phrase" if phrase else "match"
    said = " ".join(words)
    should: list[dict[str, Any]] = []
    for language in LANGUAGES:
        subfields = ["", ".accented"] if language in ACCENTED else [""]
        for sub in subfields:
            should.append({kind: {f"title_{language}{sub}": {"query": said, "boost": TITLE_BOOST}}})
            should.append({kind: {f"body_{language}{sub}": {"query": said}}})
    # Stop words are not in the stemmed fields; the words as written hold them.
    should.append({kind: {"words": {"query": said, "boost": 0.01}}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def visibility_filter(locale_id: int) -> dict[str, Any]:
    """In ``locale_id``, outside restricted sections, not a PDF of a private collection."""
    must_not: list[dict[str, Any]] = [{"prefix": {"page_path": p}} for p in restricted_paths()]
    must_not += [{"prefix": {"collection_path": p}} for p in base.restricted_collection_paths()]
    return {"bool": {"filter": [{"term": {"locale_id": locale_id}}], "must_not": must_not}}


def date_filter(filters: Filters) -> list[dict[str, Any]]:
    """The results' dates within ``from``/``to`` (none: no condition)."""
    bounds = {}
    if filters.start is not None:
        bounds["gte"] = filters.start.isoformat()
    if filters.end is not None:
        bounds["lte"] = filters.end.isoformat()
    return [{"range": {"date": bounds}}] if bounds else []


def facet_filter(filters: Filters, skip: str | None = None) -> dict[str, Any]:
    return {
        "bool": {
            "filter": [
                {"terms": {f"f_{name}": filters.values[name]}}
                for name in filters.active()
                if name != skip
            ]
        }
    }


def groups_of(bucket: dict[str, Any]) -> int:
    return int(bucket["groups"]["value"])


@dataclass
class Answer:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]
    estimated: bool


class Matcher(base.Matcher):
    """One query in one language with one set of filters, asked of the cluster."""

    def body(self, offset: int, limit: int, sort: str, *, counts: bool = True) -> dict[str, Any]:
        groups = query_groups(self.query.raw)
        scored = {
            "function_score": {
                "query": {
                    "bool": {
                        "must": [group_clause(words, phrase) for words, phrase in groups],
                        "filter": [
                            visibility_filter(self.locale_id),
                            *date_filter(self.filters),
                        ],
                    }
                },
                "field_value_factor": {"field": "boost", "missing": 1},
                "boost_mode": "multiply",
            }
        }
        order: list[Any] = ["_score", {"entry_id": "asc"}]
        if sort == "newest":
            order = [{"date": {"order": "desc", "missing": "_last"}}, *order]
        body: dict[str, Any] = {
            "query": scored,
            "collapse": {"field": "group_key"},
            "sort": order,
            "track_scores": True,
            "from": offset,
            "size": limit,
            "_source": ["key"],
            "highlight": {
                "pre_tags": [MARK_START],
                "post_tags": [MARK_END],
                "fields": {
                    f"body_{language}": {"fragment_size": EXCERPT_LENGTH, "number_of_fragments": 1}
                    for language in LANGUAGES
                },
            },
        }
        if self.filters.active():
            body["post_filter"] = facet_filter(self.filters)
        if counts:
            cardinality = {"cardinality": {"field": "group_key", "precision_threshold": PRECISION}}
            aggs: dict[str, Any] = {
                "total": {"filter": facet_filter(self.filters), "aggs": {"groups": cardinality}}
            }
            for name in FACETS:
                aggs[f"f_{name}"] = {
                    "filter": facet_filter(self.filters, skip=name),
                    "aggs": {
                        "values": {
                            "terms": {"field": f"f_{name}", "size": FACET_SIZE},
                            "aggs": {"groups": cardinality},
                        }
                    },
                }
            body["aggs"] = aggs
        return body

    def ask(self, offset: int, limit: int, sort: str, *, counts: bool = True) -> Answer:
        found = call("search", index=alias(), body=self.body(offset, limit, sort, counts=counts))
        raw_hits = found["hits"]["hits"]
        keys = [hit["_source"]["key"] for hit in raw_hits]
        visible = visible_keys(keys)
        hits = []
        for hit in raw_hits:
            entry_id = visible.get(hit["_source"]["key"])
            if entry_id is None:
                continue
            fragments = [frag for field in hit.get("highlight", {}).values() for frag in field]
            hits.append(Hit(entry_id, float(hit.get("_score") or 0), excerpt=excerpt(fragments)))
        dropped = len(raw_hits) - len(hits)
        total, estimated = 0, False
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        if counts:
            aggs = found["aggregations"]
            total = max(0, groups_of(aggs["total"]) - dropped)
            for name in FACETS:
                facets[name] = {
                    str(bucket["key"]): groups_of(bucket)
                    for bucket in aggs[f"f_{name}"]["values"]["buckets"]
                }
            estimated = total > PRECISION
        return Answer(hits, total, facets, estimated)

    def run(self, offset: int, limit: int, sort: str) -> Outcome:
        answer = self.ask(offset, limit, sort)
        facets_estimated = any(
            count > PRECISION for values in answer.facets.values() for count in values.values()
        )
        return Outcome(
            answer.hits,
            answer.total,
            answer.facets,
            estimated=answer.estimated,
            facets_estimated=answer.estimated or facets_estimated,
        )

    def count(self) -> int:
        return self.ask(0, 0, "relevance").total


def excerpt(fragments: list[str]) -> str | None:
    """The cluster's highlight as an HTML-safe excerpt, matches in ``<mark>``."""
    from django.utils.html import escape

    if not fragments:
        return None
    fragment = " ".join(fragments[0].split())
    marked = escape(fragment).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return marked


def public_q() -> Q:
    """Entries on pages outside restricted sections, not of PDFs in private collections."""
    public = Q()
    for path in restricted_paths():
        public &= ~Q(page__path__startswith=path)
    for path in base.restricted_collection_paths():
        public &= Q(document__isnull=True) | ~Q(document__collection__path__startswith=path)
    return public


def visible_keys(keys: list[str]) -> dict[str, int]:
    """
    The live entries of ``keys`` on live pages outside restricted sections, as key →
    entry id: the database's word on what may be shown, whatever the cluster holds.
    """
    if not keys:
        return {}
    rows = Entry.objects.filter(
        public_q(), generation=generations.live(), key__in=keys, page__live=True
    ).values_list("key", "id")
    return dict(rows)


# Suggestions and "did you mean" -----------------------------------------------------------


def suggestion_candidates(locale_id: int, folded: str, limit: int) -> list[Suggested]:
    """Live, public titles (or a tail of one from a word on) that start with ``folded``."""
    body = {
        "_source": ["key"],
        "suggest": {
            "titles": {
                "prefix": folded,
                "completion": {
                    "field": "suggest",
                    "size": limit,
                    "skip_duplicates": False,
                    "contexts": {"locale": [str(locale_id)]},
                },
            }
        },
    }
    found = call("search", index=alias(), body=body)
    options = [option for entry in found["suggest"]["titles"] for option in entry["options"]]
    # Whole titles first, then tails from later words (the weight), each in byte order.
    options.sort(key=lambda option: (-float(option.get("_score") or 0), option.get("text", "")))
    keys = [option["_source"]["key"] for option in options]
    rows = {
        row[0]: row[1:]
        for row in Entry.objects.filter(
            public_q(), generation=generations.live(), key__in=keys, page__live=True
        ).values_list("key", "id", "title", "kind", "page_id", "page__url_path", "page__locale_id")
    }
    return [Suggested(*rows[key]) for key in keys if key in rows]


def close_words(word: str, size: int) -> list[str]:
    """Words of the index close to ``word`` (the cluster's term suggester), closest first."""
    body = {
        "size": 0,
        "suggest": {
            "close": {
                "text": word,
                "term": {
                    "field": "words",
                    "suggest_mode": "always",
                    "size": size,
                    "max_edits": 2,
                    "sort": "score",
                },
            }
        },
    }
    found = call("search", index=alias(), body=body)
    return [
        option["text"]
        for entry in found["suggest"]["close"]
        for option in entry["options"]
        if option["text"] != word
    ]
