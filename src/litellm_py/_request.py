"""Building the HTTP request every provider sends: auth header, JSON body, the attempt's timeouts.

The one place a request object is constructed, so the transport can change what it sends without
touching any provider. Providers pass their own auth header (name, value) and base headers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from litellm_py import __version__
from litellm_py._secret import Secret
from litellm_py._settings import ClientSettings

__all__ = ["USER_AGENT", "build_http_request"]

USER_AGENT = f"litellm_py/{__version__}"

_URLS: dict[str, httpx.URL] = {}


def _parsed(url: str) -> httpx.URL:
    """`httpx.URL(url)`, parsed once per distinct URL (parsing is a visible share of a call)."""
    parsed = _URLS.get(url)
    if parsed is None:
        if len(_URLS) >= 256:
            _URLS.clear()
        parsed = _URLS[url] = httpx.URL(url)
    return parsed


_HEADERS: dict[tuple[Any, ...], list[tuple[bytes, bytes]]] = {}
_BODY_METHODS = ("POST", "PUT", "PATCH")


def _headers(
    settings: ClientSettings,
    auth: tuple[str, str] | None,
    base: tuple[tuple[str, str], ...],
    stream: bool,
    has_body: bool,
    host: bytes,
) -> list[tuple[bytes, bytes]]:
    """The request headers for these settings and host, normalised once, `Host` first."""
    # The auth value is wrapped: a module-level cache must not hold a key in clear as a dict key.
    token = None if auth is None else (auth[0], Secret(auth[1]))
    key = (token, base, tuple(settings.headers.items()), stream, has_body, host)
    headers = _HEADERS.get(key)
    if headers is None:
        raw = {
            "accept": "text/event-stream" if stream else "application/json",
            "user-agent": USER_AGENT,
        }
        if auth is not None:
            raw[auth[0].lower()] = auth[1]
        if has_body:
            raw["content-type"] = "application/json"
        raw.update({k.lower(): v for k, v in base})
        raw.update({k.lower(): v for k, v in settings.headers.items()})
        if len(_HEADERS) >= 64:
            _HEADERS.clear()
        headers = _HEADERS[key] = [(b"Host", host), *httpx.Headers(raw).raw]
    return headers


def _completed(
    headers: list[tuple[bytes, bytes]],
    extra_headers: Mapping[str, str] | None,
    method: str,
    content: bytes,
) -> list[tuple[bytes, bytes]]:
    """`headers` with the caller's merged in, and `Content-Length` where httpx would add it."""
    extra = {k.lower(): v for k, v in extra_headers.items()} if extra_headers else {}
    if extra:
        merged = httpx.Headers(headers)
        merged.update(extra)
        headers = merged.raw
    if "content-length" not in extra and (content or method.upper() in _BODY_METHODS):
        headers = [*headers, (b"Content-Length", str(len(content)).encode())]
    return headers


def build_http_request(
    method: str,
    url: str,
    settings: ClientSettings,
    body: Mapping[str, Any] | None = None,
    extra_headers: Mapping[str, str] | None = None,
    *,
    auth: tuple[str, str] | None = None,
    base_headers: tuple[tuple[str, str], ...] = (),
    stream: bool = False,
    read_timeout: float | None = None,
) -> httpx.Request:
    """A ready-to-send request with auth, JSON body and the attempt's timeout attached.

    The headers are complete as built (`Host` and `Content-Length` included, as httpx would add
    them), so the request is made from its parts without httpx's header preparation.

    Args:
        method: HTTP method.
        url: the full URL.
        settings: resolved connection settings (timeout, configured headers).
        body: the JSON body, if any.
        extra_headers: the caller's headers, merged last.
        auth: the provider's auth header as (name, value), e.g. ("authorization", "Bearer ...").
        base_headers: fixed provider headers (e.g. an API version), under the configured ones.
        stream: whether the response is an event stream.
        read_timeout: the longest wait for one read, when shorter than the attempt's timeout.
    """
    content = b""
    if body is not None:
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    parsed = _parsed(url)
    headers = _headers(settings, auth, base_headers, stream, body is not None, parsed.netloc)
    headers = _completed(headers, extra_headers, method, content)
    timeout = settings.timeout
    read = timeout if read_timeout is None else min(timeout, read_timeout)
    request = httpx.Request(
        method,
        parsed,
        headers=headers,
        stream=httpx.ByteStream(content),
        extensions={
            "timeout": {"connect": timeout, "read": read, "write": timeout, "pool": timeout}
        },
    )
    request.read()  # `request.content` is the body, as for a request built with content=
    return request
