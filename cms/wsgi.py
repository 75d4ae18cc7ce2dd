"""WSGI entry point; production runs it under gunicorn (see gunicorn.conf.py)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

django_application = get_wsgi_application()


def load_before_fork() -> None:
    """
    Import what the first request would: the URLconf and everything it mounts (the API's
    schemas, the admin's URLs, the health checks). gunicorn loads the application once
    in its master process (``preload_app``) and forks the workers from it, so each one
    starts with this loaded instead of spending about 250 ms of its first request on it.
    Nothing here opens a connection a forked worker could inherit.
    """
    from django.db import connections
    from django.urls import get_resolver

    from cms.db_router import close_pool

    get_resolver().url_patterns  # noqa: B018 (a cached property: loads cms.urls)
    connections.close_all()
    # A connection pool (DATABASE_POOL_MAX_SIZE) runs threads, which a fork leaves behind.
    for connection in connections.all(initialized_only=True):
        close_pool(connection.alias)
    # What is loaded now lives as long as the process: out of the garbage collector's
    # sight, its full collections stop walking the whole of Django and Wagtail, and the
    # workers' copies of those pages stay shared with the master.
    gc.freeze()


load_before_fork()

# Cached API reads are answered before Django's request cycle (see cms/api/fastpath.py).
from cms.api.fastpath import CachedReads  # noqa: E402

application = CachedReads(django_application)
