"""
Django's Redis cache, made to degrade instead of fail when Redis is unreachable.

Everything the site caches can be rebuilt from the database: API answers, the
restricted paths and locales (``cms.api.visibility``), image payloads, rate-limit
counters. So when Redis is down, a read is a miss and a write is skipped, and the
site answers from the database, uncached. Three things make that safe and cheap:

* **Back-off.** After a failure the process stops talking to Redis for
  ``RETRY_AFTER`` seconds (every call is then a miss at once, not a connection
  attempt), then tries again, so recovery needs no restart. The outage is logged
  once per ``LOG_INTERVAL``, not once per request.
* **Nothing stale survives the outage.** A write that did not reach Redis (a tag
  version bumped by a publish, a cached value deleted because it changed) would leave
  the old value there for whoever reads it once Redis is back. Each process keeps the
  keys of its failed writes and, before it uses Redis again, deletes them: a deleted
  tag version no longer matches any response stored with it, a deleted value is
  rebuilt from the database. Past ``MAX_STALE_KEYS`` keys it empties the cache
  instead. A process with such keys retries in the background, so it heals even if
  no request comes (the scheduler, a worker).
* **Callers can tell.** ``available()`` says whether Redis is being used, so the API
  can label its answers ``X-Cache: BYPASS`` instead of caching nothing silently.

The healing is per process: a process that failed a write heals within
``RETRY_AFTER`` of Redis coming back, and until then another process may still read
what that write should have replaced. The README's Production section says so.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("cms.cache")

# What an unreachable, timing-out or refusing Redis raises (redis-py wraps socket
# errors, but a few paths let OSError through).
OUTAGE_ERRORS = (RedisError, OSError)

# ``raise_to``: integers are stored as plain numbers (Django's serializer pickles
# everything else), so ``get`` reads them back; Lua compares them as doubles, exact up
# to 2**53 (a WAL position of 9 PB).
RAISE_TO = """
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
if current == nil or tonumber(ARGV[1]) > current then
    redis.call('SET', KEYS[1], ARGV[1])
end
"""


class Outage:
    """
    One process's view of one Redis location: whether calls are being skipped, and
    which keys failed writes left stale. Shared by the threads of a process (Django
    makes a cache object per thread, so this cannot live on the cache object).
    """

    def __init__(self, location: str, retry_after: float, log_interval: float, max_stale: int):
        self.location = location
        self.retry_after = retry_after
        self.log_interval = log_interval
        self.max_stale = max_stale
        self.lock = threading.Lock()
        # 0 while Redis is in use; otherwise the monotonic time of the next attempt.
        self.retry_at = 0.0
        self.since: float | None = None
        self.logged_at: float | None = None
        self.stale: set[str] = set()
        self.flush = False
        self.healer: threading.Thread | None = None

    def failed(self, error: BaseException) -> None:
        now = time.monotonic()
        with self.lock:
            self.retry_at = now + self.retry_after
            if self.since is None:
                self.since = now
            if self.logged_at is None or now - self.logged_at >= self.log_interval:
                self.logged_at = now
                logger.warning(
                    "Cache at %s is unreachable (%s: %s); answering from the database, "
                    "uncached, and retrying every %gs.",
                    self.location,
                    type(error).__name__,
                    error,
                    self.retry_after,
                )

    def remember(self, keys: Iterable[str], *, flush: bool = False) -> None:
        with self.lock:
            if flush:
                self.flush = True
            else:
                self.stale.update(keys)
            if len(self.stale) > self.max_stale:
                self.flush, self.stale = True, set()

    def recovered(self, healed: int, flushed: bool) -> None:
        with self.lock:
            since, self.since = self.since, None
            self.retry_at = 0.0
            self.logged_at = None
        if since is not None:
            logger.warning(
                "Cache at %s is reachable again after %.0fs; %s.",
                self.location,
                time.monotonic() - since,
                "emptied it, since more writes failed than were kept"
                if flushed
                else f"removed {healed} entries that failed writes left stale",
            )


_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def outage_for(location: str, retry_after: float, log_interval: float, max_stale: int) -> Outage:
    with _outages_lock:
        if location not in _outages:
            _outages[location] = Outage(location, retry_after, log_interval, max_stale)
        return _outages[location]


class ResilientRedisCacheClient(RedisCacheClient):
    """Django's Redis client with every call guarded (see the module docstring)."""

    # Django's; django-stubs leaves these private members out.
    _client: Callable[..., Any]
    _get_connection_pool: Callable[[bool], Any]
    _serializer: Any

    def __init__(self, servers, *, outage: Outage, **options):
        super().__init__(servers, **options)
        self.outage = outage
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        """
        One ``redis.Redis`` per connection pool, made once. Django makes a new one for
        every call, and building one (its table of about 170 reply callbacks) cost more
        than the round trip of a cached answer's read.
        """
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    # -- the guard -----------------------------------------------------------

    def ready(self) -> bool:
        """Whether Redis may be used now: up, or back after the back-off and healed."""
        outage = self.outage
        if not outage.retry_at:
            return True
        if time.monotonic() < outage.retry_at or not outage.lock.acquire(blocking=False):
            return False
        try:
            flush, stale = outage.flush, set(outage.stale)
        finally:
            outage.lock.release()
        try:
            client = self.get_client(write=True)
            if flush:
                client.flushdb()
            elif stale:
                keys = list(stale)
                for start in range(0, len(keys), 1000):
                    client.delete(*keys[start : start + 1000])
            else:
                client.ping()
        except OUTAGE_ERRORS as error:
            outage.failed(error)
            return False
        with outage.lock:
            outage.stale -= stale
            if flush:
                outage.flush = False
        outage.recovered(len(stale), flush)
        return True

    def _guarded(
        self,
        call: Callable[[], Any],
        default: Any,
        written: Iterable[str] = (),
        *,
        flush: bool = False,
    ) -> Any:
        if self.ready():
            try:
                return call()
            except OUTAGE_ERRORS as error:
                self.outage.failed(error)
        if written or flush:
            self.outage.remember(written, flush=flush)
            self._heal_later()
        return default

    def _heal_later(self) -> None:
        """Heal in the background, so a process that then sits idle still heals."""
        outage = self.outage
        with outage.lock:
            if outage.healer is not None and outage.healer.is_alive():
                return

            def heal() -> None:
                while outage.stale or outage.flush:
                    time.sleep(max(0.05, outage.retry_at - time.monotonic()))
                    self.ready()

            outage.healer = threading.Thread(target=heal, name="cache-healer", daemon=True)
            outage.healer.start()

    # -- reads: a miss while Redis is down -----------------------------------

    def get(self, key, default):
        return self._guarded(
            lambda: super(ResilientRedisCacheClient, self).get(key, default), default
        )

    def get_many(self, keys):
        return self._guarded(lambda: super(ResilientRedisCacheClient, self).get_many(keys), {})

    def has_key(self, key):
        return self._guarded(lambda: super(ResilientRedisCacheClient, self).has_key(key), False)

    # -- writes: skipped while Redis is down, their keys remembered -----------

    def add(self, key, value, timeout):
        # True, as for an empty cache: the caller goes on as if it had stored the value.
        return self._guarded(
            lambda: super(ResilientRedisCacheClient, self).add(key, value, timeout), True, [key]
        )

    def add_many(self, data: dict[str, Any], timeout) -> None:
        """``add`` for each key, in one round trip (a pipeline of SET NX)."""

        def call() -> None:
            pipeline = self.get_client(write=True).pipeline(transaction=False)
            for key, value in data.items():
                pipeline.set(key, self._serializer.dumps(value), ex=timeout, nx=True)
            pipeline.execute()

        self._guarded(call, None, list(data))

    def set(self, key, value, timeout):
        return self._guarded(
            lambda: super(ResilientRedisCacheClient, self).set(key, value, timeout), None, [key]
        )

    def touch(self, key, timeout):
        return self._guarded(
            lambda: super(ResilientRedisCacheClient, self).touch(key, timeout), False, [key]
        )

    def delete(self, key):
        return self._guarded(
            lambda: super(ResilientRedisCacheClient, self).delete(key), False, [key]
        )

    def incr(self, key, delta):
        missing = object()
        result = self._guarded(
            lambda: super(ResilientRedisCacheClient, self).incr(key, delta), missing, [key]
        )
        if result is missing:
            # As Django's backends answer for a key that is not there.
            raise ValueError(f"Key '{key}' not found.")
        return result

    def raise_to(self, key: str, value: int) -> None:
        """Store ``value`` unless the key holds a larger integer already, atomically."""
        self._guarded(
            lambda: self.get_client(write=True).eval(RAISE_TO, 1, key, value), None, [key]
        )

    def set_many(self, data, timeout):
        return self._guarded(
            lambda: super(ResilientRedisCacheClient, self).set_many(data, timeout), None, list(data)
        )

    def delete_many(self, keys):
        keys = list(keys)
        return self._guarded(
            lambda: super(ResilientRedisCacheClient, self).delete_many(keys), None, keys
        )

    def clear(self):
        return self._guarded(
            lambda: super(ResilientRedisCacheClient, self).clear(), False, flush=True
        )


class ResilientRedisCache(RedisCache):
    """
    ``django.core.cache.backends.redis.RedisCache`` that degrades to a miss while Redis
    is unreachable and heals what failed writes left stale (see the module docstring).

    OPTIONS, besides redis-py's own (``socket_connect_timeout``, ``socket_timeout``…):
    ``RETRY_AFTER`` (seconds between attempts while down, 5), ``LOG_INTERVAL``
    (seconds between log lines about one outage, 60), ``MAX_STALE_KEYS`` (10,000).
    """

    # Set by ``RedisCache.__init__``; django-stubs leaves these private attributes out.
    _servers: list[str]
    _options: dict[str, Any]
    _class: type[RedisCacheClient]

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        options = dict(self._options)
        retry_after = float(options.pop("RETRY_AFTER", 5))
        log_interval = float(options.pop("LOG_INTERVAL", 60))
        max_stale = int(options.pop("MAX_STALE_KEYS", 10_000))
        self._options = {
            **options,
            "outage": outage_for(",".join(self._servers), retry_after, log_interval, max_stale),
        }
        self._class = ResilientRedisCacheClient

    def add_many(self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT) -> None:
        """Store each value whose key is not there yet, in one round trip."""
        keys = {self.make_and_validate_key(key): value for key, value in data.items()}
        cast(ResilientRedisCacheClient, self._cache).add_many(
            keys, self.get_backend_timeout(timeout)
        )

    def raise_to(self, key: str, value: int) -> None:
        """
        Keep the larger of the integer stored under ``key`` and ``value`` (one round
        trip, so two processes raising it at once never leave the smaller one).
        """
        cast(ResilientRedisCacheClient, self._cache).raise_to(
            self.make_and_validate_key(key), value
        )

    def available(self) -> bool:
        """Whether Redis is in use now (False while it is down and being skipped)."""
        return cast(ResilientRedisCacheClient, self._cache).ready()  # the ``_class`` above
