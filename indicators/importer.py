"""
The CSV import of observations: read, check every row, then save all or nothing.

The file is UTF-8 CSV with a header row; columns (in any order, names in lower case):

====================  ========  =========================================================
column                required  what
====================  ========  =========================================================
``indicator``         yes*      the indicator's slug (in any language). *Not needed when
                                importing from one indicator's page: every row is then
                                that indicator's (a row naming another is an error).
``geography``         yes       the geography's slug, such as ``metro-hartford``
``period``            yes       ``2023``, ``2023-Q2`` or ``2023-04``
``value``             yes       a plain number (``38.5``, ``-2``, ``1200``; no ``%`` or
                                thousands separators)
``margin_of_error``   no        a plain number, or empty
``status``            no        ``final`` (the default when empty) or ``provisional``
``note``              no        up to 500 characters
====================  ========  =========================================================

Other columns are ignored, so a file exported from the admin or the API
(``data.csv``) can be edited and imported again. Rows are matched on indicator,
geography and period: a row that exists is updated when a value differs and left
alone otherwise, so importing the same file twice changes nothing the second time.
A file with any bad row saves nothing; the preview lists every bad row and why.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from wagtail.log_actions import log

from cms.core import changes

from . import series
from .models import Geography, Indicator, Observation
from .periods import PeriodError, parse_period

IMPORT_ACTION = "indicators.import"
REQUIRED = ("geography", "period", "value")
KNOWN = ("indicator", "geography", "period", "value", "margin_of_error", "status", "note")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
NOTE_LENGTH = 500
VALUE_FIELDS = ("value", "margin_of_error", "status", "note")


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not UTF-8 CSV, no header, missing columns)."""


@dataclass
class RowError:
    line: int  # the line in the file (the header is line 1)
    reason: str
    row: dict[str, str] = field(default_factory=dict)


@dataclass
class Planned:
    """One good row: what it will write, and whether it creates, updates or keeps."""

    line: int
    indicator: Indicator
    geography: Geography
    period: str
    values: dict[str, Any]
    existing: Observation | None

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        same = all(getattr(self.existing, name) == value for name, value in self.values.items())
        return "unchanged" if same else "update"


@dataclass
class Plan:
    rows: list[Planned]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def counts(self) -> dict[str, int]:
        counted = {"create": 0, "update": 0, "unchanged": 0}
        for row in self.rows:
            counted[row.action] += 1
        return counted


# Reading ------------------------------------------------------------------------------------


def read_rows(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a CSV file, or ``ImportFileError``."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"The file is over {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("The file is not UTF-8 text: save it as “CSV UTF-8”.") from None
    if "\x00" in text:
        raise ImportFileError("The file is not a CSV file (it holds NUL bytes).")
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [(name or "").strip().lower() for name in reader.fieldnames or []]
        if not header:
            raise ImportFileError("The file is empty: it needs a header row and some rows.")
        reader.fieldnames = header
        rows = []
        for row in reader:
            rows.append(
                {k: (v or "").strip() if isinstance(v, str) else "" for k, v in row.items() if k}
            )
            if len(rows) > MAX_ROWS:
                raise ImportFileError(f"The file has more than {MAX_ROWS:,} rows.")
    except csv.Error as error:
        raise ImportFileError(f"The file is not valid CSV: {error}.") from None
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(
            f"The header row lacks the column(s) {', '.join(missing)}; it has "
            f"{', '.join(header) or 'none'}."
        )
    return header, rows


def _number(text: str, name: str, *, required: bool) -> float | None:
    if text == "":
        if required:
            raise ValueError(f"{name} is empty")
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{name} “{text}” is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} “{text}” is not a finite number")
    return number


class _Lookups:
    """Indicators and geographies by slug (any language), their series' owners."""

    def __init__(self, only: Indicator | None) -> None:
        self.only = series.series_owner(only) if only is not None else None
        self.indicators: dict[str, Indicator] = {}
        for indicator in Indicator.objects.select_related("locale"):
            self.indicators.setdefault(indicator.slug, indicator)
        self.owners: dict[Any, Indicator] = {}
        self.geographies: dict[str, Geography] = {}
        owners_of_places: dict[Any, Geography] = {}
        for geography in Geography.objects.select_related("locale").order_by("pk"):
            current = owners_of_places.get(geography.translation_key)
            if current is None or geography.locale.language_code == series.default_language():
                owners_of_places[geography.translation_key] = geography
        for geography in Geography.objects.all():
            self.geographies.setdefault(geography.slug, owners_of_places[geography.translation_key])

    def indicator(self, slug: str) -> Indicator:
        if self.only is not None and slug == "":
            return self.only
        found = self.indicators.get(slug)
        if found is None:
            raise ValueError(f"unknown indicator “{slug}”" if slug else "indicator is empty")
        owner = self.owners.get(found.translation_key)
        if owner is None:
            owner = self.owners[found.translation_key] = series.series_owner(found)
        if self.only is not None and owner.pk != self.only.pk:
            raise ValueError(f"indicator “{slug}” is not the one being imported")
        return owner

    def geography(self, slug: str) -> Geography:
        found = self.geographies.get(slug)
        if found is None:
            raise ValueError(f"unknown geography “{slug}”" if slug else "geography is empty")
        return found


def _row_values(row: dict[str, str]) -> dict[str, Any]:
    """The values a row writes, or ``ValueError`` listing what is wrong with them."""
    problems = []
    values: dict[str, Any] = {}
    for name, required in (("value", True), ("margin_of_error", False)):
        try:
            values[name] = _number(row.get(name, ""), name, required=required)
        except ValueError as error:
            problems.append(str(error))
    status = (row.get("status") or "final").lower()
    if status not in Observation.Status.values:
        problems.append(f"status “{row.get('status')}” is not final or provisional")
    values["status"] = status
    note = row.get("note", "")
    if len(note) > NOTE_LENGTH:
        problems.append(f"note is over {NOTE_LENGTH} characters")
    values["note"] = note
    if problems:
        raise ValueError("; ".join(problems))
    return values


def plan(data: bytes, only: Indicator | None = None) -> Plan:
    """Check every row of a file; nothing is written."""
    _header, rows = read_rows(data)
    lookups = _Lookups(only)
    planned: list[Planned] = []
    errors: list[RowError] = []
    seen: dict[tuple[int, int, str], int] = {}
    for index, row in enumerate(rows):
        line = index + 2
        problems = []
        indicator = geography = period = None
        values: dict[str, Any] = {}
        try:
            indicator = lookups.indicator(row.get("indicator", ""))
        except ValueError as error:
            problems.append(str(error))
        try:
            geography = lookups.geography(row.get("geography", ""))
        except ValueError as error:
            problems.append(str(error))
        try:
            period = parse_period(row.get("period", "")).label
        except PeriodError as error:
            problems.append(f"bad period: {error}")
        try:
            values = _row_values(row)
        except ValueError as error:
            problems.append(str(error))
        if indicator is not None and geography is not None and period is not None:
            key = (indicator.pk, geography.pk, period)
            if key in seen:
                problems.append(
                    f"duplicate period: {period} for {geography.slug} is also on line {seen[key]}"
                )
            else:
                seen[key] = line
        if problems or indicator is None or geography is None or period is None:
            errors.append(RowError(line, "; ".join(problems), row))
            continue
        planned.append(Planned(line, indicator, geography, period, values, None))
    if not rows:
        errors.append(RowError(2, "the file has a header row but no rows"))
    _attach_existing(planned)
    return Plan(planned, errors)


def _attach_existing(planned: list[Planned]) -> None:
    indicator_ids = {row.indicator.pk for row in planned}
    existing = {
        (obs.indicator_id, obs.geography_id, obs.period): obs
        for obs in Observation.objects.filter(indicator_id__in=indicator_ids)
    }
    for row in planned:
        row.existing = existing.get((row.indicator.pk, row.geography.pk, row.period))


# Writing ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    counts: dict[str, int]
    indicators: list[Indicator]


def apply(result: Plan, *, user: Any = None, filename: str = "") -> Outcome:
    """Write a checked plan in one transaction, log it on each indicator and send the change."""
    if result.errors:
        raise ValueError("A plan with errors cannot be applied.")
    counts = result.counts()
    by_indicator: dict[int, list[Planned]] = {}
    for row in result.rows:
        by_indicator.setdefault(row.indicator.pk, []).append(row)
    with transaction.atomic():
        created = []
        updated = []
        for row in result.rows:
            action = row.action
            if action == "create":
                observation = Observation(
                    indicator=row.indicator,
                    geography=row.geography,
                    period=row.period,
                    **row.values,
                )
                observation.set_period(row.period)
                created.append(observation)
            elif action == "update" and row.existing is not None:
                for name, value in row.values.items():
                    setattr(row.existing, name, value)
                updated.append(row.existing)
        # Bulk writes send no signals: one change per indicator is sent below.
        Observation.objects.bulk_create(created, batch_size=1000)
        Observation.objects.bulk_update(updated, list(VALUE_FIELDS), batch_size=1000)
        indicators = []
        for rows in by_indicator.values():
            indicator = rows[0].indicator
            indicators.append(indicator)
            log(
                instance=indicator,
                action=IMPORT_ACTION,
                user=user,
                data={"file": filename[:200], **_counts(rows, created, updated)},
            )
            if any(o.indicator_id == indicator.pk for o in (*created, *updated)):
                changes.send(changes.OBJECT_SAVED, indicator)
    return Outcome(counts, indicators)


def _counts(
    rows: Iterable[Planned], created: list[Observation], updated: list[Observation]
) -> dict[str, int]:
    rows = list(rows)
    indicator_id = rows[0].indicator.pk
    made = sum(1 for o in created if o.indicator_id == indicator_id)
    changed = sum(1 for o in updated if o.indicator_id == indicator_id)
    return {"created": made, "updated": changed, "unchanged": len(rows) - made - changed}
