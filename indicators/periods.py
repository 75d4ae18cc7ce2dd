"""
The periods an observation measures: a year (``2023``), a quarter (``2023-Q2``) or a
month (``2023-04``), each with its first and last day. One parser serves the model,
the CSV import and the API's ``from``/``to`` parameters, so they agree on what a
period is.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Literal

PeriodType = Literal["year", "quarter", "month"]

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

MIN_YEAR, MAX_YEAR = 1800, 2200
#: What a ``from``/``to`` parameter may be, as the OpenAPI document says it: a year of
#: the range, a quarter, a month or a day (a day past the month's end is its last).
_YEARS = r"(18\d\d|19\d\d|20\d\d|21\d\d|2200)"
BOUND_PATTERN = rf"^{_YEARS}(-[Qq][1-4]|-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


class PeriodError(ValueError):
    """A period that is not ``YYYY``, ``YYYY-Qn`` or ``YYYY-MM``."""


@dataclass(frozen=True)
class Period:
    label: str
    type: PeriodType
    start: datetime.date
    end: datetime.date


def _year(text: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"the year {year} is out of range ({MIN_YEAR}–{MAX_YEAR})")
    return year


def parse_period(text: str) -> Period:
    """``text`` as a period, or ``PeriodError`` saying why not."""
    text = (text or "").strip()
    if match := _YEAR.match(text):
        year = _year(match[1])
        return Period(str(year), "year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if match := _QUARTER.match(text):
        year, quarter = _year(match[1]), int(match[2])
        first = 3 * quarter - 2
        last = first + 2
        return Period(
            f"{year}-Q{quarter}",
            "quarter",
            datetime.date(year, first, 1),
            datetime.date(year, last, calendar.monthrange(year, last)[1]),
        )
    if match := _MONTH.match(text):
        year, month = _year(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"{text!r} has no month {month}")
        return Period(
            f"{year}-{month:02d}",
            "month",
            datetime.date(year, month, 1),
            datetime.date(year, month, calendar.monthrange(year, month)[1]),
        )
    raise PeriodError(f"{text!r} is not a period (write 2023, 2023-Q2 or 2023-04)")


def parse_bound(text: str, *, end: bool) -> datetime.date:
    """
    A ``from``/``to`` bound: a period (its first day for ``from``, its last for ``to``)
    or a day (``YYYY-MM-DD``).
    """
    text = (text or "").strip()
    if match := _DAY.match(text):
        year, month, day = _year(match[1]), int(match[2]), int(match[3])
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            raise PeriodError(f"{text!r} is not a date")
        # A day past the month's end (2023-02-31) counts as its last day, as the
        # parameters' pattern allows any day up to 31.
        return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))
    period = parse_period(text)
    return period.end if end else period.start
