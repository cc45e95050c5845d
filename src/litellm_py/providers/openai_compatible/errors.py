"""OpenAI-style error bodies -> the unified error tree, the key redacted, labelled by provider.

Body shape: ``{"error": {"message", "type", "param", "code"}}``
(https://platform.openai.com/docs/guides/error-codes). A provider passes its own classifier and
hints for what only it says; everything else is decided here, once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
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

__all__ = [
    "Classifier",
    "classify",
    "decode_error_body",
    "default_hints",
    "error_fields",
    "mentions_context_limit",
    "status_error",
]

Classifier = Callable[[int, str, Any], "type[APIStatusError]"]

_CONTEXT = re.compile(
    r"maximum context length|context length|input token exceed|context window|too many tokens",
    re.IGNORECASE,
)
_CONTENT = re.compile(r"content[_ ]filter|content policy|content management", re.IGNORECASE)
_CONTEXT_CODES = frozenset({"context_length_exceeded", "string_above_max_length"})
_CONTENT_CODES = frozenset({"content_filter", "content_policy_violation"})


def mentions_context_limit(message: str) -> bool:
    """Whether an error message says the prompt does not fit the context window."""
    return _CONTEXT.search(message) is not None


def classify(status_code: int, message: str, code: Any = None) -> type[APIStatusError]:
    """The error class for an OpenAI-style error status, message and code."""
    if code == "model_not_found":
        return NotFoundError
    if code == "insufficient_quota":  # OpenAI's 429 for an exhausted quota: waiting cannot help
        return InsufficientBalanceError
    if status_code in (400, 413):
        if code in _CONTEXT_CODES or _CONTEXT.search(message):
            return ContextWindowExceededError
        if code in _CONTENT_CODES or _CONTENT.search(message):
            return ContentPolicyViolationError
    return status_error_class(status_code)


def default_hints(api_key_env: str) -> dict[type[APIStatusError], str]:
    """What a person can do about the common errors, naming the provider's key variable."""
    return {
        status_error_class(401): f"check the API key ({api_key_env} or api_key=...)",
        InsufficientBalanceError: "top up the account; retrying will not help",
        status_error_class(429): "rate limit reached; slow down or lower concurrency",
        status_error_class(422): "a parameter has the wrong type or value",
        ContextWindowExceededError: "shorten the messages or lower max_tokens",
    }


def error_fields(payload: Any) -> tuple[dict[str, Any], str | None]:
    """The ``error`` object of a decoded body (or {}) and its message (or the text body)."""
    error = payload.get("error") if isinstance(payload, dict) else None
    fields: dict[str, Any] = error if isinstance(error, dict) else {}
    if fields:
        raw = fields.get("message")
    elif isinstance(error, str):
        raw = error
    else:
        raw = payload if isinstance(payload, str) else None
    return fields, None if raw is None else str(raw)


def _retryable(
    cls: type[APIStatusError], status_code: int, headers: Mapping[str, str], retry_after: Any
) -> bool:
    # Resending cannot help an empty balance or an oversized prompt, whatever the status.
    if issubclass(cls, (InsufficientBalanceError, ContextWindowExceededError)):
        return False
    return _retry.should_retry_status(status_code, headers, retry_after)


def _request_id(
    headers: Mapping[str, str],
    names: tuple[str, ...],
    pattern: re.Pattern[str] | None,
    message: str,
) -> str | None:
    for name in ("x-request-id", *names):
        if headers.get(name):
            return headers[name]
    match = pattern.search(message) if pattern is not None else None
    return match.group(1) if match else None


def status_error(
    *,
    status_code: int,
    headers: Mapping[str, str],
    payload: Any,
    api_key: str | None,
    provider: str,
    model: str | None,
    label: str | None = None,
    classifier: Classifier = classify,
    hints: Mapping[type[APIStatusError], str] | None = None,
    not_found_hint: str | None = None,
    request_id_headers: tuple[str, ...] = (),
    request_id_pattern: re.Pattern[str] | None = None,
    response: Any = None,
) -> APIStatusError:
    """The typed error for one error response (or a 2xx carrying an error object).

    `payload` is the decoded body (or its text); `api_key` is masked wherever it is echoed.
    `label`, `classifier`, `hints`, `not_found_hint` and the request-id places are the
    provider's wording (see `BaseProvider.error_style`).
    """
    payload = redact_json(payload, api_key)  # a 401 body may echo the key back
    fields, raw = error_fields(payload)
    message = redact((raw or f"HTTP {status_code}").strip()[:2000], api_key)
    cls = classifier(status_code, message, fields.get("code"))
    text = f"{label or provider} {status_code}: {message}"
    hint = (hints or {}).get(cls)
    if hint:
        text += f" ({hint})"
    if not_found_hint and cls is NotFoundError:
        text += f" {not_found_hint}"
    retry_after = _retry.parse_retry_after(headers)
    retryable = _retryable(cls, status_code, headers, retry_after)
    return cls(
        text,
        response=response,
        status_code=status_code,
        body=payload,
        code=fields.get("code"),
        param=fields.get("param"),
        type=fields.get("type"),
        retry_after=retry_after,
        provider=provider,
        model=model,
        request_id=_request_id(headers, request_id_headers, request_id_pattern, message),
        is_retryable=retryable,
    )


def decode_error_body(body: bytes) -> Any:
    """The JSON of an error body, or its text when it is not JSON."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # deeply nested JSON is shown as text
        return body.decode("utf-8", "replace")
