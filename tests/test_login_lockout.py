"""Admin log-in throttling with lockout (django-axes), through Wagtail's own log-in form."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

PASSWORD = "correct horse battery staple"
LIMIT = 5


@pytest.fixture
def users(db):
    User = get_user_model()
    return {
        name: User.objects.create_user(
            username=name, email=f"{name}@example.org", password=PASSWORD, is_superuser=True
        )
        for name in ("editor", "other")
    }


def log_in(client: Client, username: str, password: str, **extra):
    """Fill in and send the admin's log-in form as a browser does, CSRF token included."""
    page = client.get("/admin/login/", **extra)
    assert page.status_code == 200
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
    return client.post(
        "/admin/login/",
        {
            "csrfmiddlewaretoken": token.decode(),
            "username": username,
            "password": password,
            "next": "/admin/",
        },
        **extra,
    )


def logged_in(client: Client, **extra) -> bool:
    return client.get("/admin/", **extra).status_code == 200


def browser(address: str = "198.51.100.10") -> tuple[Client, dict]:
    return Client(enforce_csrf_checks=True), {"REMOTE_ADDR": address}


def fail(username: str, times: int, **extra) -> list[int]:
    statuses = []
    for _ in range(times):
        client, meta = browser(**extra)
        statuses.append(log_in(client, username, "wrong password", **meta).status_code)
    return statuses


def test_the_right_password_logs_in_and_a_few_mistakes_do_not_lock(users):
    assert fail("editor", LIMIT - 1) == [200] * (LIMIT - 1)  # the form again, with an error
    client, meta = browser()
    response = log_in(client, "editor", PASSWORD, **meta)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert logged_in(client, **meta)
    # A success resets the count: as many mistakes again still do not lock.
    assert fail("editor", LIMIT - 1) == [200] * (LIMIT - 1)
    client, meta = browser()
    assert log_in(client, "editor", PASSWORD, **meta).status_code == 302


def test_after_the_limit_the_right_password_is_refused_until_reset(users):
    statuses = fail("editor", LIMIT)
    assert statuses[:-1] == [200] * (LIMIT - 1)
    assert statuses[-1] == 429  # the fifth failure locks out at once

    client, meta = browser()
    locked = log_in(client, "editor", PASSWORD, **meta)
    assert locked.status_code == 429
    assert b"Too many failed log-ins" in locked.content
    assert not logged_in(client, **meta)

    # The same user from another address, and another user from this one, are not locked.
    elsewhere, meta_elsewhere = browser("203.0.113.77")
    assert log_in(elsewhere, "editor", PASSWORD, **meta_elsewhere).status_code == 302
    assert logged_in(elsewhere, **meta_elsewhere)
    colleague, meta_colleague = browser()
    assert log_in(colleague, "other", PASSWORD, **meta_colleague).status_code == 302
    assert logged_in(colleague, **meta_colleague)

    # The documented unlock.
    call_command("axes_reset_username", "editor", verbosity=0)
    client, meta = browser()
    assert log_in(client, "editor", PASSWORD, **meta).status_code == 302
    assert logged_in(client, **meta)


def test_behind_a_proxy_the_client_address_is_the_one_the_proxy_saw(users, settings):
    settings.NINJA_NUM_PROXIES = 1
    proxy = "10.0.0.2"
    for forged in range(LIMIT):
        # The client forges the first X-Forwarded-For entry; the proxy appends the real one.
        client = Client(enforce_csrf_checks=True)
        meta = {"REMOTE_ADDR": proxy, "HTTP_X_FORWARDED_FOR": f"192.0.2.{forged}, 203.0.113.9"}
        log_in(client, "editor", "wrong password", **meta)
    attempt = AccessAttempt.objects.get(username="editor")
    assert attempt.ip_address == "203.0.113.9"
    assert attempt.failures_since_start == LIMIT
    client = Client(enforce_csrf_checks=True)
    meta = {"REMOTE_ADDR": proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.200, 203.0.113.9"}
    assert log_in(client, "editor", PASSWORD, **meta).status_code == 429
    # Another client behind the same proxy is not locked out.
    client = Client(enforce_csrf_checks=True)
    meta = {"REMOTE_ADDR": proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    assert log_in(client, "editor", PASSWORD, **meta).status_code == 302


def test_force_login_is_not_throttled(users, admin_user):
    # The rest of the suite logs users in with force_login, which never authenticates.
    fail("admin", LIMIT)
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
