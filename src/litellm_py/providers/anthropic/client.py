"""Who we talk to: Anthropic's base URL, environment variables, version header and requests.

Docs: https://docs.anthropic.com/en/api/messages (auth `x-api-key`, `anthropic-version`).
The same wire is served by other hosts under a path prefix (e.g. `<host>/anthropic`), so the
messages URL is always `<api_base>/v1/messages`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from litellm_py import _request
from litellm_py._call import DEFAULT_PROGRESS_TIMEOUT
from litellm_py._settings import EnvNames

if TYPE_CHECKING:
    import httpx

    from litellm_py._call import Call

__all__ = [
    "API_VERSION",
    "DEFAULT_API_BASE",
    "ENV",
    "messages_request",
    "messages_url",
    "models_request",
]

DEFAULT_API_BASE = "https://api.anthropic.com"
API_VERSION = "2023-06-01"
ENV = EnvNames(
    api_key="ANTHROPIC_API_KEY", api_base="ANTHROPIC_BASE_URL", default_api_base=DEFAULT_API_BASE
)
_BASE_HEADERS = (("anthropic-version", API_VERSION),)


def messages_url(api_base: str, path: str = "/messages") -> str:
    """`<api_base>/v1<path>`; a base that already ends in `/v1` is not doubled."""
    return api_base.rstrip("/").removesuffix("/v1") + "/v1" + path


def _auth(call: Call) -> tuple[str, str] | None:
    key = call.settings.key()
    return None if key is None else ("x-api-key", key)


def models_request(call: Call) -> httpx.Request:
    """`GET <api_base>/v1/models` (the first page, up to 1000 models)."""
    return _request.build_http_request(
        "GET",
        messages_url(call.settings.api_base, "/models?limit=1000"),
        call.settings,
        None,
        call.extra_headers,
        auth=_auth(call),
        base_headers=_BASE_HEADERS,
    )


def messages_request(call: Call, body: Mapping[str, Any]) -> httpx.Request:
    """`POST <api_base>/v1/messages` with `x-api-key` and `anthropic-version`.

    A stream's reads also wait at most the progress timeout, so a silent connection fails too.
    """
    progress = call.progress_timeout or DEFAULT_PROGRESS_TIMEOUT
    return _request.build_http_request(
        "POST",
        messages_url(call.settings.api_base),
        call.settings,
        body,
        call.extra_headers,
        auth=_auth(call),
        base_headers=_BASE_HEADERS,
        stream=call.stream,
        read_timeout=progress if call.stream else None,
    )
