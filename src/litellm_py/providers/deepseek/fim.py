"""FIM (fill-in-the-middle) completion on the beta base: `POST /beta/completions`.

https://api-docs.deepseek.com/api/create-completion
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litellm_py.exceptions import UnsupportedParamsError
from litellm_py.providers.deepseek.params import RULES
from litellm_py.providers.openai_compatible.params import (
    check_known,
    check_stream_options,
    max_tokens_value,
    stop_value,
)

__all__ = ["FIM_PARAMS", "fim_body"]

FIM_PARAMS = (
    "echo",
    "frequency_penalty",
    "logprobs",
    "max_tokens",
    "presence_penalty",
    "stop",
    "stream",
    "stream_options",
    "suffix",
    "temperature",
    "top_p",
)


def fim_body(
    model: str,
    prompt: str,
    params: Mapping[str, Any],
    *,
    drop_params: bool = False,
    extra_body: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON body of a FIM request (pure; raises on what DeepSeek refuses)."""
    if not isinstance(prompt, str):
        raise UnsupportedParamsError(
            f"prompt must be a string, got {type(prompt).__name__}", param="prompt"
        )
    given = {k: v for k, v in params.items() if v is not None}
    allowed = frozenset(FIM_PARAMS)
    given = check_known(RULES, given, drop_params, allowed=allowed, what="FIM completion")
    body: dict[str, Any] = {"model": model, "prompt": prompt, **given}
    if "max_tokens" in body:
        body["max_tokens"] = max_tokens_value(RULES, "max_tokens", body["max_tokens"])
    if "stop" in body:
        body["stop"] = stop_value(RULES, body["stop"])
    logprobs = body.get("logprobs")
    if logprobs is not None and (isinstance(logprobs, bool) or not 0 <= logprobs <= 20):
        raise UnsupportedParamsError(
            f"logprobs for FIM is an integer from 0 to 20, got {logprobs!r}", param="logprobs"
        )
    if body.get("echo") and (body.get("suffix") is not None or logprobs is not None):
        raise UnsupportedParamsError(
            "echo=True cannot be combined with suffix or logprobs (DeepSeek refuses it); "
            "drop one of them",
            param="echo",
        )
    check_stream_options(RULES, body, drop_params)
    if extra_body:
        body.update(extra_body)
    return body
