"""The Hartbeat sign-up endpoints, mounted at /api/v3/newsletter/."""

from ninja import Router

router = Router(tags=["newsletter"])
