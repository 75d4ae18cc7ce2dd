"""WSGI entry point; production runs it under gunicorn (see gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

django_application = get_wsgi_application()

# Cached API reads are answered before Django's request cycle (see cms/api/fastpath.py).
from cms.api.fastpath import CachedReads  # noqa: E402

application = CachedReads(django_application)
