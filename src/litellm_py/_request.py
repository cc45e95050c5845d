"""Building the HTTP request every provider sends: auth header, JSON body, the attempt's timeouts.

The one place a request object is constructed, so the transport can change what it sends without
touching any provider. Providers pass their own auth header (name, value) and base headers.

The request is a `_wire_request.WireRequest`: an `httpx.Request` made from its parts, whose
header pairs are `str` pairs copied from a cache (one entry per settings, host and request
kind), with httpx's own objects made only when something asks for them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from litellm_py import __version__
from litellm_py._secret import Secret
from litellm_py._settings import ClientSettings
from litellm_py._wire_request import Pairs, WireRequest

__all__ = ["USER_AGENT", "Target", "build_http_request"]

USER_AGENT = f"litellm_py/{__version__}"
# What `json.dumps(body, ensure_ascii=False, separators=(",", ":"))` builds on every call, once.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_BODY_METHODS = ("POST", "PUT", "PATCH")


class Target:
    """A URL parsed once: httpx's `URL`, the string sent (no userinfo) and `host[:port]`."""

    __slots__ = ("host", "sent", "url")

    def __init__(self, url: str) -> None:
        self.url = httpx.URL(url)
        plain = self.url.copy_with(userinfo=b"") if self.url.userinfo else self.url
        self.sent = str(plain)  # userinfo is never sent (aiohttp would turn it into auth)
        self.host = self.url.netloc.decode("ascii")


_URLS: dict[str, Target] = {}


def _target(url: str) -> Target:
    """The parsed `url`, parsed once per distinct URL (parsing is a visible share of a call)."""
    target = _URLS.get(url)
    if target is None:
        if len(_URLS) >= 256:
            _URLS.clear()
        target = _URLS[url] = Target(url)
    return target


class _Fixed:
    """The headers every request of one settings, host and kind carries (`Host` first)."""

    __slots__ = ("auth", "names", "pairs", "settings")

    def __init__(self, settings: ClientSettings, auth: Secret | None, pairs: Pairs) -> None:
        self.settings = settings  # held, so the `id()` in the cache key is not reused
        self.auth = auth  # wrapped: a module-level cache never shows a key
        self.pairs = pairs
        self.names = _names(pairs) | {"content-length"}  # the one a request may add

    def same_auth(self, auth: tuple[str, str] | None) -> bool:
        """Whether `auth` carries the value these headers were made with."""
        if auth is None or self.auth is None:
            return auth is None and self.auth is None
        return self.auth.get_secret_value() == auth[1]


def _names(pairs: Pairs) -> frozenset[str]:
    """The lower-case names in `pairs`."""
    return frozenset(key.lower() for key, _ in pairs)


# Keyed by the settings' identity (settings are immutable; the entry keeps them alive).
_HEADERS: dict[tuple[Any, ...], _Fixed] = {}


def _fixed(
    settings: ClientSettings,
    auth: tuple[str, str] | None,
    base: tuple[tuple[str, str], ...],
    stream: bool,
    has_body: bool,
    host: str,
) -> _Fixed:
    """The request headers for these settings and host, normalised as httpx would, once."""
    key = (id(settings), None if auth is None else auth[0], base, stream, has_body, host)
    fixed = _HEADERS.get(key)
    if fixed is not None and fixed.settings is settings and fixed.same_auth(auth):
        return fixed
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
    checked = httpx.Headers(raw).raw  # non-ASCII names or values fail here, as in httpx
    pairs = [("Host", host), *((k.decode("ascii"), v.decode("ascii")) for k, v in checked)]
    if len(_HEADERS) >= 64:
        _HEADERS.clear()
    fixed = _HEADERS[key] = _Fixed(settings, None if auth is None else Secret(auth[1]), pairs)
    return fixed


def _with_extra(pairs: Pairs, extra: Mapping[str, str]) -> tuple[Pairs, str]:
    """`pairs` with the caller's headers merged in as httpx merges them, and their encoding."""
    merged = httpx.Headers(pairs)
    merged.update({k.lower(): v for k, v in extra.items()})
    raw = merged.raw
    encoding = httpx.Headers(raw).encoding  # detected afresh: `merged` kept an earlier guess
    return [(k.decode(encoding), v.decode(encoding)) for k, v in raw], encoding


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
        content = _ENCODE(body).encode()
    method = method.upper()
    target = _target(url)
    fixed = _fixed(settings, auth, base_headers, stream, body is not None, target.host)
    pairs, names, encoding = fixed.pairs, fixed.names, "ascii"
    if extra_headers:
        pairs, encoding = _with_extra(pairs, extra_headers)
        names = _names(pairs) | {"content-length"}
    if (content or method in _BODY_METHODS) and not (
        extra_headers and any(k.lower() == "content-length" for k in extra_headers)
    ):
        pairs = [*pairs, ("Content-Length", str(len(content)))]
    elif not extra_headers:
        pairs = list(pairs)  # the cached list is shared; a request's own may be changed
    timeout = settings.timeout
    read = timeout if read_timeout is None else min(timeout, read_timeout)
    return WireRequest(method, target, pairs, content, (timeout, timeout, read), encoding, names)
