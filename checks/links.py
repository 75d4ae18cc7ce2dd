"""
The external link check: off unless ``CONTENT_CHECKS_EXTERNAL_LINKS`` is on, and then
only in the task worker (``checks.tasks.check_external_links``), never in a request.

Each address is asked once per run (a HEAD, then a GET if the server refuses HEAD),
with a timeout, at most one request per host every ``CONTENT_CHECKS_LINK_HOST_INTERVAL``
seconds, and ``CONTENT_CHECKS_LINK_RETRIES`` more tries when it times out, cannot
connect or answers 429 or 5xx. It asks only public addresses (a link to a private,
loopback or link-local address is not followed, so an editor's link cannot make the
CMS probe its own network), or, when ``CONTENT_CHECKS_LINK_HOSTS`` is set, only those
hosts: the tests set it to the loopback receiver they start.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from .content import PageContent
from .models import Severity
from .registry import Check, Found, register

USER_AGENT = "MetroHartford-CMS-link-check/1.0"


def enabled() -> bool:
    return str(getattr(settings, "CONTENT_CHECKS_EXTERNAL_LINKS", "")).lower() in (
        "1",
        "on",
        "true",
        "yes",
    )


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status: int | None = None
    error: str = ""
    skipped: bool = False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by hand, so that each hop is checked like the first."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Prober:
    MAX_REDIRECTS = 5

    def __init__(
        self,
        *,
        timeout: float,
        interval: float,
        retries: int,
        hosts: frozenset[str] | None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.timeout, self.interval, self.retries, self.hosts = timeout, interval, retries, hosts
        self.sleep, self.clock = sleep, clock
        self._last: dict[str, float] = {}
        self._seen: dict[str, Outcome] = {}
        self.requests = 0
        self._opener = urllib.request.build_opener(_NoRedirect)

    @classmethod
    def from_settings(cls) -> Prober:
        hosts = getattr(settings, "CONTENT_CHECKS_LINK_HOSTS", None)
        return cls(
            timeout=float(getattr(settings, "CONTENT_CHECKS_LINK_TIMEOUT", 10)),
            interval=float(getattr(settings, "CONTENT_CHECKS_LINK_HOST_INTERVAL", 1)),
            retries=int(getattr(settings, "CONTENT_CHECKS_LINK_RETRIES", 2)),
            hosts=frozenset(hosts) if hosts else None,
        )

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            return False
        if self.hosts is not None:
            return host in self.hosts
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(host, parts.port or 443)}
        except (OSError, UnicodeError):
            return True  # it does not resolve: asking it fails, and says so
        return all(ipaddress.ip_address(str(a).split("%")[0]).is_global for a in addresses)

    def probe(self, url: str) -> Outcome:
        if url not in self._seen:
            self._seen[url] = self._probe(url)
        return self._seen[url]

    def _probe(self, url: str) -> Outcome:
        for _hop in range(self.MAX_REDIRECTS + 1):
            if not self.allowed(url):
                return Outcome(True, skipped=True)
            outcome, location = self._with_retries(url)
            if location is None:
                return outcome
            url = urllib.parse.urljoin(url, location)
        return Outcome(False, error="too many redirects")

    def _with_retries(self, url: str) -> tuple[Outcome, str | None]:
        outcome = Outcome(False, error="not asked")
        for _attempt in range(self.retries + 1):
            outcome, location, final = self._ask(url)
            if final:
                return outcome, location
        return outcome, None

    def _ask(self, url: str) -> tuple[Outcome, str | None, bool]:
        """One try: (outcome, redirect target, whether trying again could change it)."""
        try:
            status, location = self._request(url, "HEAD")
            if status in (405, 501):  # a server that does not answer HEAD
                status, location = self._request(url, "GET")
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            return Outcome(False, error=f"no answer ({reason})"), None, False
        if 300 <= status < 400 and location:
            return Outcome(True, status), location, True
        if status < 400:
            return Outcome(True, status), None, True
        return Outcome(False, status), None, not (status == 429 or status >= 500)

    def _request(self, url: str, method: str) -> tuple[int, str | None]:
        self._wait_turn(urlsplit(url).hostname or "")
        # http(s) only: ``allowed`` refused every other scheme.
        request = urllib.request.Request(  # noqa: S310
            url, method=method, headers={"User-Agent": USER_AGENT}
        )
        self.requests += 1
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return int(response.status), None
        except urllib.error.HTTPError as error:
            return int(error.code), error.headers.get("Location")

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = last + self.interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()


@register
class ExternalLinks(Check):
    code = "external_link"
    title = "External link that fails"
    severity = Severity.ERROR
    advice = "Correct the address, link to where the page moved, or remove the link."
    in_page_run = False

    def __init__(self, prober: Prober | None = None) -> None:
        self.prober = prober or Prober.from_settings()

    def find(self, content: PageContent) -> Iterator[Found]:
        for link in content.external_links():
            outcome = self.prober.probe(link.url)
            if outcome.ok:
                continue
            if outcome.status is not None:
                yield Found(f"The link to {link.url} answers {outcome.status}.", link.where)
            else:
                yield Found(
                    f"The link to {link.url} gave {outcome.error}.",
                    link.where,
                    severity=Severity.WARNING,
                )
