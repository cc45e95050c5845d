"""The Responses API: `responses()` / `aresponses()` and its lossless `Response` objects.

DeepSeek serves `POST /responses` (stateless; https://api-docs.deepseek.com/api/create-response);
calls go through the provider's pool, retries, deadlines and error mapping like chat.
"""

from __future__ import annotations

from typing import Any, ClassVar

from litellm_py._ids import CallIds
from litellm_py._record import Record

__all__ = [
    "Response",
    "ResponseEvent",
    "ResponseOutputItem",
    "ResponseUsage",
    "aresponses",
    "responses",
]


class ResponseUsage(Record):
    """Token counts: `input_tokens` (cache hits included), `output_tokens` (reasoning included)."""

    input_tokens: int
    output_tokens: int
    total_tokens: int
    input_tokens_details: Any
    output_tokens_details: Any


class ResponseOutputItem(Record):
    """One `output[]` item: a `message`, `reasoning` or `function_call`."""

    type: str
    id: str | None
    status: str | None
    role: str | None
    content: list[Any] | None
    name: str | None
    arguments: str | None
    call_id: str | None


class Response(Record, CallIds):
    """A Responses API answer (`object == "response"`); every field the server sent is kept."""

    id: str
    object: str
    created_at: int
    model: str
    status: str
    output: list[ResponseOutputItem]
    usage: ResponseUsage | None
    error: Any
    incomplete_details: Any
    _children: ClassVar[dict[str, Any]] = {"output": [ResponseOutputItem], "usage": ResponseUsage}

    def _texts(self, item_type: str, part_type: str) -> str:
        texts = []
        for item in self._data.get("output") or ():
            if isinstance(item, dict) and item.get("type") == item_type:
                for part in item.get("content") or ():
                    if isinstance(part, dict) and part.get("type") == part_type:
                        texts.append(str(part.get("text") or ""))
        return "".join(texts)

    @property
    def output_text(self) -> str:
        """All `output_text` parts of the message items, joined."""
        return self._texts("message", "output_text")

    @property
    def reasoning_text(self) -> str:
        """The reasoning (chain of thought) text, joined; "" when there is none."""
        return self._texts("reasoning", "reasoning_text")

    @property
    def function_calls(self) -> list[ResponseOutputItem]:
        """The `function_call` items, in order."""
        return [item for item in self.output or () if item.type == "function_call"]

    @property
    def output_parsed(self) -> Any:
        """With `text_format=<pydantic model>`: the validated answer (else None)."""
        meta: dict[str, Any] | None = getattr(self, "_meta", None)
        return None if meta is None else meta.get("parsed")

    @property
    def cost(self) -> float | None:
        """USD cost per the provider's dated prices at `created_at`, or None if unpriced."""
        from datetime import datetime, timezone

        from litellm_py.cost import cost_per_token

        usage = self._data.get("usage")
        if not isinstance(usage, dict) or not self._data.get("model"):
            return None
        details = usage.get("input_tokens_details") or {}
        created = self._data.get("created_at")
        at = datetime.fromtimestamp(created, timezone.utc) if created else None
        meta: dict[str, Any] = getattr(self, "_meta", None) or {}
        prefix = f"{meta['provider']}/" if meta.get("provider") else ""
        try:
            prompt, completion = cost_per_token(
                prefix + str(self._data["model"]),
                prompt_tokens=int(usage.get("input_tokens") or 0),
                completion_tokens=int(usage.get("output_tokens") or 0),
                cache_hit_tokens=int(details.get("cached_tokens") or 0),
                at=at,
            )
        except ValueError:
            return None
        return prompt + completion


class ResponseEvent(Record):
    """One semantic stream event; `.type` says which (`response.output_text.delta`, ...)."""

    type: str
    sequence_number: int | None
    response: Response | None
    item: ResponseOutputItem | None
    output_index: int | None
    content_index: int | None
    item_id: str | None
    delta: str | None
    _children: ClassVar[dict[str, Any]] = {"response": Response, "item": ResponseOutputItem}


def _prepare(model: str, input: Any, params: dict[str, Any]) -> tuple[Any, Any, Any]:
    from litellm_py._api import prepare_call
    from litellm_py._endpoint_shell import shell_for
    from litellm_py._responses_wire import ResponsesWire

    wire = ResponsesWire()
    provider, call = prepare_call("responses", model, {**params, "input": input})
    return shell_for(provider, wire), call, wire


def _finish(result: Any, wire: Any, provider: str) -> Any:
    """Attach the provider and, with `text_format`, the parsed answer (raises when invalid)."""
    if isinstance(result, Response):
        result._meta = {**(getattr(result, "_meta", None) or {}), "provider": provider}
        if wire.spec is not None and result.status == "completed":
            from litellm_py._structured_spec import parse_output

            result._meta["parsed"] = parse_output(wire.spec, result.output_text)
    return result


def responses(model: str, input: Any, **params: Any) -> Any:
    """Call the Responses API: `Response`, or with `stream=True` a stream of `ResponseEvent`s.

    Args:
        model: "<provider>/<model>" (a provider that serves `/responses`, e.g. deepseek).
        input: a string, or a list of items (`message`, `function_call`,
            `function_call_output`, ...).
        **params: `instructions`, `reasoning` / `reasoning_effort`, `max_output_tokens`,
            `text` (`{"format": {"type": "json_schema", "name": ..., "schema": {...}}}`),
            `text_format` (a pydantic model: `resp.output_parsed`), `tools` (function tools or
            pydantic models), `tool_choice`, `temperature`, `top_p`, `user`, `stream`, and the
            connection options of `completion` (`api_key`, `api_base`, `timeout`, `num_retries`,
            `extra_headers`, `extra_body`, `drop_params`).
    """
    shell, call, wire = _prepare(model, input, params)
    return _finish(shell.send(call), wire, call.provider)


async def aresponses(model: str, input: Any, **params: Any) -> Any:
    """Async twin of `responses`."""
    shell, call, wire = _prepare(model, input, params)
    return _finish(await shell.asend(call), wire, call.provider)
