"""Hostile and malformed input to the search endpoints: a 200 or a 4xx problem, never a 500."""

import pytest

URL = "/api/v3/search/"
HOSTILE_QUERIES = [
    "",
    "   ",
    "a" * 257,
    " ".join(["word"] * 33),
    "x\x00y",
    "🙂🚀",
    "insurance 🙂",
    "'; DROP TABLE search_entry; --",
    "1 OR 1=1",
    '"unbalanced',
    '""',
    '"a" "b',
    "NEAR(a b)",
    "a AND OR NOT",
    "title:insurance",
    "*",
    "insur*",
    "(((",
    "-insurance",
    "&|!<->:*",
    "\\",
    "%_%",
    "ß straße İstanbul",
    "\u200b\u200d",
    "𝔣𝔞𝔰𝔱𝔯𝔞𝔨",
]


def assert_not_500(response):
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.django_db
@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_hostile_queries(client, site_tree, q):
    for endpoint in ("", "suggest/"):
        response = client.get(f"{URL}{endpoint}", {"q": q})
        assert_not_500(response)


@pytest.mark.django_db
def test_empty_query_is_a_400(client, site_tree):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(URL, params)
        assert response.status_code == 400
        assert response.json()["status"] == 400


@pytest.mark.django_db
def test_too_long_queries_are_400(client, site_tree):
    assert client.get(URL, {"q": "a" * 257}).status_code == 400
    assert client.get(URL, {"q": " ".join(["w"] * 33)}).status_code == 400
    assert client.get(URL, {"q": "a" * 5000}).status_code in (400, 422)
    assert client.get(URL, {"q": "x\x00y"}).status_code == 400


@pytest.mark.django_db
def test_punctuation_only_finds_nothing(client, site_tree):
    response = client.get(URL, {"q": "🙂 --"})
    assert response.status_code == 200
    assert response.json()["total"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"type": "nonsense"},
        {"report_type": "nonsense"},
        {"theme": "abc"},
        {"theme": "-1"},
        {"theme": "99999999999999999999"},
        {"industry": "0"},
        {"year": "nineteen"},
        {"sort": "random"},
        {"page": "0"},
        {"page": "9223372036854775808"},
        {"page_size": "51"},
        {"page_size": "-5"},
        {"locale": "fr"},
        {"locale": "es\x00"},
        {"unknown": "1"},
        {"q\x00": "1"},
    ],
)
def test_bad_parameters_are_4xx_problems(client, site_tree, params):
    response = client.get(URL, {"q": "progress", **params})
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.django_db
def test_unknown_filter_ids_simply_match_nothing(client, site_tree):
    response = client.get(URL, {"q": "progress", "theme": "424242"})
    assert response.status_code == 200
    assert response.json()["total"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"q": "x" * 300}, {"q": "a\x00"}, {"locale": "xx"}])
def test_suggest_bad_input(client, site_tree, params):
    assert_not_500(client.get(f"{URL}suggest/", params))


@pytest.mark.django_db
def test_suggest_empty_query_is_empty(client, site_tree):
    response = client.get(f"{URL}suggest/", {"q": ""})
    assert response.status_code == 200
    assert response.json()["suggestions"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"locale": "xx"}, {"limit": "1000"}, {"other": "1"}])
def test_popular_bad_input(client, site_tree, params):
    response = client.get(f"{URL}popular/", params)
    assert 400 <= response.status_code < 500
