"""`Stream` / `AsyncStream`: iterate chunks as they arrive; nothing received is ever lost.

Only the read loops live here, once per flavour; everything else is in `_stream_core`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import httpx

from litellm_py._accumulator import stream_chunk_builder
from litellm_py._callbacks import arun, run
from litellm_py._decompress import aiter_body, iter_body
from litellm_py._io_deadline import DRAIN_WAIT, deadline_in
from litellm_py._observe import stream_closed, stream_ended, stream_failed
from litellm_py._stream_core import (
    DEFAULT_PROGRESS_TIMEOUT,
    StreamTimeoutError,
)
from litellm_py._stream_meta import StreamMeta

if TYPE_CHECKING:
    from types import TracebackType

    from litellm_py._answer import Answer
    from litellm_py._call import Call
    from litellm_py.providers.base import BaseProvider
    from litellm_py.types import ChatCompletion, ChatCompletionChunk, TextCompletion

__all__ = [
    "DEFAULT_PROGRESS_TIMEOUT",
    "AsyncStream",
    "Stream",
    "StreamTimeoutError",
    "stream_chunk_builder",
]

_CLOSING: set[Any] = set()  # streams being closed after garbage collection
# What a stream yields: `ChatCompletionChunk`, or `TextCompletion` for a text completion.
ChunkT = TypeVar("ChunkT", covariant=True)
_DRAIN_ERRORS = (httpx.HTTPError, httpx.StreamError)


class Stream(StreamMeta, Generic[ChunkT]):
    """A sync chunk stream: an iterator, a context manager, and `close()`."""

    def __init__(
        self,
        provider: BaseProvider | None,
        call: Call | None,
        response: httpx.Response | None,
        deadline: float | None,
        *,
        parse: Callable[[dict[str, Any]], ChunkT] | None = None,
    ) -> None:
        self._open(provider, call, response, deadline, parse)
        self._texts = iter_body(call, response) if response is not None else iter(())

    @classmethod
    def from_payloads(
        cls, payloads: list[dict[str, Any]], parse: Callable[[dict[str, Any]], ChunkT]
    ) -> Stream[ChunkT]:
        """A stream over chunks already in memory (used by mock_response)."""
        return cls(None, None, None, None, parse=parse)._replay(payloads)

    def __iter__(self) -> Stream[ChunkT]:
        return self

    def _fill(self) -> None:
        core = self._core
        while not core.pending and not core.done and not self._closed:
            try:
                text = next(self._texts, None)
            except httpx.HTTPError as exc:
                raise core.read_failure(exc) from exc
            if text is None:
                core.eof()
            else:
                core.feed(text)

    def __next__(self) -> ChunkT:
        try:
            self._fill()
            chunk: ChunkT | None = self._core.next_chunk()
            if chunk is None:
                self._core.complete()
        except BaseException as exc:
            run(stream_failed(self._core.call, self._obs, exc))
            self.close()
            raise
        if chunk is None:
            run(stream_ended(self._obs, self._core))
            self._release()
            raise StopIteration
        if self._obs is not None:
            run(self._obs.chunk())
        return chunk

    def _release(self) -> None:
        try:
            if not self._closed and self._core.should_drain():
                with contextlib.suppress(*_DRAIN_ERRORS), deadline_in(DRAIN_WAIT):
                    next(self._texts, None)  # normally reads just the end of the body
        finally:
            self.close()

    def prime(self) -> Stream[ChunkT]:
        """Read until the first chunk is ready, so failures before it can still be retried."""
        try:
            self._fill()
            self._core.raise_early_error()
        except BaseException:
            self.close()
            raise
        return self

    @overload
    def get_final_response(self: Stream[ChatCompletionChunk]) -> ChatCompletion: ...
    @overload
    def get_final_response(self: Stream[TextCompletion]) -> TextCompletion: ...
    def get_final_response(self) -> Any:
        """Drain the remaining chunks and return the assembled response."""
        for _ in self:
            pass
        return self._core.final_response()

    def close(self) -> None:
        """Release the connection (safe to call more than once)."""
        run(stream_closed(self._obs, self._core))
        if not self._closed:
            self._closed = True
            if self._response is not None:
                self._response.close()
        for callback in self._take_close_callbacks():
            callback(self)

    def __enter__(self) -> Stream[ChunkT]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        observer = getattr(self, "_obs", None)
        live = observer is not None and not observer.finished
        if not getattr(self, "_closed", True) or getattr(self, "_on_close", None) or live:
            self.close()


class AsyncStream(StreamMeta, Generic[ChunkT]):
    """An async chunk stream: `async for`, `async with`, and `aclose()`."""

    def __init__(
        self,
        provider: BaseProvider | None,
        call: Call | None,
        response: Answer | None,
        deadline: float | None,
        *,
        parse: Callable[[dict[str, Any]], ChunkT] | None = None,
    ) -> None:
        self._open(provider, call, response, deadline, parse)
        self._texts: AsyncIterator[bytes] | None = (
            aiter_body(call, response) if response is not None else None
        )

    @classmethod
    def from_payloads(
        cls, payloads: list[dict[str, Any]], parse: Callable[[dict[str, Any]], ChunkT]
    ) -> AsyncStream[ChunkT]:
        """An async stream over chunks already in memory (used by mock_response)."""
        return cls(None, None, None, None, parse=parse)._replay(payloads)

    def __aiter__(self) -> AsyncStream[ChunkT]:
        return self

    async def _fill(self) -> None:
        core = self._core
        while not core.pending and not core.done and not self._closed:
            assert self._texts is not None
            try:
                text = await anext(self._texts, None)
            except httpx.HTTPError as exc:
                raise core.read_failure(exc) from exc
            if text is None:
                core.eof()
            else:
                core.feed(text)

    async def __anext__(self) -> ChunkT:
        try:
            await self._fill()
            chunk: ChunkT | None = self._core.next_chunk()
            if chunk is None:
                self._core.complete()
        except BaseException as exc:
            await arun(stream_failed(self._core.call, self._obs, exc))
            await self.aclose()
            raise
        if chunk is None:
            await arun(stream_ended(self._obs, self._core))
            await self._release()
            raise StopAsyncIteration
        if self._obs is not None:
            await arun(self._obs.chunk())
        return chunk

    async def _release(self) -> None:
        try:
            if not self._closed and self._texts is not None and self._core.should_drain():
                with contextlib.suppress(*_DRAIN_ERRORS), deadline_in(DRAIN_WAIT):
                    await anext(self._texts, None)  # normally reads just the end of the body
        finally:
            await self.aclose()

    async def prime(self) -> AsyncStream[ChunkT]:
        """Async twin of `Stream.prime`."""
        try:
            await self._fill()
            self._core.raise_early_error()
        except BaseException:
            await self.aclose()
            raise
        return self

    @overload
    async def get_final_response(self: AsyncStream[ChatCompletionChunk]) -> ChatCompletion: ...
    @overload
    async def get_final_response(self: AsyncStream[TextCompletion]) -> TextCompletion: ...
    async def get_final_response(self) -> Any:
        """Drain the remaining chunks and return the assembled response."""
        async for _ in self:
            pass
        return self._core.final_response()

    async def aclose(self) -> None:
        """Release the connection (safe to call more than once)."""
        await arun(stream_closed(self._obs, self._core))
        if not self._closed:
            self._closed = True
            if self._response is not None:
                await self._response.aclose()
        for callback in self._take_close_callbacks():
            result = callback(self)
            if result is not None:
                await result

    close = aclose

    async def __aenter__(self) -> AsyncStream[ChunkT]:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __del__(self) -> None:
        run(stream_closed(getattr(self, "_obs", None), self._core))  # sync: no loop to await
        pending = getattr(self, "_on_close", None)
        if (getattr(self, "_closed", True) or self._response is None) and not pending:
            return
        try:
            import asyncio

            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self.aclose())
        _CLOSING.add(task)
        task.add_done_callback(_CLOSING.discard)
