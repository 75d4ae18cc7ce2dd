"""The search backend settings: the database by default, a cluster selected by environment."""

import importlib.util

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cms.settings.base import search_backends, site_search


def test_default_is_the_database():
    assert search_backends({}) == {"default": {"BACKEND": "wagtail.search.backends.database"}}
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"].startswith(
        "wagtail.search.backends."
    )


@pytest.mark.parametrize(
    "name", ["elasticsearch7", "elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"]
)
def test_a_cluster_is_selected_by_environment(name):
    backends = search_backends(
        {
            "SEARCH_BACKEND": name.upper(),
            "SEARCH_URL": "https://search-1.internal:9200, https://search-2.internal:9200",
            "SEARCH_INDEX_PREFIX": "mha_prod_",
        }
    )
    default = backends["default"]
    assert default["BACKEND"] == f"wagtail.search.backends.{name}"
    assert default["URLS"] == ["https://search-1.internal:9200", "https://search-2.internal:9200"]
    assert default["INDEX_PREFIX"] == "mha_prod_"
    assert "INDEX" not in default  # removed in Wagtail 8
    # The module exists (its client library is installed only where it is used).
    assert importlib.util.find_spec(default["BACKEND"]) is not None


@pytest.mark.parametrize(
    "environ",
    [
        {"SEARCH_BACKEND": "solr", "SEARCH_URL": "http://x"},
        {"SEARCH_BACKEND": "opensearch2"},
        {"SEARCH_BACKEND": "elasticsearch8", "SEARCH_URL": " , "},
    ],
)
def test_misconfiguration_fails_loudly(environ):
    with pytest.raises(ImproperlyConfigured):
        search_backends(environ)


# The site search's engine (SITE_SEARCH_*), apart from Wagtail's --------------------------------


def test_the_site_search_answers_from_the_database_by_default():
    assert site_search({})["ENGINE"] == "database"
    assert site_search({})["FALLBACK"] == ""


def test_the_site_search_on_opensearch_is_selected_by_environment():
    chosen = site_search(
        {
            "SITE_SEARCH_ENGINE": "OpenSearch",
            "SITE_SEARCH_URL": "https://search-1:9200, https://search-2:9200",
            "SITE_SEARCH_INDEX_PREFIX": "mha_prod_site",
            "SITE_SEARCH_TIMEOUT": "2.5",
            "SITE_SEARCH_USER": "site",
            "SITE_SEARCH_PASSWORD": "secret",
            "SITE_SEARCH_FALLBACK": "database",
        }
    )
    assert chosen == {
        "ENGINE": "opensearch",
        "URLS": ["https://search-1:9200", "https://search-2:9200"],
        "INDEX_PREFIX": "mha_prod_site",
        "TIMEOUT": 2.5,
        "USER": "site",
        "PASSWORD": "secret",
        "FALLBACK": "database",
    }
    # Wagtail's own search is not moved by it.
    assert search_backends({"SITE_SEARCH_ENGINE": "opensearch"})["default"]["BACKEND"] == (
        "wagtail.search.backends.database"
    )


@pytest.mark.parametrize(
    "environ",
    [
        {"SITE_SEARCH_ENGINE": "solr", "SITE_SEARCH_URL": "http://x"},
        {"SITE_SEARCH_ENGINE": "opensearch"},
        {"SITE_SEARCH_ENGINE": "opensearch", "SITE_SEARCH_URL": " , "},
        {"SITE_SEARCH_FALLBACK": "cache"},
    ],
)
def test_a_misconfigured_site_search_fails_loudly(environ):
    with pytest.raises(ImproperlyConfigured):
        site_search(environ)
