"""The Responses API wire (`POST /responses`), pure: request body, parsing, stream assembly.

Shapes: https://api-docs.deepseek.com/api/create-response (OpenAI's Responses format, stateless).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from litellm_py._record import to_jsonable
from litellm_py._structured_spec import OutputSpec, output_spec
from litellm_py.exceptions import UnsupportedParamsError

if TYPE_CHECKING:
    import httpx

    from litellm_py._call import Call

__all__ = ["RESPONSES_PARAMS", "ResponseAccumulator", "ResponsesWire", "responses_body"]

RESPONSES_PARAMS = frozenset(
    {
        "instructions",
        "reasoning",
        "reasoning_effort",
        "max_output_tokens",
        "temperature",
        "top_p",
        "text",
        "text_format",
        "tools",
        "tool_choice",
        "top_logprobs",
        "user",
        "parallel_tool_calls",
        "store",
        "include",
        "truncation",
        "previous_response_id",
    }
)
_TERMINAL = frozenset({"response.completed", "response.incomplete", "response.failed"})


def _refuse(message: str, param: str) -> UnsupportedParamsError:
    return UnsupportedParamsError(message, param=param)


def _check_input(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        items = to_jsonable(list(value))
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise _refuse(
                    f"input[{index}] must be an item object (a message, function_call or "
                    f"function_call_output dict), got {type(item).__name__}",
                    "input",
                )
        return items
    raise _refuse(f"input must be a string or a list of items, got {type(value).__name__}", "input")


def _tool(tool: Any) -> Any:
    """A Responses function tool: pydantic models and chat-style tools are converted."""
    if isinstance(tool, type):
        spec = output_spec(tool, "tools")
        return {
            "type": "function",
            "name": spec.name,
            "description": spec.description or "",
            "parameters": spec.schema,
        }
    if isinstance(tool, Mapping) and isinstance(tool.get("function"), Mapping):
        return {"type": tool.get("type", "function"), **tool["function"]}
    return to_jsonable(tool)


def _text_format(text: Any) -> None:
    fmt = text.get("format") if isinstance(text, Mapping) else None
    if not isinstance(fmt, Mapping) or fmt.get("type") != "json_schema":
        return
    schema = fmt.get("schema")
    if not fmt.get("name") or not isinstance(schema, Mapping) or schema.get("type") != "object":
        raise _refuse(
            'text.format json_schema needs "name" and an object "schema" ({"type": "object", ...})',
            "text",
        )


def responses_body(call: Call) -> tuple[dict[str, Any], OutputSpec | None]:
    """The JSON body of a Responses request, and the output spec of `text_format` if any."""
    params = {**call.settings.extra_params, **call.params}
    params = {k: v for k, v in params.items() if v is not None}
    unknown = sorted(set(params) - RESPONSES_PARAMS - {"input"})
    if unknown and not call.drop_params:
        raise _refuse(
            f"unknown Responses API parameter(s) {', '.join(unknown)}; pass provider extras in "
            "extra_body, or drop_params=True",
            unknown[0],
        )
    body: dict[str, Any] = {"model": call.model, "input": _check_input(params.get("input"))}
    spec = None
    for key in sorted(RESPONSES_PARAMS & set(params)):
        value = params[key]
        if key == "reasoning_effort":
            body.setdefault("reasoning", {})["effort"] = value
        elif key == "reasoning":
            body.setdefault("reasoning", {}).update(value)
        elif key == "tools":
            body["tools"] = [_tool(t) for t in value]
        elif key == "text_format":
            spec = output_spec(value, "text_format")
            body["text"] = {
                "format": {"type": "json_schema", "name": spec.name, "schema": spec.schema}
            }
        elif key == "tool_choice" and isinstance(value, type):
            body[key] = {"type": "function", "name": output_spec(value, key).name}
        else:
            body[key] = to_jsonable(value)
    _text_format(body.get("text"))
    if call.stream:
        body["stream"] = True
    body.update(call.extra_body or {})
    return body, spec


class ResponseAccumulator:
    """Assembles a `Response` from semantic stream events; `finished` once a terminal one came."""

    def __init__(self) -> None:
        self.snapshot: dict[str, Any] = {}
        self.items: dict[int, dict[str, Any]] = {}
        self.final: dict[str, Any] | None = None
        self.chunks_seen = 0

    @property
    def finished(self) -> bool:
        return self.final is not None

    def add(self, event: dict[str, Any]) -> None:
        self.chunks_seen += 1
        kind = str(event.get("type", ""))
        if kind in _TERMINAL or kind == "response.created":
            response = dict(event["response"])
            if kind in _TERMINAL:
                self.final = response
            self.snapshot = response
            return
        index = int(event.get("output_index", 0))
        if kind in ("response.output_item.added", "response.output_item.done"):
            self.items[index] = dict(event["item"])
            return
        if kind.endswith(".delta") and isinstance(event.get("delta"), str):
            self._delta(self.items.setdefault(index, {}), kind, event)

    @staticmethod
    def _delta(item: dict[str, Any], kind: str, event: dict[str, Any]) -> None:
        if kind == "response.function_call_arguments.delta":
            item["arguments"] = item.get("arguments", "") + event["delta"]
            return
        part_type = "reasoning_text" if "reasoning" in kind else "output_text"
        parts = item.setdefault("content", [])
        position = int(event.get("content_index", 0))
        while len(parts) <= position:
            parts.append({"type": part_type, "text": ""})
        parts[position]["text"] = parts[position].get("text", "") + event["delta"]

    def build(self) -> Any:
        from litellm_py._responses import Response

        if self.final is not None:
            return Response(json.loads(json.dumps(self.final)))
        partial = dict(self.snapshot)
        partial["output"] = [self.items[i] for i in sorted(self.items)]
        partial.setdefault("status", "in_progress")
        return Response(json.loads(json.dumps(partial)))


class ResponsesWire:
    """`EndpointWire` for `POST /responses` (the same wire at DeepSeek and OpenAI)."""

    endpoint = "responses"

    def __init__(self) -> None:
        self.spec: OutputSpec | None = None

    def build_request(self, call: Call) -> httpx.Request:
        from litellm_py._endpoint_shell import bearer_request

        body, self.spec = responses_body(call)
        url = call.settings.api_base.rstrip("/") + "/responses"
        return bearer_request("POST", url, call, body=body)

    def parse_response(self, call: Call, payload: dict[str, Any]) -> Any:
        from litellm_py._responses import Response

        return Response(payload)

    def parse_event(self, call: Call, payload: dict[str, Any]) -> Any:
        from litellm_py._responses import ResponseEvent

        return ResponseEvent(payload)

    def stream_accumulator(self, call: Call) -> ResponseAccumulator:
        return ResponseAccumulator()
