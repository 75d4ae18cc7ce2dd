"""
``GET /api/v3/checks/``: the findings for the front end's CI, behind a bearer token,
never cached, typed in the OpenAPI document (the test client checks every answer
against it).
"""

from __future__ import annotations

import pytest

from checks import runner
from tests.openapi import openapi_document

pytestmark = pytest.mark.django_db

TOKEN = "checks-token-for-tests-0123456789"


@pytest.fixture
def token(settings):
    settings.CONTENT_CHECKS_API_TOKEN = TOKEN
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture
def broken(site_tree):
    page = site_tree["content"]
    page.body = [("paragraph", "<h2>Jobs</h2><h4>Insurance</h4>")]
    page.save_revision().publish()
    runner.check_pages([p.pk for p in site_tree.values()])
    return page


def test_without_the_token_the_answer_is_a_401_problem(client, token, broken):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": TOKEN}):
        response = client.get("/api/v3/checks/", **headers)
        assert response.status_code == 401, headers
        assert response["Content-Type"].startswith("application/")
        assert response.json()["status"] == 401
        assert response["Cache-Control"] == "private, no-store"
        assert "Insurance" not in response.content.decode()


def test_with_no_token_configured_the_api_is_off(client, settings, broken):
    settings.CONTENT_CHECKS_API_TOKEN = ""
    response = client.get("/api/v3/checks/", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code in (401, 403)
    response = client.get("/api/v3/checks/", HTTP_AUTHORIZATION="Bearer anything")
    assert response.status_code == 403
    assert response.json()["status"] == 403


def test_with_the_token_the_findings_are_listed_and_never_cached(client, token, broken):
    response = client.get("/api/v3/checks/", **token)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Authorization" in response["Vary"]
    data = response.json()
    assert data["errors"] == 1
    [error] = [item for item in data["items"] if item["severity"] == "error"]
    assert error["page_id"] == broken.pk
    assert error["check"] == "heading_levels"
    assert error["where"] == "body.0.paragraph"
    assert error["path"] == "/" + broken.slug + "/"
    assert error["locale"] == "en" and error["live"] is True
    assert {c["code"] for c in data["checks"]} >= {"image_alt", "external_link", "translation"}
    assert data["count"] == data["errors"] + data["warnings"]


def test_filters_and_bad_parameters(client, token, broken):
    only_errors = client.get("/api/v3/checks/?severity=error&live=true", **token).json()
    assert [item["check"] for item in only_errors["items"]] == ["heading_levels"]
    spanish = client.get("/api/v3/checks/?locale=es", **token).json()
    assert spanish["items"] == []
    by_check = client.get("/api/v3/checks/?check=social_image", **token).json()
    assert {item["check"] for item in by_check["items"]} == {"social_image"}
    assert client.get("/api/v3/checks/?check=nonsense", **token).status_code == 422
    assert client.get("/api/v3/checks/?colour=red", **token).status_code == 400
    assert client.get("/api/v3/checks/?severity=fatal", **token).status_code == 422
    assert client.get(f"/api/v3/checks/?page={2**70}", **token).status_code == 422
    assert client.get(f"/api/v3/checks/?page={broken.pk}", **token).json()["count"] >= 1


def test_the_openapi_document_types_it_and_says_it_needs_the_token():
    document = openapi_document()
    operation = document["paths"]["/api/v3/checks/"]["get"]
    assert operation["security"] == [{"ContentChecksToken": []}]
    assert document["components"]["securitySchemes"]["ContentChecksToken"]["scheme"] == "bearer"
    assert {"200", "400", "401", "403"} <= set(operation["responses"])
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/CheckReport")
    [check] = [p for p in operation["parameters"] if p["name"] == "check"]
    assert "image_alt" in str(check["schema"])  # the codes, as an enum
    finding = document["components"]["schemas"]["CheckFinding"]
    assert finding["properties"]["severity"]["enum"] == ["error", "warning"]
