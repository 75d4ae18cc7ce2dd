"""Admin: the search reports, and cache invalidation when editors change promotions."""

from django.db.models.signals import post_delete, post_save
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.contrib.search_promotions.models import SearchPromotion

from cms.core import changes

from . import admin_urls, views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("search-reports/", include(admin_urls, namespace="search_admin"))]


class DocumentsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtaildocs.change_document")


@hooks.register("register_reports_menu_item")
def register_document_text_report():
    return DocumentsMenuItem(
        _("Document text for search"),
        reverse("search_admin:document_text"),
        name="search-document-text",
        icon_name="doc-full",
        order=1310,
    )


class CuratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.CURATE_SEARCH)


@hooks.register("register_reports_menu_item")
def register_popular_searches_report():
    return CuratorsMenuItem(
        _("Popular searches by language"),
        reverse("search_admin:popular"),
        name="search-popular",
        icon_name="search",
        order=1320,
    )


@hooks.register("register_reports_menu_item")
def register_no_result_searches_report():
    return CuratorsMenuItem(
        _("Searches with no results"),
        reverse("search_admin:no_results"),
        name="search-no-results",
        icon_name="search",
        order=1330,
    )


def _promotions_changed(**kwargs):
    changes.send(changes.ANSWERS_CHANGED, frozenset({"search-promotions"}))


for _signal in (post_save, post_delete):
    _signal.connect(
        _promotions_changed, sender=SearchPromotion, dispatch_uid=f"search-promotions-{id(_signal)}"
    )
