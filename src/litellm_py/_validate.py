"""Local checks of a call's arguments before anything is sent: a typed error naming the parameter.

One place for sync and async (`_prepare.prepare_call` calls it): the types of the connection
settings and of the OpenAI-style parameters, and that everything bound for the JSON body is JSON
(no datetime, bytes, set or arbitrary objects, only finite numbers, no lone surrogates), so no
bare `TypeError` / `UnicodeEncodeError` escapes and no invalid JSON (`NaN`) goes out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from litellm_py._json_check import check_json, message_data
from litellm_py.exceptions import BadRequestError, ConfigurationError

__all__ = ["is_structured", "validate_call_args"]

_SECONDS = ("timeout", "progress_timeout")
_COUNTS = ("num_retries", "max_retries")
_URLS = ("api_base", "base_url")
_TIMING = frozenset((*_SECONDS, *_COUNTS))
_BOOLS = ("stream", "drop_params")
_NUMBERS = ("temperature", "top_p", "presence_penalty", "frequency_penalty")
_STRINGS = ("reasoning_effort", "user")
# Parameters bound for the JSON body whose contents are checked (unknown names are refused by
# the provider, and call options such as callbacks are not JSON).
_BODY = (
    "extra_body", "tools", "tool_choice", "stop", "stream_options", "thinking", "prompt",
    "suffix", "logit_bias", "prediction", "seed", "n", "max_tokens", "max_completion_tokens",
    "web_search_options", "modalities", "audio",
)  # fmt: skip


# Every parameter the checks below the connection settings read: a call naming none of them
# needs none of them.
_CHECKED = frozenset(
    (*_BOOLS, *_NUMBERS, *_STRINGS, *_BODY, "top_logprobs", "logprobs", "tool_choice",
     "response_format", "extra_body", "metadata", "fallbacks", "extra_headers", "tools")
)  # fmt: skip


def _refuse(param: str, message: str) -> BadRequestError:
    return BadRequestError(message, param=param)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_connection(params: Mapping[str, Any]) -> None:
    if _TIMING.isdisjoint(params):  # usually only a key and a base URL are given
        _check_urls(params)
        return
    for name in _SECONDS:
        value = params.get(name)
        if value is not None and not (_is_number(value) and math.isfinite(value) and value > 0):
            raise ConfigurationError(
                f"{name} must be a finite number of seconds > 0, got {value!r:.80}."
            )
    for name in _COUNTS:
        value = params.get(name)
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or value < 0
        ):
            raise ConfigurationError(
                f"{name} must be a whole number of retries (an int >= 0), got {value!r:.80}."
            )
    _check_urls(params)


def _check_urls(params: Mapping[str, Any]) -> None:
    for name in _URLS:
        value = params.get(name)
        if value is not None and type(value) is not str and not isinstance(value, str):
            raise ConfigurationError(f"{name} must be a URL string, got {type(value).__name__}.")


def _check_scalars(params: Mapping[str, Any]) -> None:
    for name in _BOOLS:
        value = params.get(name)
        if value is not None and not isinstance(value, bool):
            raise _refuse(name, f"{name} must be True or False, got {value!r:.80}")
    for name in _NUMBERS:
        value = params.get(name)
        if value is not None and not (_is_number(value) and math.isfinite(value)):
            raise _refuse(name, f"{name} must be a finite number, got {value!r:.80}")
    for name in _STRINGS:
        value = params.get(name)
        if value is not None and not isinstance(value, str):
            raise _refuse(name, f"{name} must be a string, got {value!r:.80}")
    top = params.get("top_logprobs")
    if top is not None and not (isinstance(top, int) and not isinstance(top, bool)):
        raise _refuse("top_logprobs", f"top_logprobs must be an int, got {top!r:.80}")
    logprobs = params.get("logprobs")  # a bool for chat, a count for (FIM) completions
    if logprobs is not None and not isinstance(logprobs, int):
        raise _refuse("logprobs", f"logprobs must be True/False or an int, got {logprobs!r:.80}")


def _check_shapes(params: Mapping[str, Any]) -> None:
    choice = params.get("tool_choice")
    if choice is not None and not isinstance(choice, str | Mapping):
        raise _refuse(
            "tool_choice",
            f"tool_choice must be 'none', 'auto', 'required' or a tool object, got {choice!r:.80}",
        )
    fmt = params.get("response_format")
    if fmt is not None and not isinstance(fmt, Mapping | type):
        raise _refuse(
            "response_format",
            "response_format must be an object such as {'type': 'json_object'} or a pydantic "
            f"model class, got {fmt!r:.80}",
        )
    for name in ("extra_body", "metadata"):
        value = params.get(name)
        if value is not None and not isinstance(value, Mapping):
            raise _refuse(name, f"{name} must be a dict, got {type(value).__name__}")
    fallbacks = params.get("fallbacks")
    if fallbacks is not None and (
        isinstance(fallbacks, str)
        or not isinstance(fallbacks, list | tuple)
        or not all(isinstance(m, str | Mapping) for m in fallbacks)  # dicts: LiteLLM's entries
    ):
        raise _refuse(
            "fallbacks",
            "fallbacks must be a list of model strings, e.g. ['<provider>/<model>']",
        )


def _check_headers(headers: Any) -> None:
    if headers is None:
        return
    if not isinstance(headers, Mapping):
        raise _refuse("extra_headers", "extra_headers must be a dict of str to str")
    for key, value in headers.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise _refuse(
                "extra_headers",
                f"extra_headers must map str to str; {key!r:.40} -> {type(value).__name__}",
            )
        if any(c in key + value for c in "\r\n\x00") or not key.strip():
            raise _refuse(
                "extra_headers", f"extra_headers[{key!r:.40}] has a line break or NUL (or no name)"
            )


def _check_tools(tools: Any) -> None:
    if tools is None:
        return
    if not isinstance(tools, list | tuple):
        raise _refuse("tools", f"tools must be a list of tool objects, got {type(tools).__name__}")
    for i, tool in enumerate(tools):
        if isinstance(tool, type):  # a pydantic model class: structured output's tools
            continue
        if not isinstance(tool, Mapping):
            raise _refuse("tools", f"tools[{i}] must be a tool object, got {tool!r:.80}")
        function = tool.get("function")
        flat = "function" not in tool and "name" in tool  # the Responses API's tool shape
        if (
            tool.get("type", "function") == "function"
            and not flat
            and not isinstance(function, Mapping)
        ):
            raise _refuse(
                "tools",
                f"tools[{i}].function must be an object with a name (and parameters), "
                f"got {function!r:.80}",
            )


def _check_messages(messages: Any) -> None:
    if not isinstance(messages, list | tuple):
        raise _refuse("messages", f"messages must be a list, got {type(messages).__name__}")
    for i, message in enumerate(messages):
        data = message_data(message)
        if type(data) is not dict and not isinstance(data, Mapping):
            raise _refuse("messages", f"messages[{i}] must be a dict, got {message!r:.80}")
        content = data.get("content")
        if (
            type(content) is not str
            and data.get("role") in ("user", "system", "developer", "tool")
            and not isinstance(content, str | list | tuple)
        ):
            raise _refuse(
                "messages",
                f"messages[{i}].content must be a string or a list of content parts "
                f"for a {data.get('role')} message, got {content!r:.80}",
            )
        check_json(data, f"messages[{i}]", "messages")


def _check_body(params: Mapping[str, Any]) -> None:
    for name in _BODY:
        value = params.get(name)
        if name == "tools" and isinstance(value, list | tuple):
            value = [t for t in value if not isinstance(t, type)]
        if value is not None:
            check_json(value, name, name)
    fmt = params.get("response_format")
    if fmt is not None and not isinstance(fmt, type):
        check_json(fmt, "response_format", "response_format")


def validate_call_args(params: Mapping[str, Any], messages: Any = None) -> None:
    """Check one call's arguments before anything is sent (raises a typed error, no I/O)."""
    _check_connection(params)
    named = not _CHECKED.isdisjoint(params)  # usually False: messages and connection only
    if named:
        _check_scalars(params)
        _check_shapes(params)
        _check_headers(params.get("extra_headers"))
        _check_tools(params.get("tools"))
    if messages is not None:
        _check_messages(messages)
    if named:
        _check_body(params)


def is_structured(params: Mapping[str, Any]) -> bool:
    """Whether a chat call asks for structured output (cheap: pydantic is not imported)."""
    fmt = params.get("response_format")
    if fmt is not None and (
        isinstance(fmt, type) or (isinstance(fmt, Mapping) and fmt.get("type") == "json_schema")
    ):
        return True
    tools = params.get("tools")
    return (
        tools is not None
        and isinstance(tools, list | tuple)
        and any(isinstance(t, type) for t in tools)
    )
