"""
The front end's contract, frozen: the API's answers for the demo content, compared with
expected-JSON files in tests/expected/. A change that alters what a front end receives
fails here on purpose; review the difference, then regenerate with

    UPDATE_EXPECTED=1 bin/test tests/test_api_expected.py

Ids, timestamps and generated file names vary from run to run and database to
database, so they are replaced by placeholders before comparing. Dates are compared as
they are: a card or hit is dated only by a date of the page's own, never by the day
the demo content was loaded.
"""

import difflib
import json
import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache

EXPECTED = Path(__file__).parent / "expected"
UPDATE = os.environ.get("UPDATE_EXPECTED") == "1"

REPORTS = "/business-insights/brochures-and-reports/"
CASES = {
    "home-en": ("route", {"path": "/"}),
    "home-es": ("route", {"path": "/es/"}),
    "section-you-belong-here": ("route", {"path": "/you-belong-here/"}),
    "section-you-belong-here-es": ("route", {"path": "/es/aqui-hay-un-lugar-para-usted/"}),
    "initiative-index-en": ("route", {"path": "/initiatives/"}),
    "initiative-hype-en": ("route", {"path": "/initiatives/hype/"}),
    "initiative-hype-es": ("route", {"path": "/es/iniciativas/hype/"}),
    "report-index-en": ("route", {"path": REPORTS}),
    "report-progress-points-en": (
        "route",
        {"path": f"{REPORTS}metro-hartford-progress-points-third-edition/"},
    ),
    "report-progress-points-es": (
        "translation",
        {"of": "report-progress-points-en", "locale": "es"},
    ),
    "industry-index-en": ("route", {"path": "/key-industries/"}),
    "industry-insurance-en": ("route", {"path": "/key-industries/insurance-financial-services/"}),
    "industry-insurance-es": (
        "translation",
        {"of": "industry-insurance-en", "locale": "es"},
    ),
    "navigation-en": ("navigation", {"locale": "en"}),
    "navigation-es": ("navigation", {"locale": "es"}),
    "site-en": ("site", {"locale": "en"}),
    "site-es": ("site", {"locale": "es"}),
    "reports-listing": ("pages", {"type": "reports.ReportPage", "locale": "en"}),
}


_SUFFIX = re.compile(r"_[A-Za-z0-9]{5,7}(?=\.)")


def normalise(value, key=""):
    if isinstance(value, dict):
        return {k: normalise(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(item, key) for item in value]
    if key == "id" and isinstance(value, int):
        return "<id>"
    if key.endswith("_at") and value is not None:
        return "<datetime>"
    if isinstance(value, str):
        value = value.replace("http://testserver", "")
        value = _SUFFIX.sub("", value)
        value = re.sub(r"/documents/\d+/", "/documents/<id>/", value)
        # Download URLs name their page by id, which differs from one database to the next.
        value = re.sub(r"/api/v3/pages/\d+/", "/api/v3/pages/<id>/", value)
    return value


def fetch(client, kind, params, answers):
    if kind == "translation":
        source = answers[params["of"]]
        page = source.get("page", source)
        target = next(t for t in page["translations"] if t["locale"] == params["locale"])
        return client.get(f"/api/v3/pages/{target['id']}/").json()
    response = client.get(f"/api/v3/{kind}/", params)
    assert response.status_code == 200, (kind, params, response.content[:300])
    return response.json()


@pytest.mark.django_db
def test_demo_content_answers_match_the_expected_json(client, demo):
    answers, mismatches, first_diff = {}, [], ""
    for name, (kind, params) in CASES.items():
        answers[name] = fetch(client, kind, params, answers)
        actual = normalise(answers[name])
        path = EXPECTED / f"{name}.json"
        if UPDATE or not path.exists():
            path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n")
            continue
        expected = json.loads(path.read_text())
        if expected != actual:
            mismatches.append(name)
            first_diff = first_diff if mismatches[1:] else _diff(expected, actual)
    assert not mismatches, (
        f"The API's answers changed for: {', '.join(mismatches)}. If intended, regenerate "
        "with UPDATE_EXPECTED=1 and review the diff of tests/expected/. First difference, "
        f"in {mismatches[0] if mismatches else ''}:\n{first_diff if mismatches else ''}"
    )


def _diff(expected, actual) -> str:
    lines = difflib.unified_diff(
        json.dumps(expected, indent=1, ensure_ascii=False).splitlines(),
        json.dumps(actual, indent=1, ensure_ascii=False).splitlines(),
        "expected",
        "actual",
        lineterm="",
        n=2,
    )
    return "\n".join(list(lines)[:60])


@pytest.mark.django_db
def test_progress_points_detail_costs_a_fixed_number_of_queries(client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.models import ReportPage

    report = ReportPage.objects.get(slug="metro-hartford-progress-points-third-edition")
    url = f"/api/v3/pages/{report.pk}/"
    client.get(url)  # renditions and the page-type memo are made once
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # The page, its four inline lists, translations and breadcrumbs, linked pages and
    # their translations, snippets and their translations, images, the PDF's text (for
    # where its sections are), the collections' view restrictions (whether the PDF is
    # private; remembered until one changes): nothing per block.
    assert len(queries) <= 14, "\n".join(q["sql"][:120] for q in queries.captured_queries)
    cache.clear()
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert len(again) == len(queries)
