"""Pooled HTTP clients, the transport-error translation and deadline-aware body reads.

One `httpx.Client` per provider instance, and one `httpx.AsyncClient` per provider instance and
event loop (an async pool cannot outlive the loop its connections belong to).

The async client runs on aiohttp when the `aiohttp` extra (the `httpx-aiohttp` package) is
installed: it is several times faster than httpx's own async stack under concurrency. Opt out
with `LITELLM_PY_HTTP_BACKEND=httpx` or `litellm_py._http.http_backend = "httpx"` (read when a
pool opens its async client); `"aiohttp"` insists on it, `"auto"` (the default) picks it when
installed. The sync client is always plain httpx.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import os
import time
import weakref
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import httpx

from litellm_py.exceptions import APIConnectionError, APITimeoutError, ConfigurationError

if TYPE_CHECKING:
    from litellm_py._call import Call

__all__ = [
    "BACKEND_ENV",
    "ClientPool",
    "aread_body",
    "async_backend",
    "read_body",
    "transport_errors",
]

# At most 20 idle keep-alive connections (httpx's default): httpcore's pool does work in
# proportion to idle x open connections on every request, so a larger keep-alive pool slows
# each request at high concurrency (concurrency 100 on loopback: 64 req/s with 200 idle
# connections kept, 446 req/s with 20). The aiohttp backend has no such cost.
LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=20, keepalive_expiry=30.0)
BACKEND_ENV = "LITELLM_PY_HTTP_BACKEND"
_BACKENDS = ("auto", "httpx", "aiohttp")

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
    installed = importlib.util.find_spec("httpx_aiohttp") is not None
    if choice == "aiohttp" and not installed:
        raise ConfigurationError(
            f"{BACKEND_ENV}=aiohttp needs the aiohttp extra: pip install 'litellm_py[aiohttp]'."
        )
    return "aiohttp" if installed else "httpx"


class ClientPool:
    """Lazily built, reused HTTP clients; `close()` / `aclose()` release their connections."""

    def __init__(self) -> None:
        self._sync: httpx.Client | None = None
        self._async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
            weakref.WeakKeyDictionary()
        )

    def sync_client(self) -> httpx.Client:
        """The shared sync client."""
        client = self._sync
        if client is None or client.is_closed:
            client = self._sync = httpx.Client(limits=LIMITS, timeout=None)
        return client

    def async_client(self) -> httpx.AsyncClient:
        """The shared async client of the running event loop."""
        loop = asyncio.get_running_loop()
        client = self._async.get(loop)
        if client is None or client.is_closed:
            client = self._async[loop] = _new_async_client()
        return client

    def close(self) -> None:
        """Close the sync client (the next call opens a new one)."""
        if self._sync is not None:
            self._sync.close()
            self._sync = None

    async def aclose(self) -> None:
        """Close the async client of the running loop."""
        client = self._async.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()


def _new_async_client() -> httpx.AsyncClient:
    if async_backend() == "aiohttp":
        transport = _AiohttpTransport()
        return httpx.AsyncClient(transport=transport, limits=LIMITS, timeout=None)
    return httpx.AsyncClient(limits=LIMITS, timeout=None)


class _AiohttpTransport(httpx.AsyncBaseTransport):
    """httpx-aiohttp's transport, with aiohttp failures mapped as httpcore would raise them.

    (httpx-aiohttp maps any `ClientConnectionError` to `ConnectTimeout`, which would turn a
    refused or dropped connection into a timeout.)
    """

    def __init__(self) -> None:
        self._aiohttp: Any = importlib.import_module("aiohttp")
        httpx_aiohttp: Any = importlib.import_module("httpx_aiohttp")
        self._inner: Any = httpx_aiohttp.AiohttpTransport(client=self._session)
        self._errors = _error_table(self._aiohttp)

    def _session(self) -> Any:
        """Built on the first request, inside the loop; no cookie jar (httpx keeps cookies)."""
        aiohttp = self._aiohttp
        connector = aiohttp.TCPConnector(
            limit=LIMITS.max_connections,
            keepalive_timeout=LIMITS.keepalive_expiry,
            ssl=httpx.create_ssl_context(),
        )
        return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())

    def map_error(self, exc: Exception, request: httpx.Request) -> Exception:
        """The httpx transport error for an aiohttp (or httpx-aiohttp mapped) failure."""
        cause = exc.__cause__ if isinstance(exc, httpx.TransportError) else exc
        for aiohttp_class, httpx_class in self._errors:
            if isinstance(cause, aiohttp_class):
                return httpx_class(f"{type(cause).__name__}: {cause}", request=request)
        return exc

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response: httpx.Response = await self._inner.handle_async_request(request)
        except Exception as exc:
            mapped = self.map_error(exc, request)
            if mapped is exc:
                raise
            raise mapped from exc
        response.stream = _AiohttpBody(response.stream, self, request)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


class _AiohttpBody(httpx.AsyncByteStream):
    """The response body, with read failures mapped by `_AiohttpTransport.map_error`."""

    def __init__(self, inner: Any, transport: _AiohttpTransport, request: httpx.Request) -> None:
        self._inner = inner
        self._transport = transport
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for part in self._inner:
                yield part
        except Exception as exc:
            mapped = self._transport.map_error(exc, self._request)
            if mapped is exc:
                raise
            raise mapped from exc

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        except Exception as exc:
            mapped = self._transport.map_error(exc, self._request)
            if mapped is exc:
                raise
            raise mapped from exc


def _error_table(aiohttp: Any) -> list[tuple[type[BaseException], type[httpx.TransportError]]]:
    """aiohttp exception -> httpx exception, most specific first."""
    pairs: list[tuple[str, type[httpx.TransportError]]] = [
        ("ConnectionTimeoutError", httpx.ConnectTimeout),
        ("ServerTimeoutError", httpx.ReadTimeout),
        ("ClientProxyConnectionError", httpx.ProxyError),
        ("ClientHttpProxyError", httpx.ProxyError),
        ("ClientConnectorError", httpx.ConnectError),
        ("NonHttpUrlClientError", httpx.UnsupportedProtocol),
        ("InvalidURL", httpx.UnsupportedProtocol),
        ("ServerDisconnectedError", httpx.RemoteProtocolError),
        ("ClientPayloadError", httpx.RemoteProtocolError),
        ("ClientResponseError", httpx.RemoteProtocolError),
        ("ClientConnectionError", httpx.ReadError),
        ("ClientError", httpx.NetworkError),
    ]
    table = [(getattr(aiohttp, name), cls) for name, cls in pairs if hasattr(aiohttp, name)]
    table.insert(2, (asyncio.TimeoutError, httpx.ReadTimeout))
    return table


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


def read_body(call: Call, response: httpx.Response, deadline: float) -> bytes:
    """The whole body, checking the total deadline after every read (keep-alive lines included)."""
    parts = []
    for part in response.iter_bytes():
        parts.append(part)
        check_deadline(call, deadline)
    return b"".join(parts)


async def aread_body(call: Call, response: httpx.Response, deadline: float) -> bytes:
    """Async twin of `read_body`."""
    parts = []
    stream: AsyncIterator[bytes] = response.aiter_bytes()
    async for part in stream:
        parts.append(part)
        check_deadline(call, deadline)
    return b"".join(parts)
