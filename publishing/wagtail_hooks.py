from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .models import PurgeRequest, WebhookDelivery
from .viewsets import ReadOnlyPermissionPolicy, delivery_viewset, endpoint_viewset, purge_viewset

for _log in (WebhookDelivery, PurgeRequest):
    register_permission_policy(_log, ReadOnlyPermissionPolicy(_log), exact_class=True)


@hooks.register("register_admin_viewset")
def register_webhook_viewsets() -> list[ModelViewSet]:
    return [endpoint_viewset, delivery_viewset, purge_viewset]
