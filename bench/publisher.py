"""
The editor of bench/api.py's publish storm: publishes one report page a second, as
Wagtail's editor does (a new revision, published), against the database and cache the
servers use, so the content hub invalidates exactly what a real publish invalidates.

    DJANGO_SETTINGS_MODULE=bench.settings BENCH_DATABASE_URL=... REDIS_URL=... \
        python -m bench.publisher SECONDS

Prints ``ready`` once Django and the pages are loaded (the load starts then), publishes
for SECONDS, and prints its last line as JSON: the publishes Wagtail logged in that time
(the proof that they happened, not this loop's own count) and their mean duration.
"""

import json
import random
import sys
import time

import django

django.setup()

from django.utils import timezone  # noqa: E402
from wagtail.models import PageLogEntry  # noqa: E402

from reports.models import ReportPage  # noqa: E402


def main(seconds: float) -> None:
    reports = list(ReportPage.objects.live().values_list("pk", flat=True).order_by("pk"))
    # Pages all over the listings and routes, the same ones each run.
    random.Random(17).shuffle(reports)
    since = timezone.now()
    print("ready", flush=True)
    started = time.monotonic()
    durations: list[float] = []
    deadline = started + seconds
    # One a second on the clock, not one second after the last publish ended.
    while (due := started + len(durations)) < deadline and time.monotonic() < deadline:
        time.sleep(max(0.0, due - time.monotonic()))
        page = ReportPage.objects.get(pk=reports[len(durations) % len(reports)])
        began = time.monotonic()
        page.save_revision().publish()
        durations.append(time.monotonic() - began)
    logged = PageLogEntry.objects.filter(
        action="wagtail.publish", timestamp__gte=since, page_id__in=reports
    ).count()
    mean_ms = 1000 * sum(durations) / len(durations) if durations else 0.0
    print(json.dumps({"publishes": logged, "mean_publish_ms": mean_ms}), flush=True)


if __name__ == "__main__":
    main(float(sys.argv[1]))
