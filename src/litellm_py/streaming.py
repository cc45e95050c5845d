"""`Stream` / `AsyncStream`: iterate chunks as they arrive; nothing received is ever lost.

SSE is decoded with httpx-sse's decoders, fed by our own read loop so that the total deadline
and the progress deadline (first chunk, then between chunks) are checked on every read,
including reads that only bring `: keep-alive` comments, which never re-arm the progress deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

import httpx
from httpx_sse._decoders import SSEDecoder, SSELineDecoder

from litellm_py._accumulator import ChunkAccumulator, stream_chunk_builder
from litellm_py.exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    StreamInterruptedError,
)

if TYPE_CHECKING:
    from types import TracebackType

    from litellm_py._call import Call
    from litellm_py.providers.base import BaseProvider

__all__ = ["AsyncStream", "Stream", "StreamTimeoutError", "stream_chunk_builder"]

DEFAULT_PROGRESS_TIMEOUT = 300.0
# OpenAI-style error types of in-band stream errors, for the status-keyed error table.
_TYPE_STATUS = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "permission_error": 403,
    "not_found_error": 404,
    "rate_limit_error": 429,
    "insufficient_quota": 402,
    "server_error": 500,
    "overloaded_error": 503,
}
_CLOSING: set[asyncio.Task[None]] = set()  # streams being closed after garbage collection


class StreamTimeoutError(StreamInterruptedError, APITimeoutError):
    """A stream's deadline passed after output had arrived; `.partial_response` keeps it."""


class _StreamCore:
    """Everything a stream does except I/O: decoding, deadlines, accumulation, errors."""

    def __init__(
        self,
        parse: Callable[[dict[str, Any]], Any],
        provider: BaseProvider | None,
        call: Call | None,
        deadline: float | None,
    ) -> None:
        self.parse = parse
        self.provider = provider
        self.call = call
        self.deadline = deadline
        progress = call.progress_timeout if call and call.progress_timeout else None
        self.progress_timeout = progress or DEFAULT_PROGRESS_TIMEOUT
        self.progress_deadline = time.monotonic() + self.progress_timeout
        self.lines = SSELineDecoder()
        self.events = SSEDecoder()
        self.pending: deque[dict[str, Any]] = deque()
        self.accumulator = ChunkAccumulator()
        self.done = False
        self.delivered = False
        self.checked = False

    def feed(self, text: str) -> None:
        """Decode newly read text into pending payloads; `[DONE]` ends the stream."""
        for line in self.lines.decode(text):
            self._feed_line(line)

    def _feed_line(self, line: str) -> None:
        event = self.events.decode(line.rstrip("\n"))
        if event is None or self.done:
            return
        data = event.data
        if data == "[DONE]":
            self.done = True
            return
        try:
            payload = json.loads(data)
        except ValueError:
            raise self._error(
                APIResponseValidationError, f"stream event is not JSON: {data[:200]!r}"
            ) from None
        if isinstance(payload, dict):
            self.pending.append(payload)
            self.progress_deadline = time.monotonic() + self.progress_timeout

    def next_chunk(self) -> Any:
        """The next chunk object, or None when nothing is pending."""
        if not self.pending:
            return None
        payload = self.pending.popleft()
        if isinstance(payload.get("error"), dict):
            raise self._inband_error(payload)
        self.accumulator.add(payload)
        self.delivered = True
        return self.parse(payload)

    def check_time(self) -> None:
        """Raise once the total or the progress deadline has passed."""
        now = time.monotonic()
        if self.deadline is not None and now > self.deadline:
            raise self.failure("the total deadline (timeout) passed", timeout=True)
        if now > self.progress_deadline:
            raise self.failure(
                f"no chunk for {self.progress_timeout:g} s (progress_timeout; keep-alive "
                "comments do not count)",
                timeout=True,
            )

    def eof(self) -> None:
        """The body ended: flush, and raise unless the server said the answer was finished."""
        for line in self.lines.flush():
            self._feed_line(line)
        if not self.pending and not self.done and not self.accumulator.finished:
            raise self.failure("the connection closed before the stream finished")
        self.done = True

    def failure(self, reason: str, *, timeout: bool = False) -> APIError:
        """The error for a stream that stopped early, keeping everything received."""
        if not self.delivered:
            cls: type[APIError] = APITimeoutError if timeout else APIConnectionError
            return self._error(cls, f"stream failed before its first chunk: {reason}")
        partial = self.accumulator.build()
        cls = StreamTimeoutError if timeout else StreamInterruptedError
        return self._error(
            cls,
            f"stream interrupted after {self.accumulator.chunks_seen} chunks: {reason}; "
            "the output received so far is in .partial_response",
            partial_response=partial,
        )

    def _error(self, cls: type[APIError], message: str, **kwargs: Any) -> APIError:
        provider = self.call.provider if self.call else None
        model = self.call.model if self.call else None
        return cls(message, provider=provider, model=model, **kwargs)

    def _inband_error(self, payload: dict[str, Any]) -> APIError:
        body = json.dumps(payload).encode()
        if self.provider is None or self.call is None:
            return self._error(APIConnectionError, str(payload["error"].get("message")))
        error = payload["error"]
        status = (
            error.get("status") or error.get("http_status") or _TYPE_STATUS.get(error.get("type"))
        )
        error = self.provider.error_from_response(self.call, int(status or 500), {}, body)
        error.partial_response = self.accumulator.build() if self.delivered else None
        return error

    def complete(self) -> None:
        """At the normal end: let the provider refuse a documented unusable answer (once)."""
        if self.provider is not None and self.call is not None and not self.checked:
            self.checked = True
            self.provider.check_complete(self.call, self.accumulator.build())

    def final_response(self) -> Any:
        """The assembled response of everything delivered."""
        return self.accumulator.build()

    def should_drain(self) -> bool:
        """Whether to read the end of a body the server has finished (`[DONE]`) before closing."""
        # Only the chunked terminator should follow [DONE]; reading it returns the connection to
        # the pool instead of closing it. One read: anything else after [DONE] is discarded.
        return self.done and (self.deadline is None or time.monotonic() < self.deadline)


@contextlib.contextmanager
def _read_errors(core: _StreamCore) -> Iterator[None]:
    try:
        yield
    except httpx.TimeoutException as exc:
        raise core.failure(f"read timed out ({exc})", timeout=True) from exc
    except httpx.TransportError as exc:
        raise core.failure(f"{type(exc).__name__}: {exc}") from exc


class Stream:
    """A sync chunk stream: an iterator, a context manager, and `close()`."""

    def __init__(
        self,
        provider: BaseProvider | None,
        call: Call | None,
        response: httpx.Response | None,
        deadline: float | None,
        *,
        parse: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        if parse is None:
            assert provider is not None
            assert call is not None
            parse = lambda payload: provider.parse_stream_chunk(call, payload)  # noqa: E731
        self._core = _StreamCore(parse, provider, call, deadline)
        self._response = response
        self._texts = response.iter_text() if response is not None else iter(())
        self._closed = response is None

    @classmethod
    def from_payloads(
        cls, payloads: list[dict[str, Any]], parse: Callable[[dict[str, Any]], Any]
    ) -> Stream:
        """A stream over chunks already in memory (used by mock_response)."""
        stream = cls(None, None, None, None, parse=parse)
        stream._core.pending.extend(payloads)
        stream._core.done = True
        return stream

    @property
    def answered_by(self) -> str | None:
        """The model string that is answering (differs from the request after a fallback)."""
        meta: dict[str, Any] | None = getattr(self, "_meta", None)
        return None if meta is None else meta.get("answered_by")

    def __iter__(self) -> Stream:
        return self

    def _fill(self) -> None:
        core = self._core
        while not core.pending and not core.done and not self._closed:
            with _read_errors(core):
                text = next(self._texts, None)
            if text is None:
                core.eof()
            else:
                core.check_time()
                core.feed(text)

    def __next__(self) -> Any:
        try:
            self._fill()
            chunk = self._core.next_chunk()
            if chunk is None:
                self._core.complete()
        except BaseException:
            self.close()
            raise
        if chunk is None:
            self._release()
            raise StopIteration
        return chunk

    def _release(self) -> None:
        try:
            if not self._closed and self._core.should_drain():
                with contextlib.suppress(httpx.HTTPError, httpx.StreamError):
                    next(self._texts, None)  # normally reads just the end of the body
        finally:
            self.close()

    def prime(self) -> Stream:
        """Read until the first chunk is ready, so failures before it can still be retried."""
        try:
            self._fill()
        except BaseException:
            self.close()
            raise
        return self

    def get_final_response(self) -> Any:
        """Drain the remaining chunks and return the assembled response."""
        for _ in self:
            pass
        return self._core.final_response()

    def close(self) -> None:
        """Release the connection (safe to call more than once)."""
        if not self._closed:
            self._closed = True
            if self._response is not None:
                self._response.close()

    def __enter__(self) -> Stream:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        if not getattr(self, "_closed", True):
            self.close()


class AsyncStream:
    """An async chunk stream: `async for`, `async with`, and `aclose()`."""

    def __init__(
        self,
        provider: BaseProvider | None,
        call: Call | None,
        response: httpx.Response | None,
        deadline: float | None,
        *,
        parse: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        if parse is None:
            assert provider is not None
            assert call is not None
            parse = lambda payload: provider.parse_stream_chunk(call, payload)  # noqa: E731
        self._core = _StreamCore(parse, provider, call, deadline)
        self._response = response
        self._texts: AsyncIterator[str] | None = (
            response.aiter_text() if response is not None else None
        )
        self._closed = response is None

    @classmethod
    def from_payloads(
        cls, payloads: list[dict[str, Any]], parse: Callable[[dict[str, Any]], Any]
    ) -> AsyncStream:
        """An async stream over chunks already in memory (used by mock_response)."""
        stream = cls(None, None, None, None, parse=parse)
        stream._core.pending.extend(payloads)
        stream._core.done = True
        return stream

    answered_by = Stream.answered_by

    def __aiter__(self) -> AsyncStream:
        return self

    async def _fill(self) -> None:
        core = self._core
        while not core.pending and not core.done and not self._closed:
            assert self._texts is not None
            with _read_errors(core):
                text = await anext(self._texts, None)
            if text is None:
                core.eof()
            else:
                core.check_time()
                core.feed(text)

    async def __anext__(self) -> Any:
        try:
            await self._fill()
            chunk = self._core.next_chunk()
            if chunk is None:
                self._core.complete()
        except BaseException:
            await self.aclose()
            raise
        if chunk is None:
            await self._release()
            raise StopAsyncIteration
        return chunk

    async def _release(self) -> None:
        try:
            if not self._closed and self._texts is not None and self._core.should_drain():
                with contextlib.suppress(httpx.HTTPError, httpx.StreamError):
                    await anext(self._texts, None)  # normally reads just the end of the body
        finally:
            await self.aclose()

    async def prime(self) -> AsyncStream:
        """Async twin of `Stream.prime`."""
        try:
            await self._fill()
        except BaseException:
            await self.aclose()
            raise
        return self

    async def get_final_response(self) -> Any:
        """Drain the remaining chunks and return the assembled response."""
        async for _ in self:
            pass
        return self._core.final_response()

    async def aclose(self) -> None:
        """Release the connection (safe to call more than once)."""
        if not self._closed:
            self._closed = True
            if self._response is not None:
                await self._response.aclose()

    close = aclose

    async def __aenter__(self) -> AsyncStream:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __del__(self) -> None:
        if getattr(self, "_closed", True) or self._response is None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self.aclose())
        _CLOSING.add(task)
        task.add_done_callback(_CLOSING.discard)
