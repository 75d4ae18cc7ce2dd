"""
Wire the project's endpoints onto Wagtail's API v3 instance; ``cms.urls`` mounts
``api`` at /api/v3/. The page types' API declarations live in each app's ``api.py``.
"""

from importlib import import_module

from . import errors, wagtail_v3

# Each app's api.py registers its page types; they must be known before the
# routers below build their schemas.
PAGE_TYPE_MODULES = ["home.api", "initiatives.api", "reports.api", "industries.api"]
for module in PAGE_TYPE_MODULES:
    import_module(module)

import newsletter.api  # noqa: E402
import search.api  # noqa: E402

from . import preview  # noqa: E402
from .routers import navigation, route, site  # noqa: E402
from .routers import pages as _pages  # noqa: E402, F401  (replaces Wagtail's page reads)

api = wagtail_v3.api
api.add_router("/route/", route.router)
api.add_router("/navigation/", navigation.router)
api.add_router("/site/", site.router)
api.add_router("/preview/", preview.router)
api.add_router("/search/", search.api.router)
api.add_router("/newsletter/", newsletter.api.router)
errors.register(api)
wagtail_v3.patch_openapi(api)

__all__ = ["api"]
