"""
The content checks in the admin: the "Content checks" report (filters, CSV export),
the page editor's Checks panel, and the dashboard each role sees.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from wagtail.models import Locale, Workflow

from checks import runner
from checks.models import Finding, Review
from cms.core import roles
from publishing.models import WebhookDelivery, WebhookEndpoint
from search.models import DocumentText, QueryCount
from tests import factories

pytestmark = pytest.mark.django_db


def login(username: str, group: str | None) -> Client:
    user = User.objects.create_user(username, f"{username}@example.com", "secret-pass")
    if group:
        user.groups.add(Group.objects.get(name=group))
    else:
        user.is_superuser = user.is_staff = True
        user.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def problems(site_tree):
    """A page with an error (a heading that skips a level) and warnings, checked."""
    page = site_tree["content"]
    page.body = [("paragraph", "<h2>Jobs</h2><h4>Insurance</h4>")]
    page.save_revision().publish()
    runner.check_pages([p.pk for p in site_tree.values()])
    return page


def test_the_report_lists_filters_and_exports_findings(problems, admin_client):
    response = admin_client.get("/admin/content-checks/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Heading skips a level" in html
    assert f"/admin/pages/{problems.pk}/edit/" in html

    only_errors = admin_client.get("/admin/content-checks/?severity=error").content.decode()
    assert "Heading skips a level" in only_errors
    assert "shows no image" not in only_errors
    by_check = admin_client.get("/admin/content-checks/?code=social_image").content.decode()
    assert "after level 2" not in by_check
    assert "shows no image" in by_check
    spanish = Locale.objects.get(language_code="es")
    assert (
        "after level 2"
        not in admin_client.get(f"/admin/content-checks/?locale={spanish.pk}").content.decode()
    )
    other_section = problems.get_parent().get_children().exclude(pk=problems.pk).first()
    in_other = admin_client.get(f"/admin/content-checks/?section={other_section.pk}")
    assert "after level 2" not in in_other.content.decode()
    in_section = admin_client.get(f"/admin/content-checks/?section={problems.pk}")
    assert "after level 2" in in_section.content.decode()

    export = admin_client.get("/admin/content-checks/?export=csv&severity=error")
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(export.getvalue().decode())))
    assert {row["Check"] for row in rows} == {"heading_levels"}
    assert rows[0]["Page id"] == str(problems.pk)
    assert admin_client.get("/admin/content-checks/?export=xlsx").status_code == 200


def test_the_editor_shows_the_pages_findings_beside_wagtails_checker(problems, admin_client):
    html = admin_client.get(f"/admin/pages/{problems.pk}/edit/").content.decode()
    assert "data-content-checks" in html
    assert "“Insurance” is level 4 after level 2" in html
    assert "data-checks-panel" in html  # Wagtail's own accessibility checker stays


def test_mark_reviewed_clears_the_review_finding(problems, settings):
    from django.utils import timezone
    from wagtail.models import Page

    settings.CONTENT_CHECKS_REVIEW_DAYS = 1

    Page.objects.filter(pk=problems.pk).update(
        last_published_at=timezone.now() - timezone.timedelta(days=5)
    )
    runner.check_page(problems.pk)
    assert Finding.objects.filter(page=problems, code="review").exists()
    editor = login("editor", roles.EDITORS)
    response = editor.post(f"/admin/content-checks/reviewed/{problems.pk}/")
    assert response.status_code == 302
    assert Review.objects.filter(page=problems).exists()
    assert not Finding.objects.filter(page=problems, code="review").exists()
    Review.objects.all().delete()
    translator = login("translator", roles.TRANSLATORS)  # may not edit English pages
    translator.post(f"/admin/content-checks/reviewed/{problems.pk}/")
    assert not Review.objects.exists()


def panels(client: Client) -> str:
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_editor_sees_their_submissions_with_check_state_and_errors_in_their_sections(
    problems, site_tree
):
    editor = login("editor", roles.EDITORS)
    user = User.objects.get(username="editor")
    report = site_tree["report"]
    Workflow.objects.get(name="Moderation").start(report, user)
    html = panels(editor)
    assert 'data-dashboard-panel="my_submissions"' in html
    assert report.title in html and "In progress" in html
    assert 'data-dashboard-panel="check_errors"' in html
    assert f"/admin/pages/{problems.pk}/edit/" in html
    assert 'data-dashboard-panel="schedule"' in html
    assert 'data-dashboard-panel="translations"' in html
    assert 'data-dashboard-panel="pdf_failures"' in html  # they upload documents
    # Not theirs to fix: the logs and the search reports.
    assert 'data-dashboard-panel="failed_webhooks"' not in html
    assert 'data-dashboard-panel="no_result_searches"' not in html
    assert 'data-dashboard-panel="awaiting_approval"' not in html


def test_a_translator_sees_their_panels_and_not_the_moderators_or_administrators(problems):
    html = panels(login("translator", roles.TRANSLATORS))
    for name in ("my_submissions", "schedule", "translations", "check_errors"):
        assert f'data-dashboard-panel="{name}"' in html, name
    for name in ("awaiting_approval", "failed_webhooks", "no_result_searches", "pdf_failures"):
        assert f'data-dashboard-panel="{name}"' not in html, name
    # The English page's error is not in a Spanish translator's sections.
    assert f"/admin/pages/{problems.pk}/edit/" not in html


def test_a_moderator_sees_pages_waiting_for_approval_with_their_check_state(problems, site_tree):
    submitter = User.objects.create_user("writer", "w@example.com", "x")
    submitter.groups.add(Group.objects.get(name=roles.EDITORS))
    Workflow.objects.get(name="Moderation").start(problems, submitter)
    moderator = login("moderator", roles.MODERATORS)
    html = panels(moderator)
    assert 'data-dashboard-panel="awaiting_approval"' in html
    assert "submitted by writer; checks: 1 errors" in html
    # The page's status panel, where the moderator approves it, says so too.
    edit = moderator.get(f"/admin/pages/{problems.pk}/edit/").content.decode()
    assert "In Moderation" in edit
    assert "Content checks: 1 error," in " ".join(edit.split())


def test_a_site_administrator_sees_webhooks_pdfs_and_searches_that_found_nothing(problems):
    from django.utils import timezone

    endpoint = WebhookEndpoint.objects.create(name="Front end", url="http://127.0.0.1:9/")
    WebhookDelivery.objects.create(
        endpoint=endpoint, event="page.published", payload={}, status="failed", attempts=8
    )
    document = factories.DocumentFactory(title="Scanned brochure")
    DocumentText.objects.update_or_create(
        document=document, defaults={"status": DocumentText.Status.NO_TEXT}
    )
    QueryCount.objects.create(
        locale=Locale.get_default(),
        query_string="tax credits",
        date=timezone.localdate(),
        found=False,
        hits=3,
        visitors=2,
    )
    html = panels(login("admin-user", roles.SITE_ADMINISTRATORS))
    assert "page.published to Front end" in html
    assert "Scanned brochure" in html
    assert "tax credits" in html
    assert "/admin/search-reports/no-results/" in html


def test_no_avatar_is_fetched_from_another_site(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
