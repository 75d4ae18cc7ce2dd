"""
Wire the project's endpoints onto Wagtail's API v3 instance; ``cms.urls`` mounts
``api`` at /api/v3/. The page types' API declarations live in each app's ``api.py``.
"""

import checks.api
import indicators.api
import indicators.page_downloads
import newsletter.api
import search.api
from cms import resilience
from cms.storage import outage

from . import contract, errors, preview, wagtail_v3
from .routers import navigation, route, site
from .routers import pages as _pages  # noqa: F401  (replaces Wagtail's page reads)

api = wagtail_v3.api
ROUTERS = {
    "/route/": route.router,
    "/navigation/": navigation.router,
    "/site/": site.router,
    "/preview/": preview.router,
    "/search/": search.api.router,
    "/newsletter/": newsletter.api.router,
    "/checks/": checks.api.router,
    "/indicators/": indicators.api.router,
}
for prefix, router in ROUTERS.items():
    api.add_router(prefix, router)
wagtail_v3.limit_wagtail_operations(api, list(ROUTERS.values()))
errors.register(api)
# A database outage is a 503 problem with Retry-After, not a 500 (cms/resilience.py).
resilience.register(api)
outage.register(api)  # and so is a media storage outage (cms/storage/outage.py)
wagtail_v3.patch_openapi(api, contract.complete_contract)

__all__ = ["api"]
