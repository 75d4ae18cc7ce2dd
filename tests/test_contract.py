"""
The contract the server keeps: every operation documents each answer it can give as
``application/problem+json`` with one ``Problem`` schema, every limit the server
enforces is in the schema, other methods get a JSON 405, Wagtail's write and
management endpoints are off unless ``API_WRITE_ENDPOINTS``, and the interactive docs
load from the CMS itself.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from django.contrib.staticfiles import finders
from jsonschema import Draft202012Validator

from cms.api import contract
from tests.openapi import PROBLEM_SCHEMA, find_operation, openapi_document

REPO = Path(__file__).resolve().parent.parent
FRONT_END = "http://127.0.0.1:3000"  # FRONTEND_URL in the test settings


def operations():
    for path, item in openapi_document()["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def problem_statuses(operation):
    return {int(s) for s in operation["responses"] if int(s) >= 400}


# --- every answer, documented -------------------------------------------------------------


@pytest.mark.django_db
def test_every_problem_is_problem_json_with_the_shared_schema():
    for path, method, operation in operations():
        assert problem_statuses(operation) >= {400, 500, 503}, (method, path)
        for status in problem_statuses(operation):
            response = operation["responses"][str(status)]
            assert response["description"], (method, path, status)
            assert response["content"] == {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            }, (method, path, status)
        assert "Retry-After" in operation["responses"]["503"]["headers"]


@pytest.mark.django_db
def test_statuses_are_true_per_operation():
    paths = openapi_document()["paths"]
    newsletter = [paths[f"/api/v3/newsletter/{name}/"]["post"] for name in ("subscriptions",)]
    for operation in newsletter:
        assert {413, 415, 422, 429} <= problem_statuses(operation)
    reads = [item["get"] for item in paths.values() if "get" in item]
    for operation in reads:
        # No public read has a body, a throttle or credentials.
        statuses = problem_statuses(operation)
        if operation.get("security"):  # the content checks, for the front end's CI
            assert {401, 403} <= statuses, operation["operationId"]
            statuses -= {401, 403}
        assert not {401, 413, 415, 429} & statuses, operation["operationId"]
    assert 404 in problem_statuses(paths["/api/v3/pages/{page_id}/"]["get"])
    assert 404 in problem_statuses(paths["/api/v3/pages/"]["get"])  # child_of
    assert 404 not in problem_statuses(paths["/api/v3/site/"]["get"])
    assert {403, 410} <= problem_statuses(paths["/api/v3/preview/"]["get"])
    for _path, _method, operation in operations():
        assert 414 in problem_statuses(operation)  # gunicorn's, before any router
    assert "304" in paths["/api/v3/pages/"]["get"]["responses"]
    assert "304" not in paths["/api/v3/preview/"]["get"]["responses"]
    schemas = openapi_document()["components"]["schemas"]
    assert "NewsletterProblem" not in schemas
    # The documented problem shape is the one the test client checks every error against.
    assert schemas["Problem"]["required"] == PROBLEM_SCHEMA["required"]


# --- every limit, in the schema -----------------------------------------------------------


def parameter(path, name, method="get"):
    operation = openapi_document()["paths"][path][method]
    return next(p for p in operation["parameters"] if p["name"] == name)


@pytest.mark.django_db
def test_the_servers_limits_are_in_the_schema():
    for path in ("/api/v3/pages/",):
        assert parameter(path, "search")["schema"]["maxLength"] == 256
        assert parameter(path, "offset")["schema"]["maximum"] == 100_000
        assert parameter(path, "limit")["schema"]["maximum"] == 100
    for path in ("/api/v3/search/", "/api/v3/search/suggest/"):
        q = parameter(path, "q")
        assert q["schema"]["maxLength"] == 256
        assert "32 words" in q["description"]
    assert parameter("/api/v3/search/", "q")["required"] is True
    assert parameter("/api/v3/search/", "theme")["schema"]["items"]["minimum"] == 1
    token = openapi_document()["components"]["schemas"]["NewsletterTokenIn"]["properties"]["token"]
    assert token["pattern"] and token["maxLength"] == 64
    for _path, _method, operation in operations():
        for param in operation.get("parameters", []):
            schema = param["schema"]
            # NUL is refused everywhere (400), optional strings (anyOf with null) included.
            for target in (schema, *schema.get("anyOf", [])):
                if target.get("type") == "string" and "enum" not in target:
                    has_pattern = "pattern" in target or "pattern" in schema
                    assert has_pattern, (operation["operationId"], param["name"])


@pytest.mark.django_db
def test_preview_tokens_fit_the_documented_token():
    """Every token the CMS signs matches the schema; the pattern keeps it ASCII."""
    from types import SimpleNamespace

    from cms.api.preview import make_token

    schema = parameter("/api/v3/preview/", "token")["schema"]
    for pk in (1, 2**31 - 1, 2**63 - 1):
        token = make_token(SimpleNamespace(pk=pk))
        assert re.fullmatch(schema["pattern"], token) and len(token) <= schema["maxLength"]
    assert not re.fullmatch(schema["pattern"], "tök€n")


def _longest_value(schema):
    """The most bytes one value of ``schema`` can take in a query string, percent-encoded."""
    if "anyOf" in schema:
        outer = {k: v for k, v in schema.items() if k != "anyOf"}
        branches = []
        for branch in schema["anyOf"]:
            merged = {**outer, **branch}  # both apply: the tighter length counts
            lengths = [s["maxLength"] for s in (outer, branch) if "maxLength" in s]
            if lengths:
                merged["maxLength"] = min(lengths)
            branches.append(merged)
        return max(_longest_value(branch) for branch in branches)
    if "enum" in schema:
        return max(len(quote_plus(str(value))) for value in schema["enum"])
    kind = schema.get("type")
    if kind == "integer":
        bounds = (schema.get("minimum", -(2**63)), schema.get("maximum", 2**63))
        return max(len(str(bound)) for bound in bounds)
    if kind == "string":
        assert "maxLength" in schema, schema
        pattern = schema.get("pattern", "")
        # Four UTF-8 bytes, each as %XX, unless the pattern keeps the value ASCII.
        ascii_only = pattern and not re.fullmatch(pattern, "\u00e9") and re.fullmatch(pattern, "a")
        return schema["maxLength"] * (3 if ascii_only else 12)
    if kind in ("null", "boolean"):
        return 5
    raise AssertionError(f"no size for {schema}")


@pytest.mark.django_db
def test_every_request_the_document_allows_fits_the_request_line():
    """The longest schema-valid request of each operation is under gunicorn's limit."""
    for path, method, operation in operations():
        line = len(f"{method.upper()}  HTTP/1.1") + len(path)
        for param in operation.get("parameters", []):
            schema, name = param["schema"], param["name"]
            if param["in"] == "path":
                line += _longest_value(schema)
            elif schema.get("type") == "array" or any(
                b.get("type") == "array" for b in schema.get("anyOf", [])
            ):
                array = next(
                    b for b in (schema, *schema.get("anyOf", [])) if b.get("type") == "array"
                )
                items = {**array["items"], **schema.get("items", {})}  # rules written outside
                assert array["maxItems"] <= 20, (path, name)
                line += array["maxItems"] * (len(name) + 2 + _longest_value(items))
            elif param["in"] == "query":
                line += len(name) + 2 + _longest_value(schema)
        assert line <= contract.MAX_REQUEST_LINE, (method, path, line)


def test_the_request_line_limit_is_gunicorns():
    config = {}
    exec((REPO / "gunicorn.conf.py").read_text(), config)  # noqa: S102 (our own settings file)
    assert config["limit_request_line"] == contract.MAX_REQUEST_LINE
    assert config["worker_class"].startswith("cms.gunicorn_workers.")


def test_gunicorns_own_414_is_a_problem_document():
    """A request line over the limit never reaches Django: the worker answers a problem."""
    import socket
    from types import SimpleNamespace

    from gunicorn.http.errors import LimitRequestLine

    from cms.gunicorn_workers import ProblemErrorsMixin

    server, client = socket.socketpair()
    with server, client:
        worker = SimpleNamespace(log=SimpleNamespace(debug=lambda *args: None))
        ProblemErrorsMixin.handle_error(worker, None, server, None, LimitRequestLine(9000, 8190))
        server.shutdown(socket.SHUT_WR)
        answer = client.recv(65536).decode()
    head, body = answer.split("\r\n\r\n", 1)
    assert head.startswith("HTTP/1.1 414 URI Too Long\r\n")
    assert "Content-Type: application/problem+json" in head
    assert f"Content-Length: {len(body.encode())}" in head
    problem = json.loads(body)
    assert not list(Draft202012Validator(PROBLEM_SCHEMA).iter_errors(problem))
    assert problem["status"] == 414 and "8190" in problem["detail"]


WORDS_32 = " ".join(["word"] * 32)
WORDS_33 = " ".join(["word"] * 33)


@pytest.mark.parametrize(
    ("value", "words_ok"),
    [
        ("", True),
        ("insurance", True),
        ("  two\twords ", True),
        (WORDS_32, True),
        (WORDS_33, False),
        ("a\u00a0" * 33, False),  # a no-break space separates words too, as str.split() does
        ("nul\x00byte", False),
    ],
)
def test_the_search_pattern_counts_words_as_the_server_does(value, words_ok):
    matches = re.fullmatch(contract.SEARCH_PATTERN, value) is not None
    assert matches is words_ok
    if "\x00" not in value:
        assert (len(value.split()) <= 32) is matches


@pytest.mark.django_db
def test_schema_valid_searches_are_answered(client, site_tree):
    assert client.get("/api/v3/search/", {"q": WORDS_32}).status_code == 200
    assert client.get("/api/v3/search/", {"q": WORDS_33}).status_code == 400
    assert client.get("/api/v3/pages/", {"search": "x" * 256}).status_code == 200
    assert client.get("/api/v3/pages/", {"search": "x" * 257}).status_code == 400


@pytest.mark.django_db
def test_child_of_a_page_that_is_not_public_is_a_documented_404(client, site_tree):
    # id 1 is the tree's root: schema-valid, not a live public page.
    response = client.get("/api/v3/pages/", {"child_of": 1})
    assert response.status_code == 404
    assert "child_of" in response.json()["detail"]


# --- other methods: a JSON 405 ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("OPTIONS", "/api/v3/pages/", "GET, HEAD"),
        ("TRACE", "/api/v3/pages/", "GET, HEAD"),
        ("POST", "/api/v3/pages/", "GET, HEAD"),
        ("DELETE", "/api/v3/pages/4/", "GET, HEAD"),
        ("PATCH", "/api/v3/pages/4/", "GET, HEAD"),
        ("FOO", "/api/v3/route/", "GET, HEAD"),
        ("GET", "/api/v3/newsletter/subscriptions/", "POST"),
        ("PUT", "/api/v3/openapi.json", "GET, HEAD"),
        ("PATCH", "/api/v3/openapi.json", "GET, HEAD"),
        ("DELETE", "/api/v3/openapi.json", "GET, HEAD"),
        ("OPTIONS", "/api/v3/openapi.json", "GET, HEAD"),
        ("TRACE", "/api/v3/docs/", "GET, HEAD"),
        ("PUT", "/api/v3/docs/", "GET, HEAD"),
        ("DELETE", "/api/v3/docs/", "GET, HEAD"),
    ],
)
def test_other_methods_get_a_json_405_with_allow(client, method, path, allow):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert response["Content-Type"] == "application/problem+json"
    assert not list(Draft202012Validator(PROBLEM_SCHEMA).iter_errors(response.json()))


@pytest.mark.django_db
def test_cors_preflight_still_works_for_the_front_end(client):
    response = client.options(
        "/api/v3/newsletter/subscriptions/",
        HTTP_ORIGIN=FRONT_END,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONT_END
    assert "POST" in response["Access-Control-Allow-Methods"]


@pytest.mark.django_db
def test_an_unknown_api_path_is_a_404_problem(client):
    response = client.get("/api/v3/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


# --- Wagtail's write and management endpoints: off by default -----------------------------

WAGTAIL_MANAGEMENT = [
    ("GET", "/api/v3/whoami/"),
    ("GET", "/api/v3/schema/"),
    ("GET", "/api/v3/sites/"),
    ("GET", "/api/v3/snippets/core.organisation/"),
    ("GET", "/api/v3/images/"),
    ("GET", "/api/v3/documents/"),
    ("GET", "/api/v3/redirects/"),
    ("GET", "/api/v3/pages/4/revisions/"),
    ("POST", "/api/v3/pages/4/actions/publish/"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), WAGTAIL_MANAGEMENT)
def test_wagtail_management_endpoints_are_not_routed(client, method, path):
    response = client.generic(method, path)
    assert response.status_code in (404, 405), response.status_code
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_wagtail_management_endpoints_are_not_in_the_document():
    paths = openapi_document()["paths"]
    for prefix in ("whoami", "schema", "sites", "snippets", "images", "documents", "redirects"):
        assert not [p for p in paths if p.startswith(f"/api/v3/{prefix}/")], prefix
    for path, method, _operation in operations():
        assert method in ("get", "post"), (method, path)
        assert method == "get" or path.startswith("/api/v3/newsletter/"), (method, path)


def export_with_writes(tmp_path: Path) -> dict:
    out = tmp_path / "openapi.json"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "API_WRITE_ENDPOINTS": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "export_openapi", "-o", str(out)],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return json.loads(out.read_text())


def test_on_the_write_endpoints_need_a_token_and_are_in_the_contract(tmp_path):
    from openapi_spec_validator import validate

    document = export_with_writes(tmp_path)
    validate(document)
    paths = document["paths"]
    for path in ("/api/v3/whoami/", "/api/v3/images/", "/api/v3/snippets/{type}/"):
        assert path in paths
    assert "post" in paths["/api/v3/pages/"]
    project = {"/api/v3/pages/", "/api/v3/pages/find/", "/api/v3/pages/{page_id}/"}
    for path, item in paths.items():
        for method, operation in item.items():
            ours = (path in project and method == "get") or not operation.get("security")
            if ours:
                # The project's own public operations: no credentials.
                assert path in project or not path.startswith(
                    ("/api/v3/images", "/api/v3/snippets", "/api/v3/sites", "/api/v3/whoami")
                ), (method, path)
                continue
            token = "ContentChecksToken" if path == "/api/v3/checks/" else "BearerTokenAuth"
            assert operation["security"] == [{token: []}], (method, path)
            assert {401, 403} <= {int(s) for s in operation["responses"]}, (method, path)


# --- the interactive docs, from the CMS itself -------------------------------------------


@pytest.mark.django_db
def test_the_docs_load_only_same_origin_assets(client):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert references, html
    for reference in references:
        assert reference.startswith("/static/"), reference
    assert "cdn" not in html.lower()
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S)[1])
    assert settings["url"] == "/api/v3/openapi.json"
    assert settings["validatorUrl"] is None  # no badge fetched from validator.swagger.io
    for reference in references:
        found = finders.find(reference.removeprefix("/static/"))
        assert found and Path(found).stat().st_size > 0, reference


@pytest.mark.django_db
def test_the_docs_assets_are_served(client, settings):
    # What WhiteNoise serves in production (from the static finders under DEBUG-like
    # autorefresh in tests).
    settings.WHITENOISE_USE_FINDERS = True
    html = client.get("/api/v3/docs/").content.decode()
    for reference in re.findall(r"""(?:src|href)=["'](/static/[^"']+)["']""", html):
        response = client.get(reference)
        assert response.status_code == 200, reference


# --- the test client checks the contract too ----------------------------------------------


@pytest.mark.django_db
def test_an_undocumented_status_fails_the_check():
    from django.http import HttpResponse

    from tests.openapi import check_response

    teapot = HttpResponse(
        b'{"type":"about:blank","title":"I\'m a Teapot","status":418}',
        status=418,
        content_type="application/problem+json",
    )
    with pytest.raises(AssertionError, match="418"):
        check_response("GET", "/api/v3/site/", teapot)
    wrong_type = HttpResponse(b"{}", status=200, content_type="text/html")
    with pytest.raises(AssertionError, match="text/html"):
        check_response("GET", "/api/v3/site/", wrong_type)
    assert find_operation("GET", "/api/v3/site/")["operationId"] == "site"
