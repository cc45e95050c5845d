"""How we speak: per-call parameters -> DeepSeek's chat request body, with local refusals.

Parameter reference: https://api-docs.deepseek.com/api/create-chat-completion
Thinking mode: https://api-docs.deepseek.com/guides/thinking_mode
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from typing import Any

from litellm_py.exceptions import UnsupportedParamsError
from litellm_py.providers.deepseek.messages import serialize_messages

__all__ = ["CHAT_PARAMS", "chat_body", "thinking_enabled", "uses_beta"]

CHAT_PARAMS = (
    "frequency_penalty",
    "logprobs",
    "max_completion_tokens",
    "max_tokens",
    "n",
    "presence_penalty",
    "reasoning_effort",
    "response_format",
    "stop",
    "stream",
    "stream_options",
    "temperature",
    "thinking",
    "tool_choice",
    "tools",
    "top_logprobs",
    "top_p",
    "user",
)
_KNOWN = frozenset(CHAT_PARAMS)
_TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
MAX_STOP = 16
MAX_TOOLS = 128


def _refuse(message: str, param: str) -> UnsupportedParamsError:
    return UnsupportedParamsError(message, param=param, provider="deepseek")


def _warn(message: str) -> None:
    warnings.warn(message, UserWarning, stacklevel=6)


def check_known(
    params: Mapping[str, Any],
    drop_params: bool,
    *,
    allowed: frozenset[str] = _KNOWN,
    what: str = "chat completion",
) -> dict[str, Any]:
    """Params without the unknown ones (dropped with a warning) or an error naming them."""
    unknown = sorted(k for k in params if k not in allowed)
    if not unknown:
        return dict(params)
    if not drop_params:
        raise _refuse(
            f"DeepSeek {what} does not accept {', '.join(unknown)}. Remove it, pass "
            "drop_params=True to drop it, or send provider-specific fields with extra_body={...}.",
            unknown[0],
        )
    _warn(f"drop_params=True: dropped {', '.join(unknown)} (not accepted by DeepSeek {what})")
    return {k: v for k, v in params.items() if k in allowed}


def thinking_object(value: Any) -> dict[str, Any] | None:
    """`thinking` as DeepSeek's object: booleans are converted (the server 422s on them)."""
    if value is None:
        return None
    if value is True or value is False:
        return {"type": "enabled" if value else "disabled"}
    if isinstance(value, Mapping) and value.get("type") in ("enabled", "disabled"):
        extra = sorted(set(value) - {"type"})
        if extra:
            _warn(f"thinking: DeepSeek ignores {', '.join(extra)}; sent only the type")
        return {"type": value["type"]}
    raise _refuse(
        f"thinking must be True, False or {{'type': 'enabled'|'disabled'}}, got {value!r}",
        "thinking",
    )


def thinking_enabled(body: Mapping[str, Any]) -> bool:
    """Thinking is on by default for current models unless disabled or effort is "none"."""
    thinking = body.get("thinking")
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


def chat_body(
    model: str,
    messages: list[Any],
    params: Mapping[str, Any],
    *,
    drop_params: bool = False,
    defaults: Mapping[str, Any] | None = None,
    extra_body: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON body for `POST /chat/completions` (pure; raises on requests DeepSeek refuses)."""
    merged = dict(defaults or {})
    merged.update((k, v) for k, v in params.items() if v is not None)
    merged = check_known(merged, drop_params)
    body: dict[str, Any] = {"model": model}
    _map_params(merged, body, drop_params)
    if extra_body:
        body.update(extra_body)
    if "messages" not in body:  # extra_body is verbatim: its messages are sent untouched
        body["messages"] = serialize_messages(
            messages, tools=bool(body.get("tools")), thinking=thinking_enabled(body)
        )
    _check_tool_choice(body, drop_params)
    return body


def _map_params(params: dict[str, Any], body: dict[str, Any], drop_params: bool) -> None:
    for key, value in params.items():
        if key == "thinking":
            thinking = thinking_object(value)
            if thinking is not None:
                body["thinking"] = thinking
        elif key == "user":
            body["user_id"] = value
        elif key in ("max_tokens", "max_completion_tokens"):
            _set_max_tokens(body, key, value)
        elif key == "n":
            if value != 1:
                drop_or_refuse(
                    drop_params,
                    "n",
                    f"DeepSeek supports only n=1 (got n={value}); make several calls instead",
                )
        elif key == "stop":
            body["stop"] = stop_value(value)
        elif key == "tools":
            tools = _check_tools(value, drop_params)
            if tools:
                body["tools"] = tools
        else:
            body[key] = value
    if "stream_options" in body and body.get("stream") is not True:
        drop_or_refuse(
            drop_params, "stream_options", "stream_options is only valid with stream=True"
        )
        body.pop("stream_options")


def drop_or_refuse(drop_params: bool, param: str, message: str) -> None:
    if not drop_params:
        raise _refuse(f"{message} (or pass drop_params=True to drop {param}).", param)
    _warn(f"drop_params=True: dropped {param}: {message}")


def max_tokens_value(key: str, value: Any) -> int:
    """`value` checked as a positive integer token count."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _refuse(f"{key} must be a positive integer, got {value!r}", key)
    return value


def _set_max_tokens(body: dict[str, Any], key: str, value: Any) -> None:
    max_tokens_value(key, value)
    if body.get("max_tokens", value) != value:
        raise _refuse("max_tokens and max_completion_tokens disagree; pass only one of them", key)
    body["max_tokens"] = value


def stop_value(value: Any) -> Any:
    stops = [value] if isinstance(value, str) else value
    if not isinstance(stops, list) or not all(isinstance(s, str) for s in stops):
        raise _refuse(f"stop must be a string or a list of strings, got {value!r}", "stop")
    if len(stops) > MAX_STOP:
        raise _refuse(
            f"DeepSeek accepts at most {MAX_STOP} stop sequences, got {len(stops)}", "stop"
        )
    return value


def _check_tools(tools: Any, drop_params: bool) -> list[Any]:
    if not isinstance(tools, list):
        raise _refuse(f"tools must be a list of tool objects, got {type(tools).__name__}", "tools")
    kept, names = [], set()
    for i, tool in enumerate(tools):
        kind = tool.get("type") if isinstance(tool, Mapping) else None
        if kind != "function":
            drop_or_refuse(
                drop_params,
                "tools",
                f"tools[{i}] has type {kind!r}; DeepSeek accepts only 'function' tools",
            )
            continue
        name = (tool.get("function") or {}).get("name")
        if not isinstance(name, str) or not _TOOL_NAME.match(name):
            raise _refuse(
                f"tools[{i}].function.name {name!r} must be 1-128 characters of a-z, A-Z, 0-9, "
                "'_' or '-'",
                "tools",
            )
        if name in names:
            raise _refuse(
                f"tools[{i}].function.name {name!r} is used twice; names must be unique", "tools"
            )
        names.add(name)
        kept.append(tool)
    if len(kept) > MAX_TOOLS:
        raise _refuse(f"DeepSeek accepts at most {MAX_TOOLS} tools, got {len(kept)}", "tools")
    return kept


def _check_tool_choice(body: dict[str, Any], drop_params: bool) -> None:
    choice = body.get("tool_choice")
    forced = choice == "required" or isinstance(choice, Mapping)
    if not forced or not thinking_enabled(body):
        return
    message = (
        f"tool_choice={choice!r} is not supported in thinking mode (on by default); "
        "use tool_choice='auto', or disable thinking with thinking=False"
    )
    if not drop_params:
        raise _refuse(message + " (drop_params=True turns it into 'auto').", "tool_choice")
    _warn(f"drop_params=True: tool_choice changed to 'auto': {message}")
    body["tool_choice"] = "auto"
