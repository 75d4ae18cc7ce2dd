"""
The scheduler process: publishes pages whose go-live time has come, unpublishes
expired ones, re-queues webhook deliveries and CDN purges whose task was lost, and
queues the nightly content checks (``checks.nightly``) once a night. Runs
forever (checking every ``--interval`` seconds) or once with ``--once`` (for cron).
"""

from __future__ import annotations

import signal
import time
import uuid

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from checks import nightly
from cms import request_id
from publishing.delivery import requeue_lost
from publishing.scheduling import run_due


class Command(BaseCommand):
    help = (
        "Publish scheduled pages, unpublish expired ones and re-queue lost webhooks and CDN "
        "purges, in a loop."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=30, help="Seconds between runs (default 30)."
        )
        parser.add_argument("--once", action="store_true", help="Run once and exit.")

    def handle(self, *args, interval: float, once: bool, **options):
        self.running = True
        if not once:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, self.stop)
            self.stdout.write(f"Scheduler running every {interval:g} s")
        while self.running:
            if not connection.in_atomic_block:  # (a test's transaction)
                close_old_connections()  # drop a connection the database timed out
            # Each pass has an id, as a request has, for its log lines and the tasks and
            # webhook deliveries its publishes queue.
            with request_id.bound(f"scheduler-{uuid.uuid4().hex}"):
                outcome = run_due()
                requeued = requeue_lost()
                checks_queued = nightly.start_if_due()
            self._report(outcome, requeued, checks_queued)
            if once:
                break
            self._sleep(interval)

    def _report(self, outcome, requeued: int, checks_queued: bool) -> None:
        for label in outcome.published:
            self.stdout.write(f"Published {label}")
        for label in outcome.expired:
            self.stdout.write(f"Unpublished expired {label}")
        for label in outcome.failed:
            self.stderr.write(f"Failed: {label} (see the log; retried next run)")
        if requeued:
            self.stdout.write(f"Re-queued {requeued} webhook deliveries and CDN purges")
        if checks_queued:
            self.stdout.write("Queued the nightly content checks")

    def stop(self, signum, frame):
        self.running = False

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(0.5, deadline - time.monotonic()))
