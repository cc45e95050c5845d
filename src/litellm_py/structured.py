"""Structured output: `response_format=<pydantic model>` (or a json_schema dict) and pydantic tools.

`completion` hands such calls here; the answer is validated into `message.parsed` (tool
arguments into `function.parsed_arguments`), re-asking up to `max_parse_retries` times.
"""

from __future__ import annotations

from typing import Any

from litellm_py._registry import resolve_model
from litellm_py._structured_spec import StructuredPlan
from litellm_py.exceptions import StructuredOutputError

__all__ = ["AsyncStructuredStream", "StructuredStream", "acomplete", "complete"]


def _plan(model: str, params: dict[str, Any]) -> StructuredPlan:
    provider, model_id = resolve_model(model)
    return StructuredPlan.from_params(params, native=provider.supports_json_schema(model_id))


def _failed(plan: StructuredPlan) -> StructuredOutputError:
    error = plan.error
    assert error is not None
    error.message = f"{error.message} (after {plan.retries} re-ask(s); see .raw_text)"
    return error


def complete(model: str, messages: list[Any], params: dict[str, Any]) -> Any:
    """Run a structured chat call (sync), re-asking with the validation error when needed."""
    from litellm_py._api import chat

    plan = _plan(model, params)
    conversation = plan.first_messages(messages)
    if plan.params.get("stream"):
        return StructuredStream(chat(model, conversation, plan.params), plan)
    for _ in range(plan.retries + 1):
        response = chat(model, conversation, plan.params)
        reask = plan.check(response)
        if reask is None:
            return response
        conversation = [*conversation, *reask]
    raise _failed(plan)


async def acomplete(model: str, messages: list[Any], params: dict[str, Any]) -> Any:
    """Async twin of `complete`."""
    from litellm_py._api import achat

    plan = _plan(model, params)
    conversation = plan.first_messages(messages)
    if plan.params.get("stream"):
        return AsyncStructuredStream(await achat(model, conversation, plan.params), plan)
    for _ in range(plan.retries + 1):
        response = await achat(model, conversation, plan.params)
        reask = plan.check(response)
        if reask is None:
            return response
        conversation = [*conversation, *reask]
    raise _failed(plan)


class _StructuredStreamBase:
    """Shared by the twins: the wrapped stream, the plan, and the end-of-stream check."""

    def __init__(self, stream: Any, plan: StructuredPlan) -> None:
        self._stream = stream
        self._plan = plan
        self._final: Any = None

    def _finish(self, response: Any) -> Any:
        # A stream cannot be re-asked silently (its chunks were already shown): fail at its end.
        if self._plan.check(response) is not None:
            assert self._plan.error is not None
            raise self._plan.error
        self._final = response
        return response

    @property
    def parsed(self) -> Any:
        """The validated answer once the stream has ended (None before)."""
        return None if self._final is None else self._final.choices[0].message.parsed

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class StructuredStream(_StructuredStreamBase):
    """A `Stream` whose end validates the answer; `get_final_response()` carries `.parsed`."""

    def __iter__(self) -> StructuredStream:
        return self

    def __next__(self) -> Any:
        try:
            return next(self._stream)
        except StopIteration:
            if self._final is None:
                self._finish(self._stream.get_final_response())
            raise

    def get_final_response(self) -> Any:
        """Drain the stream; the assembled response with `message.parsed` set."""
        for _ in self:
            pass
        return self._final

    def __enter__(self) -> StructuredStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()


class AsyncStructuredStream(_StructuredStreamBase):
    """Async twin of `StructuredStream`."""

    def __aiter__(self) -> AsyncStructuredStream:
        return self

    async def __anext__(self) -> Any:
        try:
            return await anext(self._stream)
        except StopAsyncIteration:
            if self._final is None:
                self._finish(await self._stream.get_final_response())
            raise

    async def get_final_response(self) -> Any:
        """Drain the stream; the assembled response with `message.parsed` set."""
        async for _ in self:
            pass
        return self._final

    async def __aenter__(self) -> AsyncStructuredStream:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._stream.aclose()
