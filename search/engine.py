# ruff: noqa: S608  (SQL is assembled from fixed fragments; values go in as parameters)
"""
Querying the index: matching, ranking, grouping, facets, suggestions.

One SQL statement finds the page of results (ranked by bm25 on SQLite, ts_rank_cd on
PostgreSQL, one row per group) and one more counts every facet value over the whole
result set; a facet that is being filtered on gets its own count without its own
filter. Every statement joins the page table so that only live pages outside any view
restriction are ever counted or returned, whatever the index still holds.

Every statement is built from fixed SQL fragments with ``%s`` placeholders: nothing a
visitor sends is ever formatted into SQL text (hence the S608 exemptions below).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from . import text
from .models import Entry, Suggestion, Term

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


def _restricted_collection_paths() -> list[str]:
    return list(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True).distinct()
    )


def _restricted_paths() -> list[str]:
    return list(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())


_DOCUMENT_TABLE = get_document_model()._meta.db_table


class Matcher:
    """Builds the SQL for one query in one language with one set of filters."""

    def __init__(self, locale_id: int, query: text.ParsedQuery, filters: Filters):
        self.locale_id = locale_id
        self.query = query
        self.filters = filters
        self.vendor = connection.vendor
        self.restricted = _restricted_paths()
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
        where += ["e.locale_id = %s", "p.live = %s"]
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

    def _with(self, *more: str) -> str:
        ctes = list(more)
        if self.vendor != "postgresql":
            # Materialised: FTS5 functions cannot run once SQLite flattens the subquery.
            ctes.insert(
                0,
                "fts AS MATERIALIZED (SELECT rowid AS id, "
                f"bm25(search_entry_fts, {TITLE_WEIGHT}, 1.0) AS rank FROM search_entry_fts "
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
            f"{self._with()}SELECT f.name, f.value, COUNT(DISTINCT e.group_key) {body} "
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
            cursor.execute(f"{self._with()}SELECT COUNT(DISTINCT e.group_key) {body}", params)
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
    return Matcher(locale_id, query, filters).run(offset, limit, sort)


# As-you-type suggestions ----------------------------------------------------------------


def suggest(locale_id: int, prefix: str, limit: int = MAX_SUGGESTIONS) -> list[Entry]:
    """Live pages whose title, or a tail of it from a word on, starts with ``prefix``."""
    folded = " ".join(text.words(prefix))
    if not folded:
        return []
    rows = Suggestion.objects.filter(locale_id=locale_id)
    if connection.vendor == "postgresql":
        rows = rows.filter(phrase__startswith=folded)
    else:
        # A range on the binary index (LIKE in SQLite ignores it for mixed case).
        rows = rows.filter(phrase__gte=folded, phrase__lt=folded + "\U0010ffff")
    restricted = _restricted_paths()
    rows = rows.filter(entry__page__live=True)
    for path in restricted:
        rows = rows.exclude(entry__page__path__startswith=path)
    candidates = rows.order_by("position", "phrase").values_list("entry_id", flat=True)[: limit * 4]
    seen_titles: set[str] = set()
    entries = Entry.objects.in_bulk(list(candidates))
    found = []
    for entry_id in candidates:
        entry = entries.get(entry_id)
        if entry is None or entry.title.casefold() in seen_titles:
            continue
        seen_titles.add(entry.title.casefold())
        found.append(entry)
        if len(found) == limit:
            break
    return found


# "Did you mean" ---------------------------------------------------------------------------


def did_you_mean(locale_id: int, query: text.ParsedQuery, filters: Filters) -> str | None:
    """A query of words from the index that are close to the visitor's, if it finds anything."""
    if not query.words or len(query.words) > 8:
        return None
    corrected = []
    changed = False
    for word in query.words:
        if Term.objects.filter(locale_id=locale_id, word=word).exists():
            corrected.append(word)
            continue
        best = _closest(locale_id, word)
        if best is None:
            corrected.append(word)
        else:
            corrected.append(best)
            changed = True
    if not changed:
        return None
    suggestion = " ".join(corrected)
    parsed = text.parse_query(suggestion, query.language)
    if Matcher(locale_id, parsed, filters).count() == 0:
        return None
    return suggestion


def _closest(locale_id: int, word: str) -> str | None:
    if len(word) < 3:
        return None
    limit = 1 if len(word) <= 4 else 2
    candidates = Term.objects.filter(
        locale_id=locale_id, word__gte=word[0], word__lt=word[0] + "\U0010ffff"
    ).values_list("word", flat=True)
    best: tuple[int, int, str] | None = None
    for candidate in candidates.iterator(chunk_size=2000):
        if abs(len(candidate) - len(word)) > limit:
            continue
        distance = text.edit_distance(word, candidate, limit)
        if distance <= limit:
            rank = (distance, abs(len(candidate) - len(word)), candidate)
            if best is None or rank < best:
                best = rank
    return best[2] if best else None
