"""
What the content checks found (``Finding``), one row per problem, per page and language,
and when each was first and last seen; when an editor last reviewed a page
(``Review``); and the nightly runs, so that each night's run starts once however many
schedulers run.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Severity(models.TextChoices):
    #: Visitors meet it as it is: the front end's CI fails on it.
    ERROR = "error", "Error"
    #: Worth fixing; nothing is broken for visitors.
    WARNING = "warning", "Warning"


class Finding(models.Model):
    """One problem a check found in a page (the page's latest saved content)."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="content_findings"
    )
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40, db_index=True, help_text="The check that found it.")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    message = models.TextField()
    where = models.CharField(
        max_length=400,
        blank=True,
        help_text="Where in the page: a field, or a block path such as body.3.image.",
    )
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "code", "where"], name="checks_one_per_place")
        ]
        indexes = [models.Index(fields=["severity", "code"])]
        ordering = ["page_id", "code", "where"]

    def __str__(self) -> str:
        return f"{self.code} on page {self.page_id} ({self.where or 'page'})"


class Review(models.Model):
    """An editor's word that a page's content is still right (besides publishing it)."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"page {self.page_id} reviewed {self.reviewed_at:%Y-%m-%d}"


class NightlyRun(models.Model):
    """One night's run of every check; the unique day makes a second start a no-op."""

    day = models.DateField(unique=True)
    started_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"checks of {self.day}"
