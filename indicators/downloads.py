"""
Downloads: an indicator's series, a report's data tables and a report's figures as a
ZIP with a Frictionless ``datapackage.json``.

CSV is UTF-8 with a header row; a series is streamed from the database in chunks, so a
long series costs the worker no more memory than a short one. Downloads are not kept
in the response cache (they are streamed), but a CDN may keep them: they carry the same
Cache-Control and cache tags as the JSON answers built from the same content.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.text import slugify

from cms.api.cache import apply_cache_headers, is_private
from cms.api.cdn import answer_tags
from cms.api.errors import problem_response

from . import series
from .models import Indicator, unit_label

#: The columns of a series CSV: the import's columns first (an export can be edited
#: and imported again), then what describes each row.
SERIES_COLUMNS = (
    "indicator",
    "geography",
    "period",
    "value",
    "margin_of_error",
    "status",
    "note",
    "geography_name",
    "period_type",
    "start_date",
    "end_date",
    "unit",
)

DEFAULT_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def data_license() -> dict[str, str]:
    """The licence the downloads are offered under (``DATA_DOWNLOAD_LICENSE``)."""
    return dict(getattr(settings, "DATA_DOWNLOAD_LICENSE", None) or DEFAULT_LICENSE)


# Writing ----------------------------------------------------------------------------------


class _Line:
    """A file-like that hands back what ``csv.writer`` wrote, one line at a time."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def take(self) -> bytes:
        text, self.text = self.text, ""
        return text.encode()


def csv_lines(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[bytes]:
    """A CSV file, line by line, as UTF-8 (with a BOM, so spreadsheets read it as UTF-8)."""
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")
    writer.writerow(list(header))
    yield "\ufeff".encode() + line.take()
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
        yield line.take()


def series_rows(
    indicator: Indicator, language: str, rows: Iterable[dict[str, Any]]
) -> Iterator[list[Any]]:
    places = series.places(language)
    for row in rows:
        place = places.get(row["geography_key"])
        yield [
            indicator.slug,
            place.slug if place else "",
            row["period"],
            row["value"],
            row["margin_of_error"],
            row["status"],
            row["note"],
            place.name if place else "",
            row["period_type"],
            row["start_date"],
            row["end_date"],
            indicator.unit,
        ]


def series_json(
    indicator: Indicator, language: str, rows: Iterable[dict[str, Any]]
) -> Iterator[bytes]:
    """The series as one JSON document, written a row at a time."""
    places = series.places(language)
    head = {
        "slug": indicator.slug,
        "name": indicator.name,
        "definition": indicator.definition,
        "unit": indicator.unit,
        "unit_label": unit_label(indicator.unit, language),
        "is_sample": indicator.is_sample,
        "source": {"name": indicator.source_name, "url": indicator.source_url or None},
        "license": data_license(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1].encode() + b',"observations":['
    first = True
    for row in rows:
        place = places.get(row["geography_key"])
        item = {
            "geography": place.ref() if place else None,
            **series.public_observation(row),
        }
        yield (b"" if first else b",") + json.dumps(item, ensure_ascii=False).encode()
        first = False
    yield b"]}"


def attachment(
    request: HttpRequest,
    body: Iterator[bytes] | bytes,
    filename: str,
    content_type: str,
    tags: Iterable[str],
) -> HttpResponse | StreamingHttpResponse:
    response: HttpResponse | StreamingHttpResponse
    if isinstance(body, bytes):
        response = HttpResponse(body, content_type=content_type)
        response["Content-Length"] = str(len(body))
    else:
        response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    apply_cache_headers(response, private=is_private(request), cdn_tags=answer_tags(tags))
    return response


# Indicator series -------------------------------------------------------------------------


def series_download(
    request: HttpRequest,
    slug: str,
    fmt: str,
    locale: str,
    first: datetime.date | None,
    last: datetime.date | None,
    geography: list[str] | None,
) -> HttpResponse | StreamingHttpResponse:
    from .api import check_geographies

    indicator = series.find(slug, locale)
    if indicator is None:
        return problem_response(404, f"No indicator is called {slug}.")
    keys = check_geographies(series.places(locale), geography) if geography else None
    rows = series.observation_rows(
        series.observations(indicator, place_keys=keys, start=first, end=last)
    )
    tags = [indicator.cache_tag, series.GEOGRAPHIES_TAG]
    name = f"{indicator.slug}.{fmt}"
    if fmt == "csv":
        body = csv_lines(SERIES_COLUMNS, series_rows(indicator, locale, rows))
        return attachment(request, body, name, "text/csv; charset=utf-8", tags)
    return attachment(
        request, series_json(indicator, locale, rows), name, "application/json; charset=utf-8", tags
    )


# Data tables ------------------------------------------------------------------------------

FRICTIONLESS_TYPES = {
    "text": "string",
    "number": "number",
    "percentage": "number",
    "year": "integer",
}


def table_columns(value: Any) -> list[dict[str, str]]:
    table = value["table"]
    headings = []
    used: set[str] = set()
    for index, column in enumerate(table.columns):
        heading = (column["heading"] or "").strip() or f"column_{index + 1}"
        unique, n = heading, 2
        while unique in used:
            unique, n = f"{heading} ({n})", n + 1
        used.add(unique)
        headings.append({"heading": unique, "type": column["block"].name})
    return headings


def table_rows(value: Any) -> list[list[Any]]:
    from cms.api.blocks import _scalar

    table = value["table"]
    return [
        [
            _scalar(col["block"], cell)
            for col, cell in zip(table.columns, row["values"], strict=False)
        ]
        for row in table.row_data
    ]


def table_csv(value: Any) -> bytes:
    header = [column["heading"] for column in table_columns(value)]
    return b"".join(csv_lines(header, table_rows(value)))


def table_json(value: Any) -> bytes:
    data = {
        "title": value.get("title") or "",
        "caption": value["table"].caption or "",
        "source": {"name": value.get("source") or "", "url": value.get("source_url") or None},
        "columns": table_columns(value),
        "rows": table_rows(value),
        "license": data_license(),
    }
    return json.dumps(data, ensure_ascii=False).encode()


def find_block(page: Any, block_id: str, block_type: str) -> Any:
    for block in page.body:
        if block.id == block_id and block.block_type == block_type:
            return block
    return None


def table_urls(page_id: int, block_id: str) -> dict[str, str]:
    base = f"{series.API_PREFIX}/pages/{page_id}/tables/{block_id}"
    return {"csv": f"{base}.csv", "json": f"{base}.json"}


def figures_url(page_id: int) -> str:
    return f"{series.API_PREFIX}/pages/{page_id}/figures.zip"


# A report's figures -----------------------------------------------------------------------

FIGURE_COLUMNS = (
    ("label", "string", "What is measured."),
    ("value", "number", "The measured value."),
    ("unit", "string", "The unit."),
    ("period", "string", "The period measured."),
    ("geography", "string", "Where it was measured (for an indicator of the series)."),
    ("comparison_value", "number", "A benchmark to compare with."),
    ("comparison_label", "string", "What the benchmark is."),
    ("source", "string", "Where the number comes from."),
    ("source_url", "string", "A link to the source."),
    ("indicator", "string", "The indicator's slug, when the figure is a point of a series."),
)

SERIES_FIELDS = (
    ("indicator", "string", "The indicator's slug."),
    ("geography", "string", "The geography's slug."),
    ("period", "string", "The period: 2023, 2023-Q2 or 2023-04."),
    ("value", "number", "The measured value."),
    ("margin_of_error", "number", "Plus or minus this much, if known."),
    ("status", "string", "final or provisional."),
    ("note", "string", "Anything to know about the value."),
    ("geography_name", "string", "The geography's name."),
    ("period_type", "string", "year, quarter or month."),
    ("start_date", "date", "The period's first day."),
    ("end_date", "date", "The period's last day."),
    ("unit", "string", "The unit's code."),
)


def _fields(spec: Iterable[tuple[str, str, str]], unit: str | None = None) -> list[dict[str, Any]]:
    fields = []
    for name, kind, description in spec:
        field: dict[str, Any] = {"name": name, "type": kind, "description": description}
        if unit and name in ("value", "margin_of_error"):
            field["unit"] = unit
        fields.append(field)
    return fields


def _resource(
    name: str, path: str, title: str, fields: list[dict[str, Any]], sources: list[dict[str, str]]
) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "schema": {"fields": fields},
        "sources": sources,
    }


def _source(name: str, url: str | None) -> list[dict[str, str]]:
    if not name and not url:
        return []
    source = {"title": name or url or ""}
    if url:
        source["path"] = url
    return [source]


def figures_zip(page: Any, language: str) -> bytes:
    """Every figure of a report: its tables, its indicators' series and its single figures."""
    from .api import report_indicator_keys

    resources: list[dict[str, Any]] = []
    buffer = io.BytesIO()
    figures: list[list[Any]] = []
    lead = series.headline(series.places(language))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for block in page.body:
            if block.block_type == "data_table":
                _add_table(archive, resources, block)
            elif block.block_type == "indicator":
                figures.append(_figure_row(block.value, language, lead))
        keys = report_indicator_keys(page)
        for indicator in series.in_language(language):
            if indicator.translation_key in keys:
                _add_series(archive, resources, indicator, language)
        if figures:
            header = [name for name, _, _ in FIGURE_COLUMNS]
            archive.writestr("figures.csv", b"".join(csv_lines(header, figures)))
            resources.insert(
                0,
                _resource(
                    "figures", "figures.csv", "The report's figures", _fields(FIGURE_COLUMNS), []
                ),
            )
        package = {
            "profile": "data-package",
            "name": slugify(f"{page.slug}-figures") or "figures",
            "title": f"{page.title}: figures",
            "homepage": None,
            "created": datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat(),
            "licenses": [data_license()],
            "resources": resources,
        }
        package = {key: value for key, value in package.items() if value is not None}
        archive.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def _add_table(archive: zipfile.ZipFile, resources: list[dict[str, Any]], block: Any) -> None:
    value = block.value
    path = f"tables/{block.id}.csv"
    archive.writestr(path, table_csv(value))
    columns = table_columns(value)
    fields = [
        {"name": column["heading"], "type": FRICTIONLESS_TYPES.get(column["type"], "string")}
        | ({"unit": "percent"} if column["type"] == "percentage" else {})
        for column in columns
    ]
    resources.append(
        _resource(
            f"table-{block.id}".lower(),
            path,
            value.get("title") or "Table",
            fields,
            _source(value.get("source") or "", value.get("source_url") or None),
        )
    )


def _add_series(
    archive: zipfile.ZipFile, resources: list[dict[str, Any]], indicator: Indicator, language: str
) -> None:
    path = f"indicators/{indicator.slug}.csv"
    rows = series.observation_rows(series.observations(indicator))
    archive.writestr(
        path, b"".join(csv_lines(SERIES_COLUMNS, series_rows(indicator, language, rows)))
    )
    title = indicator.name + (" (sample data)" if indicator.is_sample else "")
    resources.append(
        _resource(
            f"indicator-{indicator.slug}",
            path,
            title,
            _fields(SERIES_FIELDS, unit_label(indicator.unit, "en")),
            _source(indicator.source_name, indicator.source_url or None),
        )
    )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _figure_row(value: Any, language: str, lead: series.Place | None) -> list[Any]:
    indicator = value.get("indicator")
    if indicator is None:
        return [
            value.get("label"),
            _float(value.get("value")),
            value.get("unit"),
            value.get("period"),
            "",
            _float(value.get("comparison_value")),
            value.get("comparison_label"),
            value.get("source"),
            value.get("source_url"),
            "",
        ]
    shown = series.translation(indicator, language)
    period = value.get("indicator_period") or ""
    found = series.point(shown, period, lead, language)
    places = series.places(language)
    other = value.get("comparison_geography")
    place = places.get(other.translation_key) if other is not None else None
    compared = series.point(shown, period, place, language)
    return [
        shown.name,
        found["value"] if found else None,
        unit_label(shown.unit, language),
        period,
        lead.slug if lead else "",
        compared["value"] if compared else None,
        place.name if place else "",
        shown.source_name,
        shown.source_url,
        shown.slug,
    ]
