"""
``/pages/{id}/tables/{block_id}.csv|.json`` and ``/pages/{id}/figures.zip``: a live
report's data tables, and all its figures with a Frictionless ``datapackage.json``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Path

from cms.api.errors import problem_response
from cms.api.params import reject_unknown
from cms.api.routers.pages import MAX_ID, live_pages
from cms.api.visibility import is_public
from cms.api.wagtail_v3 import replace_page_read_operation

from . import downloads
from .api import file_response

BLOCK_ID = r"^[-a-zA-Z0-9]{1,64}$"


def _report(page_id: int) -> Any:
    from reports.models import ReportPage

    page = live_pages(ReportPage).filter(pk=page_id).first()
    if page is None or not is_public(page.path):
        return None
    return page


def _table(request: HttpRequest, page_id: int, block_id: str, fmt: str) -> HttpResponse:
    reject_unknown(request, set())
    page = _report(page_id)
    if page is None:
        return problem_response(404, f"No live report has the id {page_id}.")
    block = downloads.find_block(page, block_id, "data_table")
    if block is None:
        return problem_response(404, f"The report has no data table {block_id}.")
    name = f"{page.slug}-{block_id}.{fmt}"
    if fmt == "csv":
        body, kind = downloads.table_csv(block.value), "text/csv; charset=utf-8"
    else:
        body, kind = downloads.table_json(block.value), "application/json; charset=utf-8"
    return downloads.attachment(request, body, name, kind, [f"page:{page.pk}"])  # type: ignore[return-value]


router = replace_page_read_operation("/{page_id}/tables/{block_id}.csv")
replace_page_read_operation("/{page_id}/tables/{block_id}.json")
replace_page_read_operation("/{page_id}/figures.zip")


@router.get(
    "/{page_id}/tables/{block_id}.csv",
    response={404: dict},
    summary="A report's data table as CSV",
    operation_id="pages_table_csv",
    description="The data table block `block_id` of a live report, as UTF-8 CSV with a "
    "header row (the column headings).",
    openapi_extra=file_response("text/csv", "The table as CSV."),
)
def table_csv(
    request: HttpRequest,
    page_id: int = Path(..., ge=1, le=MAX_ID),
    block_id: str = Path(..., max_length=64, pattern=BLOCK_ID),
) -> HttpResponse:
    return _table(request, page_id, block_id, "csv")


@router.get(
    "/{page_id}/tables/{block_id}.json",
    response={404: dict},
    summary="A report's data table as JSON",
    operation_id="pages_table_json",
    description="The data table block `block_id` of a live report, as a JSON file.",
    openapi_extra=file_response("application/json", "The table as JSON."),
)
def table_json(
    request: HttpRequest,
    page_id: int = Path(..., ge=1, le=MAX_ID),
    block_id: str = Path(..., max_length=64, pattern=BLOCK_ID),
) -> HttpResponse:
    return _table(request, page_id, block_id, "json")


@router.get(
    "/{page_id}/figures.zip",
    response={404: dict},
    summary="A report's figures as a ZIP",
    operation_id="pages_figures_zip",
    description="Every figure of a live report: its data tables, the series of the "
    "indicators it shows and its single figures, as CSV files with a Frictionless "
    "`datapackage.json` describing each (fields and types, units, sources, licence).",
    openapi_extra=file_response("application/zip", "The figures as a ZIP file."),
)
def figures_zip(request: HttpRequest, page_id: int = Path(..., ge=1, le=MAX_ID)) -> HttpResponse:
    reject_unknown(request, set())
    page = _report(page_id)
    if page is None:
        return problem_response(404, f"No live report has the id {page_id}.")
    language = page.locale.language_code
    body = downloads.figures_zip(page, language)
    tags = [f"page:{page.pk}", "indicators"]
    return downloads.attachment(  # type: ignore[return-value]
        request, body, f"{page.slug}-figures.zip", "application/zip", tags
    )
