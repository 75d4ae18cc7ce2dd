"""
The search facets' fixed words (kinds of result, report types) come in the language of
the search, so a Spanish front end shows the API's labels as they are.
"""

import pytest

from reports.models import ReportPage
from search.models import Kind
from search.services import FACET_LABELS, facet_lists

URL = "/api/v3/search/"


def facets(client, q, locale):
    response = client.get(URL, {"q": q, "locale": locale})
    assert response.status_code == 200, response.content
    return response.json()["facets"]


def labels(facet):
    return {item["value"]: item["label"] for item in facet}


@pytest.mark.django_db
def test_spanish_searches_name_the_kinds_in_spanish(client, demo):
    found = facets(client, "hartford", "es")
    assert labels(found["type"]) == {
        value: FACET_LABELS["es"]["type"][value] for value in labels(found["type"])
    }
    assert {"initiative", "report"} <= set(labels(found["type"]))
    assert labels(found["type"])["report"] == "Informes"
    assert labels(found["type"])["initiative"] == "Iniciativas"
    assert labels(found["report_type"]) == {"progress_points": "Progress Points"}


@pytest.mark.django_db
def test_english_searches_keep_the_english_labels(client, demo):
    found = facets(client, "hartford", "en")
    assert labels(found["type"])["report"] == "Reports"
    assert labels(found["type"])["document"] == "PDFs"


@pytest.mark.django_db
def test_content_facets_keep_the_contents_own_names(client, demo):
    # Themes, industries and initiatives are named by the content itself, in its language.
    found = facets(client, "hartford", "es")
    theme_names = {item["label"] for item in found["theme"]}
    assert theme_names
    assert "Job Growth" not in theme_names


def test_every_kind_and_report_type_has_a_spanish_label():
    spanish = FACET_LABELS["es"]
    assert set(spanish["type"]) == set(Kind.values)
    assert set(spanish["report_type"]) == set(ReportPage.ReportType.values)
    assert all(label.strip() for facet in spanish.values() for label in facet.values())


def test_facet_lists_sort_by_count_then_by_the_localised_label():
    counts = {"type": {"report": 2, "page": 2, "person": 5}}
    assert [item["label"] for item in facet_lists(counts, "es")["type"]] == [
        "Personas",
        "Informes",
        "Páginas",
    ]
    assert [item["label"] for item in facet_lists(counts, "en")["type"]] == [
        "People",
        "Pages",
        "Reports",
    ]
