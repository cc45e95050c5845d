"""What only DeepSeek's error bodies say, over the OpenAI error mapping.

Error codes: https://api-docs.deepseek.com/quick_start/error_codes
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from litellm_py.exceptions import (
    APIStatusError,
    ContentPolicyViolationError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    NotFoundError,
)
from litellm_py.providers.deepseek.client import ENV
from litellm_py.providers.openai_compatible import errors as openai_errors

__all__ = ["classify", "deepseek_error"]

_MODEL_MISSING = re.compile(r"model not exist|model does not exist|unknown model", re.IGNORECASE)
_CONTENT_RISK = re.compile(r"content exists risk|content[_ ]filter|content policy", re.IGNORECASE)
_REQUEST_ID = re.compile(r"request[ _]id:\s*([0-9A-Za-z-]+)")

_HINTS = {
    **openai_errors.default_hints(ENV.api_key),
    InsufficientBalanceError: "top up the DeepSeek account; retrying will not help",
}


def classify(status_code: int, message: str, code: Any = None) -> type[APIStatusError]:
    """The error class for a DeepSeek error status and message."""
    if status_code in (400, 404) and _MODEL_MISSING.search(message):
        return NotFoundError
    if status_code in (400, 413) or code == "quota_limit_reached":
        if openai_errors.mentions_context_limit(message):
            return ContextWindowExceededError
        if _CONTENT_RISK.search(message):
            return ContentPolicyViolationError
    if status_code == 402 or message.strip().lower() == "insufficient balance":
        return InsufficientBalanceError
    return openai_errors.classify(status_code, message, code)


def deepseek_error(
    *,
    status_code: int,
    headers: Mapping[str, str],
    payload: Any,
    api_key: str | None,
    model: str | None,
    provider: str = "deepseek",
    label: str = "DeepSeek",
    replacement_hint: str | None = None,
    response: Any = None,
) -> APIStatusError:
    """Build the typed error for one DeepSeek error response (or a 200 carrying an error)."""
    _, raw = openai_errors.error_fields(payload)
    match = _REQUEST_ID.search(raw or "")
    return openai_errors.status_error(
        status_code=status_code,
        headers=headers,
        payload=payload,
        api_key=api_key,
        provider=provider,
        model=model,
        label=label,
        classifier=classify,
        hints=_HINTS,
        not_found_hint=replacement_hint,
        request_id=headers.get("x-ds-trace-id") or (match.group(1) if match else None),
        response=response,
    )
