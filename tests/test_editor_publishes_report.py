"""
An editor (in the Editors group, not a superuser) uploads a PDF and submits a report
through the Wagtail admin, as they would in the browser; a moderator approves it and
it is published. Reports go through the Moderation workflow (cms/core/roles.py).
"""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from fpdf import FPDF
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import querydict_from_html

from reports.models import ReportPage


def make_pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    buffer = io.BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_user("editor", "editor@example.com", "secret-pass")
    user.groups.add(Group.objects.get(name="Editors"))
    assert not user.is_superuser
    client.force_login(user)
    return client


@pytest.fixture
def moderator_client(db):
    user = User.objects.create_user("moderator", "moderator@example.com", "secret-pass")
    user.groups.add(Group.objects.get(name="Moderators"))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_editor_uploads_a_pdf_and_a_moderator_publishes_the_report(
    editor_client, moderator_client, site_tree
):
    reports = site_tree["report_index"]

    # 1. Upload the full report to the document library.
    pdf = SimpleUploadedFile(
        "data-brief.pdf", make_pdf("Regional data brief: jobs and talent."), "application/pdf"
    )
    response = editor_client.post(
        "/admin/documents/add/", {"title": "Data brief 2024 (PDF)", "file": pdf}
    )
    assert response.status_code == 302, response.content[:2000]
    document = get_document_model().objects.get(title="Data brief 2024 (PDF)")
    assert document.file.read(5) == b"%PDF-"

    # 2. Open the "add report" form under the reports index, fill it in and submit it
    #    for approval: editors do not publish reports alone.
    add_url = f"/admin/pages/add/reports/reportpage/{reports.pk}/"
    form_page = editor_client.get(add_url)
    assert form_page.status_code == 200
    data = querydict_from_html(form_page.content.decode(), form_id="page-edit-form")
    data.update(
        {
            # The StreamField editor is drawn by JavaScript, which posts the block count.
            "body-count": "0",
            "title": "Data brief 2024",
            "slug": "data-brief-2024",
            "report_type": "data_brief",
            "edition": "2024",
            "publication_date": "2024-03-01",
            "summary": "Jobs and talent in the Hartford region, in figures.",
            "document": str(document.pk),
            "action-submit": "action-submit",
        }
    )
    response = editor_client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    report = ReportPage.objects.get(slug="data-brief-2024")
    assert not report.live
    assert report.workflow_in_progress
    assert editor_client.get(f"/api/v3/pages/{report.pk}/").status_code == 404

    # 3. A moderator approves it, which publishes it.
    task_state = report.current_workflow_task_state
    response = moderator_client.post(
        f"/admin/pages/workflow/action/{report.pk}/approve/{task_state.pk}/",
        {"comment": "Approved."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.live
    assert report.get_parent().pk == reports.pk
    assert report.document_id == document.pk
    assert report.owner.username == "editor"

    # 4. The public API serves it, with its PDF.
    api = editor_client.get(f"/api/v3/pages/{report.pk}/").json()
    assert api["title"] == "Data brief 2024"
    assert api["report_type"] == "data_brief"
    assert api["document"]["id"] == document.pk


@pytest.mark.django_db
def test_editor_sees_validation_errors_instead_of_a_broken_page(editor_client, site_tree):
    add_url = f"/admin/pages/add/reports/reportpage/{site_tree['report_index'].pk}/"
    data = querydict_from_html(
        editor_client.get(add_url).content.decode(), form_id="page-edit-form"
    )
    data.update(
        {
            "body-count": "0",
            "title": "No date",
            "slug": "no-date",
            "action-publish": "action-publish",
        }
    )
    response = editor_client.post(add_url, data)
    assert response.status_code == 200  # the form again, with its errors
    assert "publication_date" in response.context["form"].errors
    assert not ReportPage.objects.filter(slug="no-date").exists()
