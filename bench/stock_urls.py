"""Stock Wagtail API v2 at /api/v2/ and stock v3 at /api/v3/, as a project gets them."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.v3.urls import api as stock_v3

v2 = WagtailAPIRouter("wagtailapi")
v2.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("api/v2/", v2.urls),
    path("api/v3/", stock_v3.urls),
]
