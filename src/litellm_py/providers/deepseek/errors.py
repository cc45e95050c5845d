"""What only DeepSeek's error bodies say, over the OpenAI error mapping.

Error codes: https://api-docs.deepseek.com/quick_start/error_codes
"""

from __future__ import annotations

import re
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

__all__ = ["classify", "error_style"]

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


def error_style(label: str, replacement_hint: str | None) -> dict[str, Any]:
    """DeepSeek's wording for `status_error`: its classes, hints and request-id places."""
    return {
        "label": label,
        "classifier": classify,
        "hints": _HINTS,
        "not_found_hint": replacement_hint,
        "request_id_headers": ("x-ds-trace-id",),
        "request_id_pattern": _REQUEST_ID,
    }
