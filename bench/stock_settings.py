"""
Stock Wagtail APIs on the same data: v2 (Django REST framework) and v3, unmodified, as a
project gets them: without this project's API layer in front (its response cache, its
guard that answers 404 for any API path but its own, HEAD as GET), which would refuse
v2 and make every v3 request look up a cache entry it never stores. Served by
``cms.wsgi:django_application``, without the cached reads' WSGI fast path.
"""

from bench.settings import *  # noqa: F403

PROJECT_API_MIDDLEWARE = {
    "cms.api.cache.ApiCacheStoreMiddleware",
    "cms.middleware.ApiHeadMiddleware",
    "cms.middleware.ApiInputGuardMiddleware",
    "cms.middleware.ApiCacheMiddleware",
}
MIDDLEWARE = [m for m in MIDDLEWARE if m not in PROJECT_API_MIDDLEWARE]  # noqa: F405
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2", "rest_framework"]  # noqa: F405
ROOT_URLCONF = "bench.stock_urls"
WAGTAILAPI_BASE_URL = "http://127.0.0.1"
