"""
Rate limits for the newsletter endpoints, per client, using ninja's throttling.

A client is its IP address (an IPv6 client by its /64, which one host can rotate
through freely). ``X-Forwarded-For`` is trusted only when ``NINJA_NUM_PROXIES`` says
how many proxies in front of the app append to it; otherwise anyone could send a
new value with every request and never be limited. Behind a proxy that setting
must be set, or every visitor shares the proxy's address and its limit.

Sign-ups from the public site reach the CMS through the front end's own server, so the
connecting address (or the one the proxies report) is the front end's for every visitor.
The front end therefore says whose request it passes on: the visitor's address in
``X-Visitor-Address``, with the shared secret ``FRONTEND_API_TOKEN`` in
``X-Frontend-Token``. The visitor's address is believed only when the token matches
(compared in constant time); without the setting, or with a missing or wrong token,
both headers are ignored and the client is counted as above, so a caller of the CMS
cannot choose its own identity.

The address is hashed before it becomes a cache key, and the cache entry lasts only
as long as the rate's period. If the cache is unreachable, requests are let through
(and the error logged) rather than refused.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from ninja.conf import settings as ninja_settings
from ninja.throttling import BaseThrottle, SimpleRateThrottle

logger = logging.getLogger(__name__)

#: The front end's proof that it is the front end, and the visitor it speaks for.
TOKEN_HEADER = "HTTP_X_FRONTEND_TOKEN"  # noqa: S105 (a header name, not a secret)
VISITOR_HEADER = "HTTP_X_VISITOR_ADDRESS"


def frontend_visitor(request: HttpRequest) -> str | None:
    """
    The visitor's address the front end passes on, if the request carries the front
    end's token; else None. An unparseable address counts as none.
    """
    expected = getattr(settings, "FRONTEND_API_TOKEN", "") or ""
    given = request.META.get(TOKEN_HEADER, "")
    if not expected or not given:
        return None
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return None
    address = request.META.get(VISITOR_HEADER, "").strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ident(request: HttpRequest) -> str:
    """
    Who is asking, as this module's docstring says: the front end's visitor when its
    token vouches for one, else the client's address (an IPv6 client by its /64).
    Shared with the site search's count of distinct visitors (``search.querylog``).
    """
    visitor = frontend_visitor(request)
    if visitor is not None:
        address = visitor
    elif ninja_settings.NUM_PROXIES is None:
        address = request.META.get("REMOTE_ADDR", "")
    else:
        address = BaseThrottle().get_ident(request) or ""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class ClientRateThrottle(SimpleRateThrottle):
    """``rate()`` requests per period per client for ``scope``, the rate read on each request."""

    def __init__(self, scope: str, rate: Callable[[], str]):
        # SimpleRateThrottle parses its rate once; this one reads the setting on each
        # request, and keeps the per-request state per thread (ninja shares one
        # throttle object between threads).
        self.scope = scope
        self._rate = rate
        self._state = threading.local()

    @property
    def rate(self) -> str:  # type: ignore[override]
        return self._rate()

    @property
    def num_requests(self) -> int | None:  # type: ignore[override]
        return self.parse_rate(self.rate)[0]

    @property
    def duration(self) -> int | None:  # type: ignore[override]
        return self.parse_rate(self.rate)[1]

    # Per-request state that SimpleRateThrottle keeps on the instance.
    key = property(lambda self: self._state.key, lambda self, v: setattr(self._state, "key", v))
    history = property(
        lambda self: self._state.history, lambda self, v: setattr(self._state, "history", v)
    )
    now = property(lambda self: self._state.now, lambda self, v: setattr(self._state, "now", v))

    def get_ident(self, request: HttpRequest) -> str:
        return client_ident(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        ident = hashlib.sha256(self.get_ident(request).encode()).hexdigest()
        return f"throttle_newsletter_{self.scope}_{ident}"

    def allow_request(self, request: HttpRequest) -> bool:
        try:
            return super().allow_request(request)
        except Exception:
            logger.exception("Newsletter rate limit unavailable; letting the request through")
            self.history = []
            return True
