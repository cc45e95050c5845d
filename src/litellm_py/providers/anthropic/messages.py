"""OpenAI-shaped chat messages -> the Messages API's `system` and content-block `messages`.

System (and developer) messages are lifted into `system`; assistant `tool_calls` become
`tool_use` blocks and `tool` messages `tool_result` blocks in a user turn; the assistant's
`thinking_blocks` (thinking text + `signature`, or redacted data) are replayed verbatim and
first, as the API requires (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking).
Parts already in the Messages API's shape pass through untouched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from litellm_py.exceptions import BadRequestError
from litellm_py.types import Record

__all__ = ["to_messages_api"]

_SYSTEM_ROLES = frozenset({"system", "developer"})
_ROLES = frozenset({"user", "assistant", "tool"}) | _SYSTEM_ROLES
_DATA_URL_PREFIX = "data:"


class _Builder:
    """Collects system blocks and role-merged turns while walking the messages once."""

    def __init__(self, provider: str) -> None:
        self.provider = provider
        self.system: list[dict[str, Any]] = []
        self.turns: list[dict[str, Any]] = []

    def error(self, message: str) -> BadRequestError:
        return BadRequestError(message, param="messages", provider=self.provider)

    def add(self, role: str, blocks: list[dict[str, Any]]) -> None:
        if not blocks:
            return
        if self.turns and self.turns[-1]["role"] == role:
            self.turns[-1]["content"].extend(blocks)
        else:
            self.turns.append({"role": role, "content": blocks})


def to_messages_api(messages: Any, provider: str) -> tuple[Any, list[dict[str, Any]]]:
    """`(system, messages)` for the request body; `system` is None, a string or text blocks.

    Raises:
        BadRequestError: a message has no known role, a part is malformed, tool-call arguments
            are not JSON, or nothing is left to send.
    """
    builder = _Builder(provider)
    if not isinstance(messages, list | tuple) or not messages:
        raise builder.error("messages must be a non-empty list of messages")
    for index, message in enumerate(messages):
        data = _as_dict(message)
        role = data.get("role") if data is not None else None
        if data is None or role not in _ROLES:
            raise builder.error(
                f"messages[{index}] must be a dict (or Message) with a role of "
                f"{', '.join(sorted(_ROLES))}; got {message!r:.200}"
            )
        blocks = _blocks(builder, index, role, data)
        if data.get("cache_control") is not None and blocks:
            blocks[-1] = {**blocks[-1], "cache_control": data["cache_control"]}
        if role in _SYSTEM_ROLES:
            builder.system.extend(blocks)
        else:
            builder.add("assistant" if role == "assistant" else "user", blocks)
    if not builder.turns:
        raise builder.error("messages has only system messages; add a user message")
    return _system_value(builder.system), [_collapsed(turn) for turn in builder.turns]


def _as_dict(message: Any) -> Mapping[str, Any] | None:
    data = message._data if isinstance(message, Record) else message
    return data if isinstance(data, Mapping) else None


def _blocks(b: _Builder, index: int, role: str, data: Mapping[str, Any]) -> list[dict[str, Any]]:
    if role == "tool":
        return [_tool_result(b, index, data)]
    blocks: list[dict[str, Any]] = []
    if role == "assistant":
        blocks.extend(dict(block) for block in data.get("thinking_blocks") or ())
        blocks.extend(dict(block) for block in data.get("provider_content_blocks") or ())
    blocks.extend(_content_blocks(b, index, data.get("content")))
    if role == "assistant":
        blocks.extend(
            _tool_use(b, index, n, call) for n, call in enumerate(data.get("tool_calls") or ())
        )
    return blocks


def _content_blocks(b: _Builder, index: int, content: Any) -> list[dict[str, Any]]:
    if content is None or content == "":
        return []
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if not isinstance(content, list):
        raise b.error(f"messages[{index}].content must be a string or a list of parts")
    return [_part(b, index, n, part) for n, part in enumerate(content)]


def _part(b: _Builder, index: int, n: int, part: Any) -> dict[str, Any]:
    if not isinstance(part, Mapping) or not isinstance(part.get("type"), str):
        raise b.error(f"messages[{index}].content[{n}] must be a dict with a 'type'")
    if part["type"] == "text":
        return {
            k: v for k, v in part.items() if k in ("type", "text", "cache_control", "citations")
        }
    if part["type"] == "image_url":
        return _image(b, f"messages[{index}].content[{n}]", part)
    return dict(part)  # already a Messages API block (image, document, search_result, ...)


def _image(b: _Builder, where: str, part: Mapping[str, Any]) -> dict[str, Any]:
    image = part.get("image_url")
    url = image.get("url") if isinstance(image, Mapping) else image
    if not isinstance(url, str) or not url:
        raise b.error(f"{where}.image_url must hold a 'url'")
    if url.startswith(_DATA_URL_PREFIX):
        header, _, data = url[len(_DATA_URL_PREFIX) :].partition(",")
        media_type, _, encoding = header.partition(";")
        if encoding != "base64" or not data:
            raise b.error(f"{where}: a data URL must be base64 ('data:image/png;base64,...')")
        source: dict[str, Any] = {"type": "base64", "media_type": media_type, "data": data}
    else:
        source = {"type": "url", "url": url}
    block: dict[str, Any] = {"type": "image", "source": source}
    if part.get("cache_control") is not None:
        block["cache_control"] = part["cache_control"]
    return block


def _tool_use(b: _Builder, index: int, n: int, call: Any) -> dict[str, Any]:
    data = _as_dict(call) or {}
    function = _as_dict(data.get("function")) or {}
    arguments = function.get("arguments") or "{}"
    try:
        parsed = json.loads(arguments) if isinstance(arguments, str) else arguments
    except ValueError:
        raise b.error(
            f"messages[{index}].tool_calls[{n}].function.arguments is not JSON: {arguments!r:.200}"
        ) from None
    if not isinstance(parsed, Mapping) or not data.get("id") or not function.get("name"):
        raise b.error(
            f"messages[{index}].tool_calls[{n}] needs an id, a function name and JSON-object "
            "arguments"
        )
    return {"type": "tool_use", "id": data["id"], "name": function["name"], "input": dict(parsed)}


def _tool_result(b: _Builder, index: int, data: Mapping[str, Any]) -> dict[str, Any]:
    tool_use_id = data.get("tool_call_id")
    if not isinstance(tool_use_id, str) or not tool_use_id:
        raise b.error(f"messages[{index}] (role 'tool') needs the tool_call_id it answers")
    content = data.get("content")
    block: dict[str, Any] = {"type": "tool_result", "tool_use_id": tool_use_id}
    if isinstance(content, list):
        block["content"] = _content_blocks(b, index, content)
    elif content is not None:
        block["content"] = content if isinstance(content, str) else json.dumps(content)
    if data.get("is_error") is not None:
        block["is_error"] = data["is_error"]
    return block


def _system_value(blocks: list[dict[str, Any]]) -> Any:
    if not blocks:
        return None
    if len(blocks) == 1 and set(blocks[0]) == {"type", "text"} and blocks[0]["type"] == "text":
        return blocks[0]["text"]
    return blocks


def _collapsed(turn: dict[str, Any]) -> dict[str, Any]:
    """A turn whose content is one plain text block is sent as a string (the common case)."""
    content = turn["content"]
    if len(content) == 1 and set(content[0]) == {"type", "text"} and content[0]["type"] == "text":
        return {"role": turn["role"], "content": content[0]["text"]}
    return turn
