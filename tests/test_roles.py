"""
Who may open which admin view: every admin URL the project adds or relies on, for an
anonymous visitor, each editorial role (cms/core/roles.py) and a superuser.

Each row's expected outcomes are, in order, for: anonymous, Editor, Moderator,
Translator, Site administrator, superuser.

* ``ok``: 200.
* ``login``: a redirect to the admin's log-in page.
* ``denied``: Wagtail's "permission denied": a redirect to the admin's dashboard with
  "Sorry, you do not have permission to access this area." Every refusal here takes
  this form (none is a bare 403), so a row says only who is let in.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale, Site

from cms.core import roles
from newsletter.models import Subscriber
from publishing.models import WebhookDelivery, WebhookEndpoint
from tests import factories

ROLES = ["anonymous", "editor", "moderator", "translator", "site_admin", "superuser"]
GROUP_OF = {
    "editor": roles.EDITORS,
    "moderator": roles.MODERATORS,
    "translator": roles.TRANSLATORS,
    "site_admin": roles.SITE_ADMINISTRATORS,
}
DENIED_MESSAGE = "Sorry, you do not have permission to access this area."


def make_user(role: str) -> User | None:
    if role == "anonymous":
        return None
    if role == "superuser":
        return User.objects.create_superuser("root", "root@example.com", "secret-pass")
    user = User.objects.create_user(role, f"{role}@example.com", "secret-pass")
    user.groups.add(Group.objects.get(name=GROUP_OF[role]))
    return user


def outcome(client: Client, url: str) -> str:
    response = client.get(url)
    if response.status_code == 200:
        return "ok"
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return "login"
        if location == "/admin/":
            messages = [str(m) for m in response.wsgi_request._messages]
            assert any(DENIED_MESSAGE in m for m in messages), (url, messages)
            return "denied"
        return f"302 {location}"
    return str(response.status_code)


@pytest.fixture
def objects(site_tree):
    spanish = Locale.objects.get(language_code="es")
    content_es = site_tree["content"].copy_for_translation(spanish, copy_parents=True)
    content_es.save_revision().publish()
    report = site_tree["report"]
    report.title = "Progress Points (draft)"
    report.save_revision()
    organisation = factories.OrganisationFactory()
    organisation_es = organisation.copy_for_translation(spanish)
    organisation_es.save()
    Subscriber.objects.create(
        email="reader@example.com", locale="en", consent_text="Yes.", consented_at=timezone.now()
    )
    endpoint = WebhookEndpoint.objects.create(name="Public site", url="https://example.org/hook")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="page.published", payload={"paths": ["/"]}, status="failed"
    )
    return {
        **site_tree,
        "endpoint": endpoint,
        "delivery": delivery,
        "content_es": content_es,
        "organisation": organisation,
        "organisation_es": organisation_es,
        "site": Site.objects.get(is_default_site=True),
    }


def url_for(name: str, o: dict) -> str:
    p = {key: getattr(value, "pk", None) for key, value in o.items()}
    return {
        "edit English report": f"/admin/pages/{p['report']}/edit/",
        "edit English section": f"/admin/pages/{p['content']}/edit/",
        "edit Spanish section": f"/admin/pages/{p['content_es']}/edit/",
        "preview English report": f"/admin/pages/{p['report']}/edit/preview/",
        "history English report": f"/admin/pages/{p['report']}/history/",
        "compare revisions": f"/admin/pages/{p['report']}/revisions/compare/earliest...latest/",
        "copy English section": f"/admin/pages/{p['content']}/copy/",
        "translate English section": f"/admin/localize/submit/page/{p['content']}/",
        "page chooser": "/admin/choose-page/",
        "image chooser": "/admin/images/chooser/",
        "document chooser": "/admin/documents/chooser/",
        "organisation chooser": "/admin/snippets/choose/core/organisation/",
        "organisations": "/admin/snippets/core/organisation/",
        "people": "/admin/snippets/core/person/",
        "themes": "/admin/snippets/core/theme/",
        "site text": "/admin/snippets/core/sitetext/",
        "edit English organisation": f"/admin/snippets/core/organisation/edit/{p['organisation']}/",
        "edit Spanish organisation": (
            f"/admin/snippets/core/organisation/edit/{p['organisation_es']}/"
        ),
        "site settings": f"/admin/settings/core/sitesettings/{p['site']}/",
        "subscribers": "/admin/newsletter/subscribers/",
        "subscribers CSV": "/admin/newsletter/subscribers/?export=csv",
        "site history": "/admin/reports/site-history/",
        "users": "/admin/users/",
        "workflows": "/admin/workflows/list/",
        "redirects": "/admin/redirects/",
        "search promotions": "/admin/searchpicks/",
        "webhook endpoints": "/admin/webhook_endpoints/",
        "add webhook endpoint": "/admin/webhook_endpoints/new/",
        "edit webhook endpoint": f"/admin/webhook_endpoints/edit/{p['endpoint']}/",
        "webhook log": "/admin/webhook_log/",
        "webhook delivery": f"/admin/webhook_log/inspect/{p['delivery']}/",
        "edit webhook delivery": f"/admin/webhook_log/edit/{p['delivery']}/",
        "send webhook delivery again": f"/admin/webhook_log/resend/{p['delivery']}/",
    }[name]


# view: anonymous, Editor, Moderator, Translator, Site administrator, superuser
MATRIX = {
    "edit English report": "login ok ok denied ok ok",
    "edit English section": "login ok ok denied ok ok",
    "edit Spanish section": "login ok ok ok ok ok",
    "preview English report": "login ok ok denied ok ok",
    "history English report": "login ok ok denied ok ok",
    "compare revisions": "login ok ok denied ok ok",
    "copy English section": "login ok ok denied ok ok",
    # Submitting a translation creates the Spanish copy: Translators' first step.
    "translate English section": "login ok ok ok ok ok",
    "page chooser": "login ok ok ok ok ok",
    "image chooser": "login ok ok ok ok ok",
    "document chooser": "login ok ok ok ok ok",
    "organisation chooser": "login ok ok ok ok ok",
    "organisations": "login ok ok ok ok ok",
    "people": "login ok ok ok ok ok",
    "themes": "login ok ok ok ok ok",
    "site text": "login ok ok ok ok ok",
    "edit English organisation": "login ok ok denied ok ok",
    "edit Spanish organisation": "login ok ok ok ok ok",
    "site settings": "login denied denied denied ok ok",
    "subscribers": "login denied denied denied ok ok",
    "subscribers CSV": "login denied denied denied ok ok",
    # Everyone in the admin may open it; each sees the history of what they may edit.
    "site history": "login ok ok ok ok ok",
    "users": "login denied denied denied ok ok",
    "workflows": "login denied denied denied ok ok",
    "redirects": "login denied denied denied ok ok",
    "search promotions": "login denied denied denied ok ok",
    "webhook endpoints": "login denied denied denied ok ok",
    "add webhook endpoint": "login denied denied denied ok ok",
    "edit webhook endpoint": "login denied denied denied ok ok",
    "webhook log": "login denied denied denied ok ok",
    "webhook delivery": "login denied denied denied ok ok",
    # The log is the system's record: nobody edits it, superusers included.
    "edit webhook delivery": "login denied denied denied denied denied",
    "send webhook delivery again": "login denied denied denied ok ok",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(objects, role):
    client = Client()
    user = make_user(role)
    if user is not None:
        client.force_login(user)
    expected = {name: row.split()[ROLES.index(role)] for name, row in MATRIX.items()}
    actual = {name: outcome(client, url_for(name, objects)) for name in MATRIX}
    assert actual == expected


@pytest.mark.django_db
def test_csv_export_is_a_csv_for_site_administrators(objects):
    client = Client()
    client.force_login(make_user("site_admin"))
    response = client.get(url_for("subscribers CSV", objects))
    assert response["Content-Type"].startswith("text/csv")
    assert b"reader@example.com" in b"".join(response.streaming_content)


@pytest.mark.django_db
def test_site_administrators_are_not_superusers(objects):
    user = make_user("site_admin")
    assert not user.is_superuser
    assert not user.is_staff
