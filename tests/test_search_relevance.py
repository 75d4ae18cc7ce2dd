"""
Relevance on the demo content: for each query, the results a visitor should see first.

The demo site is loaded once for the module (rolled back afterwards), with the
Progress Points PDF's text extracted as it would be after an upload.
"""

import pytest

from demo.pdf import PDF_ONLY_TERM, PDF_ONLY_TERM_PAGE
from search.models import DocumentText

URL = "/api/v3/search/"


@pytest.fixture
def search(client, demo, db):
    def run(q, locale="en", **params):
        response = client.get(URL, {"q": q, "locale": locale, **params})
        assert response.status_code == 200, response.content
        return response.json()

    return run


def top(data, n=3):
    return [hit["title"] for hit in data["results"][:n]]


def test_pdf_was_extracted(demo, db):
    assert DocumentText.objects.get().status == "ok"


@pytest.mark.parametrize("q", ["millennials", "fastrak", "Progress Points"])
def test_progress_points_report(search, q):
    # The report is one result: its page, or the page of its PDF that matches best.
    data = search(q)
    found = [hit for hit in data["results"][:3] if hit["kind"] in ("report", "document")]
    assert found and "progress-points" in found[0]["path"], top(data, 5)
    assert "Progress Points" in found[0]["title"]


def test_insurance(search):
    data = search("insurance")
    kinds = [hit["kind"] for hit in data["results"][:3]]
    assert "industry" in kinds and "initiative" in kinds, top(data, 5)
    titles = top(data)
    assert any("Insurance & financial services" in t for t in titles), titles
    assert any("Insurance & Financial Services Cluster" in t for t in titles), titles


def test_word_only_in_the_pdf(search):
    data = search(PDF_ONLY_TERM)
    hit = data["results"][0]
    assert hit["kind"] == "document"
    assert hit["document"]["page_number"] == PDF_ONLY_TERM_PAGE
    assert "progress-points" in hit["path"]
    assert f"<mark>{PDF_ONLY_TERM}</mark>" in hit["excerpt"]


def test_spanish_hype(search):
    data = search("jóvenes profesionales", locale="es")
    hit = data["results"][0]
    assert "HYPE" in hit["title"], top(data, 5)
    assert hit["path"].startswith("/es/")
    assert all(h["path"].startswith("/es/") for h in data["results"] if h["path"])


def test_spanish_without_accents_and_other_forms(search):
    accented = search("jóvenes profesionales", locale="es")
    plain = search("JOVENES profesional", locale="es")
    assert top(accented, 1) == top(plain, 1)
    assert (
        search("educacion", locale="es")["total"] == search("educación", locale="es")["total"] > 0
    )
    assert search("empleos", locale="es")["total"] == search("empleo", locale="es")["total"] > 0


def test_facets_on_demo_content(search):
    data = search("hartford")
    types = {item["value"]: item["count"] for item in data["facets"]["type"]}
    # A report matched by its page and its PDF counts under both types, once in total.
    assert max(types.values()) <= data["total"] <= sum(types.values())
    assert data["total"] > 10
    assert {"initiative", "industry", "page"} <= set(types)
    narrowed = search("hartford", type="initiative")
    assert narrowed["total"] == types["initiative"]


def test_suggest_on_demo_content(client, demo, db):
    data = client.get(f"{URL}suggest/", {"q": "progr"}).json()
    assert any("Progress Points" in s["title"] for s in data["suggestions"])
    data = client.get(f"{URL}suggest/", {"q": "jóvenes", "locale": "es"}).json()
    assert any("HYPE" in s["title"] for s in data["suggestions"]), data


def test_did_you_mean_on_demo_content(search):
    data = search("millenials")
    assert data["total"] == 0
    assert data["suggestion"] == "millennials"


def test_key_figure_labels_are_searchable(search):
    data = search("tolland")
    assert any(hit["path"] == "/" for hit in data["results"]), top(data, 5)
