"""
End-to-end check of publish webhooks with the production processes: a task worker
(``manage.py db_worker``) runs as its own process against the database named by
``DATABASE_URL``; this script loads the demo content, registers a receiver listening
on localhost, publishes the Spanish Progress Points report and waits for the signed
event naming its ``/es/…`` path. CI runs it against PostgreSQL.

    createdb -h 127.0.0.1 -U postgres mha_webhooks
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mha_webhooks \\
        .venv/bin/python tools/webhook_round_trip.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ["TASKS_BACKEND"] = "database"
    import django

    django.setup()
    from django.core.management import call_command
    from wagtail.models import Locale

    from publishing import signing
    from publishing.models import WebhookDelivery
    from reports.models import ReportPage
    from tests.webhook_receiver import Receiver

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    receiver = Receiver(secret=signing.generate_secret()).start()
    call_command("add_webhook_endpoint", receiver.url, secret=receiver.secret, name="Round trip")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "-v0"],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        # The demo content translates one report, Progress Points, into Spanish.
        report = ReportPage.objects.get(locale=Locale.objects.get(language_code="es"))
        report.save_revision().publish()
        published = time.monotonic()
        print(f"Published {report.title!r}; waiting for the webhook…")
        while time.monotonic() - published < TIMEOUT:
            delivered = [
                payload
                for payload in receiver.verified()  # raises if a signature is wrong
                if payload["event"] == "page.published" and payload["object"]["id"] == report.pk
            ]
            if delivered:
                break
            time.sleep(0.1)
        else:
            statuses = list(WebhookDelivery.objects.values_list("status", "last_error"))
            print(f"No webhook within {TIMEOUT} s; deliveries: {statuses}", file=sys.stderr)
            return 1
        elapsed = time.monotonic() - published
        paths = delivered[0]["paths"]
        spanish = [path for path in paths if path.startswith("/es/")]
        if not spanish:
            print(f"The event names no /es/ path: {paths}", file=sys.stderr)
            return 1
        print(f"Signed event received {elapsed:.2f} s after publishing, naming {spanish}")
        return 0
    finally:
        worker.terminate()
        worker.wait(10)
        receiver.stop()


if __name__ == "__main__":
    sys.exit(main())
