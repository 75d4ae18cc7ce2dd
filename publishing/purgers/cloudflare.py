"""
Cloudflare: ``POST /zones/<zone>/purge_cache`` with a bearer token, purging by cache tag
(the answers' ``Cache-Tag``) and by URL, 30 of either per request. ``CDN_CLOUDFLARE_API_URL``
points it elsewhere (tests use a stand-in on loopback).
"""

from __future__ import annotations

import json
from typing import Any

from . import PurgeFailed, batches
from . import Purger as BasePurger

API_URL = "https://api.cloudflare.com/client/v4"
#: Tags or URLs per request.
BATCH = 30


class Purger(BasePurger):
    def __init__(self, name: str, options: dict[str, Any]) -> None:
        super().__init__(name, options)
        api = options.get("API_URL", API_URL).rstrip("/")
        self.url = f"{api}/zones/{options['ZONE_ID']}/purge_cache"
        self.headers = {"Authorization": f"Bearer {options['TOKEN']}"}

    def purge(self, tags: list[str], urls: list[str]) -> int | None:
        status = None
        for field, items in (("tags", tags), ("files", urls)):
            for batch in batches(items, BATCH):
                status, body = self.send(
                    "POST", self.url, headers=self.headers, payload={field: batch}
                )
                try:
                    answer = json.loads(body)
                except ValueError as error:
                    raise PurgeFailed("Cloudflare answered with no JSON", status) from error
                if not answer.get("success"):
                    messages = ", ".join(str(e.get("message")) for e in answer.get("errors", []))
                    raise PurgeFailed(f"Cloudflare refused the purge: {messages}", status)
        return status
