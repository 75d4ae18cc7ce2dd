"""
Varnish (with varnish-modules' ``xkey``), as ``deploy/varnish/api.vcl`` sets it up: a
``PURGE`` with an ``xkey-purge`` header drops every object carrying one of its keys, and a
``PURGE`` of a URL (sent to Varnish, with the URL's host in ``Host``) drops that URL.
Every instance in ``CDN_VARNISH_URLS`` is purged.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from . import Purger as BasePurger
from . import batches_by_length

#: Varnish refuses a request header over 8 KB (``http_req_hdr_len``); keys go in batches.
KEYS_HEADER_LENGTH = 4000


class Purger(BasePurger):
    def __init__(self, name: str, options: dict[str, Any]) -> None:
        super().__init__(name, options)
        self.locations = [location.strip().rstrip("/") for location in options["LOCATIONS"]]

    def purge(self, tags: list[str], urls: list[str]) -> int | None:
        status = None
        for location in self.locations:
            for keys in batches_by_length(tags, KEYS_HEADER_LENGTH):
                status, _ = self.send(
                    "PURGE", location + "/", headers={"xkey-purge": " ".join(keys)}
                )
            for url in urls:
                parts = urlsplit(url)
                target = location + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                status, _ = self.send("PURGE", target, headers={"Host": parts.netloc})
        return status
