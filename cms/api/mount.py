"""
Wire the project's endpoints onto Wagtail's API v3 instance; ``cms.urls`` mounts
``api`` at /api/v3/. The page types' API declarations live in each app's ``api.py``.
"""

import newsletter.api
import search.api
from cms import resilience

from . import errors, preview, wagtail_v3
from .routers import navigation, route, site
from .routers import pages as _pages  # noqa: F401  (replaces Wagtail's page reads)

api = wagtail_v3.api
api.add_router("/route/", route.router)
api.add_router("/navigation/", navigation.router)
api.add_router("/site/", site.router)
api.add_router("/preview/", preview.router)
api.add_router("/search/", search.api.router)
api.add_router("/newsletter/", newsletter.api.router)
errors.register(api)
# A database outage is a 503 problem with Retry-After, not a 500 (cms/resilience.py).
resilience.register(api)
wagtail_v3.patch_openapi(api)

__all__ = ["api"]
