"""A cheap upper bound on the UTF-8 size of the V4 chat template's rendering of a request.

Rendering the whole template on every call only to learn that a short prompt fits the window
costs more than building the request; this bound reads each message's text once instead. It
never undercounts `chat_template.render_prompt`:

- the text of every message (string content, the text parts of a list, a tool result's
  `[Unsupported <type>]` parts, `reasoning_content`) is counted in full, though the template
  may drop some of it (older reasoning, non-text parts of a user turn);
- each message gets `PER_MESSAGE` bytes, the sum of every marker and separator the template can
  add around one message (a user turn's marker, the assistant header after it, the end of
  thinking, the end of sentence, a `<tool_result>` wrapper and two "\\n\\n" separators);
- tool calls and the tools section are rendered exactly (both are short in practice), and the
  empty system message the template puts in front for tools gets its own allowance;
- BOS and the `reasoning_effort="max"` paragraph are always counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litellm_py.providers.deepseek.chat_template import (
    ASSISTANT,
    BOS,
    END_THINK,
    EOS,
    REASONING_EFFORT_MAX,
    THINK,
    USER,
    render_tool_calls,
    render_tools,
)

__all__ = ["FIXED", "PER_MESSAGE", "prompt_bytes_bound"]


def _size(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode())


PER_MESSAGE = sum(
    _size(marker)
    for marker in (
        USER,
        ASSISTANT,
        THINK if _size(THINK) > _size(END_THINK) else END_THINK,
        END_THINK,
        EOS,
        "<tool_result></tool_result>",
        "\n\n\n\n",
    )
)
"""Bytes the template can add around one message, at most."""

FIXED = _size(BOS) + _size(REASONING_EFFORT_MAX)
"""Bytes the template adds once per prompt, at most."""


def _content_size(content: Any) -> int:
    if content is None:
        return 0
    if type(content) is str:
        return len(content) if content.isascii() else len(content.encode())
    if isinstance(content, str):
        return _size(content)
    if not isinstance(content, list):
        return _size(str(content))
    total = 0
    for part in content:
        if isinstance(part, Mapping):
            kind = part.get("type")
            text = str(part.get("text") or "") if kind == "text" else f"[Unsupported {kind}]"
            total += _size(text) + 2  # the "\n\n" that joins the parts
    return total


def _message_size(message: Mapping[str, Any]) -> int:
    size = PER_MESSAGE + _content_size(message.get("content"))
    size += _content_size(message.get("reasoning_content"))
    calls = message.get("tool_calls")
    if calls:
        size += _size(render_tool_calls(calls))
    return size


def prompt_bytes_bound(messages: Any, tools: Any) -> int:
    """At least `len(render_prompt(messages, tools=tools, ...).encode())`, whatever the mode."""
    total = FIXED
    for message in messages or ():
        if isinstance(message, dict | Mapping):  # dict first: no ABC check for the usual case
            total += _message_size(message)
    if tools:
        total += PER_MESSAGE + _size(render_tools(tools))
    return total
