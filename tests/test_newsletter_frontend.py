"""
Sign-ups relayed by the front end's server are rate-limited per visitor: the front end
names the visitor's address with the shared token, and without the token nobody can
choose the address they are counted as.
"""

import pytest

from tests.test_newsletter import subscribe

pytestmark = pytest.mark.django_db

TOKEN = "s3cret-shared-with-the-front-end"
FRONTEND_SERVER = {"REMOTE_ADDR": "10.0.0.5"}


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.FRONTEND_URL = "https://www.example.org"
    settings.FRONTEND_API_TOKEN = TOKEN
    settings.NEWSLETTER_RATE = "1/m"


def relayed(client, email, visitor, token=TOKEN, **extra):
    headers = {"HTTP_X_VISITOR_ADDRESS": visitor, **FRONTEND_SERVER, **extra}
    if token is not None:
        headers["HTTP_X_FRONTEND_TOKEN"] = token
    return subscribe(client, email, **headers).status_code


def test_the_front_ends_visitors_are_counted_one_by_one(client):
    assert relayed(client, "a@example.com", "203.0.113.1") == 202
    assert relayed(client, "b@example.com", "203.0.113.2") == 202
    assert relayed(client, "c@example.com", "2001:db8:5::1") == 202
    # The same visitor again is over the limit; the front end's own address is not.
    assert relayed(client, "d@example.com", "203.0.113.1") == 429
    assert relayed(client, "e@example.com", "2001:db8:5::2") == 429  # the same /64
    assert subscribe(client, "f@example.com", **FRONTEND_SERVER).status_code == 202


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("wrong", id="wrong"),
        pytest.param(TOKEN[:-1], id="truncated"),
        pytest.param(TOKEN + "x", id="longer"),
    ],
)
def test_without_the_token_the_visitor_header_is_ignored(client, token):
    assert relayed(client, "a@example.com", "203.0.113.1", token=token) == 202
    # Another claimed visitor from the same connection is the same client.
    assert relayed(client, "b@example.com", "203.0.113.2", token=token) == 429


def test_no_token_configured_means_no_one_is_believed(client, settings):
    settings.FRONTEND_API_TOKEN = ""
    assert relayed(client, "a@example.com", "203.0.113.1", token="") == 202
    assert relayed(client, "b@example.com", "203.0.113.2", token="") == 429


def test_the_token_does_not_make_x_forwarded_for_trusted(client):
    # The token vouches for X-Visitor-Address only; a forged X-Forwarded-For is still
    # ignored when no proxies are declared.
    assert relayed(client, "a@example.com", "", HTTP_X_FORWARDED_FOR="203.0.113.7") == 202
    assert relayed(client, "b@example.com", "", HTTP_X_FORWARDED_FOR="203.0.113.8") == 429


def test_a_malformed_visitor_address_counts_as_the_front_end(client):
    assert relayed(client, "a@example.com", "not-an-address") == 202
    assert relayed(client, "b@example.com", "203.0.113.1") == 202
    assert relayed(client, "c@example.com", "also bad") == 429
