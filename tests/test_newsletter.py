"""The Hartbeat sign-up: the API at /api/v3/newsletter/ and the subscriber admin."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from smtplib import SMTPException
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import models
from django.test import Client
from django.utils import timezone
from jsonschema import Draft202012Validator
from wagtail.models import Locale, Site

from cms.core.models import SiteSettings, SiteText
from newsletter.models import Subscriber, hash_token

SUBSCRIBE = "/api/v3/newsletter/subscriptions/"
CONFIRM = "/api/v3/newsletter/confirmations/"
UNSUBSCRIBE = "/api/v3/newsletter/unsubscriptions/"
ADMIN_INDEX = "/admin/newsletter/subscribers/"
FRONTEND = "https://www.example.org"
ACCEPTED = {"status": "pending_confirmation"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frontend(settings):
    settings.FRONTEND_URL = FRONTEND


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the view left for after the commit (the e-mail), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- helpers -----------------------------------------------------------------------------


_openapi_cache: dict = {}


def openapi() -> dict:
    if not _openapi_cache:
        response = Client().get("/api/v3/openapi.json")
        assert response.status_code == 200
        _openapi_cache.update(response.json())
    return _openapi_cache


def assert_documented(path: str, response) -> None:
    """The response's body matches the schema the OpenAPI document gives for its status."""
    operation = openapi()["paths"][path]["post"]
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, f"{path}: {response.status_code} is not documented"
    media_type = response["Content-Type"].split(";")[0]
    schema = documented["content"][media_type]["schema"]
    validator = Draft202012Validator({**schema, "components": openapi()["components"]})
    errors = list(validator.iter_errors(response.json()))
    assert not errors, f"{path} {response.status_code}: {errors[0].message}"


def post(client, path: str, body, *, content_type="application/json", **extra):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    response = client.post(path, data=data, content_type=content_type, **extra)
    assert response["Cache-Control"] == "private, no-store"
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == response.status_code
    assert_documented(path, response)
    return response


def subscribe(client, email="jane.doe@example.com", locale="en", **extra):
    return post(client, SUBSCRIBE, {"email": email, "locale": locale, "consent": True}, **extra)


def links(message) -> dict[str, str]:
    """The confirm and unsubscribe links of a confirmation e-mail, by their page."""
    found = re.findall(r"https?://\S+", message.body)
    return {urlsplit(url).path.rsplit("/", 1)[-1]: url for url in found}


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


def sign_up(client, commit, email="jane.doe@example.com", locale="en"):
    """Subscribe and return the confirmation e-mail's (confirm token, unsubscribe token)."""
    sent = len(mail.outbox)
    with commit():
        assert subscribe(client, email, locale).status_code == 202
    assert len(mail.outbox) == sent + 1
    found = links(mail.outbox[-1])
    return token_of(found["confirm"]), token_of(found["unsubscribe"])


# --- subscribing and confirming ----------------------------------------------------------


def test_subscribe_sends_a_confirmation_email_whose_link_confirms(client, commit):
    with commit():
        response = subscribe(client)

    assert response.status_code == 202
    assert response.json()["status"] == "pending_confirmation"
    assert "inbox" in response.json()["detail"]
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_text
    assert subscriber.consented_at is not None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jane.doe@example.com"]
    assert message.subject == "Please confirm your subscription to The Hartbeat"
    assert "Hartford region" in message.body
    html = message.alternatives[0].content
    found = links(message)
    assert found["confirm"].startswith(f"{FRONTEND}/newsletter/confirm?token=")
    assert found["unsubscribe"].startswith(f"{FRONTEND}/newsletter/unsubscribe?token=")
    assert found["confirm"] in html

    # Only digests are stored.
    token = token_of(found["confirm"])
    subscriber.refresh_from_db()
    assert subscriber.confirmation_token_hash == hash_token(token)
    assert token not in {str(value) for value in Subscriber.objects.values().get().values()}

    response = post(client, CONFIRM, {"token": token})
    assert response.status_code == 200
    assert response.json() == {"status": "confirmed"}
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None

    # Following the link again is fine.
    assert post(client, CONFIRM, {"token": token}).json() == {"status": "confirmed"}


def test_email_is_sent_only_when_the_transaction_commits(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert subscribe(client).status_code == 202
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_address_is_trimmed_and_its_domain_lower_cased(client, commit):
    with commit():
        subscribe(client, "  Jane.Doe@Example.COM \n")
    assert Subscriber.objects.get().email == "Jane.Doe@example.com"
    assert mail.outbox[0].to == ["Jane.Doe@example.com"]


def test_the_same_address_twice_gets_the_same_answer_and_one_row(client, commit):
    with commit():
        first = subscribe(client)
        second = subscribe(client)
        third = subscribe(client, "JANE.DOE@EXAMPLE.COM")
    assert first.status_code == second.status_code == third.status_code == 202
    assert first.json() == second.json() == third.json()
    assert Subscriber.objects.count() == 1
    # Re-sent at most every few minutes: these came too soon.
    assert len(mail.outbox) == 1


def test_a_pending_address_is_sent_a_new_link_after_the_resend_interval(client, commit):
    old_token, _ = sign_up(client, commit)
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(minutes=6))

    new_token, _ = sign_up(client, commit, locale="es")

    assert new_token != old_token
    assert Subscriber.objects.get().locale == "es"
    assert post(client, CONFIRM, {"token": old_token}).status_code == 404
    assert post(client, CONFIRM, {"token": new_token}).status_code == 200


def test_a_confirmed_address_is_sent_nothing_and_left_unchanged(client, commit):
    token, _ = sign_up(client, commit)
    post(client, CONFIRM, {"token": token})
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(days=1))
    before = Subscriber.objects.values().get()

    with commit():
        response = subscribe(client, locale="es")

    assert response.status_code == 202
    assert response.json()["status"] == "pending_confirmation"
    assert len(mail.outbox) == 1
    after = Subscriber.objects.values().get()
    assert after == before


def test_spanish_sign_up_gets_spanish_email_and_links(client, commit):
    with commit():
        response = subscribe(client, "ana@example.com", "es")

    assert "bandeja de entrada" in response.json()["detail"]
    message = mail.outbox[0]
    assert message.subject == "Confirma tu suscripción a The Hartbeat"
    assert "boletín diario" in message.body
    assert "Confirmar mi suscripción" in message.alternatives[0].content
    assert message.extra_headers["Content-Language"] == "es"
    found = links(message)
    assert found["confirm"].startswith(f"{FRONTEND}/es/newsletter/confirm?token=")
    assert found["unsubscribe"].startswith(f"{FRONTEND}/es/newsletter/unsubscribe?token=")
    assert Subscriber.objects.get().locale == "es"


def test_consent_and_name_come_from_the_site_text_in_the_subscribers_language(client, commit):
    english = Locale.objects.get(language_code="en")
    spanish, _ = Locale.objects.get_or_create(language_code="es")
    text = SiteText.objects.create(
        locale=english,
        newsletter_name="The Hartbeat",
        newsletter_blurb="The region's business news, daily.",
        newsletter_consent="Yes, send me The Hartbeat every weekday.",
        footer_text="<p>Footer</p>",
        copyright_holder="MetroHartford Alliance",
    )
    translation = text.copy_for_translation(spanish)
    translation.newsletter_name = "El Hartbeat"
    translation.newsletter_consent = "Sí, envíenme El Hartbeat cada día laborable."
    translation.save()
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.site_text = text
    site_settings.save()

    with commit():
        subscribe(client, "ana@example.com", "es")
        subscribe(client, "john@example.com", "en")

    assert Subscriber.objects.get(locale="es").consent_text == translation.newsletter_consent
    assert Subscriber.objects.get(locale="en").consent_text == text.newsletter_consent
    assert mail.outbox[0].subject == "Confirma tu suscripción a El Hartbeat"


def test_a_failing_mail_server_does_not_break_the_sign_up(client, commit, monkeypatch):
    def refuse(self, messages):
        raise SMTPException("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with commit():
        response = subscribe(client)
    assert response.status_code == 202
    subscriber = Subscriber.objects.get()
    # The tokens issued for the e-mail that was not sent were rolled back.
    assert subscriber.confirmation_token_hash is None


def test_cross_site_requests_need_no_csrf_token(commit):
    client = Client(enforce_csrf_checks=True)
    with commit():
        assert subscribe(client).status_code == 202


def test_no_ip_address_is_stored():
    kinds = {type(field) for field in Subscriber._meta.get_fields()}
    assert models.GenericIPAddressField not in kinds
    assert not any("ip" in field.name.split("_") for field in Subscriber._meta.get_fields())


# --- invalid input -----------------------------------------------------------------------

VALID = {"email": "jane.doe@example.com", "locale": "en", "consent": True}


@pytest.mark.parametrize(
    ("body", "status"),
    [
        pytest.param({**VALID, "email": "not-an-email"}, 422, id="bad-email"),
        pytest.param({**VALID, "email": "jane@localhost"}, 422, id="no-domain"),
        pytest.param({**VALID, "email": "Jane <jane@example.com>"}, 422, id="display-name"),
        pytest.param({**VALID, "email": "ja ne@example.com"}, 422, id="space"),
        pytest.param({**VALID, "email": "jane\u0000@example.com"}, 422, id="nul-in-email"),
        pytest.param({**VALID, "email": "jane@example.com\u0000"}, 422, id="trailing-nul"),
        pytest.param({**VALID, "email": "a" * 250 + "@example.com"}, 422, id="email-too-long"),
        pytest.param({**VALID, "email": 42}, 422, id="email-not-a-string"),
        pytest.param({**VALID, "email": ["jane@example.com"]}, 422, id="email-list"),
        pytest.param({**VALID, "consent": False}, 422, id="consent-false"),
        pytest.param({k: v for k, v in VALID.items() if k != "consent"}, 422, id="no-consent"),
        pytest.param({**VALID, "consent": "true"}, 422, id="consent-string"),
        pytest.param({**VALID, "consent": 1}, 422, id="consent-one"),
        pytest.param({**VALID, "consent": None}, 422, id="consent-null"),
        pytest.param({**VALID, "locale": "fr"}, 422, id="unknown-locale"),
        pytest.param({**VALID, "locale": "EN"}, 422, id="locale-case"),
        pytest.param({**VALID, "locale": "e" * 5000}, 413, id="body-too-large"),
        pytest.param({**VALID, "locale": "en\u0000"}, 422, id="nul-in-locale"),
        pytest.param({**VALID, "name": "Jane"}, 422, id="extra-field"),
        pytest.param({"email": "jane.doe@example.com"}, 422, id="only-email"),
        pytest.param({}, 422, id="empty-object"),
        pytest.param([VALID], 422, id="array"),
        pytest.param("null", 422, id="json-null"),
        pytest.param('"jane.doe@example.com"', 422, id="json-string"),
        pytest.param('{"email": "jane.doe@example.com", "consent": tru', 400, id="broken-json"),
        pytest.param(b"\xff\xfe\x00{", 400, id="not-utf8"),
        pytest.param("[" * 3000, 400, id="deeply-nested"),
    ],
)
def test_invalid_sign_ups_are_problems(client, commit, body, status):
    with commit():
        response = post(client, SUBSCRIBE, body)
    assert response.status_code == status, response.content
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("text/plain", json.dumps(VALID)),
        ("application/x-www-form-urlencoded", "email=jane.doe%40example.com&consent=true"),
        ("multipart/form-data; boundary=x", "--x--"),
        ("application/xml", "<email>jane.doe@example.com</email>"),
    ],
)
def test_other_content_types_are_refused(client, content_type, data):
    response = post(client, SUBSCRIBE, data, content_type=content_type)
    assert response.status_code == 415
    assert Subscriber.objects.count() == 0


def test_an_empty_body_is_a_problem(client):
    response = post(client, SUBSCRIBE, "", CONTENT_TYPE="application/json")
    assert response.status_code == 422
    # Without a body, test clients (and browsers) send no Content-Type either.
    assert post(client, SUBSCRIBE, "").status_code == 415


def test_json_with_a_charset_is_accepted(client, commit):
    with commit():
        response = post(client, SUBSCRIBE, VALID, content_type="application/json; charset=utf-8")
    assert response.status_code == 202


@pytest.mark.parametrize("path", [CONFIRM, UNSUBSCRIBE])
@pytest.mark.parametrize(
    ("body", "status"),
    [
        pytest.param({"token": "A" * 43}, 404, id="unknown"),
        pytest.param({"token": "not a token!"}, 400, id="garbled"),
        pytest.param({"token": "abc"}, 400, id="truncated"),
        pytest.param({"token": "A" * 42 + "\u0000"}, 400, id="nul"),
        pytest.param({"token": "A" * 129}, 422, id="too-long"),
        pytest.param({"token": ""}, 422, id="empty"),
        pytest.param({"token": 12345}, 422, id="not-a-string"),
        pytest.param({}, 422, id="missing"),
        pytest.param({"token": "A" * 43, "email": "x@example.com"}, 422, id="extra-field"),
        pytest.param("{token", 400, id="broken-json"),
    ],
)
def test_bad_tokens_are_problems(client, path, body, status):
    response = post(client, path, body)
    assert response.status_code == status, response.content


# --- rate limiting -----------------------------------------------------------------------


def test_the_sixth_request_in_a_minute_is_refused(client, commit):
    with commit():
        for n in range(5):
            assert subscribe(client, f"person{n}@example.com").status_code == 202
        refused = subscribe(client, "person5@example.com")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused["Cache-Control"] == "private, no-store"
    assert Subscriber.objects.count() == 5

    # A forged X-Forwarded-For is not a new client...
    forged = subscribe(client, "person6@example.com", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert forged.status_code == 429
    # ...but another address is.
    assert subscribe(client, "person7@example.com", REMOTE_ADDR="198.51.100.7").status_code == 202


def test_an_ipv6_client_is_limited_by_its_64_prefix(client):
    for n in range(5):
        address = f"2001:db8:1:2::{n + 1:x}"
        assert subscribe(client, f"p{n}@example.com", REMOTE_ADDR=address).status_code == 202
    assert subscribe(client, "p5@example.com", REMOTE_ADDR="2001:db8:1:2::99").status_code == 429
    assert subscribe(client, "p6@example.com", REMOTE_ADDR="2001:db8:1:3::1").status_code == 202


def test_the_rate_comes_from_the_newsletter_rate_setting(client, settings):
    settings.NEWSLETTER_RATE = "2/m"
    assert subscribe(client, "a@example.com").status_code == 202
    assert subscribe(client, "b@example.com").status_code == 202
    assert subscribe(client, "c@example.com").status_code == 429


def test_forwarded_for_is_used_when_the_proxies_are_declared(client, settings):
    settings.NINJA_NUM_PROXIES = 1
    settings.NEWSLETTER_RATE = "1/m"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = subscribe(client, "a@example.com", HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy)
    second = subscribe(client, "b@example.com", HTTP_X_FORWARDED_FOR="203.0.113.2", **proxy)
    again = subscribe(client, "c@example.com", HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy)
    assert (first.status_code, second.status_code, again.status_code) == (202, 202, 429)


# --- expiry and unsubscribing --------------------------------------------------------------


def test_an_expired_confirmation_link_is_gone(client, commit, settings):
    token, _ = sign_up(client, commit)
    settings.NEWSLETTER_CONFIRMATION_DAYS = 7
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(days=7, minutes=1))

    response = post(client, CONFIRM, {"token": token})

    assert response.status_code == 410
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_unsubscribing_with_the_emails_link(client, commit):
    confirm_token, unsubscribe_token = sign_up(client, commit)
    post(client, CONFIRM, {"token": confirm_token})

    response = post(client, UNSUBSCRIBE, {"token": unsubscribe_token})

    assert response.status_code == 200
    assert response.json() == {"status": "unsubscribed"}
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    # Twice is fine; the old confirmation link no longer subscribes them again.
    assert post(client, UNSUBSCRIBE, {"token": unsubscribe_token}).status_code == 200
    assert post(client, CONFIRM, {"token": confirm_token}).status_code == 404
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_signing_up_again_after_unsubscribing_needs_a_new_confirmation(client, commit):
    confirm_token, unsubscribe_token = sign_up(client, commit)
    post(client, CONFIRM, {"token": confirm_token})
    post(client, UNSUBSCRIBE, {"token": unsubscribe_token})
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(hours=1))

    new_token, _ = sign_up(client, commit)

    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert post(client, CONFIRM, {"token": new_token}).status_code == 200


def test_a_pending_subscriber_can_unsubscribe_from_the_confirmation_email(client, commit):
    confirm_token, unsubscribe_token = sign_up(client, commit)
    assert post(client, UNSUBSCRIBE, {"token": unsubscribe_token}).status_code == 200
    assert post(client, CONFIRM, {"token": confirm_token}).status_code == 404


# --- OpenAPI -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "operation_id", "success"),
    [
        (SUBSCRIBE, "newsletter_subscribe", "202"),
        (CONFIRM, "newsletter_confirm", "200"),
        (UNSUBSCRIBE, "newsletter_unsubscribe", "200"),
    ],
)
def test_operations_are_documented(path, operation_id, success):
    operation = openapi()["paths"][path]["post"]
    assert operation["operationId"] == operation_id
    assert operation["summary"]
    assert operation["tags"] == ["newsletter"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].startswith("#/components/schemas/Newsletter")
    assert success in operation["responses"]
    for status in ("422", "429"):
        problem = operation["responses"][status]["content"]["application/problem+json"]
        assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert "Retry-After" in operation["responses"]["429"]["headers"]
    request_schema = openapi()["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    assert request_schema["additionalProperties"] is False


# --- the admin -----------------------------------------------------------------------------


@pytest.fixture
def subscribers():
    now = timezone.now()
    rows = [
        ("jane.doe@example.com", "en", Subscriber.Status.CONFIRMED),
        ("ana@example.com", "es", Subscriber.Status.PENDING),
        ("=HYPERLINK(1)@example.com", "en", Subscriber.Status.UNSUBSCRIBED),
    ]
    return [
        Subscriber.objects.create(
            email=email, locale=locale, status=status, consent_text="Yes.", consented_at=now
        )
        for email, locale, status in rows
    ]


def staff_user(django_user_model, *codenames):
    user = django_user_model.objects.create_user("editor", "editor@example.com", "password")
    group = Group.objects.create(name="Newsletter")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(codename=codename))
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def test_admin_lists_subscribers_to_a_superuser(admin_client, subscribers):
    response = admin_client.get(ADMIN_INDEX)
    assert response.status_code == 200
    content = response.content.decode()
    assert "jane.doe@example.com" in content
    assert "ana@example.com" in content

    filtered = admin_client.get(ADMIN_INDEX, {"status": "pending"}).content.decode()
    assert "ana@example.com" in filtered
    assert "jane.doe@example.com" not in filtered
    by_locale = admin_client.get(ADMIN_INDEX, {"locale": "es"}).content.decode()
    assert "ana@example.com" in by_locale
    assert "jane.doe@example.com" not in by_locale
    searched = admin_client.get(ADMIN_INDEX, {"q": "jane"}).content.decode()
    assert "jane.doe@example.com" in searched
    assert "ana@example.com" not in searched


def test_admin_exports_subscribers_as_csv(admin_client, subscribers):
    response = admin_client.get(ADMIN_INDEX, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "hartbeat-subscribers.csv" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {row["Email"] for row in rows} == {
        "jane.doe@example.com",
        "ana@example.com",
        "'=HYPERLINK(1)@example.com",  # no formula for the spreadsheet to run
    }
    assert {row["Language"] for row in rows} == {"en", "es"}

    only_pending = admin_client.get(ADMIN_INDEX, {"export": "csv", "status": "pending"})
    body = b"".join(only_pending.streaming_content).decode()
    assert [row["Email"] for row in csv.DictReader(io.StringIO(body))] == ["ana@example.com"]


def test_admin_exports_xlsx(admin_client, subscribers):
    response = admin_client.get(ADMIN_INDEX, {"export": "xlsx"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_admin_inspects_and_deletes_but_never_edits(admin_client, subscribers):
    subscriber = subscribers[0]
    inspect = admin_client.get(f"{ADMIN_INDEX}inspect/{subscriber.pk}/")
    assert inspect.status_code == 200
    assert subscriber.email in inspect.content.decode()
    assert subscriber.confirmation_token_hash is None or (
        subscriber.confirmation_token_hash not in inspect.content.decode()
    )

    for path in ("new/", f"edit/{subscriber.pk}/"):
        response = admin_client.get(ADMIN_INDEX + path)
        assert response.status_code in (302, 403)
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()

    response = admin_client.post(f"{ADMIN_INDEX}delete/{subscriber.pk}/")
    assert response.status_code == 302
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()
    # The audit log keeps no copy of the address.
    from wagtail.models import ModelLogEntry

    labels = ModelLogEntry.objects.values_list("label", flat=True)
    assert not any(subscriber.email in label for label in labels)


def test_staff_without_permission_are_refused(django_user_model, subscribers):
    client = staff_user(django_user_model)
    response = client.get(ADMIN_INDEX)
    assert response.status_code in (302, 403)
    assert "jane.doe@example.com" not in response.content.decode()
    export = client.get(ADMIN_INDEX, {"export": "csv"})
    assert export.status_code in (302, 403)


def test_staff_with_the_view_permission_see_the_list(django_user_model, subscribers):
    client = staff_user(django_user_model, "view_subscriber")
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 200
    assert "jane.doe@example.com" in response.content.decode()
    delete = client.post(f"{ADMIN_INDEX}delete/{subscribers[0].pk}/")
    assert delete.status_code in (302, 403)
    assert Subscriber.objects.filter(pk=subscribers[0].pk).exists()
