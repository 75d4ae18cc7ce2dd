"""Admin reports: whether each document's words are searchable, and what people search for."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.documents import get_document_model
from wagtail.models import Locale

from cms.core import changes

from . import querylog
from .models import DocumentText, HiddenQuery, QueryCount

#: Site administrators curate search (promotions, these reports); see README "Roles".
CURATE_SEARCH = "wagtailsearchpromotions.change_searchpromotion"


class CuratorsOnly(View):
    """The search-log reports are for those who curate search, never the public."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(CURATE_SEARCH):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


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


class PopularSearchesReportView(CuratorsOnly, ReportView):
    """
    The last 30 days' searches that found something, per language, most visitors first,
    with whether the editors hid each one from the public popular list.
    """

    page_title = _("Popular searches by language")
    header_icon = "search"
    index_url_name = "search_admin:popular"
    index_results_url_name = "search_admin:popular_results"
    filterset_class = PopularSearchFilterSet
    found = True
    columns = [
        Column("query_string", label=_("Search")),
        Column("language", label=_("Language")),
        NumberColumn("total", label=_("Searches (30 days)")),
        NumberColumn("distinct_visitors", label=_("Visitors (once a day)")),
        Column("hidden_label", label=_("Public list")),
    ]
    list_export = ["query_string", "language", "total", "distinct_visitors", "hidden_label"]

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_base_queryset(self):
        return (
            QueryCount.objects.filter(date__gte=querylog.since(), found=self.found)
            .annotate(is_hidden=querylog.hidden_q())
            .values("query_string", "locale", "locale__language_code", "is_hidden")
            .annotate(total=Sum("hits"), distinct_visitors=Sum("visitors"), last=Max("date"))
            .order_by("-distinct_visitors", "-total", "query_string")
        )

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        for row in rows:
            row["language"] = row["locale__language_code"]
            row["hidden_label"] = _("Hidden by editors") if row["is_hidden"] else ""
        return rows


class NoResultSearchesReportView(PopularSearchesReportView):
    """The last 30 days' searches that found nothing public: what visitors miss."""

    page_title = _("Searches with no results")
    index_url_name = "search_admin:no_results"
    index_results_url_name = "search_admin:no_results_results"
    found = False
    columns = [
        Column("query_string", label=_("Search")),
        Column("language", label=_("Language")),
        NumberColumn("total", label=_("Searches (30 days)")),
        NumberColumn("distinct_visitors", label=_("Visitors (once a day)")),
        Column("last", label=_("Last searched")),
    ]
    list_export = ["query_string", "language", "total", "distinct_visitors", "last"]
    export_filename = "searches-with-no-results"


@require_POST
def hide_query(request, hide: bool):
    """Hide a query from (or show it again in) the public popular list of one language."""
    if not request.user.has_perm(CURATE_SEARCH):
        raise PermissionDenied
    from wagtail.models import Locale

    locale = get_object_or_404(Locale, pk=request.POST.get("locale", "0") or 0)
    key = querylog.normalise(request.POST.get("query", ""))
    if not key:
        messages.error(request, _("Say which search to hide."))
        return redirect("search_admin:popular")
    if hide:
        HiddenQuery.objects.get_or_create(
            locale=locale, query_string=key, defaults={"hidden_by": request.user}
        )
        messages.success(request, _("“%s” is hidden from popular searches.") % key)
    else:
        HiddenQuery.objects.filter(locale=locale, query_string=key).delete()
        messages.success(request, _("“%s” may show in popular searches again.") % key)
    changes.send(changes.ANSWERS_CHANGED, frozenset({"search-popular"}))
    return redirect("search_admin:popular")
