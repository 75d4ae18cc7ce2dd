"""
Admin log-in throttling (django-axes): who is asking, and what a locked-out user sees.

Failures are counted per (username, client address) in the database, so every web
process sees the same count; ``AXES_FAILURE_LIMIT`` failures lock that pair out for
``AXES_COOLOFF_TIME``, even with the right password, while the same user from another
address, and other users from the same address, can still log in. A site
administrator unlocks early with ``python manage.py axes_reset_username NAME``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """
    The client's address as the API's rate limits see it: the ``NUM_PROXIES``-th
    address from the right of ``X-Forwarded-For`` behind that many proxies (production),
    else the connection's own address. A client cannot choose its address by sending
    ``X-Forwarded-For`` itself: only the entries the proxies appended are read.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "NINJA_NUM_PROXIES", None)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote
    return addresses[-min(proxies, len(addresses))]
