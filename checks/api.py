"""
``GET /api/v3/checks/``: the content checks' findings, for the front end's CI (which
fails on errors). Never public: a bearer token (``CONTENT_CHECKS_API_TOKEN``) is
required, and the answer is never cached by a browser or CDN.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.security import HttpBearer
from pydantic import Field

from cms.api.cache import encode, never_cache
from cms.api.errors import ProblemError
from cms.api.params import LocaleCode, reject_unknown
from cms.core.paths import public_path, root_paths

from . import links, registry, rules  # noqa: F401  (links, rules: register the checks)
from .models import Finding, Severity

SeverityCode = Literal["error", "warning"]
#: A page id (a database integer: larger ones are refused, not looked up).
PageId = Annotated[int, Field(ge=1, le=2**31 - 1)]
if TYPE_CHECKING:
    CheckCode = str  # to a type checker; the API's schema lists the codes
else:
    #: A check's code: one of the registered checks (``checks`` in the answer lists them).
    CheckCode = Literal[tuple(code for code, _title in registry.choices())]


class ContentChecksToken(HttpBearer):
    """
    ``Authorization: Bearer <CONTENT_CHECKS_API_TOKEN>``. Every refusal is a problem
    answered through the API's handler, so it too is ``private, no-store``.
    """

    def __call__(self, request: HttpRequest) -> str | None:
        if super().__call__(request) is None:
            raise ProblemError(401, "A bearer token is missing or not valid.")
        return "checks"

    def authenticate(self, request: HttpRequest, token: str) -> str | None:
        expected = str(getattr(settings, "CONTENT_CHECKS_API_TOKEN", "") or "")
        if not expected:
            raise ProblemError(403, "The checks API is off: no CONTENT_CHECKS_API_TOKEN is set.")
        return token if hmac.compare_digest(token.encode(), expected.encode()) else None


router = Router(tags=["checks"], auth=ContentChecksToken())


class CheckInfo(Schema):
    code: str
    title: str
    severity: SeverityCode
    advice: str


class CheckFinding(Schema):
    page_id: int
    page_title: str
    #: The page's path on the public site (``/…``, ``/es/…``); None outside every site.
    path: str | None
    locale: str
    live: bool
    check: str
    severity: SeverityCode
    message: str
    where: str
    first_seen: datetime
    last_seen: datetime


class CheckReport(Schema):
    count: int
    errors: int
    warnings: int
    checks: list[CheckInfo]
    items: list[CheckFinding]


ALLOWED = {"severity", "check", "locale", "live", "page"}


@router.get(
    "/",
    response=CheckReport,
    summary="Content check findings",
    operation_id="checks",
    description=(
        "What the content checks found in each page's latest saved content, errors first. "
        "Needs the checks token as a bearer token; never cached. `live=true` keeps the "
        "pages visitors can see."
    ),
)
def checks(
    request: HttpRequest,
    severity: SeverityCode | None = None,
    check: CheckCode | None = None,
    locale: LocaleCode | None = None,
    live: bool | None = None,
    page: PageId | None = None,
) -> HttpResponse:
    reject_unknown(request, ALLOWED)
    known = {info.code: info for info in registry.all_checks()}
    if check is not None and check not in known:
        raise ProblemError(400, f"Unknown check {check!r}; the checks are: {', '.join(known)}.")
    findings = Finding.objects.select_related("page", "locale")
    if severity:
        findings = findings.filter(severity=severity)
    if check:
        findings = findings.filter(code=check)
    if locale:
        findings = findings.filter(locale__language_code=locale)
    if live is not None:
        findings = findings.filter(page__live=live)
    if page is not None:
        findings = findings.filter(page_id=page)
    roots = root_paths()
    totals = dict(findings.values_list("severity").annotate(n=Count("pk")).order_by())
    items = [
        {
            "page_id": finding.page_id,
            "page_title": finding.page.title,
            "path": public_path(finding.page.url_path, finding.locale.language_code, roots),
            "locale": finding.locale.language_code,
            "live": finding.page.live,
            "check": finding.code,
            "severity": finding.severity,
            "message": finding.message,
            "where": finding.where,
            "first_seen": finding.first_seen,
            "last_seen": finding.last_seen,
        }
        for finding in findings.order_by("severity", "page__path", "code", "where")
    ]
    body = {
        "count": len(items),
        "errors": totals.get(Severity.ERROR, 0),
        "warnings": totals.get(Severity.WARNING, 0),
        "checks": [
            {"code": c.code, "title": c.title, "severity": str(c.severity), "advice": c.advice}
            for c in known.values()
        ],
        "items": items,
    }
    return never_cache(HttpResponse(encode(body), content_type="application/json"))
