"""Who we talk to: DeepSeek's base URLs, environment variables, headers and request building.

Docs: https://api-docs.deepseek.com/ (base URL and beta base: quick_start, api/create-completion).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from litellm_py import __version__
from litellm_py._settings import ClientSettings, EnvNames

__all__ = ["DEFAULT_API_BASE", "ENV", "build_http_request", "endpoint_url"]

DEFAULT_API_BASE = "https://api.deepseek.com"
ENV = EnvNames(
    api_key="DEEPSEEK_API_KEY", api_base="DEEPSEEK_API_BASE", default_api_base=DEFAULT_API_BASE
)
USER_AGENT = f"litellm_py/{__version__}"


def endpoint_url(api_base: str, path: str, *, beta: bool = False) -> str:
    """The URL of `path` under `api_base`, moved under `/beta` when a beta feature needs it.

    FIM, chat prefix completion and strict tools only work on the beta base
    (https://api-docs.deepseek.com/guides/chat_prefix_completion).
    """
    base = api_base.rstrip("/")
    if beta and not base.endswith("/beta"):
        base = base.removesuffix("/v1") + "/beta"
    return base + path


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


def _headers(settings: ClientSettings, stream: bool, has_body: bool) -> httpx.Headers:
    """The request headers for these settings, normalised once (httpx copies them cheaply)."""
    key = (settings.key(), tuple(settings.headers.items()), stream, has_body)
    headers = _HEADERS.get(key)
    if headers is None:
        raw = {
            "authorization": f"Bearer {settings.key()}",
            "accept": "text/event-stream" if stream else "application/json",
            "user-agent": USER_AGENT,
        }
        if has_body:
            raw["content-type"] = "application/json"
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
    stream: bool = False,
    read_timeout: float | None = None,
) -> httpx.Request:
    """A ready-to-send request with auth, JSON body and the attempt's timeout attached."""
    content = None
    if body is not None:
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    headers = _headers(settings, stream, body is not None)
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
