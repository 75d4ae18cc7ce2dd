"""An editor previews unsaved changes on the front end; the public API is unchanged."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.core import signing
from wagtail.test.utils.form_data import querydict_from_html

from cms.api.preview import SALT
from initiatives.models import InitiativePage


def empty_streams(data, model=InitiativePage):
    """The StreamField editors are drawn by JavaScript, which posts each field's block count."""
    for field in model._meta.concrete_fields:
        if field.get_internal_type() == "JSONField" and hasattr(field, "stream_block"):
            data.setdefault(f"{field.name}-count", "0")
    return data


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_user("editor", "editor@example.com", "secret-pass")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def preview_token(editor_client, page, **changes) -> str:
    """Fill in the edit form as the editor would, press Preview, read the token it shows."""
    edit_url = f"/admin/pages/{page.pk}/edit/"
    data = querydict_from_html(
        editor_client.get(edit_url).content.decode(), form_id="page-edit-form"
    )
    empty_streams(data)
    for name, value in changes.items():
        data[name] = value
    preview_url = f"{edit_url}preview/"
    stored = editor_client.post(preview_url, data)
    assert stored.status_code == 200 and stored.json()["is_valid"], stored.content[:500]
    shown = editor_client.get(preview_url, {"mode": ""})
    assert shown.status_code == 200
    html = shown.content.decode()
    frontend = re.search(r'<iframe src="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert frontend.startswith("http://127.0.0.1:3000/api/preview?")
    query = parse_qs(urlsplit(frontend).query)
    assert query["path"] == [f"/initiatives/{page.slug}/"]
    assert 'id="share-link"' in html
    return query["token"][0]


@pytest.mark.django_db
def test_preview_shows_the_unsaved_draft_and_the_public_page_stays(editor_client, site_tree):
    initiative = site_tree["initiative"]
    token = preview_token(
        editor_client, initiative, title="Global Reach (draft)", goal="A new goal"
    )
    editor_client.logout()  # the share link works without an account
    draft = editor_client.get("/api/v3/preview/", {"token": token})
    assert draft.status_code == 200
    assert draft["Cache-Control"] == "private, no-store"
    body = draft.json()
    assert body["title"] == "Global Reach (draft)"
    assert body["goal"] == "A new goal"
    assert body["id"] == initiative.pk
    public = editor_client.get(f"/api/v3/pages/{initiative.pk}/").json()
    assert public["title"] == "Global Reach"
    assert public["goal"] != "A new goal"


@pytest.mark.django_db
def test_preview_of_a_page_not_yet_created(editor_client, site_tree):
    parent = site_tree["initiative_index"]
    add_url = f"/admin/pages/add/initiatives/initiativepage/{parent.pk}/"
    data = querydict_from_html(
        editor_client.get(add_url).content.decode(), form_id="page-edit-form"
    )
    data.update(
        {
            "title": "Entrepreneurial Ecosystem",
            "slug": "entrepreneurial-ecosystem",
            "goal": "Promote the region to start-ups",
            "summary": "Start-ups.",
        }
    )
    assert editor_client.post(f"{add_url}preview/", empty_streams(data)).json()["is_valid"]
    html = editor_client.get(f"{add_url}preview/", {"mode": ""}).content.decode()
    token = parse_qs(
        urlsplit(re.search(r'<iframe src="([^"]+)"', html).group(1).replace("&amp;", "&")).query
    )["token"][0]
    body = editor_client.get("/api/v3/preview/", {"token": token}).json()
    assert body["title"] == "Entrepreneurial Ecosystem"
    assert body["id"] == 0
    assert body["path"] == "/initiatives/entrepreneurial-ecosystem/"
    assert [crumb["title"] for crumb in body["breadcrumbs"]] == ["Home", "Initiatives"]


@pytest.mark.django_db
def test_forged_and_expired_tokens_are_refused(client, editor_client, site_tree, settings):
    token = preview_token(editor_client, site_tree["initiative"], title="Draft")
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get("/api/v3/preview/", {"token": forged}).status_code == 403
    other_salt = signing.dumps({"snapshot": 1}, salt="something-else")
    assert client.get("/api/v3/preview/", {"token": other_salt}).status_code == 403
    settings.PREVIEW_TOKEN_MAX_AGE = -1
    expired = client.get("/api/v3/preview/", {"token": token})
    assert expired.status_code == 410
    assert "expired" in expired.json()["detail"]


@pytest.mark.django_db
def test_a_token_names_one_preview_of_one_page(client, editor_client, site_tree):
    first = preview_token(editor_client, site_tree["initiative"], title="First draft")
    data = signing.loads(first, salt=SALT)
    assert set(data) == {"snapshot"}
    assert (
        client.get("/api/v3/preview/", {"token": first}).json()["id"] == site_tree["initiative"].pk
    )
