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
_CONNECTION = ("api_key", "api_base", "base_url", "timeout", "num_retries", "max_retries")


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
    provider, model_id = resolve_model(with_provider(model, p.pop("custom_llm_provider", None)))
    conn = {k: p.pop(k, None) for k in _CONNECTION}
    module = package()
    retries = conn["num_retries"] if conn["num_retries"] is not None else conn["max_retries"]
    settings = provider.settings(
        api_key=conn["api_key"] or module.api_key,
        api_base=conn["api_base"] or conn["base_url"] or module.api_base,
        timeout=conn["timeout"] if conn["timeout"] is not None else module.request_timeout,
        max_retries=retries if retries is not None else module.num_retries,
    )
    drop_params = p.pop("drop_params", None)
    p.pop("callbacks", None)  # read by `_observe.begin`
    call = Call(
        provider=provider.name,
        model=model_id,
        endpoint=endpoint,
        settings=settings,
        messages=messages,
        stream=bool(p.pop("stream", False)),
        drop_params=bool(module.drop_params if drop_params is None else drop_params),
        extra_headers=p.pop("extra_headers", None),
        extra_body=p.pop("extra_body", None),
        metadata=p.pop("metadata", None),
        progress_timeout=p.pop("progress_timeout", None),
        correlation_id=correlation_id or new_correlation_id(),
        observer=observer,
        max_response_bytes=p.pop("max_response_bytes", None),
        max_event_bytes=p.pop("max_event_bytes", None),
        max_decompression_ratio=p.pop("max_decompression_ratio", None),
    )
    call.params = p
    return provider, call
