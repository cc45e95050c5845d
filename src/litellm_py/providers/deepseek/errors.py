"""DeepSeek error bodies -> the unified error tree, with a hint a person can act on.

Error codes: https://api-docs.deepseek.com/quick_start/error_codes
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from litellm_py import _retry
from litellm_py._secret import redact, redact_json
from litellm_py.exceptions import (
    APIStatusError,
    ContentPolicyViolationError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    NotFoundError,
    status_error_class,
)

__all__ = ["classify", "deepseek_error"]

_CONTEXT = re.compile(
    r"maximum context length|context length|input token exceed|context window|too many tokens",
    re.IGNORECASE,
)
_MODEL_MISSING = re.compile(r"model not exist|model does not exist|unknown model", re.IGNORECASE)
_CONTENT_RISK = re.compile(r"content exists risk|content[_ ]filter|content policy", re.IGNORECASE)
_REQUEST_ID = re.compile(r"request[ _]id:\s*([0-9A-Za-z-]+)")

_HINTS: dict[type[APIStatusError], str] = {
    status_error_class(401): "check the API key (DEEPSEEK_API_KEY or api_key=...)",
    InsufficientBalanceError: "top up the DeepSeek account; retrying will not help",
    status_error_class(429): "rate or concurrency limit reached; slow down or lower concurrency",
    status_error_class(422): "a parameter has the wrong type or value",
    ContextWindowExceededError: "shorten the messages or lower max_tokens",
}


def classify(status_code: int, message: str, code: Any = None) -> type[APIStatusError]:
    """The error class for a DeepSeek error status and message."""
    if status_code in (400, 404) and _MODEL_MISSING.search(message):
        return NotFoundError
    if status_code in (400, 413) or code == "quota_limit_reached":
        if _CONTEXT.search(message):
            return ContextWindowExceededError
        if _CONTENT_RISK.search(message):
            return ContentPolicyViolationError
    if status_code == 402 or message.strip().lower() == "insufficient balance":
        return InsufficientBalanceError
    return status_error_class(status_code)


def deepseek_error(
    *,
    status_code: int,
    headers: Mapping[str, str],
    payload: Any,
    api_key: str | None,
    model: str | None,
    replacement_hint: str | None = None,
    response: Any = None,
) -> APIStatusError:
    """Build the typed error for one DeepSeek error response (or a 200 carrying an error)."""
    payload = redact_json(payload, api_key)  # a 401 body may echo the key back
    error = payload.get("error") if isinstance(payload, dict) else None
    fields: dict[str, Any] = error if isinstance(error, dict) else {}
    raw = fields.get("message") if fields else (payload if isinstance(payload, str) else None)
    message = redact(str(raw or f"HTTP {status_code}").strip()[:2000], api_key)
    cls = classify(status_code, message, fields.get("code"))
    text = f"DeepSeek {status_code}: {message}"
    hint = _HINTS.get(cls)
    if hint:
        text += f" ({hint})"
    if replacement_hint and cls is NotFoundError:
        text += f" {replacement_hint}"
    retry_after = _retry.parse_retry_after(headers)
    # Resending cannot help an empty balance or an oversized prompt, whatever the status.
    retryable = _retry.status_is_retryable(status_code, headers) and not issubclass(
        cls, (InsufficientBalanceError, ContextWindowExceededError)
    )
    if retry_after is not None and retry_after > _retry.MAX_RETRY_AFTER:
        retryable = False
    match = _REQUEST_ID.search(message)
    return cls(
        text,
        response=response,
        status_code=status_code,
        body=payload,
        code=fields.get("code"),
        param=fields.get("param"),
        type=fields.get("type"),
        retry_after=retry_after,
        provider="deepseek",
        model=model,
        request_id=headers.get("x-request-id")
        or headers.get("x-ds-trace-id")
        or (match.group(1) if match else None),
        is_retryable=retryable,
    )
