"""The translation editor's moderation bar (``cms.core.translation_moderation``)."""

from __future__ import annotations

from typing import Any

from django import template

from cms.core import translation_moderation

register = template.Library()


@register.inclusion_tag("core/submit_translation.html", takes_context=True)
def submit_translation(context: dict[str, Any], page: Any) -> dict[str, Any]:
    request = context.get("request")
    shown = (
        request is not None
        and getattr(page, "pk", None) is not None
        and translation_moderation.can_submit(page, request.user)
    )
    actions = (
        translation_moderation.review_actions(page, request.user)
        if request is not None and getattr(page, "pk", None) is not None
        else []
    )
    return {
        "page": page,
        "shown": shown,
        "actions": actions,
        "csrf_token": context.get("csrf_token"),
    }
