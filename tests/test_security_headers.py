"""Content-Security-Policy and the other security headers, on cached answers as on fresh ones."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from cms.api.fastpath import CachedReads
from tests.test_fastpath import call, keep_connections  # noqa: F401 (a fixture)

API_POLICY = "default-src 'none'; frame-ancestors 'none'"
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
)


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
def test_api_answers_have_the_strict_policy(site_tree):
    client = Client()
    for path in (
        "/api/v3/pages/",
        f"/api/v3/pages/{site_tree['report'].pk}/",
        "/api/v3/pages/?limit=100000",  # a 400 problem
        "/api/v3/no-such-endpoint/",  # a 404 problem
        "/api/v3/openapi.json",
    ):
        response = client.get(path)
        assert response["Content-Security-Policy"] == API_POLICY, path
        assert response["X-Content-Type-Options"] == "nosniff", path


@pytest.mark.django_db
def test_the_swagger_ui_runs_only_its_own_scripts():
    response = Client().get("/api/v3/docs/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Its assets are this host's own static files, so the policy lets them load.
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content


@pytest.mark.django_db
def test_the_admin_has_a_policy(admin_user, settings):
    client = Client()
    login = client.get("/admin/login/")
    client.force_login(admin_user)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    for response in (login, dashboard):
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'self'"]
        # The preview panel frames the front end, and nothing else from elsewhere.
        assert policy["frame-src"] == ["'self'", settings.FRONTEND_URL]


@pytest.mark.django_db
def test_cached_api_answers_carry_the_same_security_headers(site_tree, keep_connections):  # noqa: F811
    report = site_tree["report"]
    paths = [
        ("/api/v3/pages/", ""),
        (f"/api/v3/pages/{report.pk}/", ""),
        ("/api/v3/route/", "path=/business-insights/"),
        ("/api/v3/navigation/", ""),
    ]
    # Through Django: the miss, then the hit ApiCacheMiddleware answers.
    client = Client()
    for path, query in paths:
        miss = client.get(f"{path}?{query}")
        hit = client.get(f"{path}?{query}")
        assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT"), path
        for name in SECURITY_HEADERS:
            assert hit[name] == miss[name], (path, name)
        assert miss["Content-Security-Policy"] == API_POLICY
    # Through the WSGI fast path that production runs (cms/wsgi.py).
    from django.core.cache import cache

    cache.clear()
    app = CachedReads(WSGIHandler())
    for path, query in paths:
        _, miss, _ = call(app, path, query)
        _, hit, _ = call(app, path, query)
        assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT"), path
        for name in SECURITY_HEADERS:
            assert hit[name] == miss[name], (path, name)
        assert hit["Content-Security-Policy"] == API_POLICY
        assert hit["X-Frame-Options"] == "DENY"
