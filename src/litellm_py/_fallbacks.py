"""Fallbacks: when one model cannot answer, which model is asked next. Pure decisions only;
`_api` runs the loop.

`fallbacks=[...]` (model strings, or LiteLLM's dicts ``{"model": ..., "api_key": ...}`` whose
other keys override the call's arguments) is used after an error another model may not have:
a retryable error that used up its retries (or asked to wait too long), a model that does not
exist, an oversized context, and an auth error when the next model is on another provider or
key. `context_window_fallbacks` / `content_policy_fallbacks` (LiteLLM's spellings: lists, or
``[{"<model>": [...]}]``) are used only after that error, before `fallbacks`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from litellm_py._ids import meta_of
from litellm_py._registry import resolve_model
from litellm_py._retry import status_is_retryable, waits_too_long
from litellm_py.exceptions import (
    APIError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ContentPolicyViolationError,
    ContextWindowExceededError,
    LiteLLMError,
    NotFoundError,
    PermissionDeniedError,
)

__all__ = ["Candidate", "FallbackPlan", "final_error", "mark_answered", "should_fall_back"]

_KINDS = ("fallbacks", "context_window_fallbacks", "content_policy_fallbacks")
_KIND_SET = frozenset(_KINDS)


_NO_OVERRIDES: Mapping[str, Any] = MappingProxyType({})


class Candidate(NamedTuple):
    """A model to ask and the call arguments it overrides (its own key, base URL, ...)."""

    model: str
    overrides: Mapping[str, Any] = _NO_OVERRIDES

    def params(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**params, **self.overrides} if self.overrides else params


class FallbackPlan:
    """The requested model, then the fallbacks each kind of error may use (popped from params)."""

    def __init__(self, model: str, params: dict[str, Any]) -> None:
        self.first = Candidate(model)
        self._lists: dict[str, list[Candidate]] = {}
        if not _KIND_SET.isdisjoint(params):  # usually no fallback is named: nothing to build
            for kind in _KINDS:
                self._lists[kind] = _candidates(kind, params.pop(kind, None), model)

    def next_after(self, failed: Candidate, error: BaseException) -> Candidate | None:
        """The next candidate to ask after `failed` raised `error`, or None to give up."""
        for kind, error_class in (
            ("context_window_fallbacks", ContextWindowExceededError),
            ("content_policy_fallbacks", ContentPolicyViolationError),
        ):
            if isinstance(error, error_class) and self._lists.get(kind):
                return self._lists[kind].pop(0)
        general = self._lists.get("fallbacks")
        if general and should_fall_back(error, failed, general[0]):
            return general.pop(0)
        return None


def _candidates(kind: str, spec: Any, model: str) -> list[Candidate]:
    if spec is None:
        return []
    if isinstance(spec, dict):  # {"<model>": [...]}
        spec = [spec]
    if isinstance(spec, str) or not isinstance(spec, list | tuple):
        raise BadRequestError(
            f"{kind} must be a list of model strings, e.g. ['<provider>/<model>']",
            param=kind,
        )
    out: list[Candidate] = []
    for entry in spec:
        if isinstance(entry, str):
            out.append(Candidate(entry))
        elif isinstance(entry, dict) and isinstance(entry.get("model"), str):
            overrides = {k: v for k, v in entry.items() if k != "model"}
            out.append(Candidate(entry["model"], overrides))
        elif isinstance(entry, dict) and len(entry) == 1:  # LiteLLM's [{"<model>": [...]}]
            ((for_model, models),) = entry.items()
            if for_model == model:
                out.extend(_candidates(kind, list(models), model))
        else:
            raise BadRequestError(
                f"{kind} must be a list of model strings or {{'model': ..., 'api_key': ...}} "
                f"dicts, got {entry!r:.80}",
                param=kind,
            )
    return out


def should_fall_back(
    error: BaseException, failed: Candidate | None = None, following: Candidate | None = None
) -> bool:
    """Whether `following` may succeed where `failed` raised `error` (without the candidates,
    an auth error is taken to apply to the next model too)."""
    if isinstance(error, ContextWindowExceededError | NotFoundError):
        return True
    if isinstance(error, AuthenticationError | PermissionDeniedError):
        return (
            failed is not None and following is not None and _other_credentials(failed, following)
        )
    if not isinstance(error, APIError):
        return False
    return error.is_retryable or _waits_too_long(error)


def _other_credentials(failed: Candidate, following: Candidate) -> bool:
    """Whether the next candidate is sent with another key: its own, or another provider's."""
    if following.overrides.get("api_key") != failed.overrides.get("api_key"):
        return True
    try:
        return resolve_model(following.model)[0] is not resolve_model(failed.model)[0]
    except LiteLLMError:
        return True  # its own error will say what is wrong with it


def _waits_too_long(error: APIError) -> bool:
    """A retryable status whose retry-after (> 60 s) ended the retries of this model only."""
    if not isinstance(error, APIStatusError) or not waits_too_long(error.retry_after):
        return False
    headers = error.response.headers if error.response is not None else {}
    return status_is_retryable(error.status_code, headers)


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
    meta = meta_of(response)  # None: a user-registered provider's object that takes no attributes
    if meta is not None:
        meta["answered_by"] = model
        meta["failed_attempts"] = [e for _, e in errors]
    return response
