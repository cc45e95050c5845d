"""The request checks DeepSeek performs before answering (reference §2, §5 and §7.2).

Each check raises `ApiError` with the status and message the real API uses where known.
"""

from __future__ import annotations

from typing import Any

from litellm_py.testing._catalog import MAX_TOKENS_LIMIT, TEXT_ONLY_MODELS, Catalog
from litellm_py.testing._errors import ApiError, describe_value, deserialize_error
from litellm_py.testing._request import has_tools, is_prefix_request, thinking_enabled

BETA_ONLY_COMPLETIONS = (
    "completions api is only available when using beta api "
    '(set base_url="https://api.deepseek.com/beta")'
)
REPLAY_MESSAGE = "The `reasoning_content` in the thinking mode must be passed back to the API."
_BETA_HINT = '(set base_url="https://api.deepseek.com/beta")'
_ROLES = ("system", "user", "assistant", "tool")
_MEDIA_PARTS = frozenset({"image_url", "image", "file"})


def validate_chat(body: Any, *, beta: bool, catalog: Catalog) -> None:
    """Reject a `/chat/completions` body the way DeepSeek would."""
    request = _require_object(body, "ChatCompletionRequest")
    _check_chat_shape(request)
    _check_model(request, catalog)
    _check_sampling(request)
    thinking = thinking_enabled(request)
    _check_tools(request, beta=beta, thinking=thinking)
    _check_media(request)
    if is_prefix_request(request) and not beta:
        raise ApiError(
            400, f"chat prefix completion is only available when using beta api {_BETA_HINT}"
        )
    if thinking and has_tools(request):
        _check_reasoning_replay(request)


def validate_fim(body: Any, *, catalog: Catalog) -> None:
    """Reject a `/beta/completions` (FIM) body the way DeepSeek would."""
    request = _require_object(body, "CompletionRequest")
    for name in ("model", "prompt"):
        if name not in request:
            raise deserialize_error(f"missing field `{name}`")
        if not isinstance(request[name], str):
            found = describe_value(request[name])
            raise deserialize_error(f"{name}: invalid type: {found}, expected a string")
    _check_model(request, catalog)
    _check_sampling(request)
    if request.get("echo") is True and request.get("suffix") is not None:
        raise ApiError(400, "`echo` cannot be used together with `suffix`")


def _require_object(body: Any, target: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise deserialize_error(f"invalid type: {describe_value(body)}, expected struct {target}")
    return body


def _check_chat_shape(request: dict[str, Any]) -> None:
    for name in ("messages", "model"):
        if name not in request:
            raise deserialize_error(f"missing field `{name}`")
    if not isinstance(request["model"], str):
        found = describe_value(request["model"])
        raise deserialize_error(f"model: invalid type: {found}, expected a string")
    messages = request["messages"]
    if not isinstance(messages, list):
        raise deserialize_error(
            f"messages: invalid type: {describe_value(messages)}, expected a sequence"
        )
    if not messages:
        raise ApiError(400, "Invalid messages: `messages` must contain at least one message")
    for index, message in enumerate(messages):
        role = message.get("role") if isinstance(message, dict) else None
        if role not in _ROLES:
            expected = "one of `system`, `user`, `assistant`, `tool`"
            raise deserialize_error(
                f"messages[{index}].role: unknown variant `{role}`, expected {expected}"
            )
    _check_thinking(request)


def _check_thinking(request: dict[str, Any]) -> None:
    thinking = request.get("thinking")
    if thinking is None:
        return
    if not isinstance(thinking, dict):
        found = describe_value(thinking)
        raise deserialize_error(f"thinking: invalid type: {found}, expected struct ThinkingOptions")
    kind = thinking.get("type")
    if kind not in ("enabled", "disabled"):
        detail = "missing field `type`" if kind is None else f"unknown variant `{kind}`"
        raise deserialize_error(f"thinking.type: {detail}, expected `enabled` or `disabled`")


def _check_model(request: dict[str, Any], catalog: Catalog) -> None:
    if not catalog.accepts(request["model"]):
        raise ApiError(400, "Model Not Exist")


def _check_sampling(request: dict[str, Any]) -> None:
    n = request.get("n")
    if n is not None and n != 1:
        raise ApiError(400, "Invalid n value (currently only n = 1 is supported)")
    if request.get("stream_options") is not None and request.get("stream") is not True:
        raise ApiError(400, "stream_options should be set along with stream = true")
    max_tokens = request.get("max_tokens")
    if max_tokens is None:
        return
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int):
        found = describe_value(max_tokens)
        raise deserialize_error(f"max_tokens: invalid type: {found}, expected u32")
    if not 1 <= max_tokens <= MAX_TOKENS_LIMIT:
        raise ApiError(
            400,
            f"Invalid max_tokens value, the valid range of max_tokens is [1, {MAX_TOKENS_LIMIT}]",
        )


def _check_tools(request: dict[str, Any], *, beta: bool, thinking: bool) -> None:
    tools = request.get("tools") or []
    if not isinstance(tools, list):
        raise deserialize_error(
            f"tools: invalid type: {describe_value(tools)}, expected a sequence"
        )
    for index, tool in enumerate(tools):
        kind = tool.get("type") if isinstance(tool, dict) else None
        if kind != "function":
            detail = f"tools[{index}].type: unknown variant `{kind}`, expected `function`"
            raise deserialize_error(detail, status=400)
        function = tool.get("function")
        if isinstance(function, dict) and function.get("strict") is True and not beta:
            raise ApiError(
                400,
                f"The `strict` mode of function calling (tools[{index}].function.strict) "
                f"is only available when using beta api {_BETA_HINT}",
            )
    choice = request.get("tool_choice")
    if thinking and (choice == "required" or isinstance(choice, dict)):
        raise ApiError(
            400,
            "Thinking mode does not support `tool_choice` = `required` or a specified function; "
            'please disable thinking mode first (thinking: {"type": "disabled"})',
        )


def _check_media(request: dict[str, Any]) -> None:
    for index, message in enumerate(request["messages"]):
        content = message.get("content")
        if not isinstance(content, list):
            continue
        kinds = {part.get("type") for part in content if isinstance(part, dict)}
        if not kinds & _MEDIA_PARTS:
            continue
        if message.get("role") != "user":
            raise ApiError(
                400, f"messages[{index}]: image content is only allowed in user messages"
            )
        if request["model"] in TEXT_ONLY_MODELS:
            raise ApiError(
                400, f"Model {request['model']} does not support image input (messages[{index}])"
            )


def _check_reasoning_replay(request: dict[str, Any]) -> None:
    """With tools and thinking, every earlier assistant turn must carry `reasoning_content`."""
    messages = request["messages"]
    for index, message in enumerate(messages):
        if message.get("role") != "assistant":
            continue
        if index == len(messages) - 1 and message.get("prefix") is True:
            continue
        if not isinstance(message.get("reasoning_content"), str):
            raise ApiError(400, REPLAY_MESSAGE)
