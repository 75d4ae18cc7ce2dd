"""
The content API: Wagtail's API v3 (a django-ninja ``NinjaAPI``), extended with the
project's typed page serialisers, routing, navigation, site, preview, search and
newsletter endpoints.

``cms.api.mount`` wires it all onto Wagtail's API instance; ``cms.urls`` mounts the
result at /api/v3/. Importing this package itself has no side effects, so that
signal handlers and tools can use its modules without building the API.
"""
