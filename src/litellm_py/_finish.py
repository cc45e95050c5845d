"""Opt-in: turn an incomplete `finish_reason` into a typed error (`raise_for_finish_reason`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from litellm_py.exceptions import APIError, ContentPolicyViolationError, IncompleteResponseError

__all__ = ["finish_reason_error"]

_REASONS = {
    "length": ("the output hit max_tokens (reasoning tokens count too); raise max_tokens", False),
    "insufficient_system_resource": ("the provider ran out of capacity mid-answer", True),
    "aborted": ("the generation was interrupted by the provider", True),
    None: ("the response has no finish_reason (it did not finish)", False),
}


def finish_reason_error(response: Any, allowed: Iterable[str]) -> APIError | None:
    """The error for the first choice whose finish_reason is not in `allowed`, else None."""
    ok = set(allowed)
    provider_model = {"model": response.get("model")}
    for choice in response.choices or ():
        reason = choice.finish_reason
        if reason in ok:
            continue
        if reason == "content_filter":
            error: APIError = ContentPolicyViolationError(
                "the provider's content filter cut the answer (finish_reason content_filter)",
                **provider_model,
            )
        else:
            why, retryable = _REASONS.get(reason, (f"finish_reason {reason!r}", False))
            error = IncompleteResponseError(
                f"incomplete answer: {why}",
                finish_reason=reason,
                is_retryable=retryable,
                **provider_model,
            )
        error.partial_response = response
        return error
    return None
