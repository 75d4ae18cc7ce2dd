"""
Liveness and readiness.

``/healthz/`` (liveness) answers from the process alone, so a process manager only
restarts a process that cannot answer at all. ``/readyz/`` (readiness) checks what an
answer may need, with django-health-check's probes: the database (``SELECT 1``), the
cache (a write and a read back), media storage (on local disk a file saved, read and
deleted; in a bucket a ``HEAD`` of it, tried once, with a 2 s timeout: ``cms.storage.s3``)
and each read replica (reachable, and its lag in seconds).
It answers 200 when all pass and 503 listing the failed checks otherwise, as JSON.

The site degrades rather than fails without its cache (answers come from the
database, uncached; see ``cms.redis_cache``) or a replica (reads go to the primary;
see ``cms.db_router``), so a 503 here because of either
says "degraded", not "down": take an instance out of rotation on it only if other
instances may still be healthy (a deploy gate, an alert), never every instance at once.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator

from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import HealthCheckException, ServiceUnavailable
from health_check.views import HealthCheckView

from cms.db_router import replicas

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


# A standby's delay: 0 when it has replayed all it received, else the time since the
# last transaction it replayed was committed (PostgreSQL's usual measure).
REPLICA_LAG = """
SELECT pg_is_in_recovery(),
       CASE WHEN NOT pg_is_in_recovery()
                 OR pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn()
            THEN 0
            ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float
       END
"""


@dataclasses.dataclass
class ReplicaCheck(HealthCheck):
    """
    A read replica (``DATABASE_REPLICA_URL``): reachable, a standby, and how far behind.
    Reads go to the primary while it fails (``cms.db_router``), so a failure here, like
    the cache's, means "degraded", not "down".
    """

    alias: str = "replica"
    details: dict = dataclasses.field(default_factory=dict, repr=False)

    def run(self) -> None:
        try:
            with connections[self.alias].temporary_connection() as cursor:
                cursor.execute(REPLICA_LAG)
                standby, lag = cursor.fetchone()
        except DatabaseError as error:
            reason = (
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            )
            raise ServiceUnavailable(f"unreachable ({reason}); reads go to the primary") from error
        self.details.update(standby=standby, lag_seconds=round(lag or 0.0, 3))


class ReadinessView(HealthCheckView):
    """``/readyz/``: every check's result as JSON; 503 when one fails."""

    checks = (Database, CacheCheck, StorageCheck)

    def get_checks(self) -> Iterator[HealthCheck]:
        yield from super().get_checks()
        for alias in replicas():
            yield ReplicaCheck(alias=alias)

    async def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        checks = {
            name_of(result.check): {
                "ok": result.error is None,
                **({"error": str(result.error)} if result.error else {}),
                **getattr(result.check, "details", {}),
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


def name_of(check: HealthCheck) -> str:
    if isinstance(check, ReplicaCheck):
        return check.alias
    return NAMES.get(type(check), repr(check))


readyz = ReadinessView.as_view()
