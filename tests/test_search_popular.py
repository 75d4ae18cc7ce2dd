"""Popular searches: no private word leaks, junk and lone visitors stay out, editors hide."""

import pytest
from wagtail.models import PageViewRestriction

from search.models import QueryCount, QueryVisitor
from tests import factories

URL = "/api/v3/search/"
WORD = "zorblequat"


def search_from_many(client, q, visitors=6):
    for n in range(visitors):
        client.get(URL, {"q": q}, REMOTE_ADDR=f"198.51.100.{n + 1}")


def public_texts(client):
    popular = client.get(f"{URL}popular/", {"locale": "en"}).json()
    suggest = client.get(f"{URL}suggest/", {"q": WORD[:5]}).json()
    mean = client.get(URL, {"q": WORD[:-1] + "x"}).json()
    return str(popular) + str(suggest) + str(mean.get("suggestion"))


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["login", "password", "groups", "restricted_later", "unpublished"])
def test_a_private_word_appears_nowhere_public(client, home, settings, how):
    settings.SEARCH_POPULAR_MIN_VISITORS = 3
    page = factories.ContentPageFactory(parent=home, title=f"Board {WORD}", slug="board")
    page.save_revision().publish()
    if how == "restricted_later" or how == "unpublished":
        search_from_many(client, WORD)  # found while public: counted
    if how == "unpublished":
        page.unpublish()
    else:
        kind = {"restricted_later": "login"}.get(how, how)
        PageViewRestriction.objects.create(page=page, restriction_type=kind, password="x")
    search_from_many(client, WORD)
    assert WORD not in public_texts(client)


@pytest.mark.django_db
def test_a_query_needs_several_visitors_and_no_address_is_stored(client, site_tree, settings):
    settings.SEARCH_POPULAR_MIN_VISITORS = 3
    for _ in range(5):
        client.get(URL, {"q": "insurance"}, REMOTE_ADDR="198.51.100.1")
    assert client.get(f"{URL}popular/").json()["queries"] == []
    search_from_many(client, "Insurance", visitors=3)
    row = QueryCount.objects.get(query_string="insurance", found=True)
    assert row.visitors == 3
    stored = str(list(QueryVisitor.objects.values())) + str(list(QueryCount.objects.values()))
    assert "198.51.100" not in stored


@pytest.mark.django_db
@pytest.mark.parametrize("junk", ["' or 1=1--", "or or or a", "the and of", "!!!"])
def test_junk_is_never_popular(client, site_tree, settings, junk):
    settings.SEARCH_POPULAR_MIN_VISITORS = 2
    search_from_many(client, junk)
    assert client.get(f"{URL}popular/").json()["queries"] == []
