"""The CMS host is headless: page paths go to the front end, never to a template."""

import json

import pytest
from django.test import Client

from tests.test_project import PRODUCTION_ENV, run_django

PAGE_PATHS = [
    "/",
    "/es/",
    "/business-insights/reports/progress-points/",
    "/es/informacion-empresarial/",
    "/no-such-page/",
    "/no-slash",
    "/favicon.ico",
    "/robots.txt",
    "/es/favicon.ico",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGE_PATHS)
def test_page_paths_redirect_to_the_front_end(site_tree, settings, path):
    settings.HEADLESS_REDIRECT_URL = "https://www.example.org"
    response = Client().get(path, {"utm_source": "mail", "q": "a b"})
    assert response.status_code == 302
    query = "utm_source=mail&q=a+b"
    assert response["Location"] == f"https://www.example.org{path}?{query}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/es/", "/business-insights/", "/favicon.ico"])
def test_without_a_front_end_page_paths_are_a_small_404_naming_the_admin_and_api(
    site_tree, settings, path
):
    settings.HEADLESS_REDIRECT_URL = ""
    response = Client().get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    assert "serves only the MetroHartford Alliance editor" in body
    assert 'href="/admin/"' in body and "/api/v3/" in body


@pytest.mark.django_db
def test_a_front_end_on_this_very_host_is_not_redirected_to(site_tree, settings):
    settings.HEADLESS_REDIRECT_URL = "http://testserver"
    response = Client().get("/business-insights/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_admin_api_documents_health_and_static_are_unaffected(site_tree, admin_user, settings):
    settings.HEADLESS_REDIRECT_URL = "https://www.example.org"
    client = Client()
    assert client.get("/healthz/").status_code == 200
    assert client.get("/api/v3/pages/").status_code == 200
    problem = client.get("/api/v3/no-such-endpoint/")
    assert problem.status_code == 404
    assert problem["Content-Type"].startswith("application/problem+json")
    # Without the trailing slash: CommonMiddleware's redirect to the admin, not the front end.
    assert client.get("/admin")["Location"] == "/admin/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    # Misses under this host's own prefixes stay here as 404s.
    for path in ("/documents/999999/x.pdf", "/static/no.css"):
        assert client.get(path).status_code == 404, path
    assert client.get("/media/original_images/no.png").status_code == 404
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/no-such-view/").status_code == 404


@pytest.mark.django_db
def test_page_urls_still_carry_the_language(site_tree):
    # Page.url reverses the serving pattern's name, in each language.
    assert site_tree["report"].url == "/business-insights/reports/progress-points/"


def test_page_paths_redirect_in_development_and_production_settings():
    code = (
        "from django.conf import settings; from django.test import Client; import json; "
        "c = Client(); "
        "host = settings.ALLOWED_HOSTS[0]; "
        "print(json.dumps([[r.status_code, r.get('Location')] for r in "
        "(c.get(p, secure=True, headers={'host': host}) "
        "for p in ('/', '/es/about/?x=1', '/favicon.ico'))]))"
    )
    front = "https://www.example.org"
    expected = [
        [302, f"{front}/"],
        [302, f"{front}/es/about/?x=1"],
        [302, f"{front}/favicon.ico"],
    ]
    env = {"FRONTEND_URL": front}
    for settings_module, extra in (
        ("cms.settings.dev", {}),
        ("cms.settings.production", PRODUCTION_ENV),
    ):
        result = run_django(code, settings_module, {**extra, **env})
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout.strip().splitlines()[-1]) == expected, settings_module


def test_production_redirects_only_to_a_front_end_it_was_given():
    code = (
        "from django.conf import settings; "
        "print(repr(settings.HEADLESS_REDIRECT_URL), settings.DEBUG)"
    )
    result = run_django(code, "cms.settings.production", PRODUCTION_ENV, setup=False)
    assert result.stdout.split() == ["''", "False"], result.stderr
    dev = run_django(code, "cms.settings.dev", {}, setup=False)
    assert dev.stdout.split() == ["'http://127.0.0.1:3000'", "True"], dev.stderr
