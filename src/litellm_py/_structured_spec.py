"""Structured output, the pure part: schemas from pydantic models, request rewriting, parsing.

No I/O here; `structured.py` runs the (re-)ask loop for sync, async and streams over it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from litellm_py._validate import is_structured
from litellm_py.exceptions import StructuredOutputError, UnsupportedParamsError

__all__ = [
    "OutputSpec",
    "StructuredPlan",
    "is_structured",
    "output_spec",
    "parse_output",
]

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
_NAME = re.compile(r"[^A-Za-z0-9_-]")


def _is_model_class(value: Any) -> bool:
    if not isinstance(value, type):
        return False
    from pydantic import BaseModel

    return issubclass(value, BaseModel)


@dataclass(frozen=True)
class OutputSpec:
    """What an answer must look like: a JSON-schema object, and the pydantic model if any."""

    name: str
    schema: dict[str, Any]
    model: type[Any] | None = None
    description: str | None = None
    given: Mapping[str, Any] | None = None
    """The caller's own `json_schema` object (sent as given: `strict`, `description`...)."""

    def response_format(self) -> dict[str, Any]:
        """The native `json_schema` response_format (OpenAI chat spelling)."""
        inner: dict[str, Any] = {"name": self.name} if self.given is None else dict(self.given)
        inner["schema"] = self.schema
        return {"type": "json_schema", "json_schema": inner}

    def tool(self) -> dict[str, Any]:
        """A function tool whose arguments are this schema."""
        function: dict[str, Any] = {"name": self.name, "parameters": self.schema}
        if self.description:
            function["description"] = self.description
        return {"type": "function", "function": function}


def output_spec(value: Any, param: str = "response_format") -> OutputSpec:
    """The spec for a pydantic model class or a `{"type": "json_schema", ...}` dict."""
    if _is_model_class(value):
        doc = (value.__doc__ or "").strip() or None
        schema = value.model_json_schema()
        return _checked(OutputSpec(_NAME.sub("_", value.__name__)[:64], schema, value, doc), param)
    if isinstance(value, Mapping) and value.get("type") == "json_schema":
        inner = value.get("json_schema")
        if not isinstance(inner, Mapping) or not isinstance(inner.get("schema"), Mapping):
            raise UnsupportedParamsError(
                f'{param}: {{"type": "json_schema"}} needs "json_schema": '
                '{"name": ..., "schema": {...}}',
                param=param,
            )
        name = str(inner.get("name") or "output")
        spec = OutputSpec(name, dict(inner["schema"]), None, inner.get("description"), inner)
        return _checked(spec, param)
    raise UnsupportedParamsError(
        f"{param}: expected a pydantic model class or a json_schema dict, got {value!r}",
        param=param,
    )


def _checked(spec: OutputSpec, param: str) -> OutputSpec:
    kind = spec.schema.get("type")
    if kind != "object":
        raise UnsupportedParamsError(
            f"{param}: the schema of {spec.name!r} must describe a JSON object "
            f"(type 'object'), not {kind!r}; wrap the value in a model with one field",
            param=param,
        )
    return spec


def _strip_fences(text: str) -> str:
    match = _FENCE.match(text)
    return match.group(1) if match else text


def parse_output(spec: OutputSpec, raw: str | None) -> Any:
    """The validated value of `raw`; raises `StructuredOutputError` with the errors."""
    text = _strip_fences(raw or "")
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise StructuredOutputError(
            f"the answer is not valid JSON ({exc})", raw_text=raw, validation_errors=[str(exc)]
        ) from None
    if spec.model is not None:
        from pydantic import ValidationError

        try:
            return spec.model.model_validate(value)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            raise StructuredOutputError(
                f"the answer does not match {spec.name}: {exc}",
                raw_text=raw,
                validation_errors=errors,
            ) from None
    return _check_dict(spec, value, raw)


def _check_dict(spec: OutputSpec, value: Any, raw: str | None) -> Any:
    """A light check for plain JSON-schema dicts: an object holding every required key."""
    if not isinstance(value, dict):
        problem = [f"expected a JSON object, got {type(value).__name__}"]
    else:
        required = spec.schema.get("required") or []
        problem = [f"missing required field {k!r}" for k in required if k not in value]
    if problem:
        raise StructuredOutputError(
            f"the answer does not match {spec.name}: {'; '.join(problem)}",
            raw_text=raw,
            validation_errors=problem,
        )
    return value


def schema_instruction(spec: OutputSpec) -> str:
    """The system prompt for JSON mode (DeepSeek needs the word "json" in the prompt)."""
    return (
        "Answer in json only: one JSON object, no prose and no code fences, that validates "
        f"against this JSON schema (named {spec.name}):\n"
        + json.dumps(spec.schema, ensure_ascii=False)
    )


def _with_instruction(messages: list[Any], text: str) -> list[Any]:
    from litellm_py._record import to_jsonable

    out = list(messages)
    first = to_jsonable(out[0]) if out else None
    system = isinstance(first, dict) and first.get("role") == "system"
    if system and isinstance(first, dict) and isinstance(first.get("content"), str):
        out[0] = {**first, "content": first["content"] + "\n\n" + text}
        return out
    return [{"role": "system", "content": text}, *out]


def reask_text(error: StructuredOutputError) -> str:
    """What the model is told after an answer that did not validate."""
    return (
        "Your previous answer could not be used: "
        f"{error.message}. Reply again with only the corrected json."
    )


@dataclass
class StructuredPlan:
    """One structured call: the rewritten parameters and how to check each answer."""

    params: dict[str, Any]
    retries: int
    output: OutputSpec | None = None
    tools: dict[str, OutputSpec] = field(default_factory=dict)
    native: bool = False
    error: StructuredOutputError | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, Any], *, native: bool) -> StructuredPlan:
        """Pull `response_format`, pydantic `tools` and `max_parse_retries` out of `params`."""
        p = dict(params)
        retries = p.pop("max_parse_retries", 1)
        if not isinstance(retries, int) or isinstance(retries, bool) or retries < 0:
            raise UnsupportedParamsError(
                f"max_parse_retries must be an int >= 0, got {retries!r}", param="max_parse_retries"
            )
        plan = cls(p, retries, native=native)
        fmt = p.get("response_format")
        if fmt is not None and is_structured({"response_format": fmt}):
            plan.output = output_spec(fmt)
            p["response_format"] = (
                plan.output.response_format() if native else {"type": "json_object"}
            )
        plan._convert_tools()
        return plan

    def _convert_tools(self) -> None:
        tools = self.params.get("tools")
        if not isinstance(tools, list | tuple):
            return
        converted = []
        for tool in tools:
            if isinstance(tool, type):
                spec = output_spec(tool, "tools")
                self.tools[spec.name] = spec
                converted.append(spec.tool())
            else:
                converted.append(tool)
        self.params["tools"] = converted
        choice = self.params.get("tool_choice")
        if isinstance(choice, type):
            name = output_spec(choice, "tool_choice").name
            self.params["tool_choice"] = {"type": "function", "function": {"name": name}}

    def first_messages(self, messages: list[Any]) -> list[Any]:
        """The conversation to send first (JSON mode gets the schema in the system prompt)."""
        if self.output is None or self.native:
            return list(messages)
        return _with_instruction(messages, schema_instruction(self.output))

    def check(self, response: Any) -> list[dict[str, Any]] | None:
        """Attach parsed values to `response`; None when valid, else the re-ask messages.

        The last error is kept in `self.error` for the caller to raise when retries run out.
        """
        message = response.choices[0].message
        try:
            self._parse_tool_calls(message)
            if self.output is not None and not message.tool_calls:
                meta = getattr(message, "_meta", None) or {}
                meta["parsed"] = parse_output(self.output, message.content)
                message._meta = meta
        except StructuredOutputError as exc:
            exc.partial_response = response
            self.error = exc
            return self._reask(message, exc)
        return None

    def _parse_tool_calls(self, message: Any) -> None:
        for call in message.tool_calls or ():
            spec = self.tools.get(call.function.name or "")
            if spec is not None:
                parsed = parse_output(spec, call.function.arguments)
                call.function._meta = {"parsed_arguments": parsed}

    def _reask(self, message: Any, error: StructuredOutputError) -> list[dict[str, Any]]:
        from litellm_py._record import to_jsonable

        assistant = to_jsonable(message)
        if not message.tool_calls:
            return [assistant, {"role": "user", "content": reask_text(error)}]
        replies = [
            {"role": "tool", "tool_call_id": call.id, "content": reask_text(error)}
            for call in message.tool_calls
        ]
        return [assistant, *replies]
