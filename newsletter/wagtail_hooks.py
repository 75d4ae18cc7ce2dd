from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .models import Subscriber
from .viewsets import SubscriberPermissionPolicy, subscriber_viewset

register_permission_policy(Subscriber, SubscriberPermissionPolicy(Subscriber), exact_class=True)


@hooks.register("register_admin_viewset")
def register_subscriber_viewset() -> ModelViewSet:
    return subscriber_viewset
