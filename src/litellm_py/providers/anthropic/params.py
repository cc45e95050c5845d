"""OpenAI-style call parameters -> a Messages API request body (pure; refuses what cannot map).

`max_tokens` is required by the API: the caller's, else the registry's default for the model,
else a clear error. https://docs.anthropic.com/en/api/messages
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from litellm_py.exceptions import UnsupportedParamsError
from litellm_py.providers.anthropic.messages import to_messages_api
from litellm_py.providers.anthropic.models import default_max_tokens

__all__ = ["CHAT_PARAMS", "messages_body"]

CHAT_PARAMS = (
    "max_completion_tokens", "max_tokens", "n", "parallel_tool_calls", "reasoning_effort", "stop",
    "stream", "stream_options", "temperature", "thinking", "tool_choice", "tools", "top_k",
    "top_p", "user",
)  # fmt: skip
_KNOWN = frozenset(CHAT_PARAMS)
_VERBATIM = ("temperature", "top_p", "top_k")
_MIN_THINKING_BUDGET = 1024  # the API's smallest budget_tokens
_TOOL_CHOICE = {"auto": "auto", "required": "any", "any": "any", "none": "none"}


def _refuse(provider: str, message: str, param: str) -> UnsupportedParamsError:
    return UnsupportedParamsError(message, param=param, provider=provider)


def messages_body(
    provider: str,
    model: str,
    messages: Any,
    params: Mapping[str, Any],
    *,
    drop_params: bool = False,
    defaults: Mapping[str, Any] | None = None,
    extra_body: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON body for `POST /v1/messages` (keys the caller did not set are not sent)."""
    merged = {k: v for k, v in (defaults or {}).items() if v is not None}
    merged.update((k, v) for k, v in params.items() if v is not None)
    merged = _known(provider, merged, drop_params)
    body: dict[str, Any] = {"model": model, "max_tokens": _max_tokens(provider, model, merged)}
    system, turns = to_messages_api(messages, provider)
    if system is not None:
        body["system"] = system
    body["messages"] = turns
    for key in _VERBATIM:
        if key in merged:
            body[key] = merged[key]
    _map_options(provider, merged, body, drop_params)
    _map_tools(provider, merged, body)
    _map_thinking(provider, merged, body)
    if extra_body:
        body.update(extra_body)
    return body


def _known(provider: str, params: dict[str, Any], drop_params: bool) -> dict[str, Any]:
    unknown = sorted(k for k in params if k not in _KNOWN)
    if not unknown:
        return params
    if not drop_params:
        hint = (
            " (the Messages API has no JSON mode: describe the JSON in the prompt or use a tool)"
            if "response_format" in unknown
            else ""
        )
        raise _refuse(
            provider,
            f"{provider} (Messages API) does not accept {', '.join(unknown)}{hint}. Remove it, "
            "pass drop_params=True to drop it, or send provider-specific fields with "
            "extra_body={...}.",
            unknown[0],
        )
    warnings.warn(
        f"drop_params=True: dropped {', '.join(unknown)} (not accepted by {provider})",
        UserWarning,
        stacklevel=7,
    )
    return {k: v for k, v in params.items() if k in _KNOWN}


def _max_tokens(provider: str, model: str, params: Mapping[str, Any]) -> int:
    values = {k: params[k] for k in ("max_tokens", "max_completion_tokens") if k in params}
    for key, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise _refuse(provider, f"{key} must be a positive integer, got {value!r}", key)
    if len(set(values.values())) > 1:
        raise _refuse(
            provider, "max_tokens and max_completion_tokens disagree; pass only one", "max_tokens"
        )
    if values:
        return int(next(iter(values.values())))
    return default_max_tokens(provider, model)


def _map_options(
    provider: str, params: Mapping[str, Any], body: dict[str, Any], drop_params: bool
) -> None:
    if params.get("stream") is True:
        body["stream"] = True
    elif "stream_options" in params and not drop_params:
        raise _refuse(
            provider,
            "stream_options is only valid with stream=True (or pass drop_params=True)",
            "stream_options",
        )
    n = params.get("n", 1)
    if n != 1:
        raise _refuse(provider, f"{provider} supports only n=1 (got n={n})", "n")
    if "stop" in params:
        stop = params["stop"]
        stops = [stop] if isinstance(stop, str) else stop
        if not isinstance(stops, list) or not all(isinstance(s, str) for s in stops):
            raise _refuse(provider, f"stop must be a string or a list of strings: {stop!r}", "stop")
        body["stop_sequences"] = stops
    if "user" in params:
        body["metadata"] = {"user_id": params["user"]}
    if "reasoning_effort" in params:
        body["output_config"] = {"effort": params["reasoning_effort"]}


def _map_tools(provider: str, params: Mapping[str, Any], body: dict[str, Any]) -> None:
    tools = params.get("tools")
    if tools is not None:
        if not isinstance(tools, list):
            raise _refuse(provider, "tools must be a list of tool objects", "tools")
        body["tools"] = [_tool(provider, i, tool) for i, tool in enumerate(tools)]
    choice = _tool_choice(provider, params.get("tool_choice"))
    if params.get("parallel_tool_calls") is False and (choice or {}).get("type") != "none":
        choice = {**(choice or {"type": "auto"}), "disable_parallel_tool_use": True}
    if choice is not None:
        body["tool_choice"] = choice


def _tool(provider: str, index: int, tool: Any) -> dict[str, Any]:
    if not isinstance(tool, Mapping):
        raise _refuse(provider, f"tools[{index}] must be a dict", "tools")
    if tool.get("type") != "function":
        return dict(tool)  # a Messages API tool already (custom or server tool)
    function = tool.get("function")
    if not isinstance(function, Mapping) or not isinstance(function.get("name"), str):
        raise _refuse(provider, f"tools[{index}].function must have a 'name'", "tools")
    out: dict[str, Any] = {"name": function["name"]}
    if function.get("description") is not None:
        out["description"] = function["description"]
    out["input_schema"] = function.get("parameters") or {"type": "object", "properties": {}}
    for key in ("strict", "cache_control"):
        source = function if key in function else tool
        if source.get(key) is not None:
            out[key] = source[key]
    return out


def _tool_choice(provider: str, choice: Any) -> dict[str, Any] | None:
    if choice is None:
        return None
    if isinstance(choice, str) and choice in _TOOL_CHOICE:
        return {"type": _TOOL_CHOICE[choice]}
    if isinstance(choice, Mapping):
        function = choice.get("function")
        if choice.get("type") == "function" and isinstance(function, Mapping):
            return {"type": "tool", "name": function.get("name")}
        if choice.get("type") in ("auto", "any", "tool", "none"):
            return dict(choice)
    raise _refuse(
        provider,
        f"tool_choice {choice!r} is not one of 'auto', 'required', 'none' or "
        "{'type': 'function', 'function': {'name': ...}}",
        "tool_choice",
    )


def _map_thinking(provider: str, params: Mapping[str, Any], body: dict[str, Any]) -> None:
    value = params.get("thinking")
    if value is None:
        return
    if value is False:
        body["thinking"] = {"type": "disabled"}
    elif value is True:
        budget = max(_MIN_THINKING_BUDGET, body["max_tokens"] // 2)
        if budget >= body["max_tokens"]:
            raise _refuse(
                provider,
                f"thinking=True needs max_tokens above {_MIN_THINKING_BUDGET} (the smallest "
                f"thinking budget); got max_tokens={body['max_tokens']}",
                "thinking",
            )
        body["thinking"] = {"type": "enabled", "budget_tokens": budget}
    elif isinstance(value, Mapping) and isinstance(value.get("type"), str):
        body["thinking"] = dict(value)
    else:
        raise _refuse(
            provider,
            "thinking must be True, False or a Messages API object such as "
            f"{{'type': 'enabled', 'budget_tokens': 2048}}; got {value!r}",
            "thinking",
        )
