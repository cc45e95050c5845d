"""The request checks OpenAI's Chat Completions performs, worded like its 400s.

Reference: https://platform.openai.com/docs/api-reference/chat/create (parameter ranges) and
https://platform.openai.com/docs/guides/error-codes (error body: message, type, param, code).
"""

from __future__ import annotations

from typing import Any

from litellm_py.testing._errors import ApiError
from litellm_py.testing._request import content_text, messages_of

__all__ = ["CHAT_FIELDS", "EFFORTS", "SERVICE_TIERS", "invalid", "validate_openai_chat"]

CHAT_FIELDS = frozenset(
    {
        "audio", "frequency_penalty", "function_call", "functions", "logit_bias", "logprobs",
        "max_completion_tokens", "max_tokens", "messages", "metadata", "modalities", "model", "n",
        "parallel_tool_calls", "prediction", "presence_penalty", "prompt_cache_key",
        "reasoning_effort", "response_format", "safety_identifier", "seed", "service_tier",
        "stop", "store", "stream", "stream_options", "temperature", "tool_choice", "tools",
        "top_logprobs", "top_p", "user", "verbosity", "web_search_options",
    }
)  # fmt: skip
ROLES = ("system", "assistant", "user", "function", "tool", "developer")
SERVICE_TIERS = ("auto", "default", "flex", "scale", "priority")
EFFORTS = ("none", "minimal", "low", "medium", "high")
_FORMATS = ("text", "json_object", "json_schema")
# (name, minimum, maximum, integer?) of the numeric parameters OpenAI range-checks.
_RANGES = (
    ("n", 1, 128, True),
    ("top_logprobs", 0, 20, True),
    ("max_completion_tokens", 1, None, True),
    ("max_tokens", 1, None, True),
    ("temperature", 0, 2, False),
    ("top_p", 0, 1, False),
    ("frequency_penalty", -2, 2, False),
    ("presence_penalty", -2, 2, False),
)


def invalid(message: str, param: str | None = None, code: str | None = None) -> ApiError:
    """A 400 `invalid_request_error` as OpenAI words it."""
    return ApiError(400, message, "invalid_request_error", param=param, code=code)


def _supported(value: Any, choices: tuple[str, ...], param: str) -> None:
    if value not in choices:
        listed = ", ".join(f"'{c}'" for c in choices[:-1]) + f", and '{choices[-1]}'"
        raise invalid(
            f"Invalid value: '{value}'. Supported values are: {listed}.", param, "invalid_value"
        )


def _unsupported(param: str) -> ApiError:
    return invalid(
        f"Unsupported parameter: '{param}' is not supported with this model.",
        param,
        "unsupported_parameter",
    )


def validate_openai_chat(body: Any, *, reasoning: bool) -> dict[str, Any]:
    """Reject a `/v1/chat/completions` body the way OpenAI would; returns it as an object.

    `reasoning` says whether the model is a reasoning model (o-series, gpt-5): those take
    `reasoning_effort` and `max_completion_tokens`, and refuse `max_tokens`, `logprobs` and a
    temperature other than 1.
    """
    if not isinstance(body, dict):
        raise invalid("We could not parse the JSON body of your request.")
    unknown = sorted(set(body) - CHAT_FIELDS)
    if unknown:
        raise invalid(f"Unrecognized request argument supplied: {unknown[0]}")
    if not isinstance(body.get("model"), str):
        raise invalid("you must provide a model parameter")
    _check_messages(body)
    _check_ranges(body)
    _check_options(body)
    if reasoning:
        _check_reasoning_model(body)
    elif "reasoning_effort" in body:
        raise _unsupported("reasoning_effort")
    _check_response_format(body)
    _check_tools(body)
    return body


def _check_messages(body: dict[str, Any]) -> None:
    messages = body.get("messages")
    if messages is None:
        raise invalid(
            "Missing required parameter: 'messages'.", "messages", "missing_required_parameter"
        )
    if not isinstance(messages, list) or not messages:
        raise invalid(
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got "
            "an empty array instead.",
            "messages",
            "empty_array",
        )
    for index, message in enumerate(messages):
        role = message.get("role") if isinstance(message, dict) else None
        _supported(role, ROLES, f"messages[{index}].role")


def _check_ranges(body: dict[str, Any]) -> None:
    for name, low, high, integer in _RANGES:
        value = body.get(name)
        if value is None:
            continue
        number = int if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, number):
            expected = "an integer" if integer else "a decimal"
            raise invalid(
                f"Invalid type for '{name}': expected {expected}, but got "
                f"{type(value).__name__} instead.",
                name,
                "invalid_type",
            )
        kind = "integer" if integer else "decimal"
        if value < low:
            raise invalid(
                f"Invalid '{name}': {kind} below minimum value. Expected a value >= {low}, "
                f"but got {value} instead.",
                name,
                f"{kind}_below_min_value",
            )
        if high is not None and value > high:
            raise invalid(
                f"Invalid '{name}': {kind} above maximum value. Expected a value <= {high}, "
                f"but got {value} instead.",
                name,
                f"{kind}_above_max_value",
            )


def _check_options(body: dict[str, Any]) -> None:
    if "seed" in body and (isinstance(body["seed"], bool) or not isinstance(body["seed"], int)):
        raise invalid("Invalid type for 'seed': expected an integer.", "seed", "invalid_type")
    if "service_tier" in body:
        _supported(body["service_tier"], SERVICE_TIERS, "service_tier")
    if "stream_options" in body and body.get("stream") is not True:
        raise invalid(
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
            "stream_options",
        )
    if body.get("top_logprobs") is not None and body.get("logprobs") is not True:
        raise invalid(
            "Invalid value for 'top_logprobs': 'logprobs' must be set to true when "
            "'top_logprobs' is used.",
            "top_logprobs",
        )
    stop = body.get("stop")
    if isinstance(stop, list) and len(stop) > 4:
        raise invalid(
            f"Invalid 'stop': array too long. Expected an array with maximum length 4, but got "
            f"an array with length {len(stop)} instead.",
            "stop",
            "array_above_max_length",
        )
    if "max_tokens" in body and "max_completion_tokens" in body:
        raise invalid(
            "Invalid request: 'max_tokens' and 'max_completion_tokens' cannot both be set; "
            "use 'max_completion_tokens'.",
            "max_tokens",
        )


def _check_reasoning_model(body: dict[str, Any]) -> None:
    if "max_tokens" in body:
        raise invalid(
            "Unsupported parameter: 'max_tokens' is not supported with this model. Use "
            "'max_completion_tokens' instead.",
            "max_tokens",
            "unsupported_parameter",
        )
    if body.get("logprobs") is not None:
        raise _unsupported("logprobs")
    temperature = body.get("temperature")
    if temperature is not None and temperature != 1:
        raise invalid(
            f"Unsupported value: 'temperature' does not support {temperature} with this model. "
            "Only the default (1) value is supported.",
            "temperature",
            "unsupported_value",
        )
    if "reasoning_effort" in body:
        _supported(body["reasoning_effort"], EFFORTS, "reasoning_effort")


def _check_response_format(body: dict[str, Any]) -> None:
    fmt = body.get("response_format")
    if fmt is None:
        return
    kind = fmt.get("type") if isinstance(fmt, dict) else None
    _supported(kind, _FORMATS, "response_format.type")
    if kind == "json_object":
        texts = " ".join(content_text(m.get("content")) for m in messages_of(body))
        if "json" not in texts.lower():
            raise invalid(
                "'messages' must contain the word 'json' in some form, to use 'response_format' "
                "of type 'json_object'.",
                "messages",
            )
    if kind == "json_schema":
        spec = fmt.get("json_schema")
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            raise invalid(
                "Missing required parameter: 'response_format.json_schema.name'.",
                "response_format.json_schema.name",
                "missing_required_parameter",
            )
        schema = spec.get("schema")
        if spec.get("strict") is True and isinstance(schema, dict):
            _check_strict(spec["name"], schema, ())


def _check_strict(name: str, schema: dict[str, Any], path: tuple[str, ...]) -> None:
    """Strict mode: every object closes `additionalProperties` and requires all properties."""
    if schema.get("type") == "object" or "properties" in schema:
        where = f"In context=({', '.join(repr(p) for p in path)})"
        if schema.get("additionalProperties") is not False:
            raise invalid(
                f"Invalid schema for response_format '{name}': {where}, 'additionalProperties' "
                "is required to be supplied and to be false.",
                "response_format",
                "invalid_json_schema",
            )
        properties = schema.get("properties") or {}
        missing = sorted(set(properties) - set(schema.get("required") or ()))
        if missing:
            raise invalid(
                f"Invalid schema for response_format '{name}': {where}, 'required' is required "
                f"to be supplied and to be an array including every key in properties. "
                f"Missing '{missing[0]}'.",
                "response_format",
                "invalid_json_schema",
            )
        for key, child in properties.items():
            if isinstance(child, dict):
                _check_strict(name, child, (*path, "properties", key))
    for key in ("items", "anyOf", "$defs"):
        child = schema.get(key)
        if key == "$defs" and isinstance(child, dict):
            children = list(child.values())
        else:
            children = child if isinstance(child, list) else [child]
        for item in children:
            if isinstance(item, dict):
                _check_strict(name, item, (*path, key))


def _check_tools(body: dict[str, Any]) -> None:
    tools = body.get("tools")
    if body.get("parallel_tool_calls") is not None and not tools:
        raise invalid(
            "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed "
            "when 'tools' are specified.",
            "parallel_tool_calls",
        )
    names = set()
    for index, tool in enumerate(tools or ()):
        function = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            raise invalid(
                f"Missing required parameter: 'tools[{index}].function.name'.",
                f"tools[{index}].function.name",
                "missing_required_parameter",
            )
        names.add(function["name"])
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        wanted = (choice.get("function") or {}).get("name")
        if wanted not in names:
            raise invalid(
                f"Invalid value for 'tool_choice': function '{wanted}' not found in 'tools'.",
                "tool_choice",
            )
