"""Admin reports: whether each document's words are searchable, and what people search for."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.documents import get_document_model
from wagtail.models import Locale

from .models import DocumentText, QueryCount


class DocumentTextReportView(ReportView):
    """Every document with the state of its text extraction, problems first."""

    page_title = _("Document text for search")
    header_icon = "doc-full"
    index_url_name = "search_admin:document_text"
    index_results_url_name = "search_admin:document_text_results"
    is_searchable = True
    search_fields = ["title"]
    columns = [
        TitleColumn(
            "title",
            label=_("Document"),
            get_url=lambda document: reverse("wagtaildocs:edit", args=[document.pk]),
        ),
        Column("search_status", label=_("Search status")),
        NumberColumn("search_pages", label=_("Pages read")),
        Column("search_message", label=_("Details")),
    ]
    list_export = ["title", "search_status", "search_pages", "search_message"]

    def get_base_queryset(self):
        return get_document_model().objects.select_related("search_text").order_by("title")

    def decorate_paginated_queryset(self, object_list):
        for document in object_list:
            record = getattr(document, "search_text", None)
            if record is None:
                document.search_status = DocumentText.Status.PENDING.label
                document.search_pages = 0
                document.search_message = ""
            else:
                document.search_status = record.get_status_display()
                document.search_pages = record.page_count
                document.search_message = record.message
        return object_list


class PopularSearchFilterSet(WagtailFilterSet):
    locale = django_filters.ModelChoiceFilter(
        queryset=Locale.objects.all(), field_name="locale", label=_("Language")
    )

    class Meta:
        model = QueryCount
        fields = ["locale"]


class PopularSearchesReportView(ReportView):
    """The last 30 days' searches per language, most frequent first."""

    page_title = _("Popular searches by language")
    header_icon = "search"
    index_url_name = "search_admin:popular"
    index_results_url_name = "search_admin:popular_results"
    filterset_class = PopularSearchFilterSet
    columns = [
        Column("query_string", label=_("Search")),
        Column("language", label=_("Language")),
        NumberColumn("total", label=_("Searches (30 days)")),
    ]
    list_export = ["query_string", "language", "total"]

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_base_queryset(self):
        since = timezone.localdate() - datetime.timedelta(days=30)
        return (
            QueryCount.objects.filter(date__gte=since)
            .values("query_string", "locale__language_code")
            .annotate(total=Sum("hits"))
            .order_by("-total", "query_string")
        )

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        for row in rows:
            row["language"] = row["locale__language_code"]
        return rows
