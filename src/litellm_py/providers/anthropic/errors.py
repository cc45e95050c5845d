"""Anthropic error bodies -> the unified error tree, the key always redacted.

Error types: https://docs.anthropic.com/en/api/errors (`{"type": "error", "error": {"type",
"message"}, "request_id"}`); 529 `overloaded_error` is a retryable `ServiceUnavailableError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from litellm_py import _retry
from litellm_py._secret import redact, redact_json
from litellm_py.exceptions import (
    APIStatusError,
    BadRequestError,
    ContentPolicyViolationError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    ServiceUnavailableError,
    status_error_class,
)

__all__ = ["ERROR_TYPE_STATUS", "anthropic_error", "classify"]

# The status each documented error type comes with (in-band stream errors carry no status).
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
_CONTEXT = re.compile(r"prompt is too long|context window|context length|too many tokens", re.I)
_POLICY = re.compile(r"content policy|content filter|usage policy", re.I)
_HINTS: dict[type[APIStatusError], str] = {
    status_error_class(401): "check the API key (ANTHROPIC_API_KEY or api_key=...)",
    InsufficientBalanceError: "add credits to the account; retrying will not help",
    status_error_class(429): "rate limit reached; slow down or lower concurrency",
    ServiceUnavailableError: "the API is overloaded; retried with backoff",
    ContextWindowExceededError: "shorten the messages or lower max_tokens",
}


def classify(status_code: int, error_type: str | None, message: str) -> type[APIStatusError]:
    """The error class for an Anthropic status, error type and message (status first)."""
    if status_code in (400, 413) and _CONTEXT.search(message):
        return ContextWindowExceededError
    if status_code == 400 and _POLICY.search(message):
        return ContentPolicyViolationError
    if status_code == 529 or error_type == "overloaded_error":
        return ServiceUnavailableError
    if error_type == "billing_error":
        return InsufficientBalanceError
    cls = status_error_class(status_code)
    if cls is APIStatusError and error_type in ("request_too_large", "invalid_request_error"):
        return BadRequestError  # 413 and other 4xx the tree has no class for
    return cls


def anthropic_error(
    *,
    status_code: int,
    headers: Mapping[str, str],
    payload: Any,
    api_key: str | None,
    provider: str,
    model: str | None,
    response: Any = None,
) -> APIStatusError:
    """Build the typed error for one Anthropic error response (or in-band stream error)."""
    payload = redact_json(payload, api_key)  # a 401 body may echo the key back
    error = payload.get("error") if isinstance(payload, dict) else None
    fields: dict[str, Any] = error if isinstance(error, dict) else {}
    raw = fields.get("message") if fields else (payload if isinstance(payload, str) else None)
    message = redact(str(raw or f"HTTP {status_code}").strip()[:2000], api_key)
    error_type = fields.get("type") if isinstance(fields.get("type"), str) else None
    if response is None and error_type in ERROR_TYPE_STATUS:
        status_code = ERROR_TYPE_STATUS[error_type]  # an in-band stream error has no status
    cls = classify(status_code, error_type, message)
    text = f"{provider} {status_code}{f' {error_type}' if error_type else ''}: {message}"
    hint = _HINTS.get(cls)
    if hint:
        text += f" ({hint})"
    retry_after = _retry.parse_retry_after(headers)
    retryable = _retry.status_is_retryable(status_code, headers) and not issubclass(
        cls, (InsufficientBalanceError, BadRequestError)
    )
    if retry_after is not None and retry_after > _retry.MAX_RETRY_AFTER:
        retryable = False
    request_id = headers.get("request-id") or headers.get("x-request-id")
    if request_id is None and isinstance(payload, dict):
        request_id = payload.get("request_id")
    return cls(
        text,
        response=response,
        status_code=status_code,
        body=payload,
        type=error_type,
        retry_after=retry_after,
        provider=provider,
        model=model,
        request_id=request_id,
        is_retryable=retryable,
    )
