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
]
