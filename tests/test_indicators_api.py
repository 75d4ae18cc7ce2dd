"""The indicators API: listing, detail, filters, validation, caching and invalidation."""

import pytest

from indicators.models import IndicatorTheme, Observation
from tests.factories import (
    GeographyFactory,
    IndicatorFactory,
    ObservationFactory,
    ThemeFactory,
)


@pytest.fixture
def series(db):
    metro = GeographyFactory(
        name="Metro Hartford", slug="metro-hartford", kind="region", sort_order=1
    )
    state = GeographyFactory(name="Connecticut", slug="connecticut", kind="state", sort_order=5)
    nation = GeographyFactory(
        name="United States", slug="united-states", kind="nation", sort_order=6
    )
    theme = ThemeFactory(name="Talent")
    degree = IndicatorFactory(name="Bachelor's degree share", slug="degree-share")
    IndicatorTheme.objects.create(indicator=degree, theme=theme)
    IndicatorFactory(name="Median income", slug="median-income", unit="dollars")
    for year, value in ((2019, 38.5), (2020, 39.0), (2021, 40.25)):
        ObservationFactory(indicator=degree, geography=metro, period=str(year), value=value)
        ObservationFactory(indicator=degree, geography=nation, period=str(year), value=value - 5)
    ObservationFactory(
        indicator=degree, geography=state, period="2021-Q2", value=41, status="provisional"
    )
    return {"metro": metro, "state": state, "nation": nation, "degree": degree, "theme": theme}


def test_listing_gives_cards_with_latest_and_trend(client, series):
    response = client.get("/api/v3/indicators/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["count"] == 2
    card = next(item for item in data["items"] if item["slug"] == "degree-share")
    assert card["unit"] == "percent" and card["unit_label"] == "percent"
    assert card["url"] == "/data/degree-share/"
    assert card["themes"] == [{"slug": "talent", "name": "Talent"}]
    assert card["latest"] == {
        "period": "2021",
        "value": 40.25,
        "geography": {"slug": "metro-hartford", "name": "Metro Hartford"},
    }
    assert [point["period"] for point in card["trend"]] == ["2019", "2020", "2021"]
    assert card["downloads"] == {
        "csv": "/api/v3/indicators/degree-share/data.csv",
        "json": "/api/v3/indicators/degree-share/data.json",
    }
    assert card["is_sample"] is False
    assert card["translations"] == [{"locale": "en", "url": "/data/degree-share/"}]


def test_detail_gives_the_series_by_geography(client, series):
    response = client.get("/api/v3/indicators/degree-share/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["headline_geography"] == "metro-hartford"
    assert [s["geography"]["slug"] for s in data["series"]] == [
        "metro-hartford",
        "connecticut",
        "united-states",
    ]
    quarter = data["series"][1]["observations"][0]
    assert quarter == {
        "period": "2021-Q2",
        "period_type": "quarter",
        "start_date": "2021-04-01",
        "end_date": "2021-06-30",
        "value": 41.0,
        "margin_of_error": None,
        "status": "provisional",
        "note": "",
    }
    assert data["source"] == {"name": "U.S. Census Bureau", "url": "https://www.census.gov/"}
    assert data["translations"] == [{"locale": "en", "url": "/data/degree-share/"}]


def test_detail_filters_by_period_and_geography(client, series):
    data = client.get(
        "/api/v3/indicators/degree-share/?from=2020&to=2021&geography=united-states"
    ).json()
    assert [s["geography"]["slug"] for s in data["series"]] == ["united-states"]
    assert [o["period"] for o in data["series"][0]["observations"]] == ["2020", "2021"]
    assert data["downloads"]["csv"].endswith("data.csv?from=2020&to=2021&geography=united-states")


@pytest.mark.parametrize(
    "query",
    ["from=20x0", "to=2021-13", "from=2022-Q5", "to=1700", "colour=red"],
)
def test_bad_parameters_are_problems(client, series, query):
    response = client.get(f"/api/v3/indicators/degree-share/?{query}")
    assert response.status_code in (400, 422), response.content
    assert response["Content-Type"] == "application/problem+json"


def test_an_empty_range_and_an_unknown_geography(client, series):
    empty = client.get("/api/v3/indicators/degree-share/?from=2022&to=2020")
    assert empty.status_code == 200 and empty.json()["series"] == []
    # A day past the month's end is its last day.
    last = client.get("/api/v3/indicators/degree-share/?from=2021-04-01&to=2021-06-31").json()
    assert [o["period"] for s in last["series"] for o in s["observations"]] == ["2021-Q2"]
    unknown = client.get("/api/v3/indicators/degree-share/?geography=atlantis")
    assert unknown.status_code == 404
    assert "atlantis" in unknown.json()["detail"]


def test_unknown_indicator_is_404(client, series):
    response = client.get("/api/v3/indicators/nothing-here/")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_listing_filters(client, series):
    def slugs(query):
        response = client.get(f"/api/v3/indicators/?{query}")
        assert response.status_code == 200, response.content
        return [item["slug"] for item in response.json()["items"]]

    assert slugs("theme=talent") == ["degree-share"]
    assert slugs("geography=connecticut") == ["degree-share"]
    assert slugs("search=income") == ["median-income"]
    assert slugs("search=median+income") == ["median-income"]
    assert client.get("/api/v3/indicators/?geography=mars").status_code == 404
    assert client.get("/api/v3/indicators/?report=999").status_code == 404


def test_answers_are_cached_and_an_import_makes_them_stale(client, series):
    first = client.get("/api/v3/indicators/degree-share/")
    assert first["X-Cache"] == "MISS"
    assert client.get("/api/v3/indicators/degree-share/")["X-Cache"] == "HIT"
    Observation.objects.filter(period="2021", geography=series["metro"]).update(value=50)
    # An update without signals changes nothing cached until the change is sent...
    assert client.get("/api/v3/indicators/degree-share/")["X-Cache"] == "HIT"
    # ...and one observation saved (as the admin does) sends it for its indicator.
    observation = Observation.objects.get(period="2020", geography=series["metro"])
    observation.value = 39.5
    observation.save()
    again = client.get("/api/v3/indicators/degree-share/")
    assert again["X-Cache"] == "MISS"
    values = [o["value"] for o in again.json()["series"][0]["observations"]]
    assert values == [38.5, 39.5, 50.0]
    listing = client.get("/api/v3/indicators/")
    assert listing.json()["items"][0]["latest"]["value"] == 50.0
