"""
The subscriber list in the Wagtail admin: search, filters, CSV/XLSX export, inspect
and delete (for erasure requests). Nobody adds or edits subscribers by hand, since
sign-up needs the subscriber's own confirmation; the permission policy refuses
"add" and "change" even to superusers.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Subscriber

READ_ONLY_ACTIONS = {"add", "change"}
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class SubscriberPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, less "add" and "change": view and delete only."""

    def user_has_permission(self, user, action):
        if action in READ_ONLY_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in READ_ONLY_ACTIONS]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


def spreadsheet_safe(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


class SubscriberIndexView(IndexView):
    custom_field_preprocess = {"email": {"csv": spreadsheet_safe, "xlsx": spreadsheet_safe}}


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = "Hartbeat subscribers"
    menu_order = 800
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = SubscriberIndexView
    # The add and edit views exist (ModelViewSet always routes them) but the policy
    # refuses them; they need a form class all the same.
    form_fields: list[str] = []

    list_display = ["email", "locale", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "locale"]
    search_fields = ["email"]
    search_backend_name = None  # not in the search index: a plain icontains on email
    ordering = ["-created_at"]
    list_per_page = 50
    list_export = [
        "email",
        "locale",
        "status",
        "consent_text",
        "consented_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "created_at",
    ]
    export_headings = {"locale": "Language", "consent_text": "Consent text"}
    export_filename = "hartbeat-subscribers"
    inspect_view_fields = [*list_export, "updated_at"]

    def get_permissions_to_register(self):
        # Offer only the permissions that mean something here in the group editor.
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Subscriber),
            codename__in=["view_subscriber", "delete_subscriber"],
        )


subscriber_viewset = SubscriberViewSet(
    "newsletter_subscribers", url_prefix="newsletter/subscribers"
)
