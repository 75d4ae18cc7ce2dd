"""
Fastly: purge by surrogate key (the answers' ``Surrogate-Key``), up to 256 keys per
``POST /service/<id>/purge``, and each URL by ``POST /purge/<host><path>``, with the API
token in ``Fastly-Key``. ``CDN_FASTLY_API_URL`` points it elsewhere (tests use a stand-in).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from . import Purger as BasePurger
from . import batches

API_URL = "https://api.fastly.com"
#: Surrogate keys per request.
BATCH = 256


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
            parts = urlsplit(url)
            cached = parts.netloc + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            status, _ = self.send("POST", f"{self.api}/purge/{cached}", headers=self.headers)
        return status
