# ruff: noqa: S608  (SQL is assembled from fixed fragments; values go in as parameters)
"""
SQLite: FTS5 (``search_entry_fts``, migration 0002) finds the matches; one statement
then gives the page of results, the total and every facet's counts, from named sets
of candidate entries, as PostgreSQL's does (``search.backends.postgres``), ranked by
``search.ranking``.

FTS5 lists a word's matches in a few milliseconds even when it is on every page, but
each match it lists then costs a read of its entry (whose row holds its text, a few
kilobytes) and its page, and ranking counts the query's terms in that text. So the
work is kept to the matches that can be on the page of results, and to a sample:

- When the query's matches, or an active filter's entries, number at most
  ``Limits.exact``, every match is read: results, total and facets are exact.
- Above it, the total and the facets are counted from a sample: the matches whose
  entry id hashes into the lowest 1/rate of the hash range (FTS5 rows only: nothing is
  read to choose them), ``rate`` a power of two that leaves about ``Limits.sample``
  of them. A sampled entry stands for its result only when it is the result's first
  visible match (its lowest id), so a result of several entries (a PDF's pages, a
  partner shown on several pages) is in the sample or out of it whole. Counts are
  scaled by the rate and the answer says they are estimates.
- The results are then ranked among the matches holding a query word in their title
  text, found by FTS5's column filter without reading any entry: a word in the title
  weighs as much as ten in the body (``search.ranking``), so the best results are
  there unless an entry repeats the query's words ten times or more in its body alone.
  When more than ``Limits.title_candidates`` hold one, those holding every word of the
  query in their title; past that limit, the last written. When too few of them pass
  the filters to fill the page, every match that passes the filters is ranked if the
  sample says they are few (FTS5's list is checked against the facets' index, no
  entry read), else every match: that is the slow case left, a word that no title
  holds ("the" on the benchmark's pages: 1.6 s at 100,000 pages). "Newest first" reads
  the matches in date order from ``search_entry_newest`` (migration 0010) instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection

from cms.api.visibility import restricted_paths

from .. import ranking, text
from ..generations import LIVE_SQL
from ..indexer import MAX_SUGGESTION_WORDS
from . import base
from .base import EXACT_LIMIT, FACETS, SAMPLE_SIZE, Filters, Hit, Outcome, Suggested

# At most this many title matches are ranked for a very common query (ranking one
# reads its text: 10 to 25 µs at 100,000 pages).
TITLE_CANDIDATES = 2_000
# Newest matches ranked for a very common query sorted by date, more when too few of
# them pass the filters.
NEWEST_CANDIDATES = 100
WIDER = 8
MAX_WIDENINGS = 2
# Knuth's multiplicative hash of an entry id, over 32 bits: consecutive ids (a page's
# entries are written together) land far apart, so the lowest part of the range is a
# sample that does not follow the order entries were written in.
HASH_MULTIPLIER = 2_654_435_761
HASH_RANGE = 2**32
# Migration 0001's index on ``search_entry.group_key`` (Django named it): a sampled
# entry's group is looked up there, not in an index of all the locale's entries.
GROUP_INDEX = "search_entry_group_key_83d68a0f"

#: The SQL of a candidate set's entry ids, and its parameters.
Candidates = tuple[str, list[Any]]
#: Which candidate set gives the hits ("hits"), the total (None), each filtered facet.
Plan = dict[str | None, str]


@dataclass(frozen=True)
class Limits:
    """When to count exactly, how large a sample is, how many title matches are ranked."""

    exact: int = EXACT_LIMIT
    sample: int = SAMPLE_SIZE
    title_candidates: int = TITLE_CANDIDATES


@dataclass
class Found:
    """What a statement found: hits, total, facet counts."""

    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]


# Where candidates come from ---------------------------------------------------------------


class Sources:
    """The candidate sets of one query: its matches, a filter's, a sample, those ranked."""

    def __init__(self, locale_id: int, query: text.ParsedQuery, filters: Filters):
        self.locale_id = locale_id
        self.query = query
        self.filters = filters

    def _fts(self, expression: str, more: str = "", params: list[Any] | None = None) -> Candidates:
        return (
            "SELECT rowid AS id FROM search_entry_fts WHERE search_entry_fts MATCH %s" + more,
            [expression, *(params or [])],
        )

    def matches(self) -> Candidates:
        return self._fts(self.query.fts5())

    def sample(self, rate: int) -> Candidates:
        """The matches whose id hashes into the lowest 1/``rate`` of the range."""
        return self._fts(
            self.query.fts5(),
            " AND ((rowid * %s) %% %s) < %s",
            [HASH_MULTIPLIER, HASH_RANGE, HASH_RANGE // rate],
        )

    def filtered(self, names: list[str]) -> Candidates:
        """
        The matches among the entries of every filter named. SQLite reads the list of
        matches and looks each up in the facets' narrow index (under a microsecond a
        match): no entry is read.
        """
        first, *others = names
        values = self.filters.values[first]
        sql = (
            "SELECT DISTINCT f.entry_id AS id FROM search_facet f WHERE f.name = %s "
            f"AND f.value IN ({', '.join(['%s'] * len(values))}) AND f.entry_id IN "
            "(SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s)"
        )
        params: list[Any] = [first, *values, self.query.fts5()]
        for name in others:
            values = self.filters.values[name]
            sql += (
                " AND EXISTS (SELECT 1 FROM search_facet g WHERE g.entry_id = f.entry_id "
                f"AND g.name = %s AND g.value IN ({', '.join(['%s'] * len(values))}))"
            )
            params += [name, *values]
        return sql, params

    def title_tiers(self) -> list[str]:
        """
        FTS5 expressions of the matches with query words in their title text, widest
        first: any of the words, then every group of the query.
        """
        every = self.query.fts5()
        words = " OR ".join(f'"{term}"' for term in sorted(self.query.terms))
        return [f"({every}) AND {{title_terms}} : ({words})", f"{{title_terms}} : ({every})"]

    def titled(self, expression: str, size: int) -> Candidates:
        """The last ``size`` written matches of a title tier."""
        return self._fts(expression, " ORDER BY rowid DESC LIMIT %s", [size])

    def newest(self, size: int) -> Candidates:
        """The ``size`` newest matches, read in date order from the index."""
        return (
            "SELECT e.id FROM search_entry e INDEXED BY search_entry_newest "
            "WHERE e.locale_id = %s AND e.id IN (SELECT rowid FROM search_entry_fts "
            "WHERE search_entry_fts MATCH %s) ORDER BY e.date DESC, e.id LIMIT %s",
            [self.locale_id, self.query.fts5(), size],
        )

    def count(self, expression: str) -> int:
        """FTS5's matches of ``expression``, in every locale and generation."""
        sql, params = self._fts(expression)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql})", params)
            return int(cursor.fetchone()[0])

    def filter_sizes(self, cap: int) -> dict[str, int]:
        """Entries per active filter, counted up to ``cap``."""
        active = self.filters.active()
        if not active:
            return {}
        parts: list[str] = []
        params: list[Any] = []
        for name in active:
            values = self.filters.values[name]
            placeholders = ", ".join(["%s"] * len(values))
            parts.append(
                "SELECT %s, (SELECT count(*) FROM (SELECT 1 FROM search_facet WHERE "
                f"name = %s AND value IN ({placeholders}) LIMIT %s))"
            )
            params += [name, name, *values, cap]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return dict(cursor.fetchall())


# The statement ------------------------------------------------------------------------------


class Statement:
    """
    Hits, total and facet counts in one statement, from named candidate sets: each
    becomes the visible matches among them, with a flag per active filter (and, for
    the set the hits come from, their score).
    """

    def __init__(self, locale_id: int, query: text.ParsedQuery, filters: Filters):
        self.locale_id = locale_id
        self.query = query
        self.filters = filters
        self.restricted = restricted_paths()
        self.restricted_collections = base.restricted_collection_paths()

    def visibility(self, entry: str, page: str) -> tuple[list[str], list[Any]]:
        """Conditions that the entry ``entry`` is live, public and in this locale."""
        where = [
            f"{entry}.locale_id = %s",
            f"{page}.live = %s",
            f"{entry}.generation = {LIVE_SQL}",
        ]
        params: list[Any] = [self.locale_id, True]
        for path in self.restricted:
            where.append(f"{page}.path NOT LIKE %s")
            params.append(path + "%")
        if self.restricted_collections:
            # A PDF in a private collection is not shown, whatever page links to it.
            private = " OR ".join(["c.path LIKE %s"] * len(self.restricted_collections))
            where.append(
                f"({entry}.document_id IS NULL OR {entry}.document_id NOT IN (SELECT d.id "
                f"FROM {base.DOCUMENT_TABLE} d JOIN wagtailcore_collection c "
                f"ON c.id = d.collection_id WHERE {private}))"
            )
            params += [path + "%" for path in self.restricted_collections]
        dated, dated_params = self.filters.date_conditions(f"{entry}.date")
        return where + dated, params + dated_params

    def first_of_group(self) -> tuple[str, list[Any]]:
        """
        That no visible match of the same result has a lower id: the entry stands for
        its result in a sample.
        """
        where, params = self.visibility("e2", "p2")
        sql = (
            f"NOT EXISTS (SELECT 1 FROM search_entry e2 INDEXED BY {GROUP_INDEX} "
            "JOIN wagtailcore_page p2 "
            "ON p2.id = e2.page_id WHERE e2.group_key = e.group_key AND e2.id < e.id AND "
            f"{' AND '.join(where)} AND e2.id IN (SELECT rowid FROM search_entry_fts "
            "WHERE search_entry_fts MATCH %s))"
        )
        return sql, [*params, self.query.fts5()]

    def visible(self, name: str, *, scored: bool, sampled: bool) -> tuple[str, list[Any]]:
        """The visible matches among the candidates ``src_<name>``, with their flags."""
        columns = ["e.id", "e.group_key", "e.date AS day"]
        params: list[Any] = []
        if scored:
            score, score_params = ranking.sqlite_score_sql(
                self.query.variants,
                title=ranking.sqlite_padded_sql("e.title_terms"),
                body=ranking.sqlite_padded_sql("e.terms"),
                boost="e.boost",
            )
            columns.append(f"{score} AS score")
            params += score_params
        for filter_name in self.filters.active():
            values = self.filters.values[filter_name]
            placeholders = ", ".join(["%s"] * len(values))
            columns.append(
                "EXISTS (SELECT 1 FROM search_facet ff WHERE ff.entry_id = e.id "
                f"AND ff.name = %s AND ff.value IN ({placeholders})) AS f_{filter_name}"
            )
            params += [filter_name, *values]
        where, where_params = self.visibility("e", "p")
        params += where_params
        if sampled:
            first, first_params = self.first_of_group()
            where.append(first)
            params += first_params
        # The candidates first: driven from the other side, SQLite would run the
        # full-text query once per row.
        sql = (
            f"SELECT {', '.join(columns)} FROM src_{name} s "
            "CROSS JOIN search_entry e ON e.id = s.id "
            f"JOIN wagtailcore_page p ON p.id = e.page_id WHERE {' AND '.join(where)}"
        )
        return sql, params

    def flags(self, skip: str | None = None, alias: str | None = None) -> str:
        prefix = f"{alias}." if alias else ""
        names = [f"{prefix}f_{name}" for name in self.filters.active() if name != skip]
        return " AND ".join(names) if names else "1"

    def _parts(
        self, plan: Plan, page: dict[str, Any], *, hits: bool, counts: bool
    ) -> tuple[list[str], list[Any]]:
        """The statement's selects: the page of hits, and the total and facet counts."""
        parts: list[str] = []
        params: list[Any] = []
        if hits:
            order = (
                "best DESC, id"
                if page["sort"] == "relevance"
                else "day IS NULL, day DESC, best DESC, id"
            )
            # SQLite takes the bare columns of a MAX() group from the row with the maximum.
            parts.append(
                "SELECT 'hit', NULL, NULL, position, id, best FROM "
                f"(SELECT id, best, row_number() OVER (ORDER BY {order}) AS position FROM "
                f"(SELECT id, MAX(score) AS best, day FROM {plan['hits']} "
                f"WHERE {self.flags()} GROUP BY group_key) ORDER BY {order} LIMIT %s OFFSET %s)"
            )
            params += [page["limit"], page["offset"]]
        if not counts:
            return parts, params
        parts.append(
            "SELECT 'total', NULL, NULL, count(DISTINCT group_key), NULL, NULL "
            f"FROM {plan[None]} WHERE {self.flags()}"
        )
        active = self.filters.active()
        needs: list[tuple[str | None, list[str]]] = [
            (None, [name for name in FACETS if name not in active])
        ]
        needs += [(name, [name]) for name in active]
        for need, names in needs:
            placeholders = ", ".join(["%s"] * len(names))
            # From the visible matches to their facets: driven from the facets' side,
            # SQLite would read every value of the facets asked.
            parts.append(
                "SELECT 'facet', f.name, f.value, count(DISTINCT v.group_key), NULL, NULL "
                f"FROM {plan[need]} v CROSS JOIN search_facet f ON f.entry_id = v.id "
                f"WHERE {self.flags(skip=need, alias='v')} AND f.name IN ({placeholders}) "
                "GROUP BY f.name, f.value"
            )
            params += names
        return parts, params

    def run(
        self,
        sets: dict[str, Candidates],
        plan: Plan,
        page: dict[str, Any],
        *,
        hits: bool = True,
        counts: bool = True,
    ) -> Found:
        """
        ``plan`` says which set gives the hits (``hits``), the total (``None``) and each
        filtered facet's counts (the filter's name): a facet ignores its own filter, so
        it may need a larger set. Without ``counts``, only the hits; without ``hits``,
        only the counts.
        """
        used: dict[str, None] = {}
        if hits:
            used[plan["hits"]] = None
        if counts:
            used.update((source, None) for need, source in plan.items() if need != "hits")
        ctes, params = [], []
        for name in used:
            candidates, candidate_params = sets[name]
            ctes.append(f"src_{name} AS MATERIALIZED ({candidates})")
            params += candidate_params
            visible, visible_params = self.visible(
                name, scored=hits and name == plan["hits"], sampled=name == "sample"
            )
            ctes.append(f"{name} AS MATERIALIZED ({visible})")
            params += visible_params
        parts, part_params = self._parts(plan, page, hits=hits, counts=counts)
        selects = " UNION ALL ".join(f"SELECT * FROM ({part})" for part in parts)
        with connection.cursor() as cursor:
            cursor.execute(f"WITH {', '.join(ctes)} {selects}", params + part_params)
            rows = cursor.fetchall()
        ranked = sorted((row for row in rows if row[0] == "hit"), key=lambda row: row[3])
        total = next((row[3] for row in rows if row[0] == "total"), 0)
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for kind, name, value, number, _id, _best in rows:
            if kind == "facet":
                facets[name][value] = number
        return Found([Hit(row[4], float(row[5] or 0)) for row in ranked], total, facets)


# The matcher --------------------------------------------------------------------------------


class Matcher(base.Matcher):
    """
    One query in one language with one set of filters: it plans where the total and
    each facet are counted from (exactly, or from a sample) and which candidates are
    ranked, then runs the statement.
    """

    def __init__(
        self,
        locale_id: int,
        query: text.ParsedQuery,
        filters: Filters,
        limits: Limits | None = None,
    ):
        super().__init__(locale_id, query, filters)
        self.limits = limits or Limits()
        self.sources = Sources(locale_id, query, filters)

    def count(self) -> int:
        return self.run(0, 1, "relevance").total

    def _plan(self) -> tuple[dict[str, Candidates], Plan, int]:
        """
        For the total (every filter) and each filtered facet (every filter but its own),
        the smallest exact source: the query's matches or a filter's entries. When
        none is small enough, a sample of the matches, one in ``rate``.
        """
        matches = self.sources.count(self.query.fts5())
        sizes = {"matches": matches, **self.sources.filter_sizes(self.limits.exact + 1)}
        sets: dict[str, Candidates] = {}
        plan: Plan = {}
        rate = 1
        for need in [None, *self.filters.active()]:
            usable = {key: n for key, n in sizes.items() if key != need}
            source = min(usable, key=lambda key: usable[key])
            if usable[source] <= self.limits.exact:
                if source not in sets:
                    sets[source] = (
                        self.sources.matches()
                        if source == "matches"
                        else self.sources.filtered([source])
                    )
                plan[need] = source
            else:
                if "sample" not in sets:
                    while matches / rate > self.limits.sample:
                        rate *= 2
                    sets["sample"] = self.sources.sample(rate)
                plan[need] = "sample"
        return sets, plan, rate

    def run(self, offset: int, limit: int, sort: str) -> Outcome:
        page = {"offset": offset, "limit": limit, "sort": sort}
        sets, plan, rate = self._plan()
        statement = Statement(self.locale_id, self.query, self.filters)
        if plan[None] != "sample":
            plan["hits"] = plan[None]
            found = statement.run(sets, plan, page)
        else:
            found, rate = self._common(statement, sets, plan, page, rate)
        estimated = {need for need, source in plan.items() if source == "sample"}
        total = found.total * rate if None in estimated else found.total
        facets = found.facets
        for name in FACETS:
            if (name if name in self.filters.active() else None) in estimated:
                facets[name] = {value: n * rate for value, n in facets[name].items()}
        return Outcome(
            found.hits,
            total,
            facets,
            estimated=None in estimated,
            facets_estimated=bool(estimated),
        )

    def _common(
        self,
        statement: Statement,
        sets: dict[str, Candidates],
        plan: Plan,
        page: dict[str, Any],
        rate: int,
    ) -> tuple[Found, int]:
        """
        Very common queries: rank the title matches (or the newest matches, more of
        them when too few pass the filters), then, when too few pass, every match that
        passes the filters if the sample says they are few, else every match; and count
        the sample. A sample that holds none of the results found says nothing of them
        (the words are common in other languages' entries, or on restricted pages):
        it is drawn again, ``WIDER`` times larger, down to every match.
        """
        plan["hits"] = "best"
        if page["sort"] == "relevance":
            sets["best"] = self._title_candidates()
            found = statement.run(sets, plan, page)
        else:
            size = NEWEST_CANDIDATES + 4 * (page["offset"] + page["limit"])
            sets["best"] = self.sources.newest(size)
            found = statement.run(sets, plan, page)
            for _ in range(MAX_WIDENINGS):
                if len(found.hits) == page["limit"]:
                    break
                size *= WIDER
                sets["best"] = self.sources.newest(size)
                found.hits = statement.run(sets, plan, page, counts=False).hits
        if len(found.hits) < page["limit"]:
            # Every match that passes the filters, when the sample says they are few;
            # else every match.
            active = self.filters.active()
            few = found.total * rate <= self.limits.title_candidates
            sets["best"] = (
                self.sources.filtered(active) if active and few else self.sources.matches()
            )
            found.hits = statement.run(sets, plan, page, counts=False).hits
        while found.hits and not found.total and rate > 1:
            rate = max(1, rate // WIDER)
            sets["sample"] = self.sources.sample(rate)
            counted = statement.run(sets, plan, page, hits=False)
            found.total, found.facets = counted.total, counted.facets
        return found, rate

    def _title_candidates(self) -> Candidates:
        """The widest title tier within the limit; else the narrowest, its last written."""
        tiers = self.sources.title_tiers()
        for expression in tiers:
            if self.sources.count(expression) <= self.limits.title_candidates:
                return self.sources.titled(expression, self.limits.title_candidates)
        return self.sources.titled(tiers[-1], self.limits.title_candidates)


def suggestion_candidates(locale_id: int, folded: str, limit: int) -> list[Suggested]:
    """
    The first ``limit`` visible phrases in (position, byte order), one position at a
    time from the ``search_suggestion_position`` index (migration 0006): each statement
    reads the index in order and stops after ``limit`` visible rows, so usually the
    first position is the only one asked.
    """
    visible, params = ["p.live", f"e.generation = {LIVE_SQL}"], []
    for path in restricted_paths():
        visible.append("p.path NOT LIKE %s")
        params.append(path + "%")
    # A range on the index: LIKE in SQLite would not use it.
    sql = (
        "SELECT s.entry_id, e.title, e.kind, e.page_id, p.url_path, p.locale_id "
        "FROM search_suggestion s INDEXED BY search_suggestion_position "
        "JOIN search_entry e ON e.id = s.entry_id "
        "JOIN wagtailcore_page p ON p.id = e.page_id "
        "WHERE s.locale_id = %s AND s.position = %s AND s.phrase >= %s AND s.phrase < %s "
        f"AND {' AND '.join(visible)} ORDER BY s.phrase LIMIT %s"
    )
    found: list[Suggested] = []
    with connection.cursor() as cursor:
        for position in range(MAX_SUGGESTION_WORDS):
            cursor.execute(
                sql,
                [locale_id, position, folded, folded + "\U0010ffff", *params, limit - len(found)],
            )
            found += [Suggested(*row) for row in cursor.fetchall()]
            if len(found) == limit:
                break
    return found
