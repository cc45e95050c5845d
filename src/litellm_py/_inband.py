"""The one classifier for an `{"error": {...}}` object that arrives where an answer should:
in a 2xx JSON body or in-band in a stream. Both become the same typed error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

    from litellm_py._call import Call
    from litellm_py.exceptions import APIStatusError
    from litellm_py.providers.base import BaseProvider

__all__ = ["inband_error", "inband_status"]

# OpenAI-style error types -> the status whose error class (and retry rule) they stand for.
_TYPE_STATUS = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "permission_error": 403,
    "not_found_error": 404,
    "rate_limit_error": 429,
    "insufficient_quota": 402,
    "server_error": 500,
    "api_error": 500,
    "overloaded_error": 503,
}


def inband_status(fields: Mapping[str, Any]) -> int:
    """The HTTP status an error object stands for: its own `status` / `http_status` / numeric
    `code`, else its `type`, else 500 (the server failed without saying how)."""
    for key in ("status", "http_status", "code"):
        status = _status_of(fields.get(key))
        if status is not None:
            return status
    return _TYPE_STATUS.get(str(fields.get("type")), 500)


def inband_error(
    provider: BaseProvider,
    call: Call,
    payload: dict[str, Any],
    headers: Mapping[str, str] | None = None,
    response: httpx.Response | None = None,
) -> APIStatusError:
    """The typed error for `payload` (which holds an `"error"` object), built by the provider's
    own error mapping as if the server had answered with the status it stands for."""
    status = provider.inband_status(payload["error"])
    body = json.dumps(payload).encode()
    return provider.error_from_response(call, status, headers or {}, body, response)


def _status_of(value: Any) -> int | None:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 400 <= value <= 599:
        return value
    return None
