"""
A per-process copy of the API's cached answers, served without a round trip to Redis
while Redis says nothing they depend on has changed.

With the response cache in Redis (``cms.api.cache``), reading a cached answer is a
round trip, and under gunicorn that round trip is most of what a hit costs. So each
process keeps the answers it served recently, with the cache tags each depends on, and
serves them again until one of those tags changes. It learns of changes without asking:
one connection per process has Redis's client tracking on, in broadcasting mode for the
tags' versions (and the few small values every answer reads, ``remember``), so Redis
pushes the names of the keys any process changes (or evicts, or a flush) down that
connection. Before it serves from memory a request drains those messages (a poll of
the socket, not a round trip), dropping the answers that depend on a changed tag, so no
answer is served from memory once a change made anywhere has reached this host, and an
answer a change did not touch stays in memory through it (a publish storm costs no
sweep of re-reads). The connection is pinged every ``HEALTH_INTERVAL`` seconds; while
it is down every read goes to Redis, as without this layer, and when it opens again
everything kept is dropped (what changed meanwhile went unheard).

Why not redis-py's client-side caching: it needs Redis 7.4 (Debian's is 7.0), copies
every value on each hit, and caches every key a process reads; here the tags' versions
are only heard of, never kept, and only whole answers are kept, within
``API_CACHE["NEAR_BYTES"]`` per process.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from typing import Any

from redis.exceptions import RedisError

HEALTH_INTERVAL = 1.0
#: How many recent pushes are remembered, to tell whether a read in flight is stale.
PUSH_LOG = 1000
#: Marks a remembered value's name among the tags a push changed.
REMEMBERED = "remembered:"


class NearCache:
    def __init__(
        self,
        connect: Callable[[], Any],
        remembered_keys: dict[str, str],
        tag_prefix: str,
        max_bytes: int,
        failed: Callable[[BaseException], None],
    ):
        #: Makes a new RESP3 connection to the cache's Redis (``redis.Connection``).
        self.connect = connect
        #: Reports a failure to the cache's back-off (``cms.redis_cache.Outage``), so a
        #: Redis that is down or hangs is skipped by every read alike.
        self.failed = failed
        #: The keys whose changes Redis pushes: every tag's version (``tag_prefix``),
        #: and the small values every answer reads (``remember``: Redis key → name).
        self.remembered_keys = remembered_keys
        self.tag_prefix = tag_prefix
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        # In a forked child (a gunicorn worker) nothing of the parent's is valid.
        os.register_at_fork(after_in_child=self._forked)
        self.connection: Any = None
        self.poller: Any = None
        #: Counts the pushes heard; ``pushed`` says what each changed (None: everything),
        #: so a read that began before a change of what it depends on is not kept.
        self.epoch = 0
        self.pushed: deque[tuple[int, frozenset[str] | None]] = deque(maxlen=PUSH_LOG)
        self.entries: OrderedDict[str, dict] = OrderedDict()
        #: Tag → the keys of the answers kept that depend on it.
        self.dependents: dict[str, set[str]] = {}
        self.remembered: dict[str, Any] = {}
        self.size = 0
        self.pinged_at = 0.0

    # Reads -----------------------------------------------------------------------------

    def get(self, key: str) -> tuple[dict | None, int]:
        """The answer under ``key`` if it is current, and the epoch to ``put`` with."""
        with self.lock:
            if not self._listening():
                return None, self.epoch
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry, self.epoch

    def put(self, key: str, entry: dict, epoch: int) -> None:
        """Keep an answer just read from Redis, unless what it depends on changed since."""
        size = len(entry["body"]) + sum(len(n) + len(v) for n, v in entry.get("headers", ()))
        with self.lock:
            if self.connection is None:
                # Opened after a read from Redis succeeded, never before: a Redis that
                # is down or hangs costs no more attempts than without this layer.
                self._open()
                return
            if size > self.max_bytes // 4 or self._changed_since(epoch, entry["versions"]):
                return
            self._drop(key)
            self.entries[key] = {**entry, "_size": size}
            for tag in entry["versions"]:
                self.dependents.setdefault(tag, set()).add(key)
            self.size += size
            while self.size > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def remember[T](self, key: str, compute: Callable[[], T], ready: Callable[[], bool]) -> T:
        """
        ``compute()`` (which reads ``key`` from Redis, or builds it), remembered in
        memory until Redis pushes a change of it. ``ready`` says whether Redis answered
        (the connection is opened only then).
        """
        with self.lock:
            listening = self._listening()
            epoch = self.epoch
            if listening and key in self.remembered:
                return self.remembered[key]
        value = compute()
        with self.lock:
            if listening and not self._changed_since(epoch, (REMEMBERED + key,)):
                self.remembered[key] = value
            elif self.connection is None and ready():
                self._open()
        return value

    def forget(self, tags: Iterable[str]) -> None:
        """``tags`` changed in this process: drop what depends on them, now."""
        with self.lock:
            self._heard(frozenset(tags))

    # What changed ----------------------------------------------------------------------

    def _heard(self, changed: frozenset[str] | None) -> None:
        """Drop what depends on ``changed`` (tags, or ``REMEMBERED`` + key; None: all)."""
        self.epoch += 1
        self.pushed.append((self.epoch, changed))
        if changed is None:
            self.entries.clear()
            self.dependents.clear()
            self.remembered.clear()
            self.size = 0
            return
        for name in changed:
            if name.startswith(REMEMBERED):
                self.remembered.pop(name[len(REMEMBERED) :], None)
            for key in self.dependents.pop(name, ()):
                self._drop(key)

    def _changed_since(self, epoch: int, names: Iterable[str]) -> bool:
        """Whether a push since ``epoch`` changed one of ``names`` (unknown: yes)."""
        if epoch == self.epoch:
            return False
        if not self.pushed or self.pushed[0][0] > epoch + 1:
            return True  # the log no longer reaches back that far
        wanted = set(names)
        for pushed_at, changed in self.pushed:
            if pushed_at > epoch and (changed is None or not changed.isdisjoint(wanted)):
                return True
        return False

    def _drop(self, key: str) -> None:
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= entry["_size"]
            for tag in entry["versions"]:
                keys = self.dependents.get(tag)
                if keys is not None:
                    keys.discard(key)
                    if not keys:
                        del self.dependents[tag]

    def _on_push(self, message: Any) -> None:
        """Redis's invalidation message: the keys that changed, or None (a flush)."""
        keys = message[1]
        if keys is None:
            self._heard(None)
            return
        changed = set()
        for raw in keys:
            key = raw.decode() if isinstance(raw, bytes) else raw
            if key.startswith(self.tag_prefix):
                changed.add(key[len(self.tag_prefix) :])
            elif key in self.remembered_keys:
                changed.add(REMEMBERED + self.remembered_keys[key])
        if changed:
            self._heard(frozenset(changed))

    # The tracking connection -------------------------------------------------------------

    def _forked(self) -> None:
        self.lock = threading.Lock()  # the parent's may have been held while forking
        self.connection = self.poller = None
        self._heard(None)

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
            connection._parser.set_invalidation_push_handler(self._on_push)
            tracked = [self.tag_prefix, *self.remembered_keys]
            prefixes = [word for key in tracked for word in ("PREFIX", key)]
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
        self._heard(None)  # whatever happened while it was closed went unheard

    def _close(self) -> None:
        """
        The connection failed: every read goes to Redis until one succeeds and it is
        opened again. Whether Redis itself is down, that read tells (a connection found
        closed is what a Redis restarted since leaves).
        """
        with contextlib.suppress(RedisError, OSError):
            self.connection.disconnect()
        self.connection = None
        self._heard(None)


_nears: dict[tuple, NearCache] = {}


def near_cache(
    cache: Any, remembered: tuple[tuple[str, int | None], ...], tag_prefix: str, max_bytes: int
) -> NearCache | None:
    """
    The process's near cache in front of ``cache``, hearing of changes to the tags'
    versions (keys starting ``tag_prefix``) and to the ``remembered`` keys (each with its
    cache version, None for the cache's own); None unless ``cache`` is Redis.
    """
    client = getattr(cache, "_cache", None)
    pool_for = getattr(client, "_get_connection_pool", None)
    if pool_for is None or max_bytes <= 0:
        return None
    remembered_keys = {
        cache.make_and_validate_key(key, version=version): key for key, version in remembered
    }
    full_prefix = cache.make_and_validate_key(tag_prefix)
    # One per process and Redis, shared by its threads (Django's cache objects are not).
    identity = (tuple(cache._servers), tuple(remembered_keys), full_prefix, max_bytes)
    near = _nears.get(identity)
    if near is None:
        pool = pool_for(False)

        def connect() -> Any:
            return pool.connection_class(**{**pool.connection_kwargs, "protocol": 3})

        outage = getattr(client, "outage", None)
        failed = outage.failed if outage is not None else lambda error: None
        near = _nears.setdefault(
            identity, NearCache(connect, remembered_keys, full_prefix, max_bytes, failed)
        )
    return near
