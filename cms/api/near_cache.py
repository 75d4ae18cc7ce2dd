"""
A per-process copy of the API's cached answers, served without a round trip to Redis
while Redis says nothing has changed.

With the response cache in Redis (``cms.api.cache``), reading a cached answer is a
round trip, and under gunicorn that round trip is most of what a hit costs. So each
process keeps the answers it served recently and serves them again for as long as the
global generation (which every change bumps, ``cms.api.cache.invalidate``) is the one
it last read. It learns of a new generation without asking: one connection per process
has Redis's client tracking on, in broadcasting mode for the generation key alone, so
Redis pushes a message down that connection whenever any process changes the key (or
the database is flushed, or the key is evicted). Before it serves from memory, a
request drains those messages (a poll of the socket, not a round trip), so no answer is
served from memory once a change made anywhere has reached this host. The connection is
pinged every ``HEALTH_INTERVAL`` seconds; while it is down, every read goes to Redis,
as without this layer. After a change, each answer is read from Redis once more (and
re-stamped there if its own tags did not change), then served from memory again.

Why not redis-py's client-side caching: it needs Redis 7.4 (Debian's is 7.0), copies
every value on each hit, and caches every key a process reads, each tag version
included; here one key is tracked and only whole answers are kept, within
``API_CACHE["NEAR_BYTES"]`` per process.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from redis.exceptions import RedisError

HEALTH_INTERVAL = 1.0


class NearCache:
    def __init__(
        self,
        connect: Callable[[], Any],
        tracked_keys: tuple[str, ...],
        max_bytes: int,
        failed: Callable[[BaseException], None],
    ):
        #: Makes a new RESP3 connection to the cache's Redis (``redis.Connection``).
        self.connect = connect
        #: Reports a failure to the cache's back-off (``cms.redis_cache.Outage``), so a
        #: Redis that is down or hangs is skipped by every read alike.
        self.failed = failed
        #: The keys whose changes Redis pushes: the generation, and the small values
        #: every answer reads (``remember``).
        self.tracked_keys = tracked_keys
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        # In a forked child (a gunicorn worker) nothing of the parent's is valid.
        os.register_at_fork(after_in_child=self._forked)
        self.connection: Any = None
        self.poller: Any = None
        #: The generation last read from Redis, while nothing has been pushed since.
        self.generation: str | None = None
        #: Counts the changes heard of, so a read that began before one is not kept.
        self.epoch = 0
        self.entries: OrderedDict[str, dict] = OrderedDict()
        self.remembered: dict[str, tuple[int, Any]] = {}
        self.size = 0
        self.pinged_at = 0.0

    # Reads -----------------------------------------------------------------------------

    def get(self, key: str) -> tuple[dict | None, int]:
        """The answer under ``key`` if it is current, and the epoch to ``put`` with."""
        with self.lock:
            if not self._listening() or self.generation is None:
                return None, self.epoch
            entry = self.entries.get(key)
            if entry is None or entry["generation"] != self.generation:
                return None, self.epoch
            self.entries.move_to_end(key)
            return entry, self.epoch

    def held(self, key: str) -> dict | None:
        """The answer kept under ``key``, current or not (to check its tags alone)."""
        with self.lock:
            return self.entries.get(key)

    def put(self, key: str, entry: dict, epoch: int) -> None:
        """Keep an answer just read from Redis, unless a change was heard of meanwhile."""
        size = len(entry["body"]) + sum(len(n) + len(v) for n, v in entry.get("headers", ()))
        with self.lock:
            if self.connection is None:
                # Opened after a read from Redis succeeded, never before: a Redis that
                # is down or hangs costs no more attempts than without this layer.
                self._open()
                return
            if epoch != self.epoch or size > self.max_bytes // 4:
                return
            self.generation = entry["generation"]
            previous = self.entries.pop(key, None)
            if previous is not None:
                self.size -= previous["_size"]
            self.entries[key] = {**entry, "_size": size}
            self.size += size
            while self.size > self.max_bytes:
                _, evicted = self.entries.popitem(last=False)
                self.size -= evicted["_size"]

    def remember[T](self, key: str, compute: Callable[[], T], ready: Callable[[], bool]) -> T:
        """
        ``compute()`` (which reads ``key`` from Redis, or builds it), remembered in
        memory until Redis pushes a change of it or of the generation. ``ready`` says
        whether Redis answered (the connection is opened only then).
        """
        with self.lock:
            listening = self._listening()
            epoch = self.epoch
            found = self.remembered.get(key)
            if listening and found is not None and found[0] == epoch:
                return found[1]
        value = compute()
        with self.lock:
            if listening and self.epoch == epoch:
                self.remembered[key] = (epoch, value)
            elif self.connection is None and ready():
                self._open()
        return value

    def forget(self) -> None:
        """Something changed: nothing in memory is current until Redis is read again."""
        with self.lock:
            self._changed()

    # The tracking connection -------------------------------------------------------------

    def _changed(self, message: Any = None) -> None:
        self.generation = None
        self.epoch += 1

    def _forked(self) -> None:
        self.lock = threading.Lock()  # the parent's may have been held while forking
        self.connection = self.poller = None
        self.entries.clear()
        self.remembered.clear()
        self.size = 0
        self._changed()

    def _listening(self) -> bool:
        """Drain the pushed invalidations; whether the connection is up (lock held)."""
        if self.connection is None:
            return False
        try:
            while self._pending():
                self.connection.read_response(push_request=True)
            now = time.monotonic()
            if now - self.pinged_at >= HEALTH_INTERVAL:
                self.connection.send_command("PING")
                self.connection.read_response()  # pushes before the answer are handled
                self.pinged_at = now
        except (RedisError, OSError):
            self._close()
            return False
        return True

    def _pending(self) -> bool:
        """
        Whether a pushed message waits, in the parser's buffer or on the socket: one
        ``poll`` (redis-py's ``can_read`` makes the socket non-blocking, reads and
        restores it: three calls, an exception on every request with nothing new).
        """
        buffer = getattr(self.connection._parser, "_buffer", None)
        if buffer is None:  # another parser (hiredis): its own, slower check
            return self.connection.can_read(timeout=0)
        return bool(buffer.unread_bytes() or self.poller.poll(0))

    def _open(self) -> None:
        connection = self.connect()
        try:
            connection.connect()
            connection._parser.set_invalidation_push_handler(self._changed)
            prefixes = [word for key in self.tracked_keys for word in ("PREFIX", key)]
            connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", *prefixes)
            connection.read_response()
        except (RedisError, OSError) as error:
            connection.disconnect()
            self.failed(error)
            return
        self.connection = connection
        self.poller = select.poll()
        self.poller.register(connection._sock, select.POLLIN | select.POLLERR | select.POLLHUP)
        self.pinged_at = time.monotonic()
        self._changed()  # whatever happened while it was closed went unheard

    def _close(self) -> None:
        """
        The connection failed: every read goes to Redis until one succeeds and it is
        opened again. Whether Redis itself is down, that read tells (a connection found
        closed is what a Redis restarted since leaves).
        """
        with contextlib.suppress(RedisError, OSError):
            self.connection.disconnect()
        self.connection = None
        self._changed()


_nears: dict[tuple, NearCache] = {}


def near_cache(cache: Any, tracked: tuple[str, ...], max_bytes: int) -> NearCache | None:
    """
    The process's near cache in front of ``cache``, hearing of changes to the keys
    ``tracked`` (the generation first); None unless ``cache`` is Redis.
    """
    client = getattr(cache, "_cache", None)
    pool_for = getattr(client, "_get_connection_pool", None)
    if pool_for is None or max_bytes <= 0:
        return None
    tracked_keys = tuple(cache.make_and_validate_key(key) for key in tracked)
    # One per process and Redis, shared by its threads (Django's cache objects are not).
    identity = (tuple(cache._servers), tracked_keys, max_bytes)
    near = _nears.get(identity)
    if near is None:
        pool = pool_for(False)

        def connect() -> Any:
            return pool.connection_class(**{**pool.connection_kwargs, "protocol": 3})

        outage = getattr(client, "outage", None)
        failed = outage.failed if outage is not None else lambda error: None
        near = _nears.setdefault(identity, NearCache(connect, tracked_keys, max_bytes, failed))
    return near
