"""Response caches: `InMemoryCache` (one process) and `RedisCache` (shared through Redis).

Set `litellm_py.cache = InMemoryCache()` for every call or `Router(cache=...)` for a router's.
Entries are the response JSON, keyed by a canonical hash of what changes the answer
(`cache_key`); a cache never breaks a call: a failing Redis is a logged miss.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["NOT_IN_KEY", "InMemoryCache", "RedisCache", "cache_key"]

logger = logging.getLogger("litellm_py.cache")

NOT_IN_KEY = frozenset(
    {
        "api_key",
        "api_base",
        "base_url",
        "timeout",
        "num_retries",
        "max_retries",
        "metadata",
        "callbacks",
        "stream",
        "stream_options",
        "extra_headers",
        "cache",
        "drop_params",
        "fallbacks",
        "progress_timeout",
        "user",
    }
)
"""Call parameters that do not change the answer, so they are not part of the cache key."""


def _plain(value: Any) -> Any:
    """Message objects and other records as plain JSON values."""
    dump = getattr(value, "model_dump", None)
    return dump() if callable(dump) else str(value)


def cache_key(
    endpoint: str, identity: str, args: Mapping[str, Any], params: Mapping[str, Any]
) -> str:
    """A canonical hash of provider/model (`identity`), the input and the answer-changing params."""
    wanted = {k: v for k, v in params.items() if k not in NOT_IN_KEY and v is not None}
    body = {"endpoint": endpoint, "model": identity, "args": dict(args), "params": wanted}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), default=_plain)
    return "litellm_py:cache:" + hashlib.sha256(text.encode()).hexdigest()


class InMemoryCache:
    """A process-local LRU cache of responses.

    Args:
        max_size: entries kept (least recently used go first).
        ttl: default seconds an entry lives (None: until evicted).
        clock: monotonic clock (tests inject one).
    """

    def __init__(
        self,
        max_size: int = 1000,
        ttl: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_size < 1:
            raise ValueError("max_size must be >= 1")
        self.max_size = max_size
        self.ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[float | None, str]] = OrderedDict()

    def get(self, key: str) -> str | None:
        """The stored JSON text, or None when absent or expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, value = entry
            if expires is not None and self._clock() >= expires:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: str, ttl: float | None = None) -> None:
        """Store `value` for `ttl` seconds (default: the cache's ttl)."""
        ttl = self.ttl if ttl is None else ttl
        with self._lock:
            self._entries[key] = (None if ttl is None else self._clock() + ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_size:
                self._entries.popitem(last=False)

    async def aget(self, key: str) -> str | None:
        """Async twin of `get` (no I/O: the same code)."""
        return self.get(key)

    async def aset(self, key: str, value: str, ttl: float | None = None) -> None:
        """Async twin of `set`."""
        self.set(key, value, ttl)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"InMemoryCache(max_size={self.max_size}, ttl={self.ttl}, entries={len(self)})"


class RedisCache:
    """A response cache in Redis, shared by every process using the same URL (extra `redis`).

    Args:
        url: e.g. "redis://127.0.0.1:6379/0".
        ttl: default seconds an entry lives (None: no expiry).
        timeout: seconds before a Redis operation counts as failed (then: a miss).
    """

    def __init__(self, url: str, ttl: float | None = None, *, timeout: float = 0.5) -> None:
        from litellm_py._redis import RedisClients

        self.ttl = ttl
        self.clients = RedisClients(url, timeout)

    def _ttl_ms(self, ttl: float | None) -> int | None:
        ttl = self.ttl if ttl is None else ttl
        return None if ttl is None else max(1, int(ttl * 1000))

    def get(self, key: str) -> str | None:
        """The stored JSON text, or None (also when Redis fails: logged)."""
        from litellm_py._redis import redis_errors

        try:
            value = self.clients.sync().get(key)
        except redis_errors() as exc:
            _failed("read", exc)
            return None
        return None if value is None else _text(value)

    def set(self, key: str, value: str, ttl: float | None = None) -> None:
        """Store `value` (a failing Redis is logged, never raised)."""
        from litellm_py._redis import redis_errors

        try:
            self.clients.sync().set(key, value, px=self._ttl_ms(ttl))
        except redis_errors() as exc:
            _failed("write", exc)

    async def aget(self, key: str) -> str | None:
        """Async twin of `get`."""
        from litellm_py._redis import redis_errors

        try:
            value = await self.clients.async_().get(key)
        except redis_errors() as exc:
            _failed("read", exc)
            return None
        return None if value is None else _text(value)

    async def aset(self, key: str, value: str, ttl: float | None = None) -> None:
        """Async twin of `set`."""
        from litellm_py._redis import redis_errors

        try:
            await self.clients.async_().set(key, value, px=self._ttl_ms(ttl))
        except redis_errors() as exc:
            _failed("write", exc)

    def close(self) -> None:
        """Close the sync connections."""
        self.clients.close()

    async def aclose(self) -> None:
        """Close the running loop's async connections."""
        await self.clients.aclose()

    def __repr__(self) -> str:
        from litellm_py._redis import describe_url

        return f"RedisCache({describe_url(self.clients.url)!r}, ttl={self.ttl})"


def _failed(what: str, exc: BaseException) -> None:
    name = type(exc).__name__
    logger.warning("cache %s failed (%s: %s); calling the model instead", what, name, exc)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
