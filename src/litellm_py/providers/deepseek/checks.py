"""Model-aware checks of a built request: vision, output limits, parameters thinking ignores.

Capabilities come from the model registry (models.json); ids the registry does not know pass
through unchecked, so a brand-new model is never blocked by stale data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litellm_py._model_info import ModelFeature, ModelInfo, ModelRegistry
from litellm_py._warnings import warn_user
from litellm_py.exceptions import ContextWindowExceededError, UnsupportedParamsError
from litellm_py.providers.deepseek.params import thinking_enabled
from litellm_py.providers.deepseek.prompt_bound import prompt_bytes_bound
from litellm_py.providers.deepseek.tokenizer import REQUEST_OVERHEAD

__all__ = ["check_chat_body", "check_context_window"]

_MEDIA_PARTS = frozenset({"image_url", "file", "image", "input_image"})
_IGNORED_IN_THINKING = frozenset({"temperature", "presence_penalty", "frequency_penalty", "top_p"})


def _media_part(messages: Any) -> tuple[int, str] | None:
    for index, message in enumerate(messages or ()):
        content = message.get("content") if isinstance(message, dict | Mapping) else None
        if type(content) is not str and isinstance(content, list):
            for part in content:
                if isinstance(part, Mapping) and part.get("type") in _MEDIA_PARTS:
                    return index, str(part["type"])
    return None


def _check_vision(body: Mapping[str, Any], info: ModelInfo, registry: ModelRegistry) -> None:
    found = _media_part(body.get("messages"))
    if found is None or info.supports(ModelFeature.VISION):
        return
    index, kind = found
    seeing = ", ".join(registry.get_models_with_feature(ModelFeature.VISION)) or "none known"
    raise UnsupportedParamsError(
        f"messages[{index}] has a {kind!r} part but {info.id} cannot read images; "
        f"use a vision model ({seeing}) or send text only",
        param="messages",
        provider="deepseek",
        model=info.id,
    )


def _check_max_tokens(body: Mapping[str, Any], info: ModelInfo) -> None:
    limit = info.max_output_tokens
    value = body.get("max_tokens")
    if limit is None or not isinstance(value, int) or value <= limit:
        return
    raise UnsupportedParamsError(
        f"max_tokens={value} exceeds {info.id}'s maximum output of {limit} tokens "
        f"(reasoning tokens included); use at most {limit}",
        param="max_tokens",
        provider="deepseek",
        model=info.id,
    )


def _warn_ignored_in_thinking(body: Mapping[str, Any]) -> None:
    if _IGNORED_IN_THINKING.isdisjoint(body) or not thinking_enabled(body):  # usually none set
        return
    ignored = [k for k in ("temperature", "presence_penalty", "frequency_penalty") if k in body]
    top_p = body.get("top_p")
    if isinstance(top_p, int | float) and top_p < 0.95:
        ignored.append("top_p below 0.95 (raised to 0.95)")
    if ignored:
        warn_user(
            f"DeepSeek ignores {', '.join(ignored)} in thinking mode (on by default); "
            "pass thinking=False to use them"
        )


def check_chat_body(body: Mapping[str, Any], registry: ModelRegistry) -> None:
    """Refuse what the model cannot do; warn about parameters thinking mode ignores."""
    info = registry.get(str(body.get("model")))
    if info is not None:
        _check_vision(body, info, registry)
        _check_max_tokens(body, info)
        check_context_window(body, info)
    _warn_ignored_in_thinking(body)


def _prompt(body: Mapping[str, Any]) -> str:
    from litellm_py.providers.deepseek.chat_template import render_prompt

    return render_prompt(
        body.get("messages") or (),
        thinking=thinking_enabled(body),
        tools=body.get("tools"),
        reasoning_effort=body.get("reasoning_effort"),
    )


def check_context_window(body: Mapping[str, Any], info: ModelInfo) -> None:
    """Refuse a prompt that cannot fit the context window with the output it reserves.

    Cheap for ordinary prompts: each token of the rendered template covers at least one byte,
    so its UTF-8 size bounds the tokens, and `prompt_bytes_bound` bounds that size without
    rendering; only a prompt whose bound exceeds the window is rendered, and one whose bytes
    exceed it is counted exactly when the tokenizer extra is installed (else the server decides).
    """
    window = info.context_window
    if not window:
        return
    asked = body.get("max_tokens")
    reserve = asked if isinstance(asked, int) else 0
    bound = prompt_bytes_bound(body.get("messages"), body.get("tools"))
    if bound + REQUEST_OVERHEAD + reserve <= window:
        return
    text = _prompt(body)
    if len(text.encode()) + REQUEST_OVERHEAD + reserve <= window:
        return
    from litellm_py.exceptions import ConfigurationError
    from litellm_py.providers.deepseek.tokenizer import load_tokenizer

    try:
        tokenizer = load_tokenizer()
    except ConfigurationError:
        return
    prompt = len(tokenizer.encode(text)) + REQUEST_OVERHEAD
    if prompt + reserve > window:
        raise ContextWindowExceededError(
            f"{info.id}'s context window is {window} tokens, but this request needs "
            f"{prompt + reserve} ({prompt} in the messages, {reserve} reserved for the output); "
            "shorten the messages or lower max_tokens",
            param="messages",
            provider="deepseek",
            model=info.id,
        )
