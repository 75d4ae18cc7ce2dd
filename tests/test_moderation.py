"""
The editorial workflow through the admin, as editors use it in the browser: an Editor's
report goes to the Moderation workflow and a Moderator approves it; an Editor publishes
a general page alone; a Translator edits Spanish pages and nothing else.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale, PageLogEntry, TaskState, Workflow
from wagtail.test.utils.form_data import querydict_from_html

from cms.core import roles
from home.models import ContentPage
from reports.models import ReportPage
from tests import factories


def login(username: str, group: str) -> Client:
    user = User.objects.create_user(username, f"{username}@example.com", "secret-pass")
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def form_data(client: Client, url: str, **fields) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(fields)
    return data


@pytest.fixture
def editor(db):
    return login("editor", roles.EDITORS)


@pytest.fixture
def moderator(db):
    return login("moderator", roles.MODERATORS)


@pytest.fixture
def translator(db):
    return login("translator", roles.TRANSLATORS)


REPORT_FIELDS = {
    # The StreamField editor is drawn by JavaScript, which posts the block count.
    "body-count": "0",
    "title": "Data brief 2024",
    "slug": "data-brief-2024",
    "report_type": "data_brief",
    "edition": "2024",
    "publication_date": "2024-03-01",
    "summary": "Jobs and talent in the Hartford region, in figures.",
}


@pytest.mark.django_db
def test_the_moderation_workflow_covers_every_page(site_tree):
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    assert workflow.active
    [task] = [t.specific for t in workflow.tasks]
    assert task.name == roles.TASK_NAME
    assert set(task.groups.values_list("name", flat=True)) == set(roles.APPROVER_GROUPS)
    for page in site_tree.values():
        assert page.get_workflow() == workflow


@pytest.mark.django_db
def test_editor_submits_a_report_and_a_moderator_approves_it(editor, moderator, site_tree):
    reports = site_tree["report_index"]
    add_url = f"/admin/pages/add/reports/reportpage/{reports.pk}/"

    # The form offers submission for approval, not publishing.
    form = editor.get(add_url).content.decode()
    assert 'name="action-submit"' in form
    assert 'name="action-publish"' not in form

    # A forged "publish" only saves a draft.
    response = editor.post(
        add_url, form_data(editor, add_url, **REPORT_FIELDS, **{"action-publish": "action-publish"})
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report = ReportPage.objects.get(slug="data-brief-2024")
    assert not report.live
    editor_user = User.objects.get(username="editor")
    assert not report.permissions_for_user(editor_user).can_publish()

    # Submitted for moderation from the edit form.
    edit_url = f"/admin/pages/{report.pk}/edit/"
    response = editor.post(
        edit_url, form_data(editor, edit_url, **{"body-count": "0", "action-submit": "1"})
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    assert report.workflow_in_progress
    assert not report.live
    task_state = report.current_workflow_task_state

    # The editor cannot approve their own submission.
    approve_url = f"/admin/pages/workflow/action/{report.pk}/approve/{task_state.pk}/"
    assert editor.post(approve_url, {"comment": "Mine"}).status_code in (302, 403)
    report.refresh_from_db()
    assert not report.live

    # The moderator approves, with a comment; approval publishes.
    response = moderator.post(approve_url, {"comment": "Figures checked against the source."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.live
    assert not report.workflow_in_progress
    task_state.refresh_from_db()
    assert task_state.status == "approved"
    assert task_state.finished_by.username == "moderator"
    assert task_state.comment == "Figures checked against the source."

    # The page's history says who submitted, who approved and who published.
    actions = {
        (entry.action, entry.user.username)
        for entry in PageLogEntry.objects.filter(page=report).select_related("user")
    }
    assert ("wagtail.workflow.start", "editor") in actions
    assert ("wagtail.workflow.approve", "moderator") in actions
    assert ("wagtail.publish", "moderator") in actions


@pytest.mark.django_db
def test_a_moderator_publishes_a_report_directly(moderator, site_tree):
    reports = site_tree["report_index"]
    add_url = f"/admin/pages/add/reports/reportpage/{reports.pk}/"
    data = form_data(moderator, add_url, **REPORT_FIELDS, **{"action-publish": "1"})
    assert moderator.post(add_url, data).status_code == 302
    assert ReportPage.objects.get(slug="data-brief-2024").live


@pytest.mark.django_db
def test_editor_cannot_publish_initiatives(site_tree):
    editor = User.objects.create_user("editor", "editor@example.com", "secret-pass")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    for key in ("initiative", "initiative_index", "report", "report_index", "home", "content"):
        assert not site_tree[key].permissions_for_user(editor).can_publish(), key
    # The industries section holds neither reports nor initiatives.
    for key in ("industry", "industry_index"):
        assert site_tree[key].permissions_for_user(editor).can_publish(), key


@pytest.mark.django_db
def test_editor_publishes_a_general_page_alone(editor, site_tree):
    about = factories.ContentPageFactory(parent=site_tree["home"], title="About", slug="about")
    add_url = f"/admin/pages/add/home/contentpage/{about.pk}/"
    data = form_data(
        editor,
        add_url,
        **{
            "body-count": "0",
            "title": "Our board",
            "slug": "our-board",
            "intro": "Who leads the Alliance.",
            "action-publish": "1",
        },
    )
    response = editor.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ContentPage.objects.get(slug="our-board")
    assert page.live
    assert PageLogEntry.objects.filter(
        page=page, action="wagtail.publish", user__username="editor"
    ).exists()


@pytest.mark.django_db
def test_a_report_index_added_or_moved_into_a_section_takes_publishing_away(site_tree):
    editor = User.objects.create_user("editor", "editor@example.com", "secret-pass")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))

    def editor_can_publish(page) -> bool:
        # A fresh user each time: Wagtail caches page permissions on the user object.
        user = User.objects.get(pk=editor.pk)
        return page.permissions_for_user(user).can_publish()

    home = site_tree["home"]
    about = factories.ContentPageFactory(parent=home, title="About", slug="about")
    news = factories.ContentPageFactory(parent=home, title="News", slug="news")
    assert editor_can_publish(about)
    assert editor_can_publish(news)

    factories.ReportIndexPageFactory(parent=about, slug="about-reports")
    assert not editor_can_publish(about)

    site_tree["report_index"].move(news, pos="last-child")
    news.refresh_from_db()
    assert not editor_can_publish(news)
    assert editor_can_publish(site_tree["industry_index"])


def spanish_copy(page):
    copy = page.copy_for_translation(Locale.objects.get(language_code="es"), copy_parents=True)
    copy.save_revision().publish()
    return copy


@pytest.mark.django_db
def test_translator_edits_spanish_pages_only(translator, site_tree):
    english = site_tree["content"]
    spanish = spanish_copy(english)

    edit_url = f"/admin/pages/{spanish.pk}/edit/"
    data = form_data(translator, edit_url, **{"body-count": "0", "title": "Perspectivas"})
    response = translator.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    spanish.refresh_from_db()
    assert spanish.get_latest_revision().user.username == "translator"
    assert spanish.draft_title == "Perspectivas"

    english_edit = f"/admin/pages/{english.pk}/edit/"
    assert translator.get(english_edit)["Location"] == "/admin/"
    response = translator.post(english_edit, {"title": "Hijacked"})
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.draft_title == "Business insights"

    # Nor does a translator publish alone: Spanish pages go through approval too.
    user = User.objects.get(username="translator")
    assert not spanish.permissions_for_user(user).can_publish()


@pytest.mark.django_db
def test_translator_edits_spanish_snippets_only(translator, site_tree):
    organisation = factories.OrganisationFactory(name="Aetna")
    spanish = organisation.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.save()
    fields = {"name": "Aetna (ES)", "kind": "employer", "description": "", "website": ""}

    response = translator.post(f"/admin/snippets/core/organisation/edit/{spanish.pk}/", fields)
    assert response.status_code == 302
    spanish.refresh_from_db()
    assert spanish.name == "Aetna (ES)"

    response = translator.post(f"/admin/snippets/core/organisation/edit/{organisation.pk}/", fields)
    assert response["Location"] == "/admin/"
    organisation.refresh_from_db()
    assert organisation.name == "Aetna"


@pytest.mark.django_db
def test_site_history_shows_who_submitted_approved_and_published(site_tree):
    def user(name: str, group: str) -> User:
        account = User.objects.create_user(name, f"{name}@example.com", "secret-pass")
        account.groups.add(Group.objects.get(name=group))
        return account

    editor = user("ana.editor", roles.EDITORS)
    moderator = user("ben.moderator", roles.MODERATORS)
    report = site_tree["report"]
    report.save_revision(user=editor)
    report.get_workflow().start(report, editor)
    task_state = report.current_workflow_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve", comment="OK")

    def history(account: User) -> set:
        client = Client()
        client.force_login(account)
        response = client.get("/admin/reports/site-history/")
        assert response.status_code == 200
        return {
            (entry.action, entry.user.username if entry.user else None)
            for entry in response.context["object_list"]
            if entry.page_id == report.pk
        }

    wanted = {
        ("wagtail.workflow.start", "ana.editor"),
        ("wagtail.workflow.approve", "ben.moderator"),
        ("wagtail.publish", "ben.moderator"),
    }
    assert wanted <= history(user("cy.admin", roles.SITE_ADMINISTRATORS))
    # A translator's history holds only the Spanish tree.
    assert history(user("dee.translator", roles.TRANSLATORS)) == set()


@pytest.mark.django_db
def test_translator_submits_a_translated_page_for_moderation_from_the_translation_editor(
    translator, moderator, site_tree
):
    from wagtail_localize.models import StringSegment, StringTranslation, Translation

    spanish = Locale.objects.get(language_code="es")
    report = site_tree["report"]
    response = translator.post(
        f"/admin/localize/submit/page/{report.pk}/", {"locales": [spanish.pk]}
    )
    assert response.status_code == 302
    report_es = ReportPage.objects.get(translation_key=report.translation_key, locale=spanish)
    translation = Translation.objects.get(source__object_id=report.translation_key)
    for segment in StringSegment.objects.filter(
        source=translation.source
    ):  # as the editor saves them
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=spanish,
            context=segment.context,
            data=f"ES {segment.string.data}",
        )

    # wagtail-localize's editor offers publishing only to publishers; Translators get this.
    edit_url = f"/admin/pages/{report_es.pk}/edit/"
    submit_url = f"/admin/submit-translation/{report_es.pk}/"
    page = translator.get(edit_url).content.decode()
    assert "js-translation-editor" in page and f'action="{submit_url}"' in page
    assert f'action="{submit_url}"' not in moderator.get(edit_url).content.decode()  # publishes
    assert translator.get(submit_url).status_code == 405

    response = translator.post(submit_url)
    assert response.status_code == 302 and response["Location"] == edit_url
    report_es = ReportPage.objects.get(pk=report_es.pk)
    assert not report_es.live
    assert report_es.workflow_in_progress
    draft = report_es.get_latest_revision()
    assert draft.user.username == "translator"
    assert draft.as_object().title == f"ES {report.title}"
    assert report_es.current_workflow_task_state.revision_id == draft.pk
    # Submitted once: the button goes, and a second post changes nothing.
    assert f'action="{submit_url}"' not in translator.get(edit_url).content.decode()
    translator.post(submit_url)
    assert ReportPage.objects.get(pk=report_es.pk).latest_revision_id == draft.pk

    # The Moderator reviews it in the same editor: approves it with a comment and a
    # go-live time, and it is scheduled (the scheduler publishes it at that time).
    review_url = f"/admin/submit-translation/{report_es.pk}/review/"
    assert f'action="{review_url}"' not in translator.get(edit_url).content.decode()
    refused = translator.post(review_url, {"action": "approve"})  # Wagtail's "permission denied"
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert f'action="{review_url}"' in moderator.get(edit_url).content.decode()
    past = timezone.localtime() - datetime.timedelta(minutes=5)
    response = moderator.post(
        review_url, {"action": "approve", "go_live_at": past.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302  # with the error as a message: nothing approved
    assert ReportPage.objects.get(pk=report_es.pk).workflow_in_progress
    go_live = (timezone.localtime() + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    response = moderator.post(
        review_url,
        {"action": "approve", "comment": "Bien.", "go_live_at": go_live.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302 and response["Location"] == edit_url
    report_es = ReportPage.objects.get(pk=report_es.pk)
    assert not report_es.workflow_in_progress
    assert (report_es.live, report_es.status_string) == (False, "scheduled")
    assert report_es.scheduled_revision.approved_go_live_at == go_live
    assert report_es.scheduled_revision.as_object().title == f"ES {report.title}"
    comments = TaskState.objects.filter(workflow_state__base_content_type__isnull=False)
    assert comments.get(status="approved", finished_by__username="moderator").comment == "Bien."


@pytest.mark.django_db
def test_a_moderator_requests_changes_on_a_translation_and_it_goes_back(
    translator, moderator, site_tree
):
    from wagtail_localize.models import Translation

    spanish = Locale.objects.get(language_code="es")
    report = site_tree["report"]
    translator.post(f"/admin/localize/submit/page/{report.pk}/", {"locales": [spanish.pk]})
    report_es = ReportPage.objects.get(translation_key=report.translation_key, locale=spanish)
    assert Translation.objects.filter(source__object_id=report.translation_key).exists()
    translator.post(f"/admin/submit-translation/{report_es.pk}/")
    review_url = f"/admin/submit-translation/{report_es.pk}/review/"
    go_live = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    bad = moderator.post(review_url, {"action": "reject", "go_live_at": go_live})
    assert bad.status_code == 400
    response = moderator.post(review_url, {"action": "reject", "comment": "Falta el resumen."})
    assert response.status_code == 302
    report_es = ReportPage.objects.get(pk=report_es.pk)
    assert not report_es.live
    assert report_es.current_workflow_state.status == "needs_changes"


@pytest.mark.django_db
def test_only_those_who_may_edit_a_translated_page_submit_it(editor, site_tree):
    english = site_tree["report"]
    response = editor.post(f"/admin/submit-translation/{english.pk}/")  # not a translation
    assert response.status_code == 302
    assert not ReportPage.objects.get(pk=english.pk).workflow_in_progress
    outsider = Client()
    outsider.force_login(User.objects.create_user("nobody", "n@example.com", "pw"))
    assert outsider.post(f"/admin/submit-translation/{english.pk}/").status_code in (302, 403)
    assert not ReportPage.objects.get(pk=english.pk).workflow_in_progress
