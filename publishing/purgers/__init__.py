"""
Purgers: one per kind of CDN, each in its own module, chosen by ``CDN_PURGE_BACKENDS``
(``settings.CDN_PURGERS`` maps a name to ``{"BACKEND": "dotted.path.Purger", ...options}``,
so a project may add its own).

A purger is given one change's cache tags (as the API's answers send them, see
``cms.api.cdn``) and URLs (the API's and the front end's), splits them into the batches
its CDN takes, and raises ``PurgeFailed`` (or ``OSError`` when the CDN cannot be
reached) unless every batch was accepted: the outbox (``publishing.purges``) then tries
the whole request again later. Purging is idempotent, so a batch sent twice does no harm.
Every request names the request that made the change in ``X-Request-ID``
(``cms.request_id``), as webhook deliveries do.

Wagtail's ``wagtail.contrib.frontend_cache`` backends purge URLs only, and log a failure
instead of raising it (the outbox could not retry), and its Cloudflare backend's API
address is fixed; so these speak to each CDN's API directly, as those backends do.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from cms import request_id

USER_AGENT = "MetroHartford-CMS-Purge/1"


class PurgeFailed(Exception):
    """The CDN refused a purge, or answered with an error."""

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class Purger:
    """Purges one CDN; ``options`` are its entry in ``settings.CDN_PURGERS``."""

    def __init__(self, name: str, options: dict[str, Any]) -> None:
        self.name = name
        self.options = options
        self.timeout = float(options.get("TIMEOUT", settings.CDN["PURGE_TIMEOUT"]))

    def purge(self, tags: list[str], urls: list[str]) -> int | None:
        """Purge ``tags`` and ``urls``; returns the last HTTP status, raises on failure."""
        raise NotImplementedError

    def send(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        payload: Any = None,
    ) -> tuple[int, bytes]:
        """One HTTP request; ``PurgeFailed`` unless its status is 2xx."""
        body = None if payload is None else json.dumps(payload, separators=(",", ":")).encode()
        # X-Request-ID: the request that made the change (the task carries it), so the
        # CDN's logs of the purge can be matched with ours.
        all_headers = {
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            **request_id.headers(),
            **(headers or {}),
        }
        if body is not None:
            all_headers["Content-Type"] = "application/json"
        request = urllib.request.Request(  # noqa: S310 (the purgers' own http(s) settings)
            url, data=body, method=method, headers=all_headers
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            detail = error.read()[:500].decode(errors="replace")
            raise PurgeFailed(f"HTTP {error.code} from {url}: {detail}", error.code) from error


def batches[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size``."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def batches_by_length(items: Iterable[str], limit: int) -> Iterator[list[str]]:
    """``items`` in lists whose space-joined length stays within ``limit`` characters."""
    batch: list[str] = []
    length = 0
    for item in items:
        if batch and length + 1 + len(item) > limit:
            yield batch
            batch, length = [], 0
        length += len(item) + (1 if batch else 0)
        batch.append(item)
    if batch:
        yield batch


def get(name: str) -> Purger:
    """The purger configured as ``name``; ``KeyError`` when there is none by that name."""
    options = dict(settings.CDN_PURGERS[name])
    cls = import_string(options.pop("BACKEND"))
    purger: Purger = cls(name, options)
    return purger
