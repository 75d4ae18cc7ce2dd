"""
Indicators in reports: the indicator block's point of a series (old free-form blocks
still render), the downloads (series, tables, the figures ZIP with its datapackage),
the reports listing's date range, and a change of a series reaching every answer and
the webhooks.
"""

import csv
import io
import json
import zipfile

import pytest

from indicators import importer
from indicators.models import IndicatorInitiative, Observation
from publishing.models import WebhookDelivery, WebhookEndpoint
from tests.factories import GeographyFactory, IndicatorFactory, ObservationFactory

LEGACY = {
    "label": "Focus areas",
    "value": 9,
    "unit": "",
    "period": "2024",
    "comparison_value": None,
    "comparison_label": "",
    "source": "Strategic plan",
    "source_url": "",
}
TABLE = {
    "title": "Jobs by county",
    "table": {
        "caption": "Jobs, thousands",
        "columns": [
            {"type": "text", "heading": "County"},
            {"type": "number", "heading": "Jobs"},
            {"type": "year", "heading": "Year"},
        ],
        "rows": [
            {"values": ["Hartford, “central”", 512.5, 2023]},
            {"values": ["Tolland", 41, 2023]},
        ],
    },
    "source": "BLS",
    "source_url": "https://www.bls.gov/",
}


def publish(page):
    page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


@pytest.fixture
def figures(site_tree):
    metro = GeographyFactory(
        name="Metro Hartford", slug="metro-hartford", kind="region", sort_order=1
    )
    nation = GeographyFactory(
        name="United States", slug="united-states", kind="nation", sort_order=9
    )
    degree = IndicatorFactory(name="Degree share", slug="degree-share", decimals=1)
    IndicatorInitiative.objects.create(indicator=degree, initiative=site_tree["initiative"])
    for year, value in ((2015, 36.0), (2016, 37.5)):
        ObservationFactory(indicator=degree, geography=metro, period=str(year), value=value)
        ObservationFactory(indicator=degree, geography=nation, period=str(year), value=value - 6)
    report = site_tree["report"]
    point = {
        **{key: None if key in ("value", "comparison_value") else "" for key in LEGACY},
        "indicator": degree.pk,
        "indicator_period": "2016",
        "comparison_geography": nation.pk,
    }
    report.body = [
        {"type": "indicator", "value": LEGACY, "id": "legacy-1"},
        {"type": "indicator", "value": point, "id": "point-1"},
        {"type": "data_table", "value": TABLE, "id": "table-1"},
    ]
    report = publish(report)
    return {"report": report, "degree": degree, "metro": metro, "nation": nation}


def test_the_indicator_block_shows_a_point_of_the_series(client, figures):
    data = client.get(f"/api/v3/pages/{figures['report'].pk}/").json()
    legacy, point, table = (block["value"] for block in data["body"])
    # A block saved before indicators existed shows as it did.
    assert legacy["label"] == "Focus areas" and legacy["value"] == 9.0
    assert legacy["indicator"] is None and legacy["point"] is None
    assert legacy["downloads"] is None
    assert point["indicator"] == {
        "slug": "degree-share",
        "name": "Degree share",
        "url": "/data/degree-share/",
        "unit": "percent",
        "unit_label": "percent",
        "is_sample": False,
    }
    assert point["point"]["value"] == 37.5 and point["point"]["period"] == "2016"
    assert point["point"]["geography"] == {
        "slug": "metro-hartford",
        "name": "Metro Hartford",
        "kind": "region",
    }
    assert point["comparison"]["value"] == 31.5
    assert point["comparison"]["geography"]["slug"] == "united-states"
    # The hand-typed fields come from the series, for front ends that read only them.
    assert (point["label"], point["value"], point["comparison_label"]) == (
        "Degree share",
        37.5,
        "United States",
    )
    assert point["downloads"]["csv"] == "/api/v3/indicators/degree-share/data.csv"
    assert "comparison_geography" not in point
    assert table["downloads"] == {
        "csv": f"/api/v3/pages/{figures['report'].pk}/tables/table-1.csv",
        "json": f"/api/v3/pages/{figures['report'].pk}/tables/table-1.json",
    }
    assert data["figures_download"] == f"/api/v3/pages/{figures['report'].pk}/figures.zip"


def test_the_indicator_names_the_reports_and_initiatives_that_use_it(client, figures, site_tree):
    data = client.get("/api/v3/indicators/degree-share/").json()
    assert [report["id"] for report in data["reports"]] == [figures["report"].pk]
    assert data["reports"][0]["publication_date"] == "2016-06-01"
    assert [i["id"] for i in data["initiatives"]] == [site_tree["initiative"].pk]
    listed = client.get(f"/api/v3/indicators/?report={figures['report'].pk}").json()
    assert [item["slug"] for item in listed["items"]] == ["degree-share"]
    listed = client.get(f"/api/v3/indicators/?initiative={site_tree['initiative'].pk}").json()
    assert [item["slug"] for item in listed["items"]] == ["degree-share"]


def test_a_block_without_a_period_or_with_a_bad_one_does_not_validate(figures):
    from reports.blocks import IndicatorBlock

    block = IndicatorBlock()
    with pytest.raises(Exception, match="Validation error"):
        block.clean(block.to_python({"indicator": figures["degree"].pk, "indicator_period": "16"}))
    with pytest.raises(Exception, match="Validation error"):
        block.clean(block.to_python({"label": "No value"}))
    assert block.clean(block.to_python({**LEGACY}))["value"] == 9


def test_series_downloads(client, figures):
    response = client.get("/api/v3/indicators/degree-share/data.csv?geography=united-states")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="degree-share.csv"'
    assert response.streaming
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8, marked for spreadsheets
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [(r["geography"], r["period"], r["value"]) for r in rows] == [
        ("united-states", "2015", "30.0"),
        ("united-states", "2016", "31.5"),
    ]
    assert rows[0]["start_date"] == "2015-01-01" and rows[0]["unit"] == "percent"
    as_json = client.get("/api/v3/indicators/degree-share/data.json?from=2016")
    assert as_json["Content-Disposition"] == 'attachment; filename="degree-share.json"'
    data = json.loads(b"".join(as_json.streaming_content))
    assert data["slug"] == "degree-share" and data["license"]["name"]
    assert [(o["geography"]["slug"], o["period"]) for o in data["observations"]] == [
        ("metro-hartford", "2016"),
        ("united-states", "2016"),
    ]
    assert client.get("/api/v3/indicators/degree-share/data.csv?from=x").status_code == 422
    assert client.get("/api/v3/indicators/degree-share/data.csv?geography=x").status_code == 404
    assert client.get("/api/v3/indicators/nothing/data.json").status_code == 404


def test_table_downloads(client, figures):
    report = figures["report"]
    response = client.get(f"/api/v3/pages/{report.pk}/tables/table-1.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{report.slug}-table-1.csv"'
    text = response.content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["County", "Jobs", "Year"],
        ["Hartford, “central”", "512.5", "2023"],
        ["Tolland", "41.0", "2023"],
    ]
    data = client.get(f"/api/v3/pages/{report.pk}/tables/table-1.json").json()
    assert data["columns"][1] == {"heading": "Jobs", "type": "number"}
    assert data["rows"][0] == ["Hartford, “central”", 512.5, 2023]
    assert client.get(f"/api/v3/pages/{report.pk}/tables/legacy-1.csv").status_code == 404
    assert client.get(f"/api/v3/pages/{report.pk}/tables/nope.csv").status_code == 404
    report.unpublish()
    assert client.get(f"/api/v3/pages/{report.pk}/tables/table-1.csv").status_code == 404


FRICTIONLESS_TYPES = {"string", "number", "integer", "date", "year", "boolean"}


def test_the_figures_zip_holds_a_valid_data_package(client, figures):
    report = figures["report"]
    response = client.get(f"/api/v3/pages/{report.pk}/figures.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{report.slug}-figures.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    package = json.loads(archive.read("datapackage.json"))
    # The Data Package spec: a name of lower-case letters, digits, -, _ and .; resources
    # each with a unique name and a path inside the package; tabular schemas' fields.
    assert package["name"] == f"{report.slug}-figures"
    assert package["licenses"] and all(
        "name" in lic or "path" in lic for lic in package["licenses"]
    )
    names = [resource["name"] for resource in package["resources"]]
    assert len(names) == len(set(names))
    assert set(names) == {"figures", "table-table-1", "indicator-degree-share"}
    for resource in package["resources"]:
        assert resource["name"] == resource["name"].lower()
        assert all(c.isalnum() or c in "-_." for c in resource["name"])
        assert resource["encoding"] == "utf-8" and resource["format"] == "csv"
        header = next(csv.reader(io.StringIO(archive.read(resource["path"]).decode("utf-8-sig"))))
        assert header == [field["name"] for field in resource["schema"]["fields"]]
        assert {field["type"] for field in resource["schema"]["fields"]} <= FRICTIONLESS_TYPES
    series = next(r for r in package["resources"] if r["name"] == "indicator-degree-share")
    assert series["sources"] == [{"title": "U.S. Census Bureau", "path": "https://www.census.gov/"}]
    value = next(f for f in series["schema"]["fields"] if f["name"] == "value")
    assert value["unit"] == "percent" and value["type"] == "number"
    rows = list(csv.DictReader(io.StringIO(archive.read("figures.csv").decode("utf-8-sig"))))
    assert [(r["label"], r["value"]) for r in rows] == [
        ("Focus areas", "9.0"),
        ("Degree share", "37.5"),
    ]
    table = next(r for r in package["resources"] if r["name"] == "table-table-1")
    assert [f["type"] for f in table["schema"]["fields"]] == ["string", "number", "integer"]


def test_a_change_of_the_series_reaches_the_report_and_the_webhooks(client, figures):
    report = figures["report"]
    WebhookEndpoint.objects.create(name="Front end", url="http://127.0.0.1:9/")
    url = f"/api/v3/pages/{report.pk}/"
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    data = b"indicator,geography,period,value\ndegree-share,metro-hartford,2016,38\n"
    importer.apply(importer.plan(data), filename="fix.csv")
    again = client.get(url)
    assert again["X-Cache"] == "MISS"
    assert again.json()["body"][1]["value"]["point"]["value"] == 38.0
    delivery = WebhookDelivery.objects.filter(event="snippet.changed").latest("pk")
    paths = delivery.payload["paths"]
    assert "/business-insights/reports/progress-points/" in paths
    assert "/data/degree-share/" in paths and "/data/" in paths


def test_an_import_that_changes_nothing_sends_nothing(client, figures):
    WebhookEndpoint.objects.create(name="Front end", url="http://127.0.0.1:9/")
    data = b"indicator,geography,period,value\ndegree-share,metro-hartford,2016,37.5\n"
    before = WebhookDelivery.objects.count()
    importer.apply(importer.plan(data))
    assert WebhookDelivery.objects.count() == before
    assert Observation.objects.get(period="2016", geography=figures["metro"]).value == 37.5


def test_the_reports_listing_takes_a_date_range(client, figures):
    def count(**params):
        response = client.get("/api/v3/pages/", {"type": "reports.ReportPage", **params})
        assert response.status_code == 200, response.content
        return response.json()["count"]

    assert count() == 1
    assert count(**{"from": "2016-06-01"}) == 1
    assert count(**{"from": "2016-06-02"}) == 0
    assert count(to="2016") == 1 and count(to="2015-Q4") == 0
    assert count(**{"from": "2016-Q2", "to": "2016-06"}) == 1
    assert count(**{"from": "2017", "to": "2016"}) == 0  # an empty range
    bad = client.get("/api/v3/pages/", {"from": "2017-13"})
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    # Without a type, pages without a publication date are left out by a range.
    assert client.get("/api/v3/pages/", {"from": "2000"}).json()["count"] == 1


def test_a_private_report_is_neither_named_nor_a_filter(client, figures):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=figures["report"], restriction_type="login")
    data = client.get("/api/v3/indicators/degree-share/").json()
    assert data["reports"] == []
    assert client.get(f"/api/v3/indicators/?report={figures['report'].pk}").status_code == 404
