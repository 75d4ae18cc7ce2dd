"""Settings for benchmark servers: the project as deployed, minus HTTPS and logging noise."""

import os

import dj_database_url

from cms.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES = {"default": dj_database_url.parse(os.environ["BENCH_DATABASE_URL"], conn_max_age=600)}
databases.prepared_statements(DATABASES, os.environ)  # as cms.settings.base does  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": True}
MEDIA_ROOT = Path(os.environ.get("BENCH_MEDIA_ROOT", BASE_DIR / "bench" / "data" / "media"))  # noqa: F405

if not os.environ.get("REDIS_URL"):
    # Each gunicorn worker's own memory, as measured before the shared development cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "mha",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Generating thousands of pages should not index each one as it is saved; the
# content API benchmark does not search.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
}
