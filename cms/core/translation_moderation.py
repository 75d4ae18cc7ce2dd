"""
Translators submit their Spanish pages for moderation from wagtail-localize's editor.

wagtail-localize's translation editor offers "Publish in Spanish" to those who may
publish and nothing to the rest: a Translator could translate every string and send
the page to nobody (the strings stay in wagtail-localize's tables, not in a draft of
the page). This adds "Submit for moderation" to the editor for those who may edit the
page but not publish it: the translated strings become a draft of the page, as a
publish would make them without going live, and the page enters its workflow, as
Wagtail's own "Submit for moderation" does.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
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
