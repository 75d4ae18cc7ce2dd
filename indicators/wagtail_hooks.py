"""Admin: indicators, geographies and observations; the import and export of observations."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .importer import IMPORT_ACTION
from .models import Geography, Indicator, Observation
from .views import IMPORT_PERMISSIONS, ExportView, ImportView


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "pick"
    menu_label = "Indicators"
    list_display = ["name", "slug", "unit", "is_sample", "locale"]
    list_filter = ["unit", "is_sample", "locale"]
    search_fields = ["name", "definition"]


class GeographyViewSet(SnippetViewSet):
    model = Geography
    icon = "site"
    menu_label = "Geographies"
    list_display = ["name", "slug", "kind", "sort_order", "locale"]
    list_filter = ["kind", "locale"]


class ObservationViewSet(SnippetViewSet):
    model = Observation
    icon = "table"
    menu_label = "Observations"
    list_display = ["indicator", "geography", "period", "value", "status"]
    list_filter = ["geography", "status", "period_type"]
    search_fields = ["period", "indicator__name"]
    list_per_page = 50


class IndicatorsViewSetGroup(SnippetViewSetGroup):
    menu_label = "Indicators"
    menu_icon = "pick"
    menu_order = 260
    items = (IndicatorViewSet, ObservationViewSet, GeographyViewSet)


register_snippet(IndicatorsViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    from django.urls import include

    urls = [
        path("import/", ImportView.as_view(), name="import"),
        path("export/", ExportView.as_view(), name="export"),
    ]
    return [path("indicators/", include((urls, "indicators_admin"), namespace="indicators_admin"))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return all(request.user.has_perm(perm) for perm in IMPORT_PERMISSIONS)


@hooks.register("register_admin_menu_item")
def register_import_menu_item() -> MenuItem:
    return ImportMenuItem(
        "Import observations",
        reverse("indicators_admin:import"),
        name="indicators-import",
        icon_name="upload",
        order=261,
    )


@hooks.register("register_log_actions")
def register_import_action(actions: Any) -> None:
    @actions.register_action(IMPORT_ACTION)
    class ImportFormatter(LogFormatter):
        label = "Import observations"

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data or {}
            return (
                f"Imported observations from {data.get('file') or 'a CSV file'}: "
                f"{data.get('created', 0)} added, {data.get('updated', 0)} updated, "
                f"{data.get('unchanged', 0)} unchanged"
            )
