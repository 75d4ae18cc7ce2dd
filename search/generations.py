"""
Generations of the index: a rebuild writes aside, then swaps.

Every entry belongs to one generation; searches read only the live one (``LIVE_SQL``
inside each statement, so a search never mixes two). ``rebuild`` (``search.indexer``)
starts a new generation, writes every entry into it while searches keep reading the
old one, and swaps by updating one row: before the swap a search sees the old index
whole, after it the new one whole, never an empty one.

While a build is under way, publishing writes the page's entries into both
generations. On PostgreSQL a writer reads the state ``FOR SHARE`` inside its own
transaction, and starting a build or swapping takes it ``FOR UPDATE``: a swap waits for
publishes in flight, and a publish after the swap writes the new generation. (SQLite
runs one write transaction at a time: ``transaction_mode`` IMMEDIATE.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from .models import IndexState

#: The live generation, inside a search statement (0 before any rebuild, or if the
#: state row was removed, as a test database's flush does).
LIVE_SQL = "COALESCE((SELECT live_generation FROM search_indexstate WHERE id = 1), 0)"


def _read(lock: str = "") -> tuple[int, int | None]:
    sql = "SELECT live_generation, building_generation FROM search_indexstate WHERE id = 1"
    if lock and connection.vendor == "postgresql":
        sql += f" FOR {lock}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, None)


def live() -> int:
    return _read()[0]


def for_writing() -> list[int]:
    """
    The generations a change must be written to (the live one, and the one being
    built). Call inside the writer's transaction: on PostgreSQL it holds a share lock
    on the state until that transaction ends, so a swap cannot pass it.
    """
    live_generation, building = _read("SHARE")
    return [live_generation] if building is None else [live_generation, building]


def begin_build() -> tuple[int, int]:
    """Start a new generation; returns (the live one, the new one)."""
    with transaction.atomic():
        state = _locked_state()
        new = max(state.live_generation, state.building_generation or 0) + 1
        state.building_generation = new
        state.build_started_at = timezone.now()
        state.save()
        return state.live_generation, new


def _locked_state() -> IndexState:
    state = IndexState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        state, _ = IndexState.objects.get_or_create(pk=1)
    return state


def swap(new: int, catch_up: Callable[[int, datetime | None], object] | None = None) -> int:
    """
    Make ``new`` live; returns the generation it replaces. ``catch_up(live, started)``
    runs first under the lock, for what was written to the live one during the build.
    """
    with transaction.atomic():
        state = _locked_state()
        if state.building_generation != new:
            raise RuntimeError(f"Generation {new} is not being built (another rebuild?).")
        if catch_up is not None:
            catch_up(state.live_generation, state.build_started_at)
        old = state.live_generation
        state.live_generation = new
        state.building_generation = None
        state.build_started_at = None
        state.save()
        return old


def abandon(new: int) -> None:
    """A build failed: writers stop writing ``new`` (its rows are then removed)."""
    with transaction.atomic():
        state = _locked_state()
        if state.building_generation == new:
            state.building_generation = None
            state.build_started_at = None
            state.save()
