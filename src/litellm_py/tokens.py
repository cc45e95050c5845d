"""Token counts before sending: `token_counter`, `encode`, `decode`, and the context-window check.

Each provider supplies its tokenizer (`BaseProvider.tokenizer`); DeepSeek's is V4's real
vocabulary, offline, with the `tokenizer` extra installed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litellm_py._registry import resolve_model
from litellm_py.exceptions import ConfigurationError, UnsupportedParamsError

__all__ = ["decode", "encode", "token_counter"]


def _tokenizer(model: str) -> Any:
    provider, model_id = resolve_model(model)
    tokenizer = provider.tokenizer(model_id)
    if tokenizer is None:
        raise ConfigurationError(
            f"litellm_py has no offline tokenizer for {provider.name}/ models; count with the "
            "provider's own tools, or read usage.prompt_tokens from a response"
        )
    return tokenizer


def token_counter(
    model: str,
    *,
    messages: Sequence[Any] | None = None,
    text: str | None = None,
    thinking: bool = True,
    tools: Any = None,
    reasoning_effort: str | None = None,
) -> int:
    """Tokens of `text`, or the `prompt_tokens` a chat call with `messages` will report.

    Args:
        model: "<provider>/<model>".
        messages: chat messages (dicts or `Message` objects), counted with the chat template.
        text: plain text, counted without any template tokens.
        thinking: whether the call runs in thinking mode (DeepSeek's default).
        tools: the call's tools, which also occupy the prompt.
        reasoning_effort: the call's effort; DeepSeek's "max" adds a fixed paragraph.

    Raises:
        ConfigurationError: no tokenizer for this provider, or its extra is not installed.
    """
    if (messages is None) == (text is None):
        raise UnsupportedParamsError(
            "token_counter needs exactly one of messages=... or text=...", param="messages"
        )
    tokenizer = _tokenizer(model)
    if text is not None:
        return len(tokenizer.encode(text))
    from litellm_py._record import to_jsonable

    turns = [to_jsonable(m) for m in messages or ()]
    count = tokenizer.count_messages(
        turns, thinking=thinking, tools=to_jsonable(tools), reasoning_effort=reasoning_effort
    )
    return int(count)


def encode(model: str, text: str) -> list[int]:
    """The token ids of `text` under `model`'s tokenizer."""
    return list(_tokenizer(model).encode(text))


def decode(model: str, tokens: Sequence[int]) -> str:
    """The text of `tokens` under `model`'s tokenizer."""
    return str(_tokenizer(model).decode(tokens))
