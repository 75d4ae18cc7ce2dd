# ruff: noqa: S608  (SQL is assembled from fixed fragments; values go in as parameters)
"""
PostgreSQL: one statement finds the page of results, the total and every facet's counts
from the inverted list ``search_posting`` (migration 0004, ``search.postgres``),
reading narrow index rows rather than text; the postings hold each term's score in
each entry, computed by ``search.ranking``'s formula, so a query only adds them up.

Each match costs a few index look-ups (its page, its other words, its facets), so
when every source of candidates (the rarest word's postings, each filter's entries)
holds more than ``Limits.exact`` entries, that statement counts a fixed fraction of
the groups (chosen by a hash, so a group is in or out whole) and scales the counts up:
the answer says so (``Outcome.estimated``). Its results are then ranked among the
best-scoring entries of each word, read in score order from the index.

A query is groups (a word, or a quoted phrase), each with one or more forms (the word
stemmed in each language the locale's text is written in); an entry matches when,
for every group, it holds every term of one form (and, for phrases, the words are next
to each other, checked on the entry's ``tsvector``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from .. import ranking, text
from ..generations import LIVE_SQL
from ..indexer import MAX_SUGGESTION_WORDS
from . import base
from .base import EXACT_LIMIT, FACETS, SAMPLE_SIZE, Filters, Hit, Outcome, Suggested

# A common word's postings are estimated from this fraction of them (1/N).
ESTIMATE_RATE = 32
# Best-scoring entries per word ranked for a very common query; more when too few of
# them pass the filters.
CANDIDATES = 100
WIDER = 8
MAX_WIDENINGS = 2

# For the search statements only (SET LOCAL: until the transaction ends). They touch a
# few thousand index rows: starting parallel workers or compiling them (JIT, which
# the planner's cost estimates for lateral joins set off) takes longer than running
# them, and sorts and hashes of that size fit in memory.
STATEMENT_SETTINGS = (
    "SELECT set_config('jit', 'off', true), "
    "set_config('max_parallel_workers_per_gather', '0', true), "
    "set_config('work_mem', '32MB', true)"
)

# Restrictions are read in the statement itself (one round trip less each); tree paths
# are letters and digits, so a path followed by % is a LIKE prefix.
_PUBLIC_PAGE = (
    "NOT EXISTS (SELECT 1 FROM wagtailcore_pageviewrestriction r "
    "JOIN wagtailcore_page rp ON rp.id = r.page_id WHERE p.path LIKE rp.path || '%%')"
)
# A PDF in a private collection is not shown, whatever page links to it.
_PUBLIC_DOCUMENT = (
    "(e.document_id IS NULL OR NOT EXISTS (SELECT 1 FROM "
    f"{base.DOCUMENT_TABLE} d JOIN wagtailcore_collection c ON c.id = d.collection_id, "
    "wagtailcore_collectionviewrestriction r JOIN wagtailcore_collection rc "
    "ON rc.id = r.collection_id WHERE d.id = e.document_id AND c.path LIKE rc.path || '%%'))"
)

#: A candidate query (entry_id, and s: a group's score), its parameters, and which group
#: ``s`` is the score of (None: no score, every group is looked up).
Candidates = tuple[str, list[Any], int | None]


#: Which candidate set gives the hits ("hits"), the total (None), each filtered facet.
Plan = dict[str | None, str]
#: What a statement finds: hits, total, facet counts.
Found = tuple[list[Hit], int | None, dict[str, dict[str, int]]]


@dataclass(frozen=True)
class Limits:
    """When to count exactly and how large a sample is (``search.engine`` sets them)."""

    exact: int = EXACT_LIMIT
    sample: int = SAMPLE_SIZE
    estimate_rate: int = ESTIMATE_RATE
    candidates: int = CANDIDATES


def _all_terms(groups: list[list[list[str]]]) -> list[str]:
    return sorted({term for forms in groups for form in forms for term in form})


# How common the words are ---------------------------------------------------------------------


class Frequencies:
    """How many postings a query's terms have in a locale, and which ones drive it."""

    def __init__(self, locale_id: int, groups: list[list[list[str]]], limits: Limits):
        self.locale_id = locale_id
        self.groups = groups
        self.limits = limits

    def counted(self, terms: list[str], cap: int) -> dict[str, int]:
        """Postings per term in this locale, counted up to ``cap``."""
        parts: list[str] = []
        params: list[Any] = []
        for term in terms:
            parts.append(
                "SELECT %s, (SELECT count(*) FROM (SELECT 1 FROM search_posting WHERE "
                "term = %s AND locale_id = %s LIMIT %s) s)"
            )
            params += [term, term, self.locale_id, cap]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return dict(cursor.fetchall())

    def driver(self) -> tuple[list[str], int, int]:
        """
        The terms whose postings are read to find candidates (the rarest term of each
        form of the rarest group), how many postings they have (exactly up to
        ``Limits.exact``; above it, estimated), and which group it is.
        """
        counts = self.counted(_all_terms(self.groups), self.limits.exact + 1)
        # Counted only up to the limit, common words would all tie; and the planner's
        # estimate is off by a factor of four for a word outside its most-common list
        # ("young": 9,133 estimated, 34,058 there at 100,000 pages), which would size
        # the sample four times too large. Counting 1/32 of the postings, by group
        # hash, reads a few hundred index rows and is within a few per cent.
        capped = [term for term, count in counts.items() if count > self.limits.exact]
        if capped:
            counts.update(self.estimated(capped))
        choices = []
        for number, forms in enumerate(self.groups):
            rarest = list(dict.fromkeys(min(form, key=lambda term: counts[term]) for form in forms))
            choices.append((rarest, sum(counts[term] for term in rarest), number))
        # The first of the rarest groups.
        return min(choices, key=lambda choice: choice[1])

    def estimated(self, terms: list[str]) -> dict[str, int]:
        """
        Each term's postings in this locale, estimated from those in the lowest
        1/``Limits.estimate_rate`` of the group-hash range (the ``search_posting_sample``
        index); never below ``Limits.exact + 1``, what counting found already.
        """
        rate = self.limits.estimate_rate
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term, count(*) FROM search_posting WHERE term = ANY(%s) "
                "AND locale_id = %s AND gsample < %s GROUP BY term",
                [terms, self.locale_id, -(2**31) + 2**32 // rate],
            )
            found = dict(cursor.fetchall())
        least = self.limits.exact + 1
        return {term: max(least, found.get(term, 0) * rate) for term in terms}

    def filter_sizes(self, filters: Filters) -> dict[str, int]:
        """Entries per active filter, counted up to ``Limits.exact + 1``."""
        active = filters.active()
        if not active:
            return {}
        parts: list[str] = []
        params: list[Any] = []
        for name in active:
            parts.append(
                "SELECT %s, (SELECT count(*) FROM (SELECT 1 FROM search_facet WHERE "
                "name = %s AND value = ANY(%s) LIMIT %s) s)"
            )
            params += [name, name, filters.values[name], self.limits.exact + 1]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return dict(cursor.fetchall())


# Where candidates come from ---------------------------------------------------------------------


class Sources:
    """The candidate queries: a term's postings, a filter's entries, the best entries."""

    def __init__(
        self,
        locale_id: int,
        groups: list[Any],
        filters: Filters,
        driver: tuple[list[str], int, int],
    ):
        self.locale_id = locale_id
        self.groups = groups
        self.filters = filters
        self.driver, _size, self.driver_group = driver

    def driver_postings(self, rate: int = 1) -> Candidates:
        """
        The driving terms' postings; with ``rate`` (a power of two), those of one group
        in ``rate``: the lowest hashes, a range of the ``search_posting_sample`` index.
        When the driving group is single words, the postings' score is its score.
        """
        driver, number = self.driver, self.driver_group
        sample = " AND gsample < %s" if rate > 1 else ""
        params = [driver, self.locale_id] + ([-(2**31) + 2**32 // rate] if rate > 1 else [])
        where = f"WHERE term = ANY(%s) AND locale_id = %s{sample}"
        if any(len(form) > 1 for form in self.groups[number]):
            # A phrase: the rarest word finds candidates; all its words are looked up.
            return f"SELECT DISTINCT entry_id FROM search_posting {where}", params, None
        if len(driver) == 1:
            return f"SELECT entry_id, score AS s FROM search_posting {where}", params, number
        # One posting per form (language) at most: the best form's score.
        sql = f"SELECT entry_id, max(score) AS s FROM search_posting {where} GROUP BY entry_id"
        return sql, params, number

    def filter_entries(self, name: str) -> Candidates:
        return (
            "SELECT DISTINCT entry_id FROM search_facet WHERE name = %s AND value = ANY(%s)",
            [name, self.filters.values[name]],
            None,
        )

    def get(self, name: str) -> Candidates:
        """A named source: ``driver`` or a filter's name."""
        return self.driver_postings() if name == "driver" else self.filter_entries(name)

    def best(self, size: int, sort: str) -> Candidates:
        """The ``size`` best entries of each term (by score), or the newest entries."""
        if sort != "relevance":
            return (
                "SELECT id AS entry_id FROM search_entry WHERE locale_id = %s "
                f"AND generation = {LIVE_SQL} ORDER BY date DESC NULLS LAST, id LIMIT %s",
                [self.locale_id, size],
                None,
            )
        if len(self.groups) == 1 and len(self.groups[0]) == 1 and len(self.groups[0][0]) == 1:
            # One word: its best postings, whose score is the entry's.
            return (
                "SELECT entry_id, score AS s FROM search_posting WHERE term = %s "
                "AND locale_id = %s ORDER BY score DESC LIMIT %s",
                [self.groups[0][0][0], self.locale_id, size],
                0,
            )
        parts, params = [], []
        for term in _all_terms(self.groups):
            parts.append(
                "(SELECT entry_id FROM search_posting WHERE term = %s AND locale_id = %s "
                "ORDER BY score DESC LIMIT %s)"
            )
            params += [term, self.locale_id, size]
        return " UNION ".join(parts), params, None


# The statement ----------------------------------------------------------------------------------


class Statement:
    """
    Hits, total and facet counts in one statement, from named candidate sets (each
    becomes the visible matches among them, with their score and a flag per filter).
    """

    def __init__(self, locale_id: int, query: text.ParsedQuery, filters: Filters):
        self.locale_id = locale_id
        self.query = query
        self.filters = filters
        self.groups = query.variants
        self.has_phrase = any(len(form) > 1 for forms in self.groups for form in forms)
        # Matches before the filters, in the set the total is counted from.
        self.matched: int | None = None

    def matches(
        self, candidates: str, params: list[Any], known: int | None
    ) -> tuple[str, list[Any]]:
        """
        Candidates (a query of entry_id, s) that match every group, with their score
        (``search.ranking``: the sum of the groups'); ``known`` is the group whose
        score the candidates' ``s`` already is (they are its postings), so it needs no
        look-up.
        """
        joins, scores, conditions = [], [], []
        for number, forms in enumerate(self.groups):
            if number == known:
                scores.append("c.s")
                continue
            case, case_params = ranking.postgres_group_sql(forms)
            all_terms = sorted({term for form in forms for term in form})
            joins.append(
                f"CROSS JOIN LATERAL (SELECT {case} AS s FROM search_posting p "
                f"WHERE p.entry_id = c.entry_id AND p.term = ANY(%s)) g{number}"
            )
            params = [*params, *case_params, all_terms]
            scores.append(f"g{number}.s")
            conditions.append(f"g{number}.s IS NOT NULL")
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = (
            f"SELECT c.entry_id, {' + '.join(scores)} AS score FROM ({candidates}) c "
            f"{' '.join(joins)} {where}"
        )
        return sql, params

    def visible(self, matches: str, match_params: list[Any]) -> tuple[str, list[Any]]:
        """Matches on live, public pages (and public PDFs), with a flag per filter."""
        params: list[Any] = []
        flags = []
        for name in self.filters.active():
            flags.append(
                "EXISTS (SELECT 1 FROM search_facet ff WHERE ff.entry_id = e.id "
                f"AND ff.name = %s AND ff.value = ANY(%s)) AS f_{name}"
            )
            params += [name, self.filters.values[name]]
        columns = ", ".join(["e.id", "e.group_key", "e.date AS day", "m.score", *flags])
        params += match_params
        where = [
            "e.locale_id = %s",
            f"e.generation = {LIVE_SQL}",
            "p.live",
            _PUBLIC_PAGE,
            _PUBLIC_DOCUMENT,
        ]
        params.append(self.locale_id)
        dated, dated_params = self.filters.date_conditions("e.date")
        where += dated
        params += dated_params
        if self.has_phrase:
            where.append("e.vector @@ to_tsquery('simple', %s)")
            params.append(self.query.tsquery())
        sql = (
            f"SELECT {columns} FROM ({matches}) m JOIN search_entry e ON e.id = m.entry_id "
            f"JOIN wagtailcore_page p ON p.id = e.page_id WHERE {' AND '.join(where)}"
        )
        return sql, params

    def flags(self, skip: str | None = None, alias: str | None = None) -> str:
        prefix = f"{alias}." if alias else ""
        names = [f"{prefix}f_{name}" for name in self.filters.active() if name != skip]
        return " AND ".join(names) if names else "TRUE"

    def _parts(self, plan: Plan, page: dict[str, Any], counts: bool) -> tuple[list[str], list[Any]]:
        """The statement's selects (hits; with ``counts``, totals and facets)."""
        order = (
            "best DESC, id" if page["sort"] == "relevance" else "day DESC NULLS LAST, best DESC, id"
        )
        parts = [
            "SELECT 'hit', position, id, best, NULL, NULL FROM "
            f"(SELECT id, best, row_number() OVER (ORDER BY {order}) AS position FROM "
            "(SELECT DISTINCT ON (group_key) id, day, score AS best "
            f"FROM {plan['hits']} WHERE {self.flags()} ORDER BY group_key, score DESC, id) g "
            f"ORDER BY {order} LIMIT %s OFFSET %s) h"
        ]
        params: list[Any] = [page["limit"], page["offset"]]
        if not counts:
            return parts, params
        parts += [
            f"SELECT 'total', NULL, count(DISTINCT group_key), NULL, NULL, NULL "
            f"FROM {plan[None]} WHERE {self.flags()}",
            # Before the filters: how many of the matches pass them.
            f"SELECT 'matched', NULL, count(DISTINCT group_key), NULL, NULL, NULL "
            f"FROM {plan[None]}",
        ]
        facet_sql = (
            "SELECT 'facet', NULL, count(DISTINCT v.group_key), NULL, f.name, f.value "
            "FROM {source} v JOIN search_facet f ON f.entry_id = v.id "
            "WHERE {flags} AND f.name = ANY(%s) GROUP BY f.name, f.value"
        )
        active = self.filters.active()
        parts.append(facet_sql.format(source=plan[None], flags=self.flags(alias="v")))
        params.append([name for name in FACETS if name not in active])
        for name in active:
            flags = self.flags(skip=name, alias="v")
            parts.append(facet_sql.format(source=plan[name], flags=flags))
            params.append([name])
        return parts, params

    def run(
        self,
        sets: dict[str, Candidates],
        plan: Plan,
        page: dict[str, Any],
        *,
        counts: bool = True,
    ) -> Found:
        """
        ``plan`` says which set gives the hits (``hits``), the total (``None``) and each
        filtered facet's counts (the filter's name): a facet ignores its own filter, so
        it may need a larger set. Without ``counts``, only the hits.
        """
        if not counts:
            sets = {plan["hits"]: sets[plan["hits"]]}
        ctes, params = [], []
        for name, candidates in sets.items():
            visible, visible_params = self.visible(*self.matches(*candidates))
            ctes.append(f"{name} AS MATERIALIZED ({visible})")
            params += visible_params
        parts, part_params = self._parts(plan, page, counts)
        sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(f"({p})" for p in parts)
        with connection.cursor() as cursor:
            cursor.execute(sql, params + part_params)
            rows = cursor.fetchall()
        hits = sorted((row for row in rows if row[0] == "hit"), key=lambda row: row[1])
        total = next((row[2] for row in rows if row[0] == "total"), None)
        self.matched = next((row[2] for row in rows if row[0] == "matched"), None)
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for row in rows:
            if row[0] == "facet":
                facets[row[4]][row[5]] = row[2]
        return [Hit(row[2], float(row[3] or 0)) for row in hits], total, facets


# The matcher ------------------------------------------------------------------------------------


class Matcher(base.Matcher):
    """
    One query in one language with one set of filters: it plans where the total and
    each facet are counted from (exactly, or from a sample), then runs the statement.
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

    def run(self, offset: int, limit: int, sort: str) -> Outcome:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(STATEMENT_SETTINGS)
            return self._run({"offset": offset, "limit": limit, "sort": sort})

    def count(self) -> int:
        return self.run(0, 1, "relevance").total

    def _driver(self, frequencies: Frequencies | None = None) -> tuple[list[str], int, int]:
        """The terms that find the candidates, their postings, their group (``Frequencies``)."""
        if frequencies is None:
            frequencies = Frequencies(self.locale_id, self.query.variants, self.limits)
        return frequencies.driver()

    def _plan(self) -> tuple[dict[str, Candidates], Plan, int]:
        """
        For the total (every filter) and each filtered facet (every filter but its own),
        the smallest exact source: the rarest word's postings or a filter's entries.
        When none is small enough, a sample of the rarest word's groups, one in ``rate``.
        """
        frequencies = Frequencies(self.locale_id, self.query.variants, self.limits)
        driver = self._driver(frequencies)
        self.sources = Sources(self.locale_id, self.query.variants, self.filters, driver)
        size = driver[1]
        sizes = {"driver": size, **frequencies.filter_sizes(self.filters)}
        sets: dict[str, Candidates] = {}
        plan: Plan = {}
        rate = 1
        for need in [None, *self.filters.active()]:
            usable = {key: n for key, n in sizes.items() if key != need}
            source = min(usable, key=lambda key: usable[key])
            if usable[source] <= self.limits.exact:
                if source not in sets:
                    sets[source] = self.sources.get(source)
                plan[need] = source
            else:
                if "sample" not in sets:
                    while size / rate > self.limits.sample:
                        rate *= 2
                    sets["sample"] = self.sources.driver_postings(rate)
                plan[need] = "sample"
        return sets, plan, rate

    def _run(self, page: dict[str, Any]) -> Outcome:
        sets, plan, rate = self._plan()
        statement = Statement(self.locale_id, self.query, self.filters)
        if plan[None] != "sample":
            plan["hits"] = plan[None]
            hits, total, facets = statement.run(sets, plan, page)
        else:
            hits, total, facets = self._common(statement, sets, plan, page)
        # (The statement always counts; None only when it is asked for hits alone.)
        total = total or 0
        estimated = {need for need, source in plan.items() if source == "sample"}
        if rate > 1:
            total = total * rate if None in estimated else total
            for name in FACETS:
                if (name if name in self.filters.active() else None) in estimated:
                    facets[name] = {value: n * rate for value, n in facets[name].items()}
        return Outcome(
            hits, total, facets, estimated=None in estimated, facets_estimated=bool(estimated)
        )

    def _common(
        self, statement: Statement, sets: dict[str, Any], plan: Plan, page: dict[str, Any]
    ) -> Found:
        """
        Very common words: rank the best-scoring entries of each word, more of them if
        too few pass the filters; at worst every match.
        """
        plan["hits"] = "best"
        wanted = page["offset"] + page["limit"]
        candidates = self.limits.candidates + 4 * wanted
        sets["best"] = self.sources.best(candidates, page["sort"])
        hits, total, facets = statement.run(sets, plan, page)
        # The sample tells what share of the matches pass the filters.
        passing = (total or 0) / statement.matched if statement.matched else 0
        for _ in range(MAX_WIDENINGS):
            if len(hits) == page["limit"]:
                break
            needed = int(2 * wanted / passing) + self.limits.candidates if passing else 0
            candidates = max(candidates * 2, min(needed, candidates * WIDER**2))
            sets["best"] = self.sources.best(candidates, page["sort"])
            hits, _, _ = statement.run(sets, plan, page, counts=False)
        else:
            if len(hits) < page["limit"]:
                sets["best"] = self.sources.driver_postings()
                hits, _, _ = statement.run(sets, plan, page, counts=False)
        return hits, total, facets


def suggestion_candidates(locale_id: int, folded: str, limit: int) -> list[Suggested]:
    """
    In one statement, the first ``limit`` visible phrases in (position, byte order),
    read straight from the ``C``-collated index one position at a time: a two-letter
    prefix matches thousands of phrases, and none of them is sorted. The positions are
    a nested loop that stops as soon as ``limit`` rows have come out, usually in the
    first position.
    """
    # ``folded`` is letters, digits and spaces: nothing in it is special to LIKE; page
    # paths are letters and digits.
    sql = (
        "SELECT s.entry_id, s.title, s.kind, s.page_id, s.url_path, s.locale_id, s.position, "
        "s.phrase FROM generate_series(0, %s) AS pos(n) CROSS JOIN LATERAL ("
        'SELECT s.entry_id, s.position, s.phrase COLLATE "C" AS phrase, e.title, e.kind, '
        "e.page_id, p.url_path, p.locale_id "
        "FROM search_suggestion s JOIN search_entry e ON e.id = s.entry_id "
        "JOIN wagtailcore_page p ON p.id = e.page_id "
        'WHERE s.locale_id = %s AND s.position = pos.n AND s.phrase COLLATE "C" LIKE %s '
        f"AND e.generation = {LIVE_SQL} AND p.live AND {_PUBLIC_PAGE} "
        'ORDER BY s.phrase COLLATE "C" LIMIT %s) s LIMIT %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [MAX_SUGGESTION_WORDS - 1, locale_id, folded + "%", limit, limit])
        rows = sorted(cursor.fetchall(), key=lambda row: (row[6], row[7].encode()))
    return [Suggested(*row[:6]) for row in rows]
