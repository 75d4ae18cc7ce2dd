# ruff: noqa: S608  (SQL is assembled from fixed fragments; values go in as parameters)
"""
SQLite: FTS5 (``search_entry_fts``, migration 0002) finds the matches; one statement
ranks them (``search.ranking``: each term's occurrences in the entry's title and body
terms) and returns the page of results, one row per group, and one more counts every
facet value over the whole result set; a facet that is being filtered on gets its own
count without its own filter. Every match is counted: nothing is estimated.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from cms.api.visibility import restricted_paths

from .. import ranking, text
from ..generations import LIVE_SQL
from ..indexer import MAX_SUGGESTION_WORDS
from . import base
from .base import FACETS, Filters, Hit, Outcome, Suggested


class Matcher(base.Matcher):
    """Builds the SQL for one query in one language with one set of filters."""

    def __init__(self, locale_id: int, query: text.ParsedQuery, filters: Filters):
        super().__init__(locale_id, query, filters)
        self.restricted = restricted_paths()
        self.restricted_collections = base.restricted_collection_paths()

    def _from_where(
        self, *, skip: str | None = None, facet_join: bool = False
    ) -> tuple[str, list[Any]]:
        """The matched, visible, filtered rows (``skip``: a filter left out)."""
        # The full-text matches first (see _with), then the joins: driven from the
        # other side, SQLite would run the full-text query once per row.
        sql = (
            "FROM fts CROSS JOIN search_entry e ON e.id = fts.id "
            "JOIN wagtailcore_page p ON p.id = e.page_id "
        )
        if facet_join:
            sql += "JOIN search_facet f ON f.entry_id = e.id "
        where = ["e.locale_id = %s", "p.live = %s", f"e.generation = {LIVE_SQL}"]
        params: list[Any] = [self.locale_id, True]
        for path in self.restricted:
            where.append("p.path NOT LIKE %s")
            params.append(path + "%")
        if self.restricted_collections:
            # A PDF in a private collection is not shown, whatever page links to it.
            private = " OR ".join(["c.path LIKE %s"] * len(self.restricted_collections))
            where.append(
                "(e.document_id IS NULL OR e.document_id NOT IN (SELECT d.id FROM "
                f"{base.DOCUMENT_TABLE} d JOIN wagtailcore_collection c "
                f"ON c.id = d.collection_id WHERE {private}))"
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

    def _with(self, *more: str) -> tuple[str, list[Any]]:
        """
        The statement's common table expressions: first the full-text matches,
        materialised (SQLite would flatten the subquery and run FTS5 once per row).
        """
        fts = (
            "fts AS MATERIALIZED (SELECT rowid AS id FROM search_entry_fts "
            "WHERE search_entry_fts MATCH %s)"
        )
        return "WITH " + ", ".join([fts, *more]) + " ", [self.query.fts5()]

    def page(self, offset: int, limit: int, sort: str) -> tuple[list[Hit], int | None]:
        """A page of hits, and the total (None when the page is past the end)."""
        order = "best DESC, id" if sort == "relevance" else "day IS NULL, day DESC, best DESC, id"
        body, params = self._from_where()
        score, score_params = ranking.sqlite_score_sql(
            self.query.variants,
            title=ranking.sqlite_padded_sql("e.title_terms"),
            body=ranking.sqlite_padded_sql("e.terms"),
            boost="e.boost",
        )
        ctes, cte_params = self._with(
            f"m AS (SELECT e.id, e.group_key, e.date AS day, {score} AS score {body})"
        )
        # SQLite takes the bare columns of a MAX() group from the row with the maximum.
        sql = (
            f"{ctes}SELECT id, MAX(score) AS best, COUNT(*) OVER (), day FROM m "
            f"GROUP BY group_key ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*cte_params, *score_params, *params, limit, offset])
            rows = cursor.fetchall()
        total = rows[0][2] if rows else None
        return [Hit(row[0], float(row[1] or 0)) for row in rows], total

    def facet_counts(self, names: list[str], *, skip: str | None = None) -> dict[str, Any]:
        body, params = self._from_where(skip=skip, facet_join=True)
        counts: dict[str, dict[str, int]] = {name: {} for name in names}
        if not names:
            return counts
        placeholders = ", ".join(["%s"] * len(names))
        ctes, cte_params = self._with()
        sql = (
            f"{ctes}SELECT f.name, f.value, COUNT(DISTINCT e.group_key) {body} "
            f"AND f.name IN ({placeholders}) GROUP BY f.name, f.value"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*cte_params, *params, *names])
            for name, value, count in cursor.fetchall():
                counts[name][value] = count
        return counts

    def count(self) -> int:
        body, params = self._from_where()
        ctes, cte_params = self._with()
        with connection.cursor() as cursor:
            cursor.execute(f"{ctes}SELECT COUNT(DISTINCT e.group_key) {body}", cte_params + params)
            return int(cursor.fetchone()[0])

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
