"""Request checks of the test server's Messages endpoint, worded like the API's 400s.

Beyond shapes, it checks a multi-turn tool loop: every `tool_use` answered by a `tool_result`
in the next message (results first), every `tool_result` answering the previous message, and
thinking blocks replayed with their original signature, first in the final assistant turn.
"""

from __future__ import annotations

from typing import Any

from litellm_py.testing._errors import ApiError
from litellm_py.testing._messages_answer import sign, thinking_on

_MIN_BUDGET = 1024


def _bad(message: str) -> ApiError:
    return ApiError(400, message, "invalid_request_error")


def validate_messages(body: Any) -> None:
    """Raise the API's 400 for a request it would refuse."""
    if not isinstance(body, dict):
        raise _bad("Request body must be a JSON object")
    if not isinstance(body.get("model"), str) or not body["model"]:
        raise _bad("model: Field required")
    max_tokens = body.get("max_tokens")
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1:
        raise _bad("max_tokens: Field required")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise _bad("messages: at least one message is required")
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
            role = message.get("role") if isinstance(message, dict) else None
            raise _bad(
                f"messages.{index}.role: Input should be 'user' or 'assistant' (got {role!r}; "
                "system prompts go in the top-level 'system' field)"
            )
    _check_thinking(body, max_tokens)
    _check_tools(body)
    _check_tool_pairs(messages)
    _check_signatures(messages)
    if thinking_on(body):
        _check_thinking_first(messages)


def _check_thinking(body: dict[str, Any], max_tokens: int) -> None:
    thinking = body.get("thinking")
    if not isinstance(thinking, dict) or thinking.get("type") != "enabled":
        return
    budget = thinking.get("budget_tokens")
    if not isinstance(budget, int) or budget < _MIN_BUDGET:
        raise _bad(
            "thinking.enabled.budget_tokens: Input should be greater than or equal to "
            f"{_MIN_BUDGET}"
        )
    if budget >= max_tokens:
        raise _bad("`max_tokens` must be greater than `thinking.budget_tokens`")


def _check_tools(body: dict[str, Any]) -> None:
    for index, tool in enumerate(body.get("tools") or ()):
        if not isinstance(tool, dict) or not isinstance(tool.get("name"), str):
            raise _bad(f"tools.{index}.name: Field required")
        if "type" not in tool and not isinstance(tool.get("input_schema"), dict):
            raise _bad(f"tools.{index}.input_schema: Field required")


def _blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    content = message.get("content")
    return [b for b in content if isinstance(b, dict)] if isinstance(content, list) else []


def _check_tool_pairs(messages: list[dict[str, Any]]) -> None:
    for index, message in enumerate(messages):
        blocks = _blocks(message)
        if message["role"] == "assistant":
            ids = [b.get("id") for b in blocks if b.get("type") == "tool_use"]
            if ids and index + 1 < len(messages):
                _check_answered(index + 1, messages[index + 1], ids)
        previous = _blocks(messages[index - 1]) if index else []
        known = {b.get("id") for b in previous if b.get("type") == "tool_use"}
        for number, block in enumerate(blocks):
            if block.get("type") == "tool_result" and block.get("tool_use_id") not in known:
                raise _bad(
                    f"messages.{index}.content.{number}: unexpected `tool_use_id` found in "
                    f"`tool_result` blocks: {block.get('tool_use_id')}. Each `tool_result` block "
                    "must have a corresponding `tool_use` block in the previous message."
                )


def _check_answered(index: int, message: dict[str, Any], ids: list[Any]) -> None:
    blocks = _blocks(message)
    leading = []
    for block in blocks:
        if block.get("type") != "tool_result":
            break
        leading.append(block.get("tool_use_id"))
    missing = [i for i in ids if i not in leading]
    if message["role"] != "user" or missing:
        raise _bad(
            f"messages.{index}: `tool_use` ids were found without `tool_result` blocks "
            f"immediately after: {', '.join(map(str, missing or ids))}. Each `tool_use` block "
            "must have a corresponding `tool_result` block in the next message."
        )


def _check_signatures(messages: list[dict[str, Any]]) -> None:
    for index, message in enumerate(messages):
        for number, block in enumerate(_blocks(message)):
            if block.get("type") != "thinking":
                continue
            text, signature = block.get("thinking"), block.get("signature")
            if not isinstance(text, str) or signature != sign(text):
                raise _bad(
                    f"messages.{index}.content.{number}: Invalid `signature` in `thinking` block"
                )


def _check_thinking_first(messages: list[dict[str, Any]]) -> None:
    """With thinking on, the assistant turn answered by the final tool results starts thinking."""
    last = messages[-1]
    if last["role"] != "user" or not any(b.get("type") == "tool_result" for b in _blocks(last)):
        return
    if len(messages) < 2:
        return
    blocks = _blocks(messages[-2])
    first = blocks[0].get("type") if blocks else "text"
    if first not in ("thinking", "redacted_thinking"):
        raise _bad(
            f"messages.{len(messages) - 2}.content.0.type: Expected `thinking` or "
            f"`redacted_thinking`, but found `{first}`. When `thinking` is enabled, a final "
            "`assistant` message must start with a thinking block. Pass the thinking blocks of "
            "previous turns back unchanged."
        )
