"""`Observer`: the one object that watches a call, created only when something is registered.

It keeps the call's clock (start, first chunk, end), counts attempts, and turns each moment into
a `CallEvent` for callbacks, a log record and span data. Its methods return the callback
invocations to run; `_callbacks.run` / `arun` run them (the only sync/async difference).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from litellm_py._callbacks import Callback, CallEvent, Invocation, plan
from litellm_py._defaults import package
from litellm_py._ids import CallIds
from litellm_py._logging import LOGGER
from litellm_py._redact import Redactor
from litellm_py.exceptions import ConfigurationError, LiteLLMError, StreamInterruptedError

if TYPE_CHECKING:
    from litellm_py._call import Call
    from litellm_py._otel import SpanRecorder
    from litellm_py._stream_core import StreamCore

__all__ = ["Observer"]

_OPERATIONS = {"chat": "chat", "text": "text_completion"}
_NOT_PARAMS = frozenset({"metadata", "callbacks", "messages"})


def _registered(per_call: list[Any] | None) -> tuple[list[Any], list[Any], list[Any]]:
    """(Callback objects, success functions, failure functions), checked: no silent no-ops."""
    module = package()
    callbacks = [*(module.callbacks or ()), *(per_call or ())]
    for cb in callbacks:
        if not isinstance(cb, Callback):
            raise ConfigurationError(
                f"callbacks takes litellm_py.Callback instances, got {cb!r}; put plain functions "
                "in litellm_py.success_callback / failure_callback"
            )
    lists = (list(module.success_callback or ()), list(module.failure_callback or ()))
    for name, functions in zip(("success_callback", "failure_callback"), lists, strict=True):
        for fn in functions:
            if not callable(fn):
                raise ConfigurationError(
                    f"litellm_py.{name} holds {fn!r}, which is not callable: litellm_py has no "
                    "named integrations; register a function fn(kwargs, response, start, end)"
                )
    return callbacks, lists[0], lists[1]


class Observer:
    """Watches one call (all its attempts and fallbacks) from start to end."""

    def __init__(
        self,
        endpoint: str,
        model: str,
        params: dict[str, Any],
        messages: Any,
        correlation_id: str,
        per_call: list[Any] | None,
        otel: bool,
    ) -> None:
        self.callbacks, self.on_success, self.on_failure = _registered(per_call)
        self.endpoint = endpoint
        self.operation = _OPERATIONS.get(endpoint, endpoint)
        self.provider, _, bare = model.partition("/")
        self.model = bare or model
        self.params = params
        self.messages = messages
        self.metadata = params.get("metadata")
        self.stream = bool(params.get("stream"))
        self.correlation_id = correlation_id
        self.is_async = False
        self.start = time.monotonic()
        self.started_at = datetime.now(timezone.utc)
        self.attempt = 1
        self.first_chunk_time: float | None = None
        self.last_chunk_time = 0.0
        self.chunks = 0
        self.finished = False
        self.call: Call | None = None
        self.otel = otel
        self.span: SpanRecorder | None = None
        self._redacted: tuple[dict[str, Any], Any] | None = None

    # -- what every event carries ----------------------------------------------------------------

    def redactor(self) -> Redactor:
        """Masks the call's key and the user's secret keys."""
        return Redactor([self.call.settings.key()] if self.call is not None else [])

    def redacted(self) -> tuple[dict[str, Any], Any]:
        """(params, messages) with secrets removed, computed once."""
        if self._redacted is None:
            r = self.redactor()
            params = {k: v for k, v in self.params.items() if k not in _NOT_PARAMS}
            self._redacted = (r.json(params), r.json(self.messages))
        return self._redacted

    def event(self, kind: str, **fields: Any) -> CallEvent:
        """A `CallEvent` of this call."""
        params, messages = self.redacted()
        return CallEvent(
            kind=kind, correlation_id=self.correlation_id, operation=self.operation,
            provider=self.provider, model=self.model, params=params, messages=messages,
            metadata=self.metadata, stream=self.stream, attempt=self.attempt,
            start_time=self.start, started_at=self.started_at,
            first_chunk_time=self.first_chunk_time, **fields,
        )  # fmt: skip

    def _plan(
        self,
        kind: str,
        event: CallEvent,
        functions: list[Any] | None = None,
        args: tuple[Any, ...] = (),
    ) -> list[Invocation]:
        return plan(kind, event, self.callbacks, functions or [], args, self.is_async)

    # -- moments ---------------------------------------------------------------------------------

    def request(self, call: Call | None) -> list[Invocation]:
        """A request is about to be sent (to `call`'s model; None for mock responses)."""
        if call is not None:
            self.call = call
            self.provider, self.model = call.provider, call.model
            self._redacted = None
        if self.otel and self.span is None:
            self._start_span()
        return self._plan("request", self.event("request"))

    def _start_span(self) -> None:
        from litellm_py import _otel

        base = self.call.settings.api_base if self.call is not None else ""
        self.span = _otel.SpanRecorder(self.endpoint, self.provider, self.model, base, self.params)
        self.span.set("litellm_py.correlation_id", self.correlation_id)
        self.span.messages("gen_ai.input.messages", self.redacted()[1])

    def retry(self, error: BaseException, wait: float, next_model: str | None) -> list[Invocation]:
        """A retry (or, with `next_model`, a fallback) after `error`."""
        self.attempt += 1
        if self.span is not None:
            self.span.event(
                "gen_ai.client.fallback" if next_model else "gen_ai.client.retry",
                {"error.type": type(error).__name__, "retry.attempt": self.attempt,
                 "retry.wait_s": wait, "gen_ai.request.model": next_model},
            )  # fmt: skip
        event = self.event(
            "retry", error=error, retry_wait=wait, next_model=next_model,
            request_id=getattr(error, "request_id", None),
        )  # fmt: skip
        return self._plan("retry", event)

    def stream_started(self) -> list[Invocation]:
        """A stream is handed to the caller."""
        return self._plan("stream_start", self.event("stream_start"))

    def chunk(self) -> list[Invocation]:
        """A chunk was delivered (cheap: a clock reading, and a metric when tracing)."""
        now = time.monotonic()
        self.chunks += 1
        if self.first_chunk_time is not None:
            if self.span is not None:
                self.span.next_chunk(now - self.last_chunk_time, None)
            self.last_chunk_time = now
            return []
        self.first_chunk_time = self.last_chunk_time = now
        if self.span is not None:
            self.span.first_chunk(now - self.start, None)
        return self._plan("stream_first_chunk", self.event("stream_first_chunk"))

    def abandoned(self, core: StreamCore) -> list[Invocation]:
        """The caller closed the stream before its end."""
        error = StreamInterruptedError(
            f"the caller closed the stream after {self.chunks} chunks, before it finished",
            provider=self.provider, model=self.model,
            partial_response=core.final_response() if core.delivered else None,
        )  # fmt: skip
        error.correlation_id = self.correlation_id
        return self.finish(None, error, outcome="abandoned")

    def finish(
        self, response: Any, error: BaseException | None, outcome: str | None = None
    ) -> list[Invocation]:
        """The call's end (once): log line, span end, success or failure event."""
        if self.finished:
            return []
        self.finished = True
        end = time.monotonic()
        ended_at = datetime.now(timezone.utc)
        usage = getattr(response, "usage", None) if response is not None else None
        cost = _cost(response)
        outcome = outcome or ("failure" if error is not None else "success")
        self._log(outcome, end, usage, cost, response, error)
        if self.span is None and self.otel:
            self._start_span()
        if self.span is not None:
            if response is not None:
                self.span.messages("gen_ai.output.messages", self.redactor().json(response))
            self.span.end(end - self.start, response, error)
        kind = "failure" if error is not None else "success"
        event = self.event(
            kind, response=response, error=error, usage=usage, cost=cost, end_time=end,
            ended_at=ended_at, request_id=_request_id(response, error),
        )  # fmt: skip
        functions = self.on_failure if error is not None else self.on_success
        args = (self._litellm_kwargs(event), error if error is not None else response,
                self.started_at, ended_at)  # fmt: skip
        return self._plan(kind, event, functions, args)

    def _litellm_kwargs(self, event: CallEvent) -> dict[str, Any]:
        """The `kwargs` LiteLLM passes to success_callback / failure_callback functions."""
        return {
            "model": self.model, "messages": event.messages, "optional_params": event.params,
            "litellm_params": {"metadata": self.metadata}, "metadata": self.metadata,
            "stream": self.stream, "custom_llm_provider": self.provider,
            "litellm_call_id": self.correlation_id, "correlation_id": self.correlation_id,
            "response_cost": event.cost, "start_time": event.started_at,
            "end_time": event.ended_at, "exception": event.error,
        }  # fmt: skip

    def _log(
        self,
        outcome: str,
        end: float,
        usage: Any,
        cost: float | None,
        response: Any,
        error: BaseException | None,
    ) -> None:
        if not LOGGER.isEnabledFor(logging.INFO):
            return
        status = getattr(error, "status_code", None) or ("ok" if error is None else "error")
        ttfc = None if self.first_chunk_time is None else (self.first_chunk_time - self.start)
        fields = {
            "provider": self.provider, "model": self.model, "operation": self.operation,
            "outcome": outcome, "status": status, "attempts": self.attempt,
            "latency_ms": round((end - self.start) * 1000, 1),
            "ttfc_ms": None if ttfc is None else round(ttfc * 1000, 1),
            "input_tokens": getattr(usage, "prompt_tokens", None),
            "output_tokens": getattr(usage, "completion_tokens", None),
            "cost": cost, "correlation_id": self.correlation_id,
            "request_id": _request_id(response, error),
            "error_type": None if error is None else type(error).__name__,
        }  # fmt: skip
        shown = " ".join(f"{k}={v}" for k, v in fields.items() if v is not None and k != "model")
        LOGGER.info("%s %s/%s %s", self.operation, self.provider, self.model, shown, extra=fields)
        if LOGGER.isEnabledFor(logging.DEBUG):
            r = self.redactor()
            body = _dump(response) if error is None else getattr(error, "body", None)
            LOGGER.debug(
                "%s body: %s", "response" if error is None else f"error {r.text(str(error))!r}",
                r.json(body), extra={"correlation_id": self.correlation_id},
            )  # fmt: skip


def _cost(response: Any) -> float | None:
    try:
        cost = getattr(response, "cost", None)
    except Exception:  # pricing is optional information; never fail a call over it
        return None
    return cost if isinstance(cost, float) else None


def _dump(response: Any) -> Any:
    dump = getattr(response, "model_dump", None)
    return dump() if callable(dump) else response


def tag_error(error: BaseException, correlation_id: str) -> None:
    """Put the call's correlation id on a library error."""
    if isinstance(error, LiteLLMError):
        error.correlation_id = correlation_id


def _request_id(response: Any, error: BaseException | None) -> str | None:
    """The server's `x-request-id`: the error's, or the one the answer was tagged with."""
    if error is not None:
        return getattr(error, "request_id", None)
    return getattr(response, "request_id", None) if isinstance(response, CallIds) else None
