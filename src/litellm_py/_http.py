"""Pooled HTTP clients, the transport-error translation and the attempt deadline.

One `httpx.Client` per provider instance, and one `httpx.AsyncClient` per provider instance and
event loop (an async pool cannot outlive the loop its connections belong to).

The async client runs on aiohttp when aiohttp is installed (the `aiohttp` extra): several times
faster than httpx's own async stack under concurrency. Opt out with
`LITELLM_PY_HTTP_BACKEND=httpx` or `litellm_py._http.http_backend = "httpx"` (read when a pool
opens its async client); `"aiohttp"` insists on it, `"auto"` (the default) picks it when
installed. The sync client is always plain httpx.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import httpx

from litellm_py import _pool_life
from litellm_py._httpcore_pool import patch_client
from litellm_py._secret import redact_url
from litellm_py.exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    ConfigurationError,
)

if TYPE_CHECKING:
    import asyncio

    from litellm_py._answer import AsyncSender
    from litellm_py._call import Call

__all__ = [
    "BACKEND_ENV", "LOG", "ClientPool", "async_backend", "check_deadline", "log_answer",
    "transport_errors",
]  # fmt: skip

# Keep-alive up to the connection limit, like aiohttp: the patched httpcore pool
# (_httpcore_pool) counts only idle connections against it, in one pass, so a pool that keeps
# as many connections as the peak concurrency costs linear, not quadratic, work per request.
LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=1000, keepalive_expiry=30.0)
BACKEND_ENV = "LITELLM_PY_HTTP_BACKEND"
_BACKENDS = ("auto", "httpx", "aiohttp")
LOG = logging.getLogger("httpx")  # the line httpx's send() logs, kept for users who read it

http_backend: str | None = None
"""Async HTTP backend override ("auto", "httpx" or "aiohttp"); beats `LITELLM_PY_HTTP_BACKEND`."""


def async_backend() -> str:
    """The async backend a new pool will use: "aiohttp" or "httpx"."""
    choice = (http_backend or os.environ.get(BACKEND_ENV) or "auto").strip().lower()
    if choice not in _BACKENDS:
        raise ConfigurationError(
            f"{BACKEND_ENV}={choice!r} is not a known HTTP backend: use one of "
            f"{', '.join(_BACKENDS)}."
        )
    if choice == "httpx":
        return "httpx"
    import importlib.util  # once per async pool; never on a sync-only path

    installed = importlib.util.find_spec("aiohttp") is not None
    if choice == "aiohttp" and not installed:
        raise ConfigurationError(
            f"{BACKEND_ENV}=aiohttp needs the aiohttp extra: pip install 'litellm_py[aiohttp]'."
        )
    return "aiohttp" if installed else "httpx"


def log_answer(request: httpx.Request, http_version: str, status: int, reason: str) -> None:
    """The INFO line httpx's own send() logs for every answer (logger "httpx")."""
    url = redact_url(request.url)  # userinfo in api_base is often a key
    LOG.info('HTTP Request: %s %s "%s %d %s"', request.method, url, http_version, status, reason)


def _sent(request: httpx.Request, response: httpx.Response, start: float) -> httpx.Response:
    response.request = request
    response.elapsed = timedelta(seconds=time.perf_counter() - start)  # headers, not body, time
    if LOG.isEnabledFor(logging.INFO):
        log_answer(request, response.http_version, response.status_code, response.reason_phrase)
    return response


def _env_proxied() -> bool:
    """Whether the environment names an HTTP proxy (httpx then routes some URLs through one)."""
    from urllib.request import getproxies  # already imported by httpx

    proxies = getproxies()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))


def _direct(client: httpx.Client | httpx.AsyncClient, request: httpx.Request, kw: Any) -> bool:
    """Whether `send()` may skip httpx's per-send layers for this request."""
    return not (kw or client.is_closed or "timeout" not in request.extensions)


class _Client(httpx.Client):
    """`send()` hands a complete request straight to the transport.

    litellm_py builds every request itself (auth is a header, the timeout an extension), so
    httpx's per-send layers do nothing for it but cost ~50 µs: the auth flow, the redirect loop
    (redirects are never followed), event hooks (none) and cookie extraction (requests are not
    built from the client, so stored cookies were never sent). The client keeps its own transport
    (`_direct_transport`), so no httpx internals pick it; with a proxy in the environment,
    httpx's own path chooses between the proxy and the direct transport, as for any other
    request it is handed (extra arguments, no timeout extension, a closed client).
    """

    def __init__(self) -> None:
        self._direct_transport = None if _env_proxied() else httpx.HTTPTransport(limits=LIMITS)
        super().__init__(transport=self._direct_transport, limits=LIMITS, timeout=None)
        patch_client(self)

    def send(
        self, request: httpx.Request, *, stream: bool = False, **kwargs: Any
    ) -> httpx.Response:
        if self._direct_transport is None or not _direct(self, request, kwargs):
            return super().send(request, stream=stream, **kwargs)
        start = time.perf_counter()
        try:
            response = self._direct_transport.handle_request(request)
        except httpx.RequestError as exc:
            exc.request = request
            raise
        _sent(request, response, start)
        if not stream:
            try:
                response.read()
            except BaseException:
                response.close()
                raise
        return response


class _AsyncClient(httpx.AsyncClient):
    """Async twin of `_Client` (the httpx async backend)."""

    def __init__(self) -> None:
        self._direct_transport = None if _env_proxied() else httpx.AsyncHTTPTransport(limits=LIMITS)
        super().__init__(transport=self._direct_transport, limits=LIMITS, timeout=None)
        patch_client(self)

    async def send(
        self, request: httpx.Request, *, stream: bool = False, **kwargs: Any
    ) -> httpx.Response:
        if self._direct_transport is None or not _direct(self, request, kwargs):
            return await super().send(request, stream=stream, **kwargs)
        start = time.perf_counter()
        try:
            response = await self._direct_transport.handle_async_request(request)
        except httpx.RequestError as exc:
            exc.request = request
            raise
        _sent(request, response, start)
        if not stream:
            try:
                await response.aread()
            except BaseException:
                await response.aclose()
                raise
        return response


def _new_async_client() -> AsyncSender:
    if async_backend() == "aiohttp":
        from litellm_py._aiohttp_transport import AiohttpClient

        return AiohttpClient(LIMITS)
    return _AsyncClient()


def _running_loop() -> asyncio.AbstractEventLoop:
    import asyncio  # deferred: a sync-only program never pays asyncio's ~20 ms import

    return asyncio.get_running_loop()


class ClientPool:
    """Reused HTTP clients, never shared with a forked child, each closed with its loop."""

    def __init__(self) -> None:
        self._sync: httpx.Client | None = None
        self._lock = threading.Lock()  # threads racing to the first call build one client
        self._async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, AsyncSender] = (
            weakref.WeakKeyDictionary()
        )
        self._closers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
            weakref.WeakKeyDictionary()
        )
        self._last: tuple[weakref.ref[Any], weakref.ref[AsyncSender]] | None = None
        self._pid = os.getpid()
        _pool_life.track(self)

    def forget_inherited(self) -> None:
        """In a forked child: drop the parent's clients without closing their sockets."""
        _pool_life.park(self._sync, *self._async.values(), *self._closers.values())
        self._sync = None
        self._async = weakref.WeakKeyDictionary()
        self._closers = weakref.WeakKeyDictionary()
        self._last = None
        self._lock = threading.Lock()  # another thread may have held it at the fork
        self._pid = os.getpid()

    def sync_client(self) -> httpx.Client:
        """The shared sync client."""
        if self._pid != os.getpid():
            self.forget_inherited()
        client = self._sync
        if client is None or client.is_closed:
            with self._lock:
                client = self._sync
                if client is None or client.is_closed:
                    client = self._sync = _Client()
        return client

    def async_client(self) -> AsyncSender:
        """The shared async client of the running event loop."""
        if self._pid != os.getpid():
            self.forget_inherited()
        loop = _running_loop()
        last = self._last  # weak references to the loop asked for last time and its client
        client = last[1]() if last is not None and last[0]() is loop else None
        if client is not None and not client.is_closed:
            return client
        client = self._async.get(loop)
        if client is None or client.is_closed:
            self._release_closed_loops()
            client = self._async[loop] = _new_async_client()
            self._closers[loop] = _pool_life.close_with_loop(self._async, loop, client)
        self._last = (weakref.ref(loop), weakref.ref(client))
        return client

    def _release_closed_loops(self) -> None:
        """Forget the clients of loops closed without shutting down their async generators."""
        for loop in [loop for loop in self._async if loop.is_closed()]:
            self._async.pop(loop, None)
            closer = self._closers.pop(loop, None)
            if closer is not None:
                _pool_life.finish_closer(closer)

    def close(self) -> None:
        """Close the sync client (the next call opens a new one)."""
        with self._lock:
            client, self._sync = self._sync, None
        if client is not None:
            client.close()

    async def aclose(self) -> None:
        """Close the async client of the running loop."""
        loop = _running_loop()
        self._last = None
        client = self._async.pop(loop, None)
        closer = self._closers.pop(loop, None)
        if closer is not None:
            await _pool_life.aclose_now(closer)  # closes the client too
        elif client is not None:
            await client.aclose()


def _timeout_error(call: Call) -> APITimeoutError:
    return APITimeoutError(
        f"Request to {call.provider} timed out after {call.settings.timeout:g} s "
        "(the per-attempt deadline; raise it with timeout=...).",
        provider=call.provider,
        model=call.model,
    )


@contextmanager
def transport_errors(call: Call) -> Iterator[None]:
    """Turn httpx transport failures into the library's connection errors."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise _timeout_error(call) from exc
    except httpx.DecodingError as exc:  # e.g. a corrupt gzip body
        message = f"{call.provider} sent a body that cannot be decoded: {exc}"
        raise APIResponseValidationError(message, provider=call.provider, model=call.model) from exc
    except httpx.TransportError as exc:
        raise APIConnectionError(
            f"Connection error talking to {call.provider}: {type(exc).__name__}: {exc}",
            provider=call.provider,
            model=call.model,
        ) from exc


def check_deadline(call: Call, deadline: float) -> None:
    """Raise the timeout error once the attempt's total deadline has passed."""
    if time.monotonic() > deadline:
        raise _timeout_error(call)
