from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .models import WebhookDelivery
from .viewsets import ReadOnlyPermissionPolicy, delivery_viewset, endpoint_viewset

register_permission_policy(
    WebhookDelivery, ReadOnlyPermissionPolicy(WebhookDelivery), exact_class=True
)


@hooks.register("register_admin_viewset")
def register_webhook_viewsets() -> list[ModelViewSet]:
    return [endpoint_viewset, delivery_viewset]
