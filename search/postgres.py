"""
PostgreSQL's side of the index: the inverted list ``search_posting`` (migration 0004),
filled by triggers on ``search_entry``.

Writing many entries at once (a rebuild, the benchmark) is much faster with the list's
indexes dropped and built again afterwards in one sort each: ``bulk_load``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

POSTING_INDEXES = {
    "search_posting_term": (
        "CREATE INDEX search_posting_term ON search_posting (term, locale_id, score DESC) "
        "INCLUDE (entry_id, gsample)"
    ),
    "search_posting_sample": (
        "CREATE INDEX search_posting_sample ON search_posting (term, locale_id, gsample) "
        "INCLUDE (entry_id, score)"
    ),
    "search_posting_entry": (
        "CREATE UNIQUE INDEX search_posting_entry ON search_posting (entry_id, term) "
        "INCLUDE (score)"
    ),
}
BULK_MAINTENANCE_WORK_MEM = "512MB"


@contextmanager
def bulk_load() -> Iterator[None]:
    """
    Drop the inverted list's indexes while entries are only added (never deleted),
    then build them again. Outside PostgreSQL it does nothing.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        for name in POSTING_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"SET maintenance_work_mem = '{BULK_MAINTENANCE_WORK_MEM}'")
            for sql in POSTING_INDEXES.values():
                cursor.execute(sql)
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute("ANALYZE search_posting")
