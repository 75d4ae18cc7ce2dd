"""Tests: fast hashing, immediate tasks, in-memory e-mail and a throwaway media root."""

import os
import tempfile

from cms.databases import replica_aliases

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="mha-test-media-"))  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CACHES = {  # tests never share a cache with a running site
    # As many entries as development's cache keeps: a test reading every answer of the
    # demo site must not see them culled (the default keeps 300).
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "mha-test",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
if os.environ.get("TEST_REDIS_URL"):
    # The suite against Redis, as production runs: one database per xdist worker, since
    # each test empties the cache.
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    CACHES = {
        "default": {
            "BACKEND": "cms.redis_cache.ResilientRedisCache",
            "LOCATION": f"{os.environ['TEST_REDIS_URL'].rstrip('/')}/{10 + _worker}",
            "OPTIONS": REDIS_OPTIONS,  # noqa: F405
        }
    }
# Replicas (DATABASE_REPLICA_URL) are never created or migrated by the test runner: each
# reads the primary's test database, which a real streaming replica receives.
for _alias in replica_aliases(DATABASES):  # noqa: F405
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}  # noqa: F405
# The external link check, when a test turns it on, asks the loopback receiver only.
CONTENT_CHECKS_EXTERNAL_LINKS = "off"
CONTENT_CHECKS_LINK_HOSTS = ["127.0.0.1"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Tests never collect static files; WhiteNoise would warn that the folder is missing.
STATIC_ROOT = None
WHITENOISE_AUTOREFRESH = True
# A purge is repeated a few seconds after it succeeded only in the tests of that
# (tests/test_cdn.py): elsewhere the repeat would be one more row in the outbox.
CDN = {**CDN, "PURGE_REPEAT_SECONDS": 0.0}  # noqa: F405
