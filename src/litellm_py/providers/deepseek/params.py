"""DeepSeek's chat parameters on top of the OpenAI rules: thinking mode, `user_id`, `/beta`.

Parameter reference: https://api-docs.deepseek.com/api/create-chat-completion
Thinking mode: https://api-docs.deepseek.com/guides/thinking_mode
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litellm_py._warnings import warn_user
from litellm_py.providers.openai_compatible.params import ChatRules

__all__ = [
    "CHAT_PARAMS",
    "RULES",
    "check_tool_choice",
    "thinking_enabled",
    "thinking_object",
    "uses_beta",
]

CHAT_PARAMS = (
    "frequency_penalty", "logprobs", "max_completion_tokens", "max_tokens", "n",
    "presence_penalty", "reasoning_effort", "response_format", "stop", "stream", "stream_options",
    "temperature", "thinking", "tool_choice", "tools", "top_logprobs", "top_p", "user",
)  # fmt: skip

RULES = ChatRules(
    label="DeepSeek",
    provider="deepseek",
    params=frozenset(CHAT_PARAMS),
    renames={"user": "user_id"},
    max_stop=16,
    max_tools=128,
    only_n_1=True,
    function_tools_only=True,
)
"""What DeepSeek's chat endpoint accepts (limits from the parameter reference)."""


def thinking_object(value: Any) -> dict[str, Any] | None:
    """`thinking` as DeepSeek's object: booleans are converted (the server 422s on them)."""
    if value is None:
        return None
    if value is True or value is False:
        return {"type": "enabled" if value else "disabled"}
    if isinstance(value, Mapping) and value.get("type") in ("enabled", "disabled"):
        extra = sorted(set(value) - {"type"})
        if extra:
            warn_user(f"thinking: DeepSeek ignores {', '.join(extra)}; sent only the type")
        return {"type": value["type"]}
    raise RULES.refuse(
        f"thinking must be True, False or {{'type': 'enabled'|'disabled'}}, got {value!r}",
        "thinking",
    )


def thinking_enabled(body: Mapping[str, Any]) -> bool:
    """Thinking is on by default for current models unless disabled or effort is "none"."""
    thinking = body.get("thinking")
    if thinking is None:  # the usual case: no ABC instance check
        return body.get("reasoning_effort") != "none"
    if isinstance(thinking, Mapping) and thinking.get("type") == "disabled":
        return False
    return body.get("reasoning_effort") != "none"


def uses_beta(body: Mapping[str, Any]) -> bool:
    """Strict tools and chat prefix completion only work on the beta base URL."""
    for tool in body.get("tools") or ():
        if isinstance(tool, Mapping) and (tool.get("function") or {}).get("strict") is True:
            return True
    messages: list[dict[str, Any]] = body.get("messages") or []
    return bool(messages) and messages[-1].get("prefix") is True


def check_tool_choice(rules: ChatRules, body: dict[str, Any], drop_params: bool) -> None:
    """A forced tool choice is refused in thinking mode (or turned into "auto")."""
    choice = body.get("tool_choice")
    if choice is None:
        return
    forced = choice == "required" or isinstance(choice, Mapping)
    if not forced or not thinking_enabled(body):
        return
    message = (
        f"tool_choice={choice!r} is not supported in thinking mode (on by default); "
        "use tool_choice='auto', or disable thinking with thinking=False"
    )
    if not drop_params:
        raise rules.refuse(message + " (drop_params=True turns it into 'auto').", "tool_choice")
    warn_user(f"drop_params=True: tool_choice changed to 'auto': {message}")
    body["tool_choice"] = "auto"
