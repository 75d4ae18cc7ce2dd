"""
The whole release of a Spanish report, as the people involved do it: a translator
submits the English report for translation in the admin and translates its strings;
an editor schedules the Spanish page and submits it for moderation; a moderator
approves it in the admin; it goes live when the scheduler passes its go-live time,
and the front end's webhook receiver gets the signed event naming its ``/es/…`` path.
"""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale, PageLogEntry
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from publishing import signing
from publishing.models import WebhookEndpoint
from reports.models import ReportPage
from tests.webhook_receiver import Receiver


def user_in(group: str) -> tuple[User, Client]:
    user = User.objects.create_user(group.lower(), f"{group.lower()}@example.com", "pass-word")
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.mark.django_db
def test_a_spanish_report_is_translated_approved_scheduled_and_announced(
    site_tree, django_capture_on_commit_callbacks
):
    receiver = Receiver(secret=signing.generate_secret()).start()
    try:
        WebhookEndpoint.objects.create(name="Front end", url=receiver.url, secret=receiver.secret)
        spanish = Locale.objects.get(language_code="es")
        report = site_tree["report"]
        translator, translator_client = user_in("Translators")
        editor, _ = user_in("Editors")
        _, moderator_client = user_in("Moderators")

        # 1. The translator submits the English report for translation into Spanish.
        response = translator_client.post(
            f"/admin/localize/submit/page/{report.pk}/", {"locales": [spanish.pk]}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        report_es = ReportPage.objects.get(translation_key=report.translation_key, locale=spanish)
        assert not report_es.live  # a draft until approved: no English copy on /es/

        # …and translates every string (the translation editor saves these).
        translation = Translation.objects.get(source__object_id=report.translation_key)
        for segment in StringSegment.objects.filter(source=translation.source):
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=spanish,
                context=segment.context,
                data=f"ES {segment.string.data}",
            )
        translation.save_target(user=translator, publish=False)
        report_es.refresh_from_db()
        assert report_es.get_latest_revision().as_object().title == f"ES {report.title}"

        # 2. An editor sets the go-live time and submits it for moderation.
        go_live = timezone.now() + timedelta(days=1)
        report_es = report_es.get_latest_revision().as_object()
        report_es.go_live_at = go_live
        report_es.save_revision(user=editor)
        report_es.get_workflow().start(report_es, editor)
        assert not ReportPage.objects.get(pk=report_es.pk).live

        # 3. A moderator approves it in the admin: it is scheduled, not live, and the
        #    front end hears nothing yet (the Spanish section pages that the translation
        #    created as aliases of the English ones did go live, and were announced).
        assert {p["event"] for p in receiver.verified()} <= {"page.published"}
        receiver.received.clear()
        task_state = ReportPage.objects.get(pk=report_es.pk).current_workflow_task_state
        response = moderator_client.post(
            f"/admin/pages/workflow/action/{report_es.pk}/approve/{task_state.pk}/",
            {"comment": "¡Aprobado!"},
        )
        assert response.status_code == 302
        report_es = ReportPage.objects.get(pk=report_es.pk)
        assert (report_es.live, report_es.status_string) == (False, "scheduled")
        assert receiver.received == []
        route = f"/api/v3/route/?path=/es/business-insights/reports/{report_es.slug}/"
        assert Client().get(route).status_code == 404

        # 4. The scheduler passes after the go-live time: live, and announced.
        later = go_live + timedelta(seconds=5)
        with (
            mock.patch("django.utils.timezone.now", return_value=later),
            django_capture_on_commit_callbacks(execute=True),  # the commit sends it
        ):
            call_command("run_scheduler", "--once", verbosity=0)
        report_es.refresh_from_db()
        assert report_es.live
        assert Client().get(route).json()["page"]["title"] == f"ES {report.title}"
        receiver.wait_for(1)
        [payload] = receiver.verified()
        assert payload["event"] == "page.published"
        assert payload["object"]["title"] == f"ES {report.title}"
        assert f"/es/business-insights/reports/{report_es.slug}/" in payload["paths"]
        assert report_es.slug == "es-progress-points"  # slugs are translated too

        # 5. The history says who did what.
        actions = set(PageLogEntry.objects.filter(page=report_es).values_list("action", flat=True))
        assert {"wagtail.workflow.approve", "wagtail.publish.scheduled"} <= actions
    finally:
        receiver.stop()
