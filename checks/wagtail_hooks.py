"""Admin: the "Content checks" report, its menu item, and the dashboard's panels."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[URLPattern | URLResolver]:
    return [path("content-checks/", include(admin_urls, namespace="checks_admin"))]


@hooks.register("register_reports_menu_item")
def register_report() -> MenuItem:
    return MenuItem(
        _("Content checks"),
        reverse("checks_admin:report"),
        name="content-checks",
        icon_name="warning",
        order=1300,
    )


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request: HttpRequest, panels: list[Any]) -> None:
    from .dashboard import REPLACED, panels_for

    panels[:] = [*panels_for(request), *(p for p in panels if not isinstance(p, REPLACED))]
