"""
Liveness and readiness.

``/healthz/`` (liveness) answers from the process alone, so a process manager only
restarts a process that cannot answer at all. ``/readyz/`` (readiness) checks what an
answer may need, with django-health-check's probes: the database (``SELECT 1``), the
cache (a write and a read back) and media storage (on local disk a file saved, read and
deleted; in a bucket a ``HEAD`` of it, tried once, with a 2 s timeout: ``cms.storage.s3``).
It answers 200 when all pass and 503 listing the failed checks otherwise, as JSON.

The site degrades rather than fails without its cache (answers come from the
database, uncached; see ``cms.redis_cache``), so a 503 here because of the cache
says "degraded", not "down": take an instance out of rotation on it only if other
instances may still be healthy (a deploy gate, an alert), never every instance at once.
"""

from __future__ import annotations

import asyncio
import dataclasses

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import HealthCheckException, ServiceUnavailable
from health_check.views import HealthCheckView

UNREACHABLE = "unreachable; answers are served from the database, uncached"


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@dataclasses.dataclass
class CacheCheck(Cache):
    """The library's cache probe, which first asks a resilient backend if it is in use."""

    async def run(self):
        from django.core.cache import caches

        available = getattr(caches[self.alias], "available", None)
        if available is not None and not available():
            raise ServiceUnavailable(UNREACHABLE)
        try:
            await super().run()
        except HealthCheckException as error:
            # The probe is what found the outage: say so rather than "key does not match".
            if available is not None and not available():
                raise ServiceUnavailable(UNREACHABLE) from error
            raise


@dataclasses.dataclass
class StorageCheck(Storage):
    """
    The library's storage probe (save, read, delete) on local disk; on a bucket, which
    several hosts share, a cheap ``HEAD`` of it that also proves the credentials. The
    site answers while storage is down (renditions' URLs need no request to it), so
    this, like the cache's, says "degraded": uploads and document downloads fail.
    """

    def run(self):
        probe = getattr(self.storage, "probe", None)
        if probe is None:
            return super().run()
        try:
            probe()
        except OSError as error:
            raise ServiceUnavailable(str(error)) from error


NAMES = {Database: "database", CacheCheck: "cache", StorageCheck: "storage"}


class ReadinessView(HealthCheckView):
    """``/readyz/``: every check's result as JSON; 503 when one fails."""

    checks = (Database, CacheCheck, StorageCheck)

    async def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        checks = {
            NAMES.get(type(result.check), repr(result.check)): {
                "ok": result.error is None,
                **({"error": str(result.error)} if result.error else {}),
                "seconds": round(result.time_taken, 4),
            }
            for result in results
        }
        failed = [name for name, check in checks.items() if not check["ok"]]
        response = JsonResponse(
            {"status": "unavailable" if failed else "ok", "failed": failed, "checks": checks},
            status=503 if failed else 200,
        )
        add_never_cache_headers(response)
        return response


readyz = ReadinessView.as_view()
