"""
The content API: Wagtail's API v3 (a django-ninja ``NinjaAPI``), mounted at /api/v3/.

Project code imports the API from here rather than from ``wagtail.api.v3`` so that
an upgrade of the preview API touches this one module.
"""

from wagtail.api.v3.urls import api

__all__ = ["api"]
