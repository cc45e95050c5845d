"""httpcore's connection pool with two fixes: a true keep-alive limit, and stale-connection resends.

1. httpcore 1.0 compares `max_keepalive_connections` with *all* open connections, once per
   connection, on every request (encode/httpcore#1000): above the limit each connection is closed
   as soon as it goes idle, and raising the limit costs idle x open work per request. Here the
   limit counts idle connections, in one pass.
2. A keep-alive connection the server has already closed (idle timeout, restart, an answer followed
   by a close without `Connection: close`) fails the next request sent on it before any response
   byte arrives. Such a request never reached the server's application, so it is handed back to
   the pool (httpcore's own `ConnectionNotAvailable` path) and goes out on another connection;
   the retry policy never sees it. A fresh connection, or one that has received any byte of the
   answer, is never re-sent this way.

3. Reads and writes obey the deadline of `_io_deadline`, which each request sets for its header
   phase: trickled headers or endless `102 Processing` answers end at the attempt's `timeout`.

`patch_client` switches an httpx client's plain pools to these classes (same state, more methods).
"""

from __future__ import annotations

import time
from typing import Any

import h11
import httpcore
import httpx

from litellm_py._httpcore_streams import AsyncBackend, Backend
from litellm_py._io_deadline import deadline_in

__all__ = ["never_answered", "patch_client"]

_SWEEP_INTERVAL = 1.0  # seconds between checks of every idle connection for expiry / server close
_STALE_ERRORS = (httpcore.RemoteProtocolError, httpcore.ReadError, httpcore.WriteError)


def never_answered(connection: Any) -> bool:
    """Whether an HTTP/1.1 connection's request failed before any byte of the answer arrived."""
    http11 = getattr(connection, "_connection", None)
    h11_state = getattr(http11, "_h11_state", None)
    if not isinstance(h11_state, h11.Connection):
        return False  # HTTP/2, a proxy connection, or a layout this code does not know: no resend
    return h11_state.their_state is h11.SEND_RESPONSE and not h11_state.trailing_data[0]


class _PoolLogic:
    """The pool bookkeeping shared by the sync and the async pool (no I/O)."""

    _connections: list[Any]
    _requests: list[Any]
    _max_connections: int
    _max_keepalive_connections: int
    _swept_at: float = 0.0
    closing = False  # set by close(): failures after it are ours, not a stale connection's

    def _assign_requests_to_connections(self) -> list[Any]:
        closing: list[Any] = []
        now = time.monotonic()
        sweep = now - self._swept_at >= _SWEEP_INTERVAL
        if sweep:
            self._swept_at = now
        kept: list[Any] = []
        idle = 0
        for connection in self._connections:
            if connection.is_closed():
                continue
            if connection.is_idle():
                if idle >= self._max_keepalive_connections or (sweep and connection.has_expired()):
                    closing.append(connection)
                    continue
                idle += 1
            kept.append(connection)
        self._connections = kept
        for pool_request in self._requests:
            if pool_request.is_queued():
                self._assign(pool_request, closing)
        return closing

    def _assign(self, pool_request: Any, closing: list[Any]) -> None:
        origin = pool_request.request.url.origin
        connections = self._connections
        chosen = None
        expired = []
        for connection in connections:
            if connection.is_available() and connection.can_handle_request(origin):
                if connection.is_idle() and connection.has_expired():
                    expired.append(connection)  # the server closed it while it sat idle
                    continue
                chosen = connection
                break
        for connection in expired:
            connections.remove(connection)
            closing.append(connection)
        if chosen is not None:
            pool_request.assign_to_connection(chosen)
            return
        if len(connections) >= self._max_connections:
            idle = next((c for c in connections if c.is_idle()), None)
            if idle is None:
                return  # stays queued until a connection is released
            connections.remove(idle)
            closing.append(idle)
        connection = self._new_connection(origin)
        connections.append(connection)
        pool_request.assign_to_connection(connection)

    def _new_connection(self, origin: Any) -> Any:
        raise NotImplementedError


class _ConnectionShell:
    """Delegates the pool's questions to the wrapped httpcore connection."""

    def __init__(self, inner: Any, pool: _PoolLogic) -> None:
        self._inner = inner
        self._pool = pool
        self._started = 0  # requests begun on this connection

    def _reused(self) -> bool:
        self._started += 1
        return self._started > 1

    @staticmethod
    def _header_deadline(request: httpcore.Request) -> Any:
        """The attempt's timeout (`_request` sets connect = write = pool = timeout) as deadline."""
        timeouts = request.extensions.get("timeout") or {}
        return deadline_in(timeouts.get("connect"))

    def _stale(self, reused: bool) -> bool:
        # Not when this process closed the pool under the request (close() from another thread).
        return reused and not self._pool.closing and never_answered(self._inner)

    def can_handle_request(self, origin: httpcore.Origin) -> bool:
        return bool(self._inner.can_handle_request(origin))

    def is_available(self) -> bool:
        return bool(self._inner.is_available())

    def has_expired(self) -> bool:
        return bool(self._inner.has_expired())

    def is_idle(self) -> bool:
        return bool(self._inner.is_idle())

    def is_closed(self) -> bool:
        return bool(self._inner.is_closed())

    def info(self) -> str:
        return str(self._inner.info())

    def __repr__(self) -> str:
        return repr(self._inner)


class _Connection(_ConnectionShell, httpcore.ConnectionInterface):
    def handle_request(self, request: httpcore.Request) -> httpcore.Response:
        reused = self._reused()
        try:
            with self._header_deadline(request):
                response: httpcore.Response = self._inner.handle_request(request)
        except _STALE_ERRORS as exc:
            if self._stale(reused):
                raise httpcore.ConnectionNotAvailable() from exc
            raise
        return response

    def close(self) -> None:
        self._inner.close()


class _AsyncConnection(_ConnectionShell, httpcore.AsyncConnectionInterface):
    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        reused = self._reused()
        try:
            with self._header_deadline(request):
                response: httpcore.Response = await self._inner.handle_async_request(request)
        except _STALE_ERRORS as exc:
            if self._stale(reused):
                raise httpcore.ConnectionNotAvailable() from exc
            raise
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


class _Pool(_PoolLogic, httpcore.ConnectionPool):
    def _new_connection(self, origin: Any) -> Any:
        return _Connection(self.create_connection(origin), self)

    def close(self) -> None:
        self.closing = True
        super().close()


class _AsyncPool(_PoolLogic, httpcore.AsyncConnectionPool):
    def _new_connection(self, origin: Any) -> Any:
        return _AsyncConnection(self.create_connection(origin), self)

    async def aclose(self) -> None:
        self.closing = True
        await super().aclose()


_PATCHED: dict[type, tuple[type, type]] = {
    httpcore.ConnectionPool: (_Pool, Backend),
    httpcore.AsyncConnectionPool: (_AsyncPool, AsyncBackend),
}


def patch_client(client: httpx.Client | httpx.AsyncClient) -> int:
    """Switch the client's direct (non-proxy) httpcore pools to the fixed ones; returns how many."""
    transports = [client._transport, *client._mounts.values()]
    patched = 0
    for transport in transports:
        pool: Any = getattr(transport, "_pool", None)
        fixed = _PATCHED.get(type(pool))
        if fixed is not None:
            pool.__class__, backend = fixed
            pool._network_backend = backend(pool._network_backend)
            patched += 1
    return patched
