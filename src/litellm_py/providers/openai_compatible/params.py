"""Per-call parameters -> an OpenAI chat request body: the checks every compatible API shares.

What differs between hosts is data (`ChatRules`): the accepted parameters, limits, where
``max_tokens`` goes, what the host refuses. Reference:
https://platform.openai.com/docs/api-reference/chat/create
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import field
from typing import Any

from litellm_py._lean import lean
from litellm_py._warnings import warn_user
from litellm_py.exceptions import UnsupportedParamsError

__all__ = [
    "OPENAI_CHAT_PARAMS",
    "ChatRules",
    "check_known",
    "check_stream_options",
    "check_tools",
    "drop_or_refuse",
    "map_common_param",
    "max_tokens_value",
    "stop_value",
]

OPENAI_CHAT_PARAMS: frozenset[str] = frozenset(
    {
        "frequency_penalty", "logit_bias", "logprobs", "max_completion_tokens", "max_tokens", "n",
        "parallel_tool_calls", "presence_penalty", "reasoning_effort", "response_format", "seed",
        "service_tier", "stop", "stream", "stream_options", "temperature", "tool_choice", "tools",
        "top_logprobs", "top_p", "user",
    }
)  # fmt: skip
"""The Chat Completions parameters the library passes through for OpenAI-compatible APIs."""

_TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


@lean(frozen=True)
class ChatRules:
    """What one OpenAI-compatible API accepts, as data.

    Attributes:
        label: how messages name the API ("OpenAI", "Groq", ...).
        provider: the provider name errors are labelled with.
        params: the per-call parameters accepted (anything else is refused or dropped).
        renames: caller spelling -> wire name (e.g. ``user`` -> ``user_id``).
        refused: parameter -> why the API refuses it (checked before anything is sent).
        max_tokens_field: the wire name of the output limit (``max_tokens`` or
            ``max_completion_tokens``); both caller spellings go there.
        max_stop: the most stop sequences accepted, if limited.
        max_tools: the most tools accepted, if limited.
        only_n_1: the API answers one choice per request.
        function_tools_only: the API accepts only ``"function"`` tools.
    """

    label: str
    provider: str
    params: frozenset[str] = OPENAI_CHAT_PARAMS
    renames: Mapping[str, str] = field(default_factory=dict)
    refused: Mapping[str, str] = field(default_factory=dict)
    max_tokens_field: str = "max_tokens"
    max_stop: int | None = None
    max_tools: int | None = None
    only_n_1: bool = False
    function_tools_only: bool = False

    def refuse(self, message: str, param: str) -> UnsupportedParamsError:
        """The error for a request this API would reject, naming the parameter."""
        return UnsupportedParamsError(message, param=param, provider=self.provider)


def drop_or_refuse(rules: ChatRules, drop_params: bool, param: str, message: str) -> None:
    """Raise for `param`, or (with drop_params) warn that it is dropped."""
    if not drop_params:
        raise rules.refuse(f"{message} (or pass drop_params=True to drop {param}).", param)
    warn_user(f"drop_params=True: dropped {param}: {message}")


def check_known(
    rules: ChatRules,
    params: Mapping[str, Any],
    drop_params: bool,
    *,
    allowed: frozenset[str] | None = None,
    what: str = "chat completion",
) -> dict[str, Any]:
    """Params without the unknown ones (dropped with a warning) or an error naming them."""
    allowed = rules.params if allowed is None else allowed
    if allowed.issuperset(params) and rules.refused.keys().isdisjoint(params):
        return dict(params)  # the usual case: every name known, nothing refused
    for key in sorted(k for k in params if k in rules.refused):
        reason = f"{rules.label} refuses {key}: {rules.refused[key]}"
        drop_or_refuse(rules, drop_params, key, reason)
    unknown = sorted(k for k in params if k not in allowed and k not in rules.refused)
    if unknown and not drop_params:
        raise rules.refuse(
            f"{rules.label} {what} does not accept {', '.join(unknown)}. Remove it, pass "
            "drop_params=True to drop it, or send provider-specific fields with extra_body={...}.",
            unknown[0],
        )
    if unknown:
        warn_user(
            f"drop_params=True: dropped {', '.join(unknown)} (not accepted by {rules.label} {what})"
        )
    return {k: v for k, v in params.items() if k in allowed and k not in rules.refused}


def max_tokens_value(rules: ChatRules, key: str, value: Any) -> int:
    """`value` checked as a positive integer token count."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise rules.refuse(f"{key} must be a positive integer, got {value!r}", key)
    return value


def stop_value(rules: ChatRules, value: Any) -> Any:
    """`stop` checked as a string or a list of strings within the API's limit."""
    stops = [value] if isinstance(value, str) else value
    if not isinstance(stops, list) or not all(isinstance(s, str) for s in stops):
        raise rules.refuse(f"stop must be a string or a list of strings, got {value!r}", "stop")
    if rules.max_stop is not None and len(stops) > rules.max_stop:
        raise rules.refuse(
            f"{rules.label} accepts at most {rules.max_stop} stop sequences, got {len(stops)}",
            "stop",
        )
    return value


def _set_max_tokens(rules: ChatRules, body: dict[str, Any], key: str, value: Any) -> None:
    max_tokens_value(rules, key, value)
    target = rules.max_tokens_field
    if body.get(target, value) != value:
        raise rules.refuse(
            "max_tokens and max_completion_tokens disagree; pass only one of them", key
        )
    body[target] = value


def check_tools(rules: ChatRules, tools: Any, drop_params: bool) -> list[Any]:
    """The tools list checked: shape, names unique and well-formed, the API's limits."""
    if not isinstance(tools, list):
        raise rules.refuse(
            f"tools must be a list of tool objects, got {type(tools).__name__}", "tools"
        )
    kept, names = [], set()
    for i, tool in enumerate(tools):
        kind = tool.get("type") if isinstance(tool, Mapping) else None
        if kind != "function":
            if rules.function_tools_only or not isinstance(tool, Mapping):
                drop_or_refuse(
                    rules,
                    drop_params,
                    "tools",
                    f"tools[{i}] has type {kind!r}; {rules.label} accepts only 'function' tools",
                )
                continue
            kept.append(tool)
            continue
        name = (tool.get("function") or {}).get("name")
        if not isinstance(name, str) or not _TOOL_NAME.match(name):
            raise rules.refuse(
                f"tools[{i}].function.name {name!r} must be 1-128 characters of a-z, A-Z, 0-9, "
                "'_' or '-'",
                "tools",
            )
        if name in names:
            raise rules.refuse(
                f"tools[{i}].function.name {name!r} is used twice; names must be unique", "tools"
            )
        names.add(name)
        kept.append(tool)
    if rules.max_tools is not None and len(kept) > rules.max_tools:
        raise rules.refuse(
            f"{rules.label} accepts at most {rules.max_tools} tools, got {len(kept)}", "tools"
        )
    return kept


def map_common_param(
    rules: ChatRules, body: dict[str, Any], key: str, value: Any, drop_params: bool
) -> None:
    """Put one accepted parameter into the body in the API's spelling, checking its value."""
    if key in ("max_tokens", "max_completion_tokens"):
        _set_max_tokens(rules, body, key, value)
    elif key == "n":
        if value != 1 and rules.only_n_1:
            drop_or_refuse(
                rules,
                drop_params,
                "n",
                f"{rules.label} supports only n=1 (got n={value}); make several calls instead",
            )
        elif value != 1 or not rules.only_n_1:
            body["n"] = value
    elif key == "stop":
        body["stop"] = stop_value(rules, value)
    elif key == "tools":
        tools = check_tools(rules, value, drop_params)
        if tools:
            body["tools"] = tools
    else:
        body[rules.renames.get(key, key)] = value


def check_stream_options(rules: ChatRules, body: dict[str, Any], drop_params: bool) -> None:
    """`stream_options` is only valid on a stream request."""
    if "stream_options" in body and body.get("stream") is not True:
        drop_or_refuse(
            rules, drop_params, "stream_options", "stream_options is only valid with stream=True"
        )
        body.pop("stream_options")
