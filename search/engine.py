# ruff: noqa: S608  (SQL is assembled from fixed fragments; values go in as parameters)
"""
Querying the index: matching, ranking, grouping, facets, suggestions.

SQLite (``Matcher``): one statement finds the page of results, ranked by FTS5's bm25,
one row per group, and one more counts every facet value over the whole result set; a
facet that is being filtered on gets its own count without its own filter.

PostgreSQL (``PostgresMatcher``): one statement does all of that from the inverted list
``search_posting`` (see ``search.postgres``), reading narrow index rows rather than
text. Each match costs a few index look-ups (its page, its other words, its facets), so
when every source of candidates (the rarest word's postings, each filter's entries)
holds more than ``EXACT_LIMIT`` entries, that statement counts a fixed fraction of the
groups (chosen by a hash, so a group is in or out whole) and scales the counts up: the
answer says so (``Outcome.estimated``). Its results are then ranked among the
best-scoring entries of each word, read in score order from the index.

Every statement joins the page table so that only live pages outside any view
restriction are ever counted or returned, whatever the index still holds, and reads
only the live generation of entries (``search.generations``: a rebuild writes aside).

One result is one group of entries, and every entry of a group has the same kind: a
page, a partner or person (one result however many pages show them), or a PDF shown
on a page (its best-matching PDF page stands for it). Totals, facet counts and pages
of results all count groups, so the counts by kind add up to the total.

Every statement is built from fixed SQL fragments with ``%s`` placeholders: nothing a
visitor sends is ever formatted into SQL text (hence the S608 exemptions below).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction

from cms.api.visibility import restricted_paths

from . import generations, text
from .generations import LIVE_SQL
from .indexer import MAX_SUGGESTION_WORDS
from .models import Entry, Term

FACETS = ("type", "theme", "industry", "initiative", "report_type", "year")
TITLE_WEIGHT = 10.0
MAX_SUGGESTIONS = 10


@dataclass
class Filters:
    values: dict[str, list[str]] = field(default_factory=dict)

    def active(self) -> list[str]:
        return [name for name in FACETS if self.values.get(name)]


@dataclass
class Hit:
    entry_id: int
    score: float


@dataclass
class Outcome:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]
    # True when ``total`` (``facets_estimated``: some facet counts) is estimated from a
    # sample of a very common query's matches.
    estimated: bool = False
    facets_estimated: bool = False


def _restricted_collection_paths() -> list[str]:
    return list(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True).distinct()
    )


_DOCUMENT_TABLE = get_document_model()._meta.db_table


class Matcher:
    """Builds the SQL for one query in one language with one set of filters."""

    def __init__(self, locale_id: int, query: text.ParsedQuery, filters: Filters):
        self.locale_id = locale_id
        self.query = query
        self.filters = filters
        self.vendor = connection.vendor
        self.restricted = restricted_paths()
        self.restricted_collections = _restricted_collection_paths()

    # The matched rows -------------------------------------------------------------------

    def _from_where(self, *, skip: str | None = None, facet_join: bool = False):
        params: list = []
        if self.vendor == "postgresql":
            sql = (
                "FROM search_entry e CROSS JOIN to_tsquery('simple', %s) q "
                "JOIN wagtailcore_page p ON p.id = e.page_id "
            )
            params.append(self.query.tsquery())
            where = ["e.vector @@ q"]
        else:
            # The full-text matches first (see _with), then the joins: driven from the
            # other side, SQLite would run the full-text query once per row.
            sql = (
                "FROM fts CROSS JOIN search_entry e ON e.id = fts.id "
                "JOIN wagtailcore_page p ON p.id = e.page_id "
            )
            where = []
            params.append(self.query.fts5())
        if facet_join:
            sql += "JOIN search_facet f ON f.entry_id = e.id "
        where += ["e.locale_id = %s", "p.live = %s", f"e.generation = {LIVE_SQL}"]
        params += [self.locale_id, True]
        for path in self.restricted:
            where.append("p.path NOT LIKE %s")
            params.append(path + "%")
        if self.restricted_collections:
            # A PDF in a private collection is not shown, whatever page links to it.
            private = " OR ".join(["c.path LIKE %s"] * len(self.restricted_collections))
            where.append(
                "(e.document_id IS NULL OR e.document_id NOT IN (SELECT d.id FROM "
                f"{_DOCUMENT_TABLE} d JOIN wagtailcore_collection c ON c.id = d.collection_id "
                f"WHERE {private}))"
            )
            params += [path + "%" for path in self.restricted_collections]
        for name in self.filters.active():
            if name == skip:
                continue
            values = self.filters.values[name]
            placeholders = ", ".join(["%s"] * len(values))
            where.append(
                "EXISTS (SELECT 1 FROM search_facet ff WHERE ff.entry_id = e.id "
                f"AND ff.name = %s AND ff.value IN ({placeholders}))"
            )
            params += [name, *values]
        return sql + "WHERE " + " AND ".join(where), params

    def _with(self, *more: str, ranked: bool = True) -> str:
        """
        The statement's common table expressions; on SQLite, first the full-text
        matches, with their bm25 rank only when ``ranked`` (counting needs none, and
        ranking a very common word's matches is a good part of the statement's time).
        """
        ctes = list(more)
        if self.vendor != "postgresql":
            # Materialised: FTS5 functions cannot run once SQLite flattens the subquery.
            rank = f", bm25(search_entry_fts, {TITLE_WEIGHT}, 1.0) AS rank" if ranked else ""
            ctes.insert(
                0,
                f"fts AS MATERIALIZED (SELECT rowid AS id{rank} FROM search_entry_fts "
                "WHERE search_entry_fts MATCH %s)",
            )
        return "WITH " + ", ".join(ctes) + " " if ctes else ""

    def _score(self) -> str:
        if self.vendor == "postgresql":
            return "ts_rank_cd(e.vector, q) * e.boost"
        return "-fts.rank * e.boost"

    # Statements ---------------------------------------------------------------------------

    def page(self, offset: int, limit: int, sort: str) -> tuple[list[Hit], int | None]:
        """A page of hits, and the total (None when the page is past the end)."""
        order = "best DESC, id" if sort == "relevance" else "day IS NULL, day DESC, best DESC, id"
        if self.vendor == "postgresql":
            body, params = self._from_where()
            sql = (
                "SELECT id, best, COUNT(*) OVER () FROM (SELECT DISTINCT ON (e.group_key) "
                "e.id, e.date AS day, "
                f"{self._score()} AS best {body} ORDER BY e.group_key, best DESC) g "
                f"ORDER BY {order} LIMIT %s OFFSET %s"
            )
        else:
            # SQLite takes the bare columns of a MAX() group from the row with the maximum.
            body, params = self._from_where()
            matched = (
                f"m AS (SELECT e.id, e.group_key, e.date AS day, {self._score()} AS score {body})"
            )
            sql = (
                f"{self._with(matched)}"
                "SELECT id, MAX(score) AS best, COUNT(*) OVER (), day FROM m GROUP BY group_key "
                f"ORDER BY {order} LIMIT %s OFFSET %s"
            )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            rows = cursor.fetchall()
        total = rows[0][2] if rows else None
        return [Hit(row[0], float(row[1] or 0)) for row in rows], total

    def facet_counts(self, names: list[str], *, skip: str | None = None) -> dict:
        body, params = self._from_where(skip=skip, facet_join=True)
        counts: dict[str, dict[str, int]] = {name: {} for name in names}
        if not names:
            return counts
        placeholders = ", ".join(["%s"] * len(names))
        sql = (
            f"{self._with(ranked=False)}SELECT f.name, f.value, COUNT(DISTINCT e.group_key) {body} "
            f"AND f.name IN ({placeholders}) GROUP BY f.name, f.value"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *names])
            for name, value, count in cursor.fetchall():
                counts[name][value] = count
        return counts

    def count(self) -> int:
        body, params = self._from_where()
        with connection.cursor() as cursor:
            cursor.execute(
                f"{self._with(ranked=False)}SELECT COUNT(DISTINCT e.group_key) {body}", params
            )
            return cursor.fetchone()[0]

    def run(self, offset: int, limit: int, sort: str) -> Outcome:
        hits, total = self.page(offset, limit, sort)
        if total is None:
            total = self.count() if offset else 0
        active = self.filters.active()
        # Facets nobody filters on in one statement that honours every filter.
        facets = self.facet_counts([name for name in FACETS if name not in active])
        for name in active:
            facets[name] = self.facet_counts([name], skip=name)[name]
        return Outcome(hits, total, facets)


# PostgreSQL -----------------------------------------------------------------------------

# A query whose rarest word is on more entries than this is counted from a sample
# (each matching entry costs a few index look-ups: a page, the other words, facets).
EXACT_LIMIT = 2_000
# About how many matching entries a sample holds.
SAMPLE_SIZE = 1_000
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
    f"{_DOCUMENT_TABLE} d JOIN wagtailcore_collection c ON c.id = d.collection_id, "
    "wagtailcore_collectionviewrestriction r JOIN wagtailcore_collection rc "
    "ON rc.id = r.collection_id WHERE d.id = e.document_id AND c.path LIKE rc.path || '%%'))"
)


def _forms_sql(forms: list[list[str]], alias: str = "p") -> tuple[str, list]:
    """A group's score in one entry from its postings, NULL when no form is complete."""
    cases, params = [], []
    for form in forms:
        terms = list(dict.fromkeys(form))
        cases.append(
            f"CASE WHEN count(*) FILTER (WHERE {alias}.term = ANY(%s)) = %s "
            f"THEN sum({alias}.score) FILTER (WHERE {alias}.term = ANY(%s)) END"
        )
        params += [terms, len(terms), terms]
    sql = cases[0] if len(cases) == 1 else "GREATEST(" + ", ".join(cases) + ")"
    return sql, params


class PostgresMatcher:
    """
    One query in one language with one set of filters, on PostgreSQL's inverted list.

    A query is groups (a word, or a quoted phrase), each with one or more forms (the
    word stemmed in each language the locale's text is written in); an entry matches
    when, for every group, it holds every term of one form (and, for phrases, the
    words are next to each other, checked on the entry's ``tsvector``). Its score is
    the sum over groups of its best form's term scores, as stored in the postings.
    """

    def __init__(self, locale_id: int, query: text.ParsedQuery, filters: Filters):
        self.locale_id = locale_id
        self.query = query
        self.filters = filters
        self.groups = query.variants
        self.has_phrase = any(len(form) > 1 for forms in self.groups for form in forms)

    # How common the words are -------------------------------------------------------------

    def _document_frequencies(self, terms: list[str], cap: int) -> dict[str, int]:
        """Postings per term in this locale, counted up to ``cap``."""
        parts, params = [], []
        for term in terms:
            parts.append(
                "SELECT %s, (SELECT count(*) FROM (SELECT 1 FROM search_posting WHERE "
                "term = %s AND locale_id = %s LIMIT %s) s)"
            )
            params += [term, term, self.locale_id, cap]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return dict(cursor.fetchall())

    def _driver(self) -> tuple[list[str], int, int]:
        """
        The terms whose postings are read to find candidates (the rarest term of each
        form of the rarest group), how many postings they have (exactly up to
        ``EXACT_LIMIT``; above it, estimated), and which group it is.
        """
        terms = sorted({term for forms in self.groups for form in forms for term in form})
        counts = self._document_frequencies(terms, EXACT_LIMIT + 1)
        # Counted only up to the limit, common words would all tie; and the planner's
        # estimate is off by a factor of four for a word outside its most-common list
        # ("young": 9,133 estimated, 34,058 there at 100,000 pages), which would size
        # the sample four times too large. Counting 1/32 of the postings, by group
        # hash, reads a few hundred index rows and is within a few per cent.
        capped = [term for term, count in counts.items() if count > EXACT_LIMIT]
        if capped:
            counts.update(self._estimated_postings(capped))

        best = None
        for number, forms in enumerate(self.groups):
            rarest = list(dict.fromkeys(min(form, key=counts.get) for form in forms))
            size = sum(counts[term] for term in rarest)
            if best is None or size < best[1]:
                best = (rarest, size, number)
        return best

    def _estimated_postings(self, terms: list[str]) -> dict[str, int]:
        """
        Each term's postings in this locale, estimated from those in the lowest
        1/``ESTIMATE_RATE`` of the group-hash range (the ``search_posting_sample``
        index); never below ``EXACT_LIMIT + 1``, what counting found already.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term, count(*) FROM search_posting WHERE term = ANY(%s) "
                "AND locale_id = %s AND gsample < %s GROUP BY term",
                [terms, self.locale_id, -(2**31) + 2**32 // ESTIMATE_RATE],
            )
            found = dict(cursor.fetchall())
        return {term: max(EXACT_LIMIT + 1, found.get(term, 0) * ESTIMATE_RATE) for term in terms}

    # Statement pieces ---------------------------------------------------------------------

    def _matches(self, candidates: str, params: list, known: int | None) -> tuple[str, list]:
        """
        Candidates (a query of entry_id, s) that match every group, with their score;
        ``known`` is the group whose score the candidates' ``s`` already is (they are
        its postings), so it needs no look-up.
        """
        joins, scores, conditions = [], [], []
        for number, forms in enumerate(self.groups):
            if number == known:
                scores.append("c.s")
                continue
            case, case_params = _forms_sql(forms)
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

    def _visible(self, matches: str, match_params: list) -> tuple[str, list]:
        """Matches on live, public pages (and public PDFs), with a flag per filter."""
        params: list = []
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
        if self.has_phrase:
            where.append("e.vector @@ to_tsquery('simple', %s)")
            params.append(self.query.tsquery())
        sql = (
            f"SELECT {columns} FROM ({matches}) m JOIN search_entry e ON e.id = m.entry_id "
            f"JOIN wagtailcore_page p ON p.id = e.page_id WHERE {' AND '.join(where)}"
        )
        return sql, params

    def _flags(self, skip: str | None = None, alias: str | None = None) -> str:
        prefix = f"{alias}." if alias else ""
        names = [f"{prefix}f_{name}" for name in self.filters.active() if name != skip]
        return " AND ".join(names) if names else "TRUE"

    def _driver_postings(self, rate: int = 1) -> tuple[str, list, int | None]:
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

    def _filter_entries(self, name: str) -> tuple[str, list, None]:
        return (
            "SELECT DISTINCT entry_id FROM search_facet WHERE name = %s AND value = ANY(%s)",
            [name, self.filters.values[name]],
            None,
        )

    def _filter_sizes(self) -> dict[str, int]:
        """Entries per active filter, counted up to ``EXACT_LIMIT + 1``."""
        active = self.filters.active()
        if not active:
            return {}
        parts, params = [], []
        for name in active:
            parts.append(
                "SELECT %s, (SELECT count(*) FROM (SELECT 1 FROM search_facet WHERE "
                "name = %s AND value = ANY(%s) LIMIT %s) s)"
            )
            params += [name, name, self.filters.values[name], EXACT_LIMIT + 1]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return dict(cursor.fetchall())

    def _best(self, size: int, sort: str) -> tuple[str, list, int | None]:
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
        for term in sorted({term for forms in self.groups for form in forms for term in form}):
            parts.append(
                "(SELECT entry_id FROM search_posting WHERE term = %s AND locale_id = %s "
                "ORDER BY score DESC LIMIT %s)"
            )
            params += [term, self.locale_id, size]
        return " UNION ".join(parts), params, None

    # The statement ------------------------------------------------------------------------

    def _statement(
        self,
        sets: dict[str, tuple[str, list, int | None]],
        plan: dict,
        page: dict,
        *,
        counts: bool = True,
    ):
        """
        Hits, total and facet counts in one statement. ``sets`` are named candidate
        queries (each becomes the visible matches among them); ``plan`` says which set
        gives the hits (``hits``), the total (``None``) and each filtered facet's counts
        (the filter's name): a facet ignores its own filter, so it may need a larger set.
        Without ``counts``, only the hits.
        """
        if not counts:
            sets = {plan["hits"]: sets[plan["hits"]]}
        ctes, params = [], []
        for name, candidates in sets.items():
            visible, visible_params = self._visible(*self._matches(*candidates))
            ctes.append(f"{name} AS MATERIALIZED ({visible})")
            params += visible_params
        order = (
            "best DESC, id" if page["sort"] == "relevance" else "day DESC NULLS LAST, best DESC, id"
        )
        parts = [
            "SELECT 'hit', position, id, best, NULL, NULL FROM "
            f"(SELECT id, best, row_number() OVER (ORDER BY {order}) AS position FROM "
            "(SELECT DISTINCT ON (group_key) id, day, score AS best "
            f"FROM {plan['hits']} WHERE {self._flags()} ORDER BY group_key, score DESC, id) g "
            f"ORDER BY {order} LIMIT %s OFFSET %s) h",
            f"SELECT 'total', NULL, count(DISTINCT group_key), NULL, NULL, NULL "
            f"FROM {plan[None]} WHERE {self._flags()}",
            # Before the filters: how many of the matches pass them.
            f"SELECT 'matched', NULL, count(DISTINCT group_key), NULL, NULL, NULL "
            f"FROM {plan[None]}",
        ]
        params += [page["limit"], page["offset"]]
        if not counts:
            parts = parts[:1]
        active = self.filters.active() if counts else []
        facet_sql = (
            "SELECT 'facet', NULL, count(DISTINCT v.group_key), NULL, f.name, f.value "
            "FROM {source} v JOIN search_facet f ON f.entry_id = v.id "
            "WHERE {flags} AND f.name = ANY(%s) GROUP BY f.name, f.value"
        )
        if counts:
            parts.append(facet_sql.format(source=plan[None], flags=self._flags(alias="v")))
            params.append([name for name in FACETS if name not in active])
        for name in active:
            flags = self._flags(skip=name, alias="v")
            parts.append(facet_sql.format(source=plan[name], flags=flags))
            params.append([name])
        sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(f"({p})" for p in parts)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        hits = sorted((row for row in rows if row[0] == "hit"), key=lambda row: row[1])
        total = next((row[2] for row in rows if row[0] == "total"), None)
        self.matched = next((row[2] for row in rows if row[0] == "matched"), None)
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for row in rows:
            if row[0] == "facet":
                facets[row[4]][row[5]] = row[2]
        return [Hit(row[2], float(row[3] or 0)) for row in hits], total, facets

    def run(self, offset: int, limit: int, sort: str) -> Outcome:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(STATEMENT_SETTINGS)
            return self._run(offset, limit, sort)

    def _run(self, offset: int, limit: int, sort: str) -> Outcome:
        page = {"offset": offset, "limit": limit, "sort": sort}
        self.driver, size, self.driver_group = self._driver()
        sizes = {"driver": size, **self._filter_sizes()}
        active = self.filters.active()
        sets: dict[str, tuple[str, list, int | None]] = {}
        plan: dict = {}
        # For the total (every filter) and each filtered facet (every filter but its
        # own), the smallest exact source: the rarest word's postings or a filter's
        # entries. When none is small enough, a sample of the rarest word's groups.
        rate = 1
        for need in [None, *active]:
            usable = {key: n for key, n in sizes.items() if key != need}
            source = min(usable, key=usable.get)
            if usable[source] <= EXACT_LIMIT:
                if source not in sets:
                    sets[source] = (
                        self._driver_postings()
                        if source == "driver"
                        else self._filter_entries(source)
                    )
                plan[need] = source
            else:
                if "sample" not in sets:
                    while size / rate > SAMPLE_SIZE:
                        rate *= 2
                    sets["sample"] = self._driver_postings(rate)
                plan[need] = "sample"
        if plan[None] != "sample":
            plan["hits"] = plan[None]
            hits, total, facets = self._statement(sets, plan, page)
        else:
            # Very common words: rank the best-scoring entries of each word, more of
            # them if too few pass the filters; at worst every match.
            plan["hits"] = "best"
            wanted = offset + limit
            candidates = CANDIDATES + 4 * wanted
            sets["best"] = self._best(candidates, sort)
            hits, total, facets = self._statement(sets, plan, page)
            # The sample tells what share of the matches pass the filters.
            passing = total / self.matched if self.matched else 0
            for _ in range(MAX_WIDENINGS):
                if len(hits) == limit:
                    break
                needed = int(2 * wanted / passing) + CANDIDATES if passing else 0
                candidates = max(candidates * 2, min(needed, candidates * WIDER**2))
                sets["best"] = self._best(candidates, sort)
                hits, _, _ = self._statement(sets, plan, page, counts=False)
            else:
                if len(hits) < limit:
                    sets["best"] = self._driver_postings()
                    hits, _, _ = self._statement(sets, plan, page, counts=False)
        estimated = {need for need, source in plan.items() if source == "sample"}
        if rate > 1:
            total = total * rate if None in estimated else total
            for name in FACETS:
                if (name if name in active else None) in estimated:
                    facets[name] = {value: n * rate for value, n in facets[name].items()}
        return Outcome(
            hits,
            total,
            facets,
            estimated=None in estimated,
            facets_estimated=bool(estimated),
        )

    def count(self) -> int:
        return self.run(0, 1, "relevance").total


def _matcher(locale_id: int, query: text.ParsedQuery, filters: Filters):
    if connection.vendor == "postgresql":
        return PostgresMatcher(locale_id, query, filters)
    return Matcher(locale_id, query, filters)


def text_languages(locale_id: int) -> list[str]:
    """Languages of text in ``locale_id`` other than its own (an English PDF on a Spanish page)."""
    return sorted(
        set(
            Entry.objects.filter(locale_id=locale_id, generation=generations.live())
            .exclude(language="")
            .values_list("language", flat=True)
            .distinct()
        )
    )


def search(
    locale_id: int,
    query: text.ParsedQuery,
    filters: Filters,
    *,
    offset: int = 0,
    limit: int = 10,
    sort: str = "relevance",
) -> Outcome:
    if not query:
        return Outcome([], 0, {name: {} for name in FACETS})
    return _matcher(locale_id, query, filters).run(offset, limit, sort)


# As-you-type suggestions ----------------------------------------------------------------


@dataclass
class Suggested:
    """A suggestion: an entry's title and kind, and where its page is."""

    entry_id: int
    title: str
    kind: str
    page_id: int
    url_path: str
    locale_id: int


def suggest(locale_id: int, prefix: str, limit: int = MAX_SUGGESTIONS) -> list[Suggested]:
    """Live pages whose title, or a tail of it from a word on, starts with ``prefix``."""
    folded = " ".join(text.words(prefix))
    if not folded:
        return []
    if connection.vendor == "postgresql":
        candidates = _suggestion_candidates(locale_id, folded, limit * 4)
    else:
        candidates = _sqlite_suggestion_candidates(locale_id, folded, limit * 4)
    seen_titles: set[str] = set()
    found = []
    for candidate in candidates:
        if candidate.title.casefold() in seen_titles:
            continue
        seen_titles.add(candidate.title.casefold())
        found.append(candidate)
        if len(found) == limit:
            break
    return found


def _suggestion_candidates(locale_id: int, folded: str, limit: int) -> list[Suggested]:
    """
    On PostgreSQL, in one statement, the first ``limit`` visible phrases in (position,
    byte order), read straight from the ``C``-collated index one position at a time: a
    two-letter prefix matches thousands of phrases, and none of them is sorted. The
    positions are a nested loop that stops as soon as ``limit`` rows have come out,
    usually in the first position.
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
        f"AND e.generation = {LIVE_SQL} AND p.live "
        "AND NOT EXISTS (SELECT 1 FROM wagtailcore_pageviewrestriction r "
        "JOIN wagtailcore_page rp ON rp.id = r.page_id WHERE p.path LIKE rp.path || '%%') "
        'ORDER BY s.phrase COLLATE "C" LIMIT %s) s LIMIT %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [MAX_SUGGESTION_WORDS - 1, locale_id, folded + "%", limit, limit])
        rows = sorted(cursor.fetchall(), key=lambda row: (row[6], row[7].encode()))
    return [Suggested(*row[:6]) for row in rows]


def _sqlite_suggestion_candidates(locale_id: int, folded: str, limit: int) -> list[Suggested]:
    """
    On SQLite, the first ``limit`` visible phrases in (position, byte order), one
    position at a time from the ``search_suggestion_position`` index (migration 0006):
    each statement reads the index in order and stops after ``limit`` visible rows, so
    usually the first position is the only one asked.
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


# "Did you mean" ---------------------------------------------------------------------------


def did_you_mean(locale_id: int, query: text.ParsedQuery, filters: Filters) -> str | None:
    """A query of words from the index that are close to the visitor's, if it finds anything."""
    from .vocabulary import is_public_word, is_written_publicly  # (it searches with this module)

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
    parsed = text.parse_query(suggestion, query.language, also=text_languages(locale_id))
    if _matcher(locale_id, parsed, filters).count() == 0:
        return None
    return suggestion


#: Close words checked for being public, closest first, before giving up on a word.
MAX_CLOSE_WORDS = 5


def _closest(locale_id: int, word: str, accept: Callable[[str], bool]) -> str | None:
    if len(word) < 3:
        return None
    limit = 1 if len(word) <= 4 else 2
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
