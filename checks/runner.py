"""
Run the checks on pages and keep what they find: one ``Finding`` per problem and place,
its first sighting kept while it lasts, and removed once a run no longer finds it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from cms.core.models import BasePage

from .content import PageContent
from .models import Finding
from .registry import Check, page_run_checks

logger = logging.getLogger("checks")

#: (check code, where) → (severity, message)
Results = dict[tuple[str, str], tuple[str, str]]
WHERE_LENGTH = 400


def checkable(page: Page | None) -> bool:
    return page is not None and isinstance(page.specific, BasePage)


def run_checks(page: Page, checks: Iterable[Check]) -> Results:
    """What ``checks`` find in the page's latest saved content."""
    content = PageContent(page)
    results: Results = {}
    for check in checks:
        for found in check.find(content):
            where = found.where[:WHERE_LENGTH]
            key, n = (check.code, where), 1
            while key in results:  # two problems in one place (two links in a paragraph)
                n += 1
                key = (check.code, f"{where[: WHERE_LENGTH - 6]}#{n}")
            results[key] = (found.severity or check.severity, found.message)
    return results


def store(page: Page, codes: Iterable[str], results: Results) -> None:
    """Make the page's findings of the checks ``codes`` be ``results``."""
    codes = list(codes)
    now = timezone.now()
    with transaction.atomic():
        existing = {
            (finding.code, finding.where): finding
            for finding in Finding.objects.select_for_update().filter(page=page, code__in=codes)
        }
        gone = [finding.pk for key, finding in existing.items() if key not in results]
        Finding.objects.filter(pk__in=gone).delete()
        for (code, where), (severity, message) in results.items():
            finding = existing.get((code, where))
            if finding is None:
                Finding.objects.create(
                    page=page,
                    locale_id=page.locale_id,
                    code=code,
                    where=where,
                    severity=severity,
                    message=message,
                    first_seen=now,
                    last_seen=now,
                )
            else:
                finding.severity, finding.message, finding.last_seen = severity, message, now
                finding.locale_id = page.locale_id
                finding.save(update_fields=["severity", "message", "last_seen", "locale"])


def check_page(page_id: int, checks: list[Check] | None = None) -> int:
    """Run the page checks (or ``checks``) on one page; the number of findings."""
    checks = page_run_checks() if checks is None else checks
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    if not checkable(page):
        Finding.objects.filter(page=page).delete()
        return 0
    results = run_checks(page, checks)
    store(page, [check.code for check in checks], results)
    return len(results)


def check_pages(page_ids: Iterable[int], checks: list[Check] | None = None) -> int:
    total = 0
    for page_id in page_ids:
        try:
            total += check_page(page_id, checks)
        except Exception:  # one broken page must not stop the others' checks
            logger.exception("Content checks of page %s failed", page_id)
    return total


def all_page_ids() -> list[int]:
    return list(Page.objects.filter(depth__gt=1).order_by("path").values_list("pk", flat=True))
