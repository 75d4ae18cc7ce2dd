"""Site search finds indicators: a kind of its own, with facets, in both engines."""

import pytest

from indicators.models import IndicatorTheme
from search import indexer
from tests import factories
from tests.shared import make_home

URL = "/api/v3/search/"


@pytest.fixture
def indicators(db):
    home = make_home()
    home.save_revision().publish()
    reports = factories.ReportIndexPageFactory(parent=home, slug="reports")
    report = factories.ReportPageFactory(
        parent=reports, title="Graduates report", summary="Where the graduates go."
    )
    reports.save_revision().publish()
    report.save_revision().publish()
    talent = factories.ThemeFactory(name="Talent")
    metro = factories.GeographyFactory(name="Metro Hartford", slug="metro-hartford", kind="region")
    retained = factories.IndicatorFactory(
        name="Graduates retained",
        slug="graduates-retained",
        definition="Share of four-year graduates who stay in the region.",
    )
    IndicatorTheme.objects.create(indicator=retained, theme=talent)
    factories.IndicatorFactory(
        name="Median household income",
        slug="median-income",
        definition="Half of households earn more.",
    )
    factories.ObservationFactory(indicator=retained, geography=metro, period="2020", value=40)
    indexer.index_indicators()
    return {"retained": retained, "talent": talent, "home": home, "report": report}


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_indicators_are_found_by_name_definition_and_theme(client, indicators):
    by_name = search(client, q="graduates retained")
    hit = next(h for h in by_name["results"] if h["kind"] == "indicator")
    assert hit["title"] == "Graduates retained"
    assert hit["path"] == "/data/graduates-retained/" and hit["id"] is None
    by_definition = search(client, q="households")
    assert [h["title"] for h in by_definition["results"]] == ["Median household income"]
    by_theme = search(client, q="talent")
    assert "Graduates retained" in [h["title"] for h in by_theme["results"]]


def test_indicators_have_their_kind_and_theme_facets(client, indicators):
    data = search(client, q="graduates")
    kinds = {v["value"]: v["count"] for v in data["facets"]["type"]}
    assert kinds["indicator"] == 1 and kinds["report"] == 1
    themes = {v["value"]: v["label"] for v in data["facets"]["theme"]}
    assert themes == {str(indicators["talent"].pk): "Talent"}
    only = search(client, q="graduates", type="indicator")
    assert [h["kind"] for h in only["results"]] == ["indicator"]
    by_theme = search(client, q="graduates", theme=indicators["talent"].pk)
    assert [h["title"] for h in by_theme["results"]] == ["Graduates retained"]


def test_an_indicator_changed_is_found_by_its_new_words(client, indicators):
    retained = indicators["retained"]
    retained.name = "College graduates who stay"
    retained.save()
    assert "College graduates who stay" in [h["title"] for h in search(client, q="stay")["results"]]
    assert search(client, q="retained")["total"] == 0
    # Publishing the home page again (its own entry) keeps the indicators' entries.
    indicators["home"].save_revision().publish()
    assert search(client, q="stay")["total"] == 1


def test_a_rebuild_keeps_the_indicators(client, indicators):
    indexer.rebuild()
    assert search(client, q="households")["total"] == 1
