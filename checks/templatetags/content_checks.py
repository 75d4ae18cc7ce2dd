"""The page's findings, for its editor's Checks panel."""

from __future__ import annotations

from typing import Any

from django import template

from checks import registry
from checks.models import Finding

register = template.Library()


@register.inclusion_tag("checks/page_findings.html", takes_context=True)
def page_findings(context: dict[str, Any], page: Any) -> dict[str, Any]:
    page_id = getattr(page, "pk", None)
    findings = (
        list(Finding.objects.filter(page_id=page_id).order_by("severity", "code", "where"))
        if isinstance(page_id, int)
        else []
    )
    titles = {check.code: check for check in registry.all_checks()}
    rows = [
        {
            "finding": finding,
            "title": titles[finding.code].title if finding.code in titles else finding.code,
            "advice": titles[finding.code].advice if finding.code in titles else "",
        }
        for finding in findings
    ]
    return {
        "page": page,
        "rows": rows,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("checks/page_check_state.html")
def page_check_state(page: Any) -> dict[str, Any]:
    """The page's errors and warnings, for its status panel (and so its moderators)."""
    from django.db.models import Count

    counts = dict(
        Finding.objects.filter(page_id=page.pk)
        .values_list("severity")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {"errors": counts.get("error", 0), "warnings": counts.get("warning", 0)}
