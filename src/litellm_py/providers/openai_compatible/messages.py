"""Chat messages on the OpenAI wire: dicts or the library's `Message` objects, as JSON dicts.

Everything a message carries is sent as it is (an assistant message appended from a response
keeps its extra fields), so providers add their replay rules on top of the plain list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litellm_py.exceptions import BadRequestError
from litellm_py.types import Record

__all__ = ["CHAT_ROLES", "serialize_messages"]

CHAT_ROLES = frozenset({"system", "user", "assistant", "tool", "developer"})


def _as_dict(message: Any, index: int, provider: str) -> dict[str, Any]:
    if type(message) is dict and message.get("role") in CHAT_ROLES:  # the usual case, at once
        return message
    data: Any = message._data if isinstance(message, Record) else message
    if not isinstance(data, Mapping) or data.get("role") not in CHAT_ROLES:
        raise BadRequestError(
            f"messages[{index}] must be a dict (or Message) with a role of "
            f"{', '.join(sorted(CHAT_ROLES))}; got {message!r:.200}",
            param="messages",
            provider=provider,
        )
    return data if isinstance(data, dict) else dict(data)


def serialize_messages(messages: Any, *, provider: str) -> list[dict[str, Any]]:
    """Messages as JSON dicts; a clear error for anything that is not a message."""
    if not isinstance(messages, list | tuple) or not messages:
        raise BadRequestError(
            "messages must be a non-empty list of messages", param="messages", provider=provider
        )
    return [_as_dict(m, i, provider) for i, m in enumerate(messages)]
