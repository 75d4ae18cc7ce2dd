# ruff: noqa: S608  (SQL is assembled from fixed fragments and the weights; values go in as parameters)
"""
How site search ranks results: the one formula, which both databases follow.

**The score.** An entry (a page, a partner or person, a PDF page) that matches a query
scores

    score = boost(kind) × Σ over the query's groups of the group's weight

A *group* is a word of the query, or a "quoted phrase". A group has one *form* per
language the locale's text is written in (the word stemmed in each: an English PDF on a
Spanish page); its weight in an entry is that of its best *complete* form, one whose
every term the entry holds, and a form's weight is the sum of its distinct terms'
weights. A term's weight in an entry is

    weight = TITLE_WEIGHT × (times it is in the title text)
           + BODY_WEIGHT × (times it is in the rest)

*Title text* is the title and every search field boosted ``STRONG_BOOST`` or more
(``Entry.title_terms``); the rest is every other search field and a PDF page's text
(``Entry.terms``). A word in the title is worth 1.0 and one in the body 0.1, so a page
named for the words outranks one that only mentions them, unless the mentions are many.

**Kind boosts** (``BOOSTS``, stored as ``Entry.boost``): visitors come for reports
(1.5); a PDF page, a partner or a person (0.5) should not outrank the page about the
same thing; everything else is 1.0.

**Results and order.** A result that is a group of entries (a PDF: its pages) scores as
its best entry. ``sort=relevance`` orders by score, then by entry id; ``sort=newest`` by
date (undated last), then by score, then by id.

**Promotions** (``promotion_hides``). The editors' promotions for a query (its words
lower-cased, spaces folded) come before every ranked result, on the first page of
results only, in the editors' order, and are not counted in ``total``. A promoted page
is not repeated among the ranked results; its PDFs, partners and people still are.

**No rarity, no length.** The score of a term in an entry depends on that entry alone:
no inverse document frequency, no normalisation by length (what bm25 and ``ts_rank_cd``
add). That is what lets PostgreSQL store it once per (term, entry) and read a word's
best entries in score order from an index, and what lets both databases give the same
numbers. Neither bm25 (SQLite FTS5) nor ``ts_rank_cd`` (PostgreSQL) is used: FTS5
only finds the matches, and the weights are counted as below. (Before this module,
SQLite ranked by bm25, the title weighted 10, and so ordered some results differently
from PostgreSQL; ``ts_rank_cd`` was written only in a branch PostgreSQL never took, as
its own matcher read the postings.)

**Per database**, the same formula:

- PostgreSQL computes each term's weight once, when an entry is written: the trigger
  function on ``search_entry`` (``trigger_function_sql``, installed by migration
  ``search/0009``) stores it in ``search_posting.score``, counting the positions of the
  entry's ``tsvector`` weighted A (title text) and D (the rest); a query adds up the
  postings (``postgres_group_sql``).
- SQLite counts, for the matches FTS5 finds, each term's occurrences in the entry's
  ``title_terms`` and ``terms`` at query time (``sqlite_score_sql``).

What differs, because the engines do: PostgreSQL keeps at most 256 positions of a word
in an entry's ``tsvector`` and none past the 16,383rd word (later ones count once at
that position), so a word repeated more than 256 times in one entry, or the end of a
very long text, weighs less there than on SQLite; and it stores posting scores as
``real`` (about 7 significant digits), so two scores SQLite finds equal may differ in
the last digit there, and such ties may be broken differently.

**Changing the formula** means a new migration that runs ``trigger_function_sql()``
and ``rescore_postings_sql()`` again (as ``search/0009`` does), so stored scores follow;
SQLite follows at once. ``tests/test_search_ranking.py`` checks that the installed
function is the one this module generates.
"""

from __future__ import annotations

from typing import Any

from .models import Kind

TITLE_WEIGHT = 1.0
BODY_WEIGHT = 0.1
#: Search fields boosted this much or more count as title text (``search_fields``).
STRONG_BOOST = 2
# Visitors come for reports; a partner or a PDF page should not outrank the page
# about the same thing.
BOOSTS: dict[str, float] = {
    Kind.REPORT: 1.5,
    Kind.DOCUMENT: 0.5,
    Kind.ORGANISATION: 0.5,
    Kind.PERSON: 0.5,
}


def promotion_hides(kind: str, object_id: int | None, page_id: int, promoted: set[int]) -> bool:
    """Whether a ranked result repeats a promotion (a promoted page, not its PDFs or people)."""
    return kind != Kind.DOCUMENT and object_id is None and page_id in promoted


# PostgreSQL -----------------------------------------------------------------------------------


def posting_score_sql(entry: str) -> str:
    """
    A term's score in an entry, from the term's row ``u`` of ``unnest(vector)`` and the
    entry's row ``entry``: its title positions (weight A) and its other positions.
    """
    title = "cardinality(array_positions(u.weights, 'A'))"
    return (
        f"{entry}.boost * ({TITLE_WEIGHT} * {title} "
        f"+ {BODY_WEIGHT} * (cardinality(u.weights) - {title}))"
    )


def trigger_function_sql() -> str:
    """The trigger function that keeps ``search_posting`` in step with ``search_entry``."""
    return f"""
    CREATE OR REPLACE FUNCTION search_posting_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE search_posting;
            RETURN NULL;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM search_posting p USING removed r WHERE p.entry_id = r.id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO search_posting (term, locale_id, score, entry_id, gsample)
            SELECT u.lexeme, a.locale_id, {posting_score_sql("a")},
                   a.id, hashtext(a.group_key)
            FROM added a CROSS JOIN LATERAL unnest(a.vector) u;
        END IF;
        RETURN NULL;
    END
    $$
    """


def rescore_postings_sql() -> str:
    """Bring every stored posting's score to the formula (rows already there are kept)."""
    return f"""
    UPDATE search_posting p SET score = s.score
    FROM (SELECT e.id, u.lexeme, ({posting_score_sql("e")})::real AS score
          FROM search_entry e CROSS JOIN LATERAL unnest(e.vector) u) s
    WHERE p.entry_id = s.id AND p.term = s.lexeme AND p.score <> s.score
    """


def postgres_group_sql(forms: list[list[str]], alias: str = "p") -> tuple[str, list[Any]]:
    """
    A group's weight in one entry from its postings (rows ``alias``, one per term of the
    group the entry holds): its best complete form's sum; NULL when no form is complete.
    """
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


# SQLite ---------------------------------------------------------------------------------------


def _sqlite_count_sql(padded: str) -> str:
    """
    Occurrences of a term (the parameter, with a space either side) in ``padded``: the
    column's terms with every space doubled and a space either side, so that
    occurrences do not share their spaces and ``replace`` finds each one.
    """
    return f"((length({padded}) - length(replace({padded}, %s, ''))) / length(%s))"


def sqlite_padded_sql(column: str) -> str:
    """A column of terms as ``_sqlite_count_sql`` reads it."""
    return f"(' ' || replace({column}, ' ', '  ') || ' ')"


def _sqlite_form_sql(
    form: list[str], title: str, body: str, *, complete: bool
) -> tuple[str, list[Any]]:
    """A form's weight; unless ``complete`` is known, 0 when the entry lacks a term."""
    weights, weight_params, holds, hold_params = [], [], [], []
    for term in dict.fromkeys(form):
        padded = [f" {term} "] * 2
        title_count, body_count = _sqlite_count_sql(title), _sqlite_count_sql(body)
        weights.append(f"{TITLE_WEIGHT} * {title_count} + {BODY_WEIGHT} * {body_count}")
        weight_params += padded + padded
        holds.append(f"{title_count} + {body_count} > 0")
        hold_params += padded + padded
    total = " + ".join(weights)
    if complete:
        return total, weight_params
    return f"CASE WHEN {' AND '.join(holds)} THEN {total} ELSE 0 END", hold_params + weight_params


def sqlite_score_sql(
    groups: list[list[list[str]]], title: str, body: str, boost: str
) -> tuple[str, list[Any]]:
    """
    An entry's score on SQLite, from its padded title and body terms (``title``,
    ``body``: SQL of ``sqlite_padded_sql``) and its ``boost``. The entry matched, so a
    group of one form holds it whole; of several, only complete forms count.
    """
    group_sqls, params = [], []
    for forms in groups:
        parts = []
        for form in forms:
            sql, form_params = _sqlite_form_sql(form, title, body, complete=len(forms) == 1)
            parts.append(sql)
            params += form_params
        group_sqls.append(parts[0] if len(parts) == 1 else f"max({', '.join(parts)})")
    return f"{boost} * ({' + '.join(group_sqls)})", params
