"""`prepare_call`: the caller's arguments split into connection settings, call options and the
provider's parameters, gathered into one `Call` (module-level defaults fill the gaps)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from litellm_py._call import Call
from litellm_py._defaults import package
from litellm_py._observe import new_correlation_id
from litellm_py._registry import resolve_model, with_provider
from litellm_py._validate import validate_call_args

if TYPE_CHECKING:
    from litellm_py._observer import Observer
    from litellm_py.providers.base import BaseProvider

__all__ = ["prepare_call"]

# Arguments consumed here; everything else is a provider parameter.
_PLAIN_OPTIONS = (
    "extra_headers", "extra_body", "metadata", "progress_timeout", "max_response_bytes",
    "max_event_bytes", "max_decompression_ratio",
)  # fmt: skip
"""Call options copied onto the `Call` as given (None when absent)."""
_OPTIONS = frozenset((*_PLAIN_OPTIONS, "drop_params", "callbacks", "stream"))


def prepare_call(
    endpoint: str,
    model: str,
    params: dict[str, Any],
    messages: Any = None,
    correlation_id: str | None = None,
    observer: Observer | None = None,
) -> tuple[BaseProvider, Call]:
    """Split the caller's arguments into connection settings, call options and provider params.

    Module-level defaults (`litellm_py.num_retries = 3`, ...) fill in what the call leaves out.
    """
    validate_call_args(params, messages)  # one place, before any traffic
    p = dict(params)
    pop = p.pop
    provider, model_id = resolve_model(with_provider(model, pop("custom_llm_provider", None)))
    module = package()
    api_key, api_base, timeout = pop("api_key", None), pop("api_base", None), pop("timeout", None)
    base_url, retries = pop("base_url", None), pop("num_retries", None)
    max_retries = pop("max_retries", None)
    if retries is None:
        retries = max_retries
    settings = provider.settings(
        api_key=api_key or module.api_key,
        api_base=api_base or base_url or module.api_base,
        timeout=timeout if timeout is not None else module.request_timeout,
        max_retries=retries if retries is not None else module.num_retries,
    )
    cid = correlation_id or new_correlation_id()
    call = Call(provider.name, model_id, endpoint, settings, p, messages, correlation_id=cid)
    call.observer = observer
    drop_params = None
    if not _OPTIONS.isdisjoint(p):  # call options given (usually none)
        drop_params = pop("drop_params", None)
        pop("callbacks", None)  # read by `_observe.begin`
        call.stream = bool(pop("stream", False))
        for name in _PLAIN_OPTIONS:
            setattr(call, name, pop(name, None))
    call.drop_params = bool(module.drop_params if drop_params is None else drop_params)
    return provider, call
