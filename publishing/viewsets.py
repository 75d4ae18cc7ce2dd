"""
The admin's view of the outbox, under Settings: the webhook endpoints (add, edit, switch
off), the delivery log and the CDN purge log (status, attempts, last error; read only,
but a finished delivery or purge can be sent again once its receiver is fixed).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from .models import OutboxItem, PurgeRequest, WebhookDelivery, WebhookEndpoint

#: Who may send a delivery or a purge again: whoever manages the webhook endpoints (the
#: site administrators).
RESEND_PERMISSION = "publishing.change_webhookendpoint"
FINISHED = {OutboxItem.Status.DELIVERED, OutboxItem.Status.FAILED}


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


def resend(delivery: OutboxItem) -> None:
    """Queue a finished delivery or purge again, with a fresh round of attempts."""
    from .delivery import enqueue

    model = type(delivery)
    model._default_manager.filter(pk=delivery.pk).update(
        status=OutboxItem.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: enqueue(model, [str(delivery.pk)]))


class DeliveryInspectView(InspectView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.object.status in FINISHED and self.request.user.has_perm(RESEND_PERMISSION):
            namespace = self.index_url_name.rpartition(":")[0]  # the log's
            url = reverse(f"{namespace}:resend", args=[self.object.pk])
            buttons.append(HeaderButton("Send again", url=url, icon_name="redirect"))
        return buttons


class ResendView(WagtailAdminTemplateMixin, TemplateView):
    """Asks, then queues a finished delivery or purge again (``model`` in log ``url_namespace``)."""

    page_title = "Send again"
    header_icon = "redirect"
    model: type[OutboxItem] = WebhookDelivery
    url_namespace = "webhook_log"

    def dispatch(self, request, pk):
        if not request.user.has_perm(RESEND_PERMISSION):
            return permission_denied(request)
        self.delivery = get_object_or_404(self.model, pk=pk, status__in=FINISHED)
        self.inspect_url = reverse(f"{self.url_namespace}:inspect", args=[pk])
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.delivery)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            delivery=self.delivery, inspect_url=self.inspect_url, **kwargs
        )

    def post(self, request, pk):
        resend(self.delivery)
        messages.success(request, f"“{self.delivery}” is queued to be sent again.")
        return redirect(self.inspect_url)


class OutboxLogViewSet(ModelViewSet):
    """
    A read-only log of one kind of outbox item, newest first, under Settings; a
    finished one can be sent again (``ResendView``, with ``resend_template``).
    """

    icon = "history"
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = DeliveryInspectView
    form_fields: list[str] = []
    search_fields = ["event", "last_error"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50
    #: The outbox fields every log shows after its own (``inspect_view_fields``).
    outbox_fields = [
        "status",
        "attempts",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "last_status_code",
        "last_error",
    ]
    resend_template: str

    def get_urlpatterns(self):
        resend_view = ResendView.as_view(
            model=self.model, url_namespace=self.name, template_name=self.resend_template
        )
        return [*super().get_urlpatterns(), path("resend/<uuid:pk>/", resend_view, name="resend")]


class WebhookDeliveryViewSet(OutboxLogViewSet):
    model = WebhookDelivery
    menu_label = "Webhook log"
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
    inspect_view_fields = ["event", "endpoint", *OutboxLogViewSet.outbox_fields, "payload"]
    resend_template = "publishing/confirm_resend.html"


class PurgeRequestViewSet(OutboxLogViewSet):
    """The CDN purges each change made (publishing.purges), one per purger."""

    model = PurgeRequest
    menu_label = "CDN purges"
    list_display = [
        "created_at",
        "event",
        "backend",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
    ]
    list_filter = ["status", "event", "backend"]
    inspect_view_fields = [
        "event",
        "backend",
        "repeat_of",
        *OutboxLogViewSet.outbox_fields,
        "tags",
        "urls",
    ]
    resend_template = "publishing/confirm_resend_purge.html"


endpoint_viewset = WebhookEndpointViewSet("webhook_endpoints")
delivery_viewset = WebhookDeliveryViewSet("webhook_log")
purge_viewset = PurgeRequestViewSet("cdn_purge_log")
