"""Anthropic error bodies -> the unified error tree, through the shared `status_error`.

Error types: https://docs.anthropic.com/en/api/errors (`{"type": "error", "error": {"type",
"message"}, "request_id"}`; request id also in the `request-id` header). 529
`overloaded_error` is a retried `ServiceUnavailableError`; an in-band stream error carries no
status, so its type gives one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from litellm_py.exceptions import (
    APIStatusError,
    BadRequestError,
    ContentPolicyViolationError,
    ContextWindowExceededError,
    ServiceUnavailableError,
    status_error_class,
)
from litellm_py.providers.openai_compatible.errors import default_hints, mentions_context_limit

__all__ = ["ERROR_TYPE_STATUS", "classify", "error_style", "in_band_status"]

# The status each documented error type comes with.
ERROR_TYPE_STATUS: dict[str, int] = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "billing_error": 402,
    "permission_error": 403,
    "not_found_error": 404,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "api_error": 500,
    "timeout_error": 504,
    "overloaded_error": 529,
}
_PROMPT_TOO_LONG = re.compile(r"prompt is too long", re.IGNORECASE)
_POLICY = re.compile(r"content policy|content filter|usage policy", re.IGNORECASE)


def classify(status_code: int, message: str, code: Any = None) -> type[APIStatusError]:
    """The error class for an Anthropic error status and message."""
    if status_code in (400, 413) and (
        _PROMPT_TOO_LONG.search(message) or mentions_context_limit(message)
    ):
        return ContextWindowExceededError
    if status_code == 400 and _POLICY.search(message):
        return ContentPolicyViolationError
    if status_code == 529:
        return ServiceUnavailableError
    cls = status_error_class(status_code)
    return BadRequestError if cls is APIStatusError and status_code == 413 else cls


def in_band_status(error: Mapping[str, Any]) -> int | None:
    """The status an in-band error object's documented type stands for, if it has one."""
    error_type = error.get("type")
    return ERROR_TYPE_STATUS.get(error_type) if isinstance(error_type, str) else None


def error_style(api_key_env: str) -> dict[str, Any]:
    """How Anthropic errors are classified and explained (`status_error` keywords)."""
    hints = default_hints(api_key_env)
    hints[ServiceUnavailableError] = "the API is overloaded; retried with backoff"
    return {"classifier": classify, "hints": hints, "request_id_headers": ("request-id",)}
