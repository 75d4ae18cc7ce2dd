"""
Admin: import observations from a CSV file (upload, preview, confirm) and export them.

The upload is checked row by row (``indicators.importer``); the preview lists what each
good row will do and every bad row with its reason. Nothing is saved while any row is
wrong. The checked file waits in the editor's session until they confirm it, and is
checked again then (someone may have changed the series meanwhile).
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from . import importer, series
from .downloads import SERIES_COLUMNS, csv_lines, series_rows
from .models import Indicator

IMPORT_PERMISSIONS = ("indicators.add_observation", "indicators.change_observation")
SESSION_KEY = "indicators-import"
PREVIEW_ROWS = 500


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="A UTF-8 CSV file with a header row: indicator, geography, period, value, "
        "and optionally margin_of_error, status, note (see the format below)."
    )
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.none(),
        required=False,
        help_text="Import into this indicator only (the file may then leave out the "
        "indicator column). Leave empty to import a file naming each row's indicator.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["indicator"]
        field.queryset = Indicator.objects.filter(locale__language_code=series.default_language())


class EditorsOnly(View):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not all(request.user.has_perm(perm) for perm in IMPORT_PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportView(EditorsOnly):
    template_name = "indicators/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {}
        if request.GET.get("indicator", "").isdigit():
            initial["indicator"] = request.GET["indicator"]
        return self.render(request, ImportForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        if "token" in request.POST:
            return self.confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form)
        upload = form.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            form.add_error("file", "The file is over 5 MB.")
            return self.render(request, form)
        data = upload.read()
        only = form.cleaned_data["indicator"]
        try:
            plan = importer.plan(data, only)
        except importer.ImportFileError as error:
            form.add_error("file", str(error))
            return self.render(request, form)
        token = ""
        if plan.ok:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {
                "token": token,
                "name": upload.name,
                "data": base64.b64encode(data).decode(),
                "indicator": only.pk if only else None,
            }
        return self.render(request, form, plan=plan, token=token, filename=upload.name)

    def confirm(self, request: HttpRequest) -> HttpResponse:
        stored = request.session.get(SESSION_KEY) or {}
        if not stored or stored.get("token") != request.POST.get("token"):
            messages.error(request, "That import has expired: upload the file again.")
            return redirect("indicators_admin:import")
        del request.session[SESSION_KEY]
        only = (
            Indicator.objects.filter(pk=stored["indicator"]).first()
            if stored["indicator"]
            else None
        )
        data = base64.b64decode(stored["data"])
        try:
            plan = importer.plan(data, only)
        except importer.ImportFileError as error:
            messages.error(request, str(error))
            return redirect("indicators_admin:import")
        if not plan.ok:
            form = ImportForm()
            return self.render(request, form, plan=plan, token="", filename=stored["name"])
        outcome = importer.apply(plan, user=request.user, filename=stored["name"])
        counts = outcome.counts
        messages.success(
            request,
            f"Imported {stored['name']}: {counts['create']} observation(s) added, "
            f"{counts['update']} updated, {counts['unchanged']} unchanged.",
        )
        return redirect("indicators_admin:import")

    def render(self, request: HttpRequest, form: ImportForm, **context: Any) -> HttpResponse:
        plan = context.get("plan")
        if plan is not None:
            context["counts"] = plan.counts()
            context["preview"] = plan.rows[:PREVIEW_ROWS]
            context["more"] = max(0, len(plan.rows) - PREVIEW_ROWS)
        return TemplateResponse(
            request,
            self.template_name,
            {
                "form": form,
                "page_title": "Import observations",
                "header_icon": "upload",
                "export_url": reverse("indicators_admin:export"),
                "columns": importer.KNOWN,
                **context,
            },
        )


class ExportView(View):
    """Every observation (or one indicator's) as the import's CSV."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
        if not request.user.has_perm("indicators.change_observation"):
            raise PermissionDenied
        chosen = Indicator.objects.filter(locale__language_code=series.default_language())
        if request.GET.get("indicator", "").isdigit():
            chosen = chosen.filter(pk=request.GET["indicator"])
        language = series.default_language()

        def rows() -> Any:
            for indicator in chosen.order_by("slug").iterator():
                found = series.observation_rows(series.observations(indicator))
                yield from series_rows(indicator, language, found)

        response = StreamingHttpResponse(
            csv_lines(SERIES_COLUMNS, rows()), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="observations.csv"'
        return response
