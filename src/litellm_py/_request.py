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


_HEADERS: dict[tuple[Any, ...], httpx.Headers] = {}


def _headers(
    settings: ClientSettings,
    auth: tuple[str, str] | None,
    base: tuple[tuple[str, str], ...],
    stream: bool,
    has_body: bool,
) -> httpx.Headers:
    """The request headers for these settings, normalised once (httpx copies them cheaply)."""
    # The auth value is wrapped: a module-level cache must not hold a key in clear as a dict key.
    token = None if auth is None else (auth[0], Secret(auth[1]))
    key = (token, base, tuple(settings.headers.items()), stream, has_body)
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
        headers = _HEADERS[key] = httpx.Headers(raw)
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
    content = None
    if body is not None:
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    headers = _headers(settings, auth, base_headers, stream, body is not None)
    if extra_headers:
        headers = httpx.Headers(headers)
        headers.update({k.lower(): v for k, v in extra_headers.items()})
    timeout = settings.timeout
    read = timeout if read_timeout is None else min(timeout, read_timeout)
    return httpx.Request(
        method,
        _parsed(url),
        headers=headers,
        content=content,
        extensions={
            "timeout": {"connect": timeout, "read": read, "write": timeout, "pool": timeout}
        },
    )
