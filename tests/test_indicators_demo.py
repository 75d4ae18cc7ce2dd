"""The demo's indicators: sample data, marked so everywhere, in both languages."""

import pytest

from demo import indicators as demo_indicators
from indicators.models import Geography, Indicator, Observation


@pytest.mark.django_db
def test_every_demo_indicator_is_marked_as_sample_data(demo, client):
    assert Indicator.objects.filter(is_sample=False).count() == 0
    data = client.get("/api/v3/indicators/?limit=100").json()
    assert data["count"] == len(demo_indicators.INDICATORS)
    assert all(item["is_sample"] for item in data["items"])
    assert all("(sample)" in item["name"] for item in data["items"])
    detail = client.get("/api/v3/indicators/graduates-retained/").json()
    assert detail["is_sample"] is True
    assert "Sample data for the demo site" in detail["methodology"]
    assert detail["headline_geography"] == "metro-hartford"
    assert len(detail["series"]) == len(demo_indicators.GEOGRAPHIES)


@pytest.mark.django_db
def test_the_demo_indicators_and_geographies_are_in_spanish(demo, client):
    data = client.get("/api/v3/indicators/?locale=es&limit=100").json()
    names = {item["name"] for item in data["items"]}
    assert "Graduados universitarios que permanecen en la región (muestra)" in names
    card = next(item for item in data["items"] if item["slug"] == "graduados-retenidos")
    assert card["url"] == "/es/datos/graduados-retenidos/"
    assert card["unit_label"] == "por ciento"
    assert card["translations"] == [
        {"locale": "en", "url": "/data/graduates-retained/"},
        {"locale": "es", "url": "/es/datos/graduados-retenidos/"},
    ]
    assert card["latest"]["geography"]["name"] == "Área metropolitana de Hartford"
    detail = client.get("/api/v3/indicators/graduados-retenidos/?locale=es").json()
    assert {t["locale"]: t["url"] for t in detail["translations"]} == {
        "en": "/data/graduates-retained/",
        "es": "/es/datos/graduados-retenidos/",
    }
    assert Geography.objects.filter(locale__language_code="es").count() == len(
        demo_indicators.GEOGRAPHIES
    )


@pytest.mark.django_db
def test_the_demo_loads_again_without_changing_a_value(demo):
    from wagtail.models import Locale

    before = sorted(Observation.objects.values_list("pk", "value"))
    demo_indicators.load(
        Locale.objects.get(language_code="en"), Locale.objects.get(language_code="es"), {}
    )
    assert sorted(Observation.objects.values_list("pk", "value")) == before
