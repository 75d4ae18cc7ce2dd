"""
The indicators benchmark's work inside Django (bench/indicators.py runs it with the
benchmark's settings): generating the series, and measuring a streamed export's memory.

    python -m bench.indicators_data generate 1000 30 12
    python -m bench.indicators_data memory
"""

from __future__ import annotations

import datetime
import json
import math
import sys
import time
import tracemalloc
from typing import Any

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from indicators import series  # noqa: E402
from indicators.downloads import SERIES_COLUMNS, csv_lines, series_rows  # noqa: E402
from indicators.models import Geography, Indicator, Observation  # noqa: E402

KINDS = ["region", "county", "county", "county", "state", "nation"]


def generate(indicators: int, years: int, geographies: int) -> str:
    """The series, bulk inserted (once: a database that has them is reused)."""
    wanted = indicators * years * geographies
    if Indicator.objects.count() == indicators and Observation.objects.count() == wanted:
        return "data: already there"
    started = time.monotonic()
    english = Locale.objects.get_or_create(language_code="en")[0]
    with transaction.atomic():
        Observation.objects.all().delete()
        Indicator.objects.all().delete()
        Geography.objects.all().delete()
        kinds = KINDS + ["peer"] * max(0, geographies - len(KINDS))
        places = Geography.objects.bulk_create(
            [
                Geography(
                    name=f"Place {i}",
                    slug=f"place-{i}",
                    kind=kinds[i],
                    sort_order=i,
                    locale=english,
                )
                for i in range(geographies)
            ]
        )
        found = Indicator.objects.bulk_create(
            [
                Indicator(
                    name=f"Indicator {i:04d}",
                    slug=f"indicator-{i:04d}",
                    definition=f"What indicator {i} measures.",
                    unit="percent",
                    source_name="Bench",
                    is_sample=True,
                    locale=english,
                )
                for i in range(indicators)
            ],
            batch_size=2000,
        )
        first = 2024 - years
        batch: list[Observation] = []
        for indicator in found:
            for place in places:
                for year in range(first, first + years):
                    value = round(50 + 10 * math.sin(indicator.pk + place.pk + year / 3), 2)
                    batch.append(
                        Observation(
                            indicator=indicator,
                            geography=place,
                            period=str(year),
                            period_type="year",
                            start_date=datetime.date(year, 1, 1),
                            end_date=datetime.date(year, 12, 31),
                            value=value,
                        )
                    )
            if len(batch) >= 20_000:
                Observation.objects.bulk_create(batch, batch_size=5000)
                batch = []
        Observation.objects.bulk_create(batch, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = time.monotonic() - started
    return f"data: {Observation.objects.count():,} observations in {seconds:.1f} s"


def stream(limit: int) -> dict[str, Any]:
    """Stream the export of ``limit`` indicators' observations: its bytes, peak memory."""
    chosen = list(Indicator.objects.order_by("slug")[:limit])

    def rows() -> Any:
        for indicator in chosen:
            found = series.observation_rows(series.observations(indicator))
            yield from series_rows(indicator, "en", found)

    tracemalloc.start()
    tracemalloc.reset_peak()
    size = 0
    started = time.monotonic()
    for chunk in csv_lines(SERIES_COLUMNS, rows()):
        size += len(chunk)
    seconds = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "indicators": limit,
        "bytes": size,
        "peak_kb": round(peak / 1024, 1),
        "seconds_under_tracemalloc": round(seconds, 1),
    }


def memory() -> str:
    total = Indicator.objects.count()
    return json.dumps([stream(max(1, total // 10)), stream(total)])


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        print(generate(*(int(value) for value in sys.argv[2:5])))
    else:
        print(memory())
