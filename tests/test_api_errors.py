"""Bad parameters get a 4xx problem+json, never a 500 (the contract client checks the body)."""

import pytest

THOUSAND_WORDS = " ".join(f"word{i}" for i in range(1000))
DEEP = "(" * 990 + "title" + ")" * 990


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/pages/?offset=9223372036854775808",
        "/api/v3/pages/?offset=-1",
        "/api/v3/pages/?limit=0",
        "/api/v3/pages/?limit=-1",
        "/api/v3/pages/?limit=99999999999999999999",
        "/api/v3/pages/?limit=ten",
        "/api/v3/pages/?offset=1e3",
        f"/api/v3/pages/?search={THOUSAND_WORDS}",
        "/api/v3/pages/?search=%00",
        "/api/v3/pages/?type=%00",
        "/api/v3/pages/?search=insurance&search_operator=xor",
        "/api/v3/pages/?type=wagtailcore.Page",
        "/api/v3/pages/?type=auth.User",
        "/api/v3/pages/?type=nonsense",
        "/api/v3/pages/?order=password",
        "/api/v3/pages/?order=-id",
        f"/api/v3/pages/?fields={DEEP}",
        "/api/v3/pages/?child_of=9223372036854775808",
        "/api/v3/pages/?child_of=999999",
        "/api/v3/pages/?locale=fr",
        "/api/v3/pages/9223372036854775808/",
        "/api/v3/pages/0/",
        "/api/v3/pages/999999/",
        "/api/v3/pages/find/",
        "/api/v3/pages/find/?html_path=%00",
        "/api/v3/route/",
        "/api/v3/route/?path=/no/such/page/",
        f"/api/v3/route/?path=/{'a/' * 1100}",
        f"/api/v3/route/?path=/{'a' * 512}",
        f"/api/v3/pages/find/?html_path=/{'a' * 512}",
        "/api/v3/search/?q=insurance&" + "&".join(["theme=1"] * 21),
        "/api/v3/navigation/?depth=99",
        "/api/v3/navigation/?locale=xx",
        "/api/v3/site/?locale=%00",
        "/api/v3/preview/",
        "/api/v3/preview/?token=forged",
        "/api/v3/documents/?offset=9223372036854775808",
        "/api/v3/images/?offset=9223372036854775808",
        f"/api/v3/images/?search={THOUSAND_WORDS}",
    ],
)
def test_hostile_parameters_get_a_problem_not_a_500(client, site_tree, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.django_db
def test_unknown_parameters_are_named_in_the_error(client, site_tree):
    response = client.get("/api/v3/pages/?fields=title&typo=1")
    assert response.status_code == 400
    body = response.json()
    assert "fields" in body["detail"] and "typo" in body["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/pages/?search=insurance%20%22unbalanced",
        "/api/v3/pages/?search=%F0%9F%98%80",
        "/api/v3/pages/?search=1%27%3B%20DROP%20TABLE%20wagtailcore_page%3B--",
        "/api/v3/pages/?search=reports&search_operator=or&limit=100&offset=0",
        "/api/v3/pages/?tag=insurance",
    ],
)
def test_odd_but_harmless_searches_answer_normally(client, site_tree, url):
    response = client.get(url)
    assert response.status_code == 200
