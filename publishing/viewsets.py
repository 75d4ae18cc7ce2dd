"""
The admin's view of webhooks, under Settings: the endpoints (add, edit, switch off)
and the delivery log (status, attempts, last error; read only).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import WebhookDelivery, WebhookEndpoint


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """The log is written by the system only: view, never add, change or delete."""

    allowed = {"view"}

    def user_has_permission(self, user, action):
        return action in self.allowed and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action in self.allowed]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = "Webhook endpoints"
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    form_fields = ["name", "url", "secret", "is_active"]
    list_display = ["name", "url", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    search_backend_name = None


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "history"
    menu_label = "Webhook log"
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = []
    list_display = [
        "created_at",
        "event",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
    ]
    list_filter = ["status", "event", "endpoint"]
    search_fields = ["event", "last_error"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50
    inspect_view_fields = [
        "event",
        "endpoint",
        "status",
        "attempts",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "last_status_code",
        "last_error",
        "payload",
    ]


endpoint_viewset = WebhookEndpointViewSet("webhook_endpoints")
delivery_viewset = WebhookDeliveryViewSet("webhook_log")
