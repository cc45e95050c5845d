"""Fallbacks: after a retryable error has used up its retries (or the context is too small),
try the next model. Pure decisions only; `_api` runs the loop.
"""

from __future__ import annotations

import contextlib
from typing import Any

from litellm_py._retry import MAX_RETRY_AFTER, status_is_retryable
from litellm_py.exceptions import (
    APIError,
    APIStatusError,
    BadRequestError,
    ContextWindowExceededError,
)

__all__ = ["final_error", "mark_answered", "models_to_try", "should_fall_back"]


def models_to_try(model: str, params: dict[str, Any]) -> list[str]:
    """The requested model followed by `fallbacks` (popped from `params`)."""
    fallbacks = params.pop("fallbacks", None) or []
    if isinstance(fallbacks, str) or not all(isinstance(m, str) for m in fallbacks):
        raise BadRequestError(
            "fallbacks must be a list of model strings, e.g. ['deepseek/deepseek-v4-pro']",
            param="fallbacks",
        )
    return [model, *fallbacks]


def should_fall_back(error: BaseException) -> bool:
    """Whether another model may succeed where this one failed."""
    if isinstance(error, ContextWindowExceededError):
        return True
    if not isinstance(error, APIError):
        return False
    return error.is_retryable or _waits_too_long(error)


def _waits_too_long(error: APIError) -> bool:
    """A retryable status whose retry-after (> 60 s) ended the retries of this model only."""
    if not isinstance(error, APIStatusError) or error.retry_after is None:
        return False
    headers = error.response.headers if error.response is not None else {}
    return error.retry_after > MAX_RETRY_AFTER and status_is_retryable(error.status_code, headers)


def final_error(errors: list[tuple[str, APIError]]) -> APIError:
    """The last error, carrying every earlier failed attempt in `.attempts` and its message."""
    last = errors[-1][1]
    if len(errors) > 1:
        last.attempts = [error for _, error in errors[:-1]]
        tried = "; ".join(f"{m}: {type(e).__name__}" for m, e in errors)
        last.message = f"{last.message} [{len(errors)} models tried, none answered: {tried}]"
        last.args = (last.message,)
    return last


def mark_answered(response: Any, model: str, errors: list[tuple[str, APIError]]) -> Any:
    """Record on the response which model answered and what failed before it."""
    # A user-registered provider may return objects that take no attributes.
    with contextlib.suppress(AttributeError):
        meta = getattr(response, "_meta", None) or {}  # keeps what the provider recorded
        meta.update(answered_by=model, failed_attempts=[e for _, e in errors])
        response._meta = meta
    return response
