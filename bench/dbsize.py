"""
How much disk a PostgreSQL database of the site takes, and for what: pages, revisions,
the site search's index, Wagtail's own search index, tasks and logs, the rest.

    .venv/bin/python bench/dbsize.py postgres://postgres@127.0.0.1:5432/mha_search_bench_100000

Prints each group's tables with their indexes and TOAST, in MB, the whole database, and
the bytes per page (the pages counted in ``wagtailcore_page``). Read-only; run it after a
``VACUUM`` (bench/search.py runs one after building) for sizes without dead rows.
"""

from __future__ import annotations

import argparse
import re

GROUPS = [  # (label, pattern on the table's name), the first that matches
    ("pages and their fields", r"^(wagtailcore_page|home_|reports_|initiatives_|industries_)"),
    ("revisions", r"^wagtailcore_revision"),
    ("site search index", r"^search_"),
    ("Wagtail's search index", r"^wagtailsearch_"),
    (
        "tasks, outbox and logs",
        r"^(django_tasks|publishing_|wagtailcore_modellogentry|wagtailcore_pagelogentry)",
    ),
    ("images and documents", r"^(wagtailimages_|wagtaildocs_)"),
]

SIZES = """
SELECT c.relname, pg_total_relation_size(c.oid), c.reltuples::bigint
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public'
"""


def group_of(table: str) -> str:
    for label, pattern in GROUPS:
        if re.search(pattern, table):
            return label
    return "everything else"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the database, as a postgres:// URL")
    parser.add_argument("--tables", type=int, default=3, help="largest tables shown per group")
    args = parser.parse_args()

    import psycopg

    with psycopg.connect(args.url) as conn:
        rows = conn.execute(SIZES).fetchall()
        (database,) = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        (pages,) = conn.execute("SELECT count(*) FROM wagtailcore_page").fetchone()
        (revisions,) = conn.execute("SELECT count(*) FROM wagtailcore_revision").fetchone()

    grouped: dict[str, list[tuple[str, int, int]]] = {}
    for table, size, estimated_rows in rows:
        grouped.setdefault(group_of(table), []).append((table, size, estimated_rows))
    mb = 1024 * 1024
    print(f"{pages:,} pages, {revisions:,} revisions; database {database / mb:,.1f} MB")
    print(f"{'group / table':52} {'MB':>10} {'rows (est.)':>14} {'bytes/page':>11}")
    order = [label for label, _ in GROUPS] + ["everything else"]
    for label in order:
        tables = sorted(grouped.get(label, []), key=lambda row: -row[1])
        total = sum(size for _, size, _ in tables)
        print(f"{label:52} {total / mb:10,.1f} {'':>14} {total / max(pages, 1):11,.0f}")
        for table, size, estimated_rows in tables[: args.tables]:
            print(f"  {table:50} {size / mb:10,.1f} {max(estimated_rows, 0):14,}")
    print(
        f"{'whole database':52} {database / mb:10,.1f} {'':>14} {database / max(pages, 1):11,.0f}"
    )


if __name__ == "__main__":
    main()
