"""The site search endpoints, mounted at /api/v3/search/."""

from ninja import Router

router = Router(tags=["search"])
