"""
The search backends: ``sqlite`` (FTS5) and ``postgres`` (an inverted list), behind the
interface of ``base``, both ranking by ``search.ranking``. ``current()`` is the one
for the database in use; callers go through ``search.engine``.

Every statement joins the page table so that only live pages outside any view
restriction are ever counted or returned, whatever the index still holds, and reads
only the live generation of entries (``search.generations``: a rebuild writes aside).

One result is one group of entries, and every entry of a group has the same kind: a
page, a partner or person (one result however many pages show them), or a PDF shown
on a page (its best-matching PDF page stands for it). Totals, facet counts and pages
of results all count groups, so the counts by kind add up to the total.

Every statement is built from fixed SQL fragments with ``%s`` placeholders: nothing a
visitor sends is ever formatted into SQL text (hence the S608 exemptions).
"""

from __future__ import annotations

from types import ModuleType

from django.db import connection


def current() -> ModuleType:
    """The backend module for the database in use."""
    if connection.vendor == "postgresql":
        from . import postgres

        return postgres
    from . import sqlite

    return sqlite
