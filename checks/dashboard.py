"""
The admin dashboard, by role: each panel lists what needs doing and links to where it
is fixed, and shows only to those who can fix it. Editors and Translators see their
submissions, the schedule, out-of-date translations and the check errors in the pages
they may edit; Moderators also the pages waiting for their approval, with each page's
check state; Site administrators also failed webhook deliveries, PDFs whose text could
not be read and searches that found nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import (
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import Finding, Severity

LIMIT = 10


@dataclass(frozen=True)
class Row:
    label: str
    url: str
    detail: str = ""


class ListPanel(Component):
    """A dashboard panel: a heading, up to ``LIMIT`` rows, and a link to all of them."""

    template_name = "checks/dashboard_panel.html"

    def __init__(
        self,
        name: str,
        heading: str,
        rows: list[Row],
        *,
        order: int,
        empty: str,
        total: int | None = None,
        all_url: str = "",
    ) -> None:
        self.name, self.heading, self.rows, self.order = name, heading, rows[:LIMIT], order
        self.empty, self.all_url = empty, all_url
        self.total = len(rows) if total is None else total

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {"panel": self}


def editable_pages(user: Any) -> QuerySet[Page]:
    return PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change", "publish"])


def edit(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def check_state(page_id: int, counts: dict[int, dict[str, int]]) -> str:
    found = counts.get(page_id, {})
    errors, warnings = found.get(Severity.ERROR, 0), found.get(Severity.WARNING, 0)
    if not errors and not warnings:
        return "checks: no problems"
    return f"checks: {errors} errors, {warnings} warnings"


def finding_counts(page_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    rows = Finding.objects.filter(page_id__in=page_ids).values("page_id", "severity")
    for row in rows.annotate(n=Count("pk")):
        counts.setdefault(row["page_id"], {})[row["severity"]] = row["n"]
    return counts


def short_date(moment: Any) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def my_submissions(user: Any) -> ListPanel:
    recent = timezone.now() - timedelta(days=30)
    states = (
        WorkflowState.objects.filter(requested_by=user, base_content_type__model="page")
        .filter(
            Q(status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES])
            | Q(status=WorkflowState.STATUS_APPROVED, created_at__gte=recent)
        )
        .order_by("-created_at")
    )
    states = list(states[: LIMIT + 1])
    pages = Page.objects.in_bulk([int(state.object_id) for state in states])
    counts = finding_counts(list(pages))
    rows = [
        Row(
            pages[int(s.object_id)].get_admin_display_title(),
            edit(int(s.object_id)),
            f"{s.get_status_display()}, {short_date(s.created_at)}; "
            + check_state(int(s.object_id), counts),
        )
        for s in states
        if int(s.object_id) in pages
    ]
    return ListPanel(
        "my_submissions",
        "My submissions",
        rows,
        order=10,
        empty="Nothing you submitted is waiting or changed in the last 30 days.",
    )


def awaiting_my_approval(user: Any) -> ListPanel | None:
    states = TaskState.objects.reviewable_by(user).filter(
        workflow_state__base_content_type__model="page"
    )
    if not states.exists() and not _may_approve(user):
        return None
    states = list(states.select_related("workflow_state").order_by("-started_at")[: LIMIT + 1])
    ids = [int(s.workflow_state.object_id) for s in states]
    pages = Page.objects.in_bulk(ids)
    counts = finding_counts(ids)
    rows = [
        Row(
            pages[page_id].get_admin_display_title(),
            edit(page_id),
            f"submitted by {s.workflow_state.requested_by or 'someone'}; "
            + check_state(page_id, counts),
        )
        for s, page_id in zip(states, ids, strict=True)
        if page_id in pages
    ]
    return ListPanel(
        "awaiting_approval",
        "Pages waiting for my approval",
        rows,
        order=20,
        empty="No page waits for your approval.",
    )


def _may_approve(user: Any) -> bool:
    from wagtail.models import GroupApprovalTask

    groups = GroupApprovalTask.objects.filter(active=True).values_list("groups", flat=True)
    return bool(user.is_superuser or user.groups.filter(pk__in=groups).exists())


def schedule(user: Any) -> ListPanel:
    now = timezone.now()
    mine = editable_pages(user)
    go_lives = Revision.page_revisions.filter(
        approved_go_live_at__gte=now,
        object_id__in=[str(pk) for pk in mine.values_list("pk", flat=True)],
    ).order_by("approved_go_live_at")[:LIMIT]
    rows = []
    for revision in go_lives:
        when = date_format(
            timezone.localtime(revision.approved_go_live_at), "SHORT_DATETIME_FORMAT"
        )
        rows.append(Row(revision.object_str, edit(int(revision.object_id)), f"goes live {when}"))
    expiring = mine.filter(live=True, expire_at__gte=now).order_by("expire_at")[:LIMIT]
    for page in expiring:
        when = date_format(timezone.localtime(page.expire_at), "SHORT_DATETIME_FORMAT")
        rows.append(Row(page.get_admin_display_title(), edit(page.pk), f"expires {when}"))
    return ListPanel(
        "schedule", "Scheduled go-lives and expiries", rows, order=30, empty="Nothing is scheduled."
    )


def findings_panel(
    user: Any, name: str, heading: str, query: Q, order: int, empty: str, params: dict[str, str]
) -> ListPanel:
    findings = Finding.objects.filter(query, page__in=editable_pages(user)).select_related("page")
    total = findings.count()
    rows = [
        Row(f.page.get_admin_display_title(), edit(f.page_id), f.message)
        for f in findings.order_by("-last_seen")[:LIMIT]
    ]
    url = f"{reverse('checks_admin:report')}?{urlencode(params)}"
    return ListPanel(name, heading, rows, order=order, empty=empty, total=total, all_url=url)


def failed_webhooks() -> ListPanel:
    from publishing.models import WebhookDelivery

    failed = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.FAILED)
    rows = [
        Row(
            f"{d.event} to {d.endpoint}",
            reverse("webhook_log:inspect", args=[d.pk]),
            f"{d.attempts} attempts; {d.last_error or d.last_status_code or ''}",
        )
        for d in failed.select_related("endpoint").order_by("-created_at")[:LIMIT]
    ]
    return ListPanel(
        "failed_webhooks",
        "Failed webhook deliveries",
        rows,
        order=60,
        empty="Every webhook was delivered.",
        total=failed.count(),
        all_url=f"{reverse('webhook_log:index')}?status=failed",
    )


def pdf_failures() -> ListPanel:
    from search.models import DocumentText

    bad = [DocumentText.Status.FAILED, DocumentText.Status.ENCRYPTED, DocumentText.Status.NO_TEXT]
    records = DocumentText.objects.filter(status__in=bad).select_related("document")
    rows = [
        Row(
            r.document.title,
            reverse("wagtaildocs:edit", args=[r.document_id]),
            r.get_status_display(),
        )
        for r in records.order_by("-updated_at")[:LIMIT]
    ]
    return ListPanel(
        "pdf_failures",
        "PDFs whose text could not be read",
        rows,
        order=70,
        empty="The text of every PDF was read.",
        total=records.count(),
        all_url=reverse("search_admin:document_text"),
    )


def no_result_searches() -> ListPanel:
    from search import querylog
    from search.models import QueryCount

    searches = (
        QueryCount.objects.filter(date__gte=querylog.since(), found=False)
        .values("query_string", "locale__language_code")
        .annotate(total=Sum("hits"))
        .order_by("-total", "query_string")
    )
    url = reverse("search_admin:no_results")
    rows = [
        Row(s["query_string"], url, f"{s['total']} searches ({s['locale__language_code']})")
        for s in searches[:LIMIT]
    ]
    return ListPanel(
        "no_result_searches",
        "Searches that found nothing (30 days)",
        rows,
        order=80,
        empty="Every search of the last 30 days found something.",
        total=searches.count(),
        all_url=url,
    )


def panels_for(request: HttpRequest) -> list[ListPanel]:
    """The panels this user's roles call for."""
    user = request.user
    panels: list[ListPanel | None] = [
        my_submissions(user),
        awaiting_my_approval(user),
        schedule(user),
        findings_panel(
            user,
            "translations",
            "Translations out of date",
            Q(code="translation"),
            40,
            "Every translation is up to date.",
            {"code": "translation"},
        ),
        findings_panel(
            user,
            "check_errors",
            "Content check errors in my sections",
            Q(severity=Severity.ERROR),
            50,
            "No content check finds an error in the pages you edit.",
            {"severity": Severity.ERROR},
        ),
    ]
    if user.has_perm("publishing.view_webhookdelivery"):
        panels.append(failed_webhooks())
    if user.has_perm("wagtaildocs.change_document"):
        panels.append(pdf_failures())
    if user.has_perm("wagtailsearchpromotions.change_searchpromotion"):
        panels.append(no_result_searches())
    return [panel for panel in panels if panel is not None]


#: Wagtail's own workflow panels, which ours replace (ours add each page's check state).
REPLACED = (WorkflowObjectsToModeratePanel, UserObjectsInWorkflowModerationPanel)
