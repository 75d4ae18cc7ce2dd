from django.urls import path

from . import views

app_name = "search_admin"
urlpatterns = [
    path("documents/", views.DocumentTextReportView.as_view(), name="document_text"),
    path(
        "documents/results/",
        views.DocumentTextReportView.as_view(results_only=True),
        name="document_text_results",
    ),
    path("popular/", views.PopularSearchesReportView.as_view(), name="popular"),
    path(
        "popular/results/",
        views.PopularSearchesReportView.as_view(results_only=True),
        name="popular_results",
    ),
    path("popular/hide/", views.hide_query, {"hide": True}, name="popular_hide"),
    path("popular/show/", views.hide_query, {"hide": False}, name="popular_show"),
    path("no-results/", views.NoResultSearchesReportView.as_view(), name="no_results"),
    path(
        "no-results/results/",
        views.NoResultSearchesReportView.as_view(results_only=True),
        name="no_results_results",
    ),
]
