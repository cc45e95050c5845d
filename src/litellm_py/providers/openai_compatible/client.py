"""Who we talk to on the OpenAI wire: endpoint URLs and bearer-authenticated requests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from litellm_py import _request
from litellm_py._call import DEFAULT_PROGRESS_TIMEOUT
from litellm_py._settings import ClientSettings

__all__ = ["bearer_request", "endpoint_url", "post_json"]


def endpoint_url(api_base: str, path: str) -> str:
    """The URL of `path` (e.g. ``/chat/completions``) under `api_base`."""
    return api_base.rstrip("/") + path


def bearer_request(
    method: str,
    url: str,
    settings: ClientSettings,
    body: Mapping[str, Any] | None = None,
    extra_headers: Mapping[str, str] | None = None,
    *,
    stream: bool = False,
    read_timeout: float | None = None,
) -> httpx.Request:
    """A request with ``Authorization: Bearer <key>`` (none when the host needs no key)."""
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


def post_json(
    url: str,
    settings: ClientSettings,
    body: Mapping[str, Any],
    extra_headers: Mapping[str, str] | None,
    *,
    stream: bool,
    progress_timeout: float | None,
) -> httpx.Request:
    """A JSON POST; a stream's reads also wait at most the progress timeout."""
    progress = progress_timeout or DEFAULT_PROGRESS_TIMEOUT
    return bearer_request(
        "POST",
        url,
        settings,
        body,
        extra_headers,
        stream=stream,
        read_timeout=progress if stream else None,
    )
