"""Who we talk to: DeepSeek's base URLs, environment variables, headers and request building.

Docs: https://api-docs.deepseek.com/ (base URL and beta base: quick_start, api/create-completion).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from litellm_py import _request
from litellm_py._settings import ClientSettings, EnvNames

__all__ = ["DEFAULT_API_BASE", "ENV", "build_http_request", "endpoint_url"]

DEFAULT_API_BASE = "https://api.deepseek.com"
ENV = EnvNames(
    api_key="DEEPSEEK_API_KEY", api_base="DEEPSEEK_API_BASE", default_api_base=DEFAULT_API_BASE
)


def endpoint_url(api_base: str, path: str, *, beta: bool = False) -> str:
    """The URL of `path` under `api_base`, moved under `/beta` when a beta feature needs it.

    FIM, chat prefix completion and strict tools only work on the beta base
    (https://api-docs.deepseek.com/guides/chat_prefix_completion).
    """
    base = api_base.rstrip("/")
    if beta and not base.endswith("/beta"):
        base = base.removesuffix("/v1") + "/beta"
    return base + path


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
    """A DeepSeek request: bearer auth over the shared request builder."""
    key = settings.key()
    return _request.build_http_request(
        method,
        url,
        settings,
        body,
        extra_headers,
        auth=None if key is None else ("authorization", f"Bearer {key}"),
        stream=stream,
        read_timeout=read_timeout,
    )
