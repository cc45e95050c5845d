"""Redis clients for the router state and `RedisCache` (redis-py, extra `redis`).

Clients fail fast: a short socket timeout and no client-side retries, so a slow or dead Redis
never hangs a call; what happens then is the caller's documented choice.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

from litellm_py.exceptions import ConfigurationError

__all__ = ["RedisClients", "describe_url", "redis_errors"]


def _redis() -> Any:
    try:
        import redis
        import redis.asyncio
    except ImportError as exc:  # pragma: no cover - the dev environment has the extra
        raise ConfigurationError(
            "redis_url / RedisCache need redis-py: pip install 'litellm_py[redis]'"
        ) from exc
    return redis


def redis_errors() -> tuple[type[BaseException], ...]:
    """What a failed Redis operation raises (connection, timeout, protocol)."""
    redis = _redis()
    return (redis.exceptions.RedisError, OSError)


MAX_CONNECTIONS = 16
"""Redis connections per client (sync, and per event loop)."""


def describe_url(url: str) -> str:
    """host:port/db of a Redis URL, without the password."""
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 6379}{parts.path or ''}"


class RedisClients:
    """One sync client, and one async client per event loop (redis-py's asyncio clients are
    bound to the loop they connect on)."""

    def __init__(self, url: str, timeout: float) -> None:
        if not isinstance(url, str) or not url.startswith(("redis://", "rediss://", "unix://")):
            raise ConfigurationError(
                f"redis_url must look like 'redis://host:6379/0', got {describe_url(str(url))!r}"
            )
        self.url = url
        self.timeout = timeout
        self._sync: Any = None
        self._async: dict[asyncio.AbstractEventLoop, Any] = {}

    def _pool_options(self, retry: Any) -> dict[str, Any]:
        # A bounded pool: many concurrent calls share MAX_CONNECTIONS connections (each script
        # call is short); waiting for one counts against the same timeout.
        return {
            "max_connections": MAX_CONNECTIONS,
            "timeout": self.timeout,
            "socket_timeout": self.timeout,
            "socket_connect_timeout": self.timeout,
            "retry": retry,
        }

    def sync(self) -> Any:
        """The sync client (connections open lazily, reconnect after failures)."""
        if self._sync is None:
            redis = _redis()
            from redis.backoff import NoBackoff

            options = self._pool_options(redis.retry.Retry(NoBackoff(), 0))
            pool = redis.BlockingConnectionPool.from_url(self.url, **options)
            self._sync = redis.Redis(connection_pool=pool)
        return self._sync

    def async_(self) -> Any:
        """The async client of the running loop."""
        loop = asyncio.get_running_loop()
        client = self._async.get(loop)
        if client is None:
            redis = _redis()
            from redis.asyncio.retry import Retry
            from redis.backoff import NoBackoff

            options = self._pool_options(Retry(NoBackoff(), 0))
            pool = redis.asyncio.BlockingConnectionPool.from_url(self.url, **options)
            client = self._async[loop] = redis.asyncio.Redis(connection_pool=pool)
            for old in [lp for lp in self._async if lp.is_closed()]:
                del self._async[old]
        return client

    def close(self) -> None:
        """Close the sync client's connections."""
        if self._sync is not None:
            self._sync.close()
            self._sync.connection_pool.disconnect()
            self._sync = None

    async def aclose(self) -> None:
        """Close the running loop's async client."""
        client = self._async.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()
            await client.connection_pool.disconnect()
