"""The optional aiohttp backend of the async client: requests sent straight to one aiohttp session.

Installed with the `aiohttp` extra (`pip install 'litellm_py[aiohttp]'`); `_http` picks it. The
request goes out exactly as built (no aiohttp auto headers, no cookie jar, no decompression:
`_aiohttp_answer` reads the body), and the answer comes back as an `AiohttpAnswer`: status,
headers and body parts straight from aiohttp, with no httpx objects unless an error needs one.
aiohttp failures become the httpx exception httpcore would have raised, so the rest of the library
cannot tell the backends apart. (httpx-aiohttp, the obvious package for this, maps every
`ClientConnectionError` to `ConnectTimeout`, which turns a refused or dropped connection into a
timeout, and bridges every response through httpx.)

A request that fails on a reused keep-alive connection before any byte of the answer arrived
(the server had closed it) never reached the server's application: it is sent again on another
connection, without counting as a retry (see `_httpcore_pool` for the httpx twin of this rule).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import time
import weakref
from typing import Any, NoReturn

import httpx

from litellm_py._aiohttp_answer import AiohttpAnswer
from litellm_py._aiohttp_classes import USED, connector_class, request_class
from litellm_py._http import LOG, log_answer
from litellm_py._wire_request import WireRequest

__all__ = ["AiohttpClient"]

# aiohttp exception name -> httpx exception, most specific first.
_ERRORS: list[tuple[str, type[httpx.TransportError]]] = [
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
# Nor a Content-Type for a body sent without one (httpx adds none).
_NO_AUTO_HEADERS = ("Accept", "Accept-Encoding", "User-Agent", "Content-Type")
_STALE_RESENDS = 8  # at most this many stale pooled connections are tried before giving up


class AiohttpClient:
    """One aiohttp session (opened on the first request, in its loop) sending httpx requests."""

    def __init__(self, limits: httpx.Limits) -> None:
        self._aiohttp: Any = importlib.import_module("aiohttp")
        self._limits = limits
        self._session: Any = None
        self._closed = False
        self.bodies: weakref.WeakSet[AiohttpAnswer] = weakref.WeakSet()  # bodies still being read
        self._timeouts: dict[tuple[Any, ...], Any] = {}
        self._env_proxies: dict[str, str] = {}
        self._proxy_for: dict[str, str | None] = {}
        table = [(getattr(self._aiohttp, name), cls) for name, cls in _ERRORS]
        table.insert(2, (asyncio.TimeoutError, httpx.ReadTimeout))
        self._errors: list[tuple[type[BaseException], type[httpx.TransportError]]] = table

    def _open(self) -> Any:
        aiohttp = self._aiohttp
        connector = connector_class(aiohttp)(
            limit=self._limits.max_connections or 0,
            keepalive_timeout=self._limits.keepalive_expiry,
            ssl=httpx.create_ssl_context(),
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            skip_auto_headers=_NO_AUTO_HEADERS,  # (`request_class` skips their per-call work)
            request_class=request_class(aiohttp),
            auto_decompress=False,
        )
        # HTTP(S)_PROXY / ALL_PROXY / NO_PROXY, read once like httpx does. (aiohttp's own
        # trust_env=True costs two thread hops per request: a netrc read and a proxy lookup.)
        import urllib.request

        self._env_proxies = urllib.request.getproxies_environment()
        self._proxy_for.clear()
        return self._session

    def _timeout(self, key: tuple[float | None, float | None, float | None]) -> Any:
        """(pool, connect, read) timeouts as aiohttp's (pool wait + connect, connect, each read).

        The whole exchange, body included, is bounded by the attempt's timeout (`_request` sets
        connect = timeout), so trickled headers or endless `102 Processing` answers end on time.
        A per-read bound is set only when it is shorter (a stream's progress timeout): aiohttp
        re-arms it on every packet, a timer per read that a plain call does not need.
        """
        value = self._timeouts.get(key)
        if value is None:
            pool, total, read = key
            if read is not None and total is not None and read >= total:
                read = None
            value = self._timeouts[key] = self._aiohttp.ClientTimeout(
                total=total, connect=pool, sock_connect=total, sock_read=read
            )
        return value

    def _proxy(self, sent: str, request: httpx.Request) -> str | None:
        """The environment's proxy for the URL sent, if any (memoised per URL string)."""
        try:
            return self._proxy_for[sent]
        except KeyError:
            pass
        import urllib.request

        url, proxies = request.url, self._env_proxies
        proxy = proxies.get(url.scheme) or proxies.get("all")
        if proxy and urllib.request.proxy_bypass_environment(url.host, proxies):  # type: ignore[attr-defined]
            proxy = None
        if len(self._proxy_for) >= 256:
            self._proxy_for.clear()
        self._proxy_for[sent] = proxy
        return proxy

    def _stale(self, exc: Exception) -> bool:
        """Whether `exc` failed a reused connection before any byte of the answer arrived."""
        used = USED.get()
        if used is None or not isinstance(exc, self._aiohttp.ClientConnectionError):
            return False
        protocol, reused, seen = used
        return reused and protocol.bytes_seen == seen

    def map_error(self, exc: BaseException, request: httpx.Request) -> BaseException:
        """The httpx transport error for an aiohttp failure (anything else unchanged)."""
        if isinstance(exc, (RuntimeError, AssertionError)) and (
            self._session is None or self._session.closed
        ):  # aiohttp's own complaints about a session closed under a request or a body read
            return httpx.ReadError(
                "the connection pool was closed (aclose()) while this request was in flight",
                request=request,
            )
        for aiohttp_class, httpx_class in self._errors:
            if isinstance(exc, aiohttp_class):
                return httpx_class(f"{type(exc).__name__}: {exc}", request=request)
        return exc

    def fail(self, exc: Exception, request: httpx.Request) -> NoReturn:
        """Raise the mapped error from `exc`, or `exc` itself when it is not an aiohttp failure."""
        mapped = self.map_error(exc, request)
        if mapped is exc:
            raise exc
        raise mapped from exc

    async def send(self, request: httpx.Request, *, stream: bool = True) -> AiohttpAnswer:
        """Send `request` as built; return once the answer's headers have arrived.

        With `stream=False` the body is read (`answer.aread()`) before returning.
        """
        session = self._session or self._open()
        url, headers, data, options = self._parts(request)
        if self._env_proxies:  # (NO_PROXY alone counts: it is often set, and memoised here)
            options["proxy"] = self._proxy(url, request)
        start = time.perf_counter()
        for resends_left in range(_STALE_RESENDS, -1, -1):  # a stale pooled connection: again
            USED.set(None)
            try:
                response = await session.request(
                    request.method, url, headers=headers, data=data, allow_redirects=False,
                    **options,
                )  # fmt: skip
                break
            except Exception as exc:
                if not (resends_left and isinstance(data, bytes) and self._stale(exc)):
                    self.fail(exc, request)
        answer = AiohttpAnswer(response, self, request, time.perf_counter() - start)
        if LOG.isEnabledFor(logging.INFO):
            version = response.version
            log_answer(request, f"HTTP/{version.major}.{version.minor}", answer.status_code,
                       response.reason or "")  # fmt: skip
        if not stream:
            await answer.aread()
        return answer

    def _parts(self, request: httpx.Request) -> tuple[str, Any, Any, dict[str, Any]]:
        """What aiohttp is handed: the URL string, header pairs, body and request options.

        A `WireRequest` is sent from its parts; any other request through its httpx objects.
        """
        if isinstance(request, WireRequest):
            timeouts = request.plain_timeouts()
            if timeouts is not None:
                options = {"timeout": self._timeout(timeouts)}
                return request.target, request.unframed_pairs(), request.content or None, options
        try:
            data: Any = request.content or None
        except httpx.RequestNotRead:  # a streamed upload: aiohttp sends async iterables chunked
            data = request.stream
        extensions = request.extensions
        timeout = extensions.get("timeout", {})
        options = {
            "timeout": self._timeout(
                (timeout.get("pool"), timeout.get("connect"), timeout.get("read"))
            ),
            "server_hostname": extensions.get("sni_hostname"),
        }
        url = request.url
        if url.userinfo:  # as on httpx's path: never sent (aiohttp would turn it into auth)
            url = url.copy_with(userinfo=b"")
        return str(url), _header_pairs(request.headers), data, options

    @property
    def is_closed(self) -> bool:
        """Whether `aclose()` was called (a closed client is replaced by the pool)."""
        return self._closed

    async def aclose(self) -> None:
        # Readers of in-flight bodies get an error now (closing the session alone can leave
        # them waiting forever), then the connections close.
        self._closed = True
        for body in list(self.bodies):
            body.abort(self._aiohttp.ClientConnectionError(
                "the connection pool was closed (aclose()) while this body was being read"
            ))  # fmt: skip
        if self._session is not None:
            await self._session.close()
            self._session = None

    def __del__(self) -> None:
        # An unclosed httpx client goes away silently with its event loop; so does this one
        # (aiohttp itself would log "Unclosed client session" and "Unclosed connector" errors).
        session = self._session
        if session is not None and not session.closed:
            connector = session.connector
            session.detach()
            if connector is not None:
                connector.__exit__(None, None, None)  # aiohttp's synchronous close


def _header_pairs(headers: httpx.Headers) -> list[tuple[str, str]]:
    encoding = headers.encoding  # what multi_items() would look up once per header
    # aiohttp frames a streamed body itself; a copied Transfer-Encoding header would clash.
    return [
        (key.decode(encoding), value.decode(encoding))
        for key, value in headers.raw
        if key.lower() != b"transfer-encoding"
    ]
