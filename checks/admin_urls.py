from django.urls import path

from . import views

app_name = "checks_admin"
urlpatterns = [
    path("", views.ContentChecksReportView.as_view(), name="report"),
    path(
        "results/",
        views.ContentChecksReportView.as_view(results_only=True),
        name="report_results",
    ),
    path("reviewed/<int:page_id>/", views.mark_reviewed, name="mark_reviewed"),
]
