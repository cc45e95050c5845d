"""`Callback` and `CallEvent`: user code told about every call, and the dispatch that runs it.

Which method runs is decided once per (class, event kind): on an async call the `async_on_*`
method when overridden, else the sync one; on a sync call the sync method, else the async one
(scheduled on the running loop if there is one, so it never blocks it; run to completion if not).
A callback that raises is logged at ERROR (once per callback) and the call goes on unchanged.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from litellm_py._lean import FACTORY, lean
from litellm_py._logging import LOGGER

if TYPE_CHECKING:
    import asyncio

__all__ = ["KINDS", "CallEvent", "Callback", "Invocation", "plan"]

KINDS = ("request", "retry", "success", "failure", "stream_start", "stream_first_chunk")

Invocation = tuple[Any, Callable[..., Any], tuple[Any, ...]]
"""(the registered object, the function to run, its arguments)."""


@lean(slots=True)
class CallEvent:
    """What a callback is told about one call (secrets already redacted).

    Attributes:
        kind: "request", "retry", "success", "failure", "stream_start" or "stream_first_chunk".
        correlation_id: the call's id (also sent as the X-Client-Request-Id header).
        operation: "chat" or "text_completion".
        provider: the provider name, e.g. "deepseek".
        model: the model id being asked (the fallback's after a fallback).
        params: the call's parameters, secrets redacted.
        messages: the chat messages (or the prompt of a text completion), secrets redacted.
        metadata: the caller's `metadata`, as given.
        stream: whether the call streams.
        attempt: the number of the attempt (1 for the first; counts retries and fallbacks).
        response: the response (on success; the assembled response for a stream).
        error: the error (on failure, and on retry: the error being retried).
        usage: the response's usage, when known.
        cost: USD cost of the response, when it can be priced.
        start_time / end_time / first_chunk_time: `time.monotonic()` readings.
        started_at / ended_at: the same moments as timezone-aware datetimes.
        request_id: the server's `x-request-id`: of the answer on success, else the error's.
        retry_wait: seconds until the retry (retry events).
        next_model: the model asked next, when a retry event is a fallback to another model.
    """

    kind: str
    correlation_id: str
    operation: str
    provider: str
    model: str
    params: dict[str, Any]
    messages: Any
    metadata: dict[str, Any] | None
    stream: bool
    attempt: int
    start_time: float
    started_at: datetime
    response: Any = None
    error: BaseException | None = None
    usage: Any = None
    cost: float | None = None
    end_time: float | None = None
    ended_at: datetime | None = None
    first_chunk_time: float | None = None
    request_id: str | None = None
    retry_wait: float | None = None
    next_model: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __init__(  # written out: events are built on every observed call (see `_lean`)
        self,
        kind: str,
        correlation_id: str,
        operation: str,
        provider: str,
        model: str,
        params: dict[str, Any],
        messages: Any,
        metadata: dict[str, Any] | None,
        stream: bool,
        attempt: int,
        start_time: float,
        started_at: datetime,
        response: Any = None,
        error: BaseException | None = None,
        usage: Any = None,
        cost: float | None = None,
        end_time: float | None = None,
        ended_at: datetime | None = None,
        first_chunk_time: float | None = None,
        request_id: str | None = None,
        retry_wait: float | None = None,
        next_model: str | None = None,
        extra: dict[str, Any] = FACTORY,
    ) -> None:
        self.kind = kind
        self.correlation_id = correlation_id
        self.operation = operation
        self.provider = provider
        self.model = model
        self.params = params
        self.messages = messages
        self.metadata = metadata
        self.stream = stream
        self.attempt = attempt
        self.start_time = start_time
        self.started_at = started_at
        self.response = response
        self.error = error
        self.usage = usage
        self.cost = cost
        self.end_time = end_time
        self.ended_at = ended_at
        self.first_chunk_time = first_chunk_time
        self.request_id = request_id
        self.retry_wait = retry_wait
        self.next_model = next_model
        self.extra = {} if extra is FACTORY else extra


class Callback:
    """Subclass and override any of these; every method is optional.

    Register globally with `litellm_py.callbacks.append(MyCallback())` or per call with
    `completion(..., callbacks=[MyCallback()])`.
    """

    def on_request(self, event: CallEvent) -> None:
        """Before the request is sent."""

    def on_retry(self, event: CallEvent) -> None:
        """Before a retry (or a fallback to another model); `event.error` is what failed."""

    def on_success(self, event: CallEvent) -> None:
        """The call answered; for a stream, once, when it ends (`event.response` assembled)."""

    def on_failure(self, event: CallEvent) -> None:
        """The call failed, or its stream was cut or closed before its end."""

    def on_stream_start(self, event: CallEvent) -> None:
        """A stream was opened and handed to the caller."""

    def on_stream_first_chunk(self, event: CallEvent) -> None:
        """The first chunk of a stream was delivered."""

    async def async_on_request(self, event: CallEvent) -> None:
        """Async twin of `on_request` (used on async calls)."""

    async def async_on_retry(self, event: CallEvent) -> None:
        """Async twin of `on_retry`."""

    async def async_on_success(self, event: CallEvent) -> None:
        """Async twin of `on_success`."""

    async def async_on_failure(self, event: CallEvent) -> None:
        """Async twin of `on_failure`."""

    async def async_on_stream_start(self, event: CallEvent) -> None:
        """Async twin of `on_stream_start`."""

    async def async_on_stream_first_chunk(self, event: CallEvent) -> None:
        """Async twin of `on_stream_first_chunk`."""


_METHODS: dict[tuple[type, str, bool], str | None] = {}


def _method(cls: type, kind: str, is_async: bool) -> str | None:
    """The method name to run for this event on this class, or None (decided once)."""
    key = (cls, kind, is_async)
    if key not in _METHODS:
        sync_name, async_name = f"on_{kind}", f"async_on_{kind}"
        has_sync = getattr(cls, sync_name) is not getattr(Callback, sync_name)
        has_async = getattr(cls, async_name) is not getattr(Callback, async_name)
        first, second = (async_name, sync_name) if is_async else (sync_name, async_name)
        has = {sync_name: has_sync, async_name: has_async}
        _METHODS[key] = first if has[first] else second if has[second] else None
    return _METHODS[key]


def plan(
    kind: str,
    event: CallEvent,
    callbacks: list[Any],
    functions: list[Any],
    function_args: tuple[Any, ...],
    is_async: bool,
) -> list[Invocation]:
    """The invocations one event calls for: Callback methods, then LiteLLM-style functions."""
    runs: list[Invocation] = []
    for callback in callbacks:
        name = _method(type(callback), kind, is_async)
        if name is not None:
            runs.append((callback, getattr(callback, name), (event,)))
    runs.extend((fn, fn, function_args) for fn in functions)
    return runs


def run(invocations: list[Invocation]) -> None:
    """Run invocations on a sync call; coroutines never block a running event loop."""
    for owner, fn, args in invocations:
        try:
            result = fn(*args)
            if inspect.isawaitable(result):
                _run_detached(owner, result)
        except Exception as exc:
            report(owner, exc)


async def arun(invocations: list[Invocation]) -> None:
    """Run invocations on an async call, awaiting the async ones."""
    for owner, fn, args in invocations:
        try:
            result = fn(*args)
            if inspect.isawaitable(result):
                await result
        except Exception as exc:
            report(owner, exc)


_TASKS: set[asyncio.Task[Any]] = set()


def _run_detached(owner: Any, awaitable: Awaitable[Any]) -> None:
    async def guarded() -> None:
        try:
            await awaitable
        except Exception as exc:
            report(owner, exc)

    import asyncio  # deferred: sync-only programs never import asyncio

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(guarded())  # no loop to block: run it here, to completion
        return
    task = loop.create_task(guarded())
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)


_REPORTED: set[int] = set()


def report(owner: Any, exc: Exception) -> None:
    """Log a failing callback: at ERROR the first time, at DEBUG after that."""
    first = id(owner) not in _REPORTED
    if first:
        if len(_REPORTED) > 10_000:
            _REPORTED.clear()
        _REPORTED.add(id(owner))
    LOGGER.log(
        logging.ERROR if first else logging.DEBUG,
        "callback %r raised %s: %s (the call is not affected)",
        owner,
        type(exc).__name__,
        exc,
        exc_info=first,
    )
