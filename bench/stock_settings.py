"""Stock Wagtail APIs on the same data: v2 (Django REST framework) and v3, unmodified."""

from bench.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2", "rest_framework"]  # noqa: F405
ROOT_URLCONF = "bench.stock_urls"
WAGTAILAPI_BASE_URL = "http://127.0.0.1"
