"""
Amazon CloudFront: an invalidation of paths (CloudFront has no cache tags). The API's
answers cannot all be named by URL (a listing has as many URLs as filters), so a change
the API shows invalidates ``/api/v3/*`` (one path, however many answers it covers) and
the front end's paths one by one, at most 1,000 per invalidation. Credentials come as for
any AWS client (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, or the instance's role);
``CDN_CLOUDFRONT_ENDPOINT_URL`` points it elsewhere (tests use a stand-in on loopback).
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from cms import request_id

from . import PurgeFailed, batches
from . import Purger as BasePurger

API_PATHS = "/api/v3/*"
#: Paths per invalidation (CloudFront allows 3,000 in progress per distribution).
BATCH = 1000


class Purger(BasePurger):
    def __init__(self, name: str, options: dict[str, Any]) -> None:
        import boto3
        from botocore.config import Config

        super().__init__(name, options)
        self.distribution_id = options["DISTRIBUTION_ID"]
        # A session of its own: credentials read afresh (a rotated key is picked up), and
        # boto3's shared default session is not used from the worker's threads.
        self.client = boto3.session.Session().client(
            "cloudfront",
            endpoint_url=options.get("ENDPOINT_URL"),
            region_name="us-east-1",  # CloudFront's API is global, signed for us-east-1
            config=Config(
                connect_timeout=self.timeout,
                read_timeout=self.timeout,
                retries={"max_attempts": 1},  # the outbox retries, with backoff
            ),
        )
        # X-Request-ID as the other purgers send it (added before signing: it is signed).
        self.client.meta.events.register(
            "before-sign.cloudfront.CreateInvalidation", _name_the_request
        )

    def paths(self, tags: list[str], urls: list[str]) -> list[str]:
        api_host = urlsplit(str(settings.CDN["API_URL"])).netloc
        found: set[str] = set()
        for url in urls:
            parts = urlsplit(url)
            if parts.netloc == api_host and parts.path.startswith("/api/"):
                found.add(API_PATHS)
            else:
                found.add((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
        if tags:
            found.add(API_PATHS)
        return sorted(found)

    def purge(self, tags: list[str], urls: list[str]) -> int | None:
        from botocore.exceptions import BotoCoreError, ClientError

        status = None
        for paths in batches(self.paths(tags, urls), BATCH):
            try:
                answer = self.client.create_invalidation(
                    DistributionId=self.distribution_id,
                    InvalidationBatch={
                        "Paths": {"Quantity": len(paths), "Items": paths},
                        "CallerReference": uuid.uuid4().hex,
                    },
                )
            except ClientError as error:
                code = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
                raise PurgeFailed(f"CloudFront refused the invalidation: {error}", code) from error
            except BotoCoreError as error:  # unreachable, timed out
                raise PurgeFailed(f"CloudFront could not be reached: {error}") from error
            status = answer["ResponseMetadata"]["HTTPStatusCode"]
        return status


def _name_the_request(request: Any, **kwargs: Any) -> None:
    for name, value in request_id.headers().items():
        request.headers[name] = value
