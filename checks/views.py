"""Admin: the "Content checks" report, and "Mark reviewed" from a page's Checks panel."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page

from . import registry, runner
from .models import Finding, Review, Severity


def sections() -> QuerySet[Page]:
    """The sections of the site: the pages directly under each language's home page."""
    return Page.objects.filter(depth=3).order_by("locale_id", "path")


class FindingFilterSet(WagtailFilterSet):
    code = django_filters.ChoiceFilter(label=_("Check"), choices=registry.choices)
    section = django_filters.ModelChoiceFilter(
        label=_("Section"), queryset=sections(), method="in_section"
    )
    locale = django_filters.ModelChoiceFilter(label=_("Language"), queryset=Locale.objects.all())
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices)

    class Meta:
        model = Finding
        fields = ["code", "section", "locale", "severity"]

    def in_section(self, queryset: QuerySet[Finding], name: str, value: Page) -> QuerySet[Finding]:
        return queryset.filter(page__path__startswith=value.path)


def edit_url(finding: Finding) -> str:
    return reverse("wagtailadmin_pages:edit", args=[finding.page_id])


class ContentChecksReportView(ReportView):
    """Every finding of every check, errors first; each page links to its editor."""

    page_title = _("Content checks")
    header_icon = "warning"
    index_url_name = "checks_admin:report"
    index_results_url_name = "checks_admin:report_results"
    filterset_class = FindingFilterSet
    export_filename = "content-checks"
    columns = [
        TitleColumn("page_title", label=_("Page"), get_url=edit_url),
        Column("check_title", label=_("Check")),
        Column("severity", label=_("Severity")),
        Column("message", label=_("Problem")),
        Column("where", label=_("Where")),
        Column("language", label=_("Language")),
        DateColumn("first_seen", label=_("First seen")),
        DateColumn("last_seen", label=_("Last seen")),
    ]
    list_export = [
        "page_id",
        "page_title",
        "page_url_path",
        "language",
        "code",
        "severity",
        "message",
        "where",
        "first_seen",
        "last_seen",
    ]
    export_headings = {"page_id": "Page id", "page_url_path": "Path", "code": "Check"}

    def get_base_queryset(self) -> QuerySet[Finding]:
        return Finding.objects.select_related("page", "locale").order_by(
            "severity", "page__path", "code", "where"
        )

    def get_filterset_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def decorate_paginated_queryset(self, object_list: Any) -> Any:
        titles = dict(registry.choices())
        for finding in object_list:
            finding.page_title = finding.page.title
            finding.page_url_path = finding.page.url_path
            finding.check_title = titles.get(finding.code, finding.code)
            finding.language = finding.locale.language_code
        return object_list


@require_POST
def mark_reviewed(request: HttpRequest, page_id: int) -> HttpResponse:
    """An editor read the page and it is still right: its "not reviewed" finding goes."""
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    user = request.user if request.user.is_authenticated else None
    Review.objects.update_or_create(
        page=page, defaults={"reviewed_at": timezone.now(), "reviewed_by": user}
    )
    runner.check_page(page.pk)
    messages.success(request, _("“%s” is marked reviewed.") % page.get_admin_display_title())
    return redirect("wagtailadmin_pages:edit", page.pk)
