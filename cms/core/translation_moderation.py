"""
Moderation of translated pages, from wagtail-localize's translation editor.

That editor replaces Wagtail's page editor for a page being translated, and offers
"Publish in Spanish" to those who may publish and nothing else: no workflow actions
and no schedule. A Translator could translate every string and send the page to
nobody (the strings stay in wagtail-localize's tables, not in a draft of the page),
and a Moderator could not approve a submitted translation, nor give it a go-live time.
This adds a bar to the editor:

- for those who may edit the page but not publish it, "Submit for moderation": the
  translated strings become a draft of the page (as a publish would make them, without
  going live) and the page enters its workflow, as Wagtail's own button does;
- for those who may act on the page's current task, its actions (approve, request
  changes) with a comment and, when approving, an optional go-live time: the page is
  then scheduled, as approving a draft with a go-live time in Wagtail's editor does.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page
from wagtail_localize.models import Translation


def translation_of(page: Page) -> Translation | None:
    """The synced translation whose target is ``page``, if any."""
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()


def can_submit(page: Page, user) -> bool:
    """Whether ``user`` may submit this translated page (edits it, cannot publish it)."""
    perms = page.permissions_for_user(user)
    return (
        perms.can_edit()
        and not perms.can_publish()
        and page.get_workflow() is not None
        and not page.workflow_in_progress
    )


@require_POST
def submit(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    translation = translation_of(page)
    workflow = page.get_workflow()
    if translation is None or workflow is None:
        messages.error(request, _("This page is not a translation in a workflow."))
        return redirect(edit_url)
    if not can_submit(page, request.user):
        messages.error(request, _("This page is already in moderation, or you may publish it."))
        return redirect(edit_url)
    translation.save_target(user=request.user, publish=False)
    page = Page.objects.get(pk=page.pk).specific  # its new draft is the latest revision
    workflow.start(page, request.user)
    messages.success(
        request,
        _("Page '%(title)s' has been submitted for moderation.")
        % {"title": page.get_admin_display_title()},
    )
    return redirect(edit_url)


def review_actions(page: Page, user) -> list[tuple[str, str]]:
    """The current task's actions ``user`` may take on this page: (name, label), once each."""
    task = page.current_workflow_task
    if task is None:
        return []
    actions: dict[str, str] = {}
    for name, label, _needs_data in task.specific.get_actions(page, user):
        actions.setdefault(name, str(label))
    return list(actions.items())


class ReviewForm(forms.Form):
    action = forms.CharField()
    comment = forms.CharField(required=False, max_length=4000)
    go_live_at = forms.DateTimeField(
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],  # <input type="datetime-local">
    )

    def clean_go_live_at(self) -> datetime.datetime | None:
        value = self.cleaned_data["go_live_at"]
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("The go-live time must be in the future."))
        return value


@require_POST
def review(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    actions = dict(review_actions(page, request.user))
    if not actions:
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid() or form.cleaned_data["action"] not in actions:
        errors = "; ".join(str(e) for field in form.errors.values() for e in field) or _(
            "Unknown action."
        )
        messages.error(request, errors)
        return redirect(edit_url)
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
    go_live_at = form.cleaned_data["go_live_at"]
    if go_live_at is not None and action != "approve":
        return HttpResponseBadRequest("A go-live time goes with an approval only.")
    task_state = page.current_workflow_task_state
    if go_live_at is not None:
        # The workflow publishes the latest revision when it finishes: the one with the time.
        draft = page.get_latest_revision_as_object()
        draft.go_live_at = go_live_at
        draft.save_revision(user=request.user, log_action=True)
    page.current_workflow_task.specific.on_action(task_state, request.user, action, comment=comment)
    page = Page.objects.get(pk=page.pk).specific
    if action == "approve":
        message = (
            _("'%(title)s' approved: it goes live at %(time)s")
            % {
                "title": page.get_admin_display_title(),
                "time": formats.date_format(timezone.localtime(go_live_at), "DATETIME_FORMAT"),
            }
            if go_live_at is not None
            else _("'%(title)s' approved.") % {"title": page.get_admin_display_title()}
        )
    else:
        message = _("Changes requested on '%(title)s'.") % {"title": page.get_admin_display_title()}
    messages.success(request, message)
    return redirect(edit_url)
