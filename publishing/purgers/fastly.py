"""
Fastly, as its API reference documents purging (api.fastly.com, the API token in
``Fastly-Key``):

- surrogate keys (the answers' ``Surrogate-Key``): ``POST /service/<id>/purge`` with the
  keys in a JSON body, ``{"surrogate_keys": [...]}``, at most 256 per request;
- each URL: ``POST /purge/<cached_url>``, the cached URL without its scheme
  (``www.example.org/path?query``) as one path parameter, percent-encoded as Fastly's
  own API clients encode it: a query string must reach Fastly as part of the cached URL
  (``%3F``), not as the API request's own query, or the URL purged would be the one
  without it (every ``route/?path=`` URL would purge ``route/``).

``CDN_FASTLY_API_URL`` points it elsewhere (tests use a stand-in that checks these forms).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from . import Purger as BasePurger
from . import batches

API_URL = "https://api.fastly.com"
#: Surrogate keys per request.
BATCH = 256


def cached_url(url: str) -> str:
    """``url`` as the path parameter of ``POST /purge/<cached_url>``."""
    parts = urlsplit(url)
    cached = parts.netloc + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # Slashes stay as they are (Fastly's examples write them so); everything else that
    # is not plain, the query's "?", "&" and "=" and any "%" already in the URL, is
    # encoded, so that Fastly decodes it back to the URL exactly as cached.
    return quote(cached, safe="/")


class Purger(BasePurger):
    def __init__(self, name: str, options: dict[str, Any]) -> None:
        super().__init__(name, options)
        self.api = options.get("API_URL", API_URL).rstrip("/")
        self.service_id = options["SERVICE_ID"]
        self.headers = {"Fastly-Key": options["TOKEN"]}

    def purge(self, tags: list[str], urls: list[str]) -> int | None:
        status = None
        for keys in batches(tags, BATCH):
            status, _ = self.send(
                "POST",
                f"{self.api}/service/{quote(self.service_id, safe='')}/purge",
                headers=self.headers,
                payload={"surrogate_keys": keys},
            )
        for url in urls:
            status, _ = self.send(
                "POST", f"{self.api}/purge/{cached_url(url)}", headers=self.headers
            )
        return status
