"""The aiohttp backend's answer: status, headers and body parts read straight from aiohttp.

A success builds no httpx object: `status_code` and `headers` are aiohttp's own, the body comes
from aiohttp's buffer one `readany()` at a time. An `httpx.Response` is built only when an error
needs one (`to_httpx`, for `exc.response`) or to undo a content-encoding with httpx's decoders.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import httpx

from litellm_py._io_deadline import remaining

if TYPE_CHECKING:
    from litellm_py._aiohttp_transport import AiohttpClient

__all__ = ["AiohttpAnswer"]


class AiohttpAnswer(httpx.AsyncByteStream):
    """An aiohttp response in the shape of `_answer.Answer` (what `httpx.Response` offers).

    It is also its own body stream (one `readany()` per step, failures mapped to httpx's), so an
    answer costs one object.
    """

    def __init__(
        self, response: Any, client: AiohttpClient, request: httpx.Request, elapsed: float
    ) -> None:
        self._response = response
        self._client = client
        self._request = request
        self._elapsed = elapsed
        self._content: bytes | None = None
        self.status_code: int = response.status
        self.headers: Mapping[str, str] = response.headers  # case-insensitive, like httpx's
        # A body still arriving is tracked, so that closing the pool can wake its reader; one
        # that has all arrived (most small answers) has no read left to wait on.
        self._tracked = not response.content.is_eof()
        if self._tracked:
            client.bodies.add(self)

    @property
    def charset_encoding(self) -> str | None:
        """The `charset` of the Content-Type header, if any."""
        charset: str | None = self._response.charset
        return charset

    def __aiter__(self) -> AiohttpAnswer:
        return self

    async def __anext__(self) -> bytes:
        try:
            left = remaining()  # set only while a finished stream picks up its body's end
            if left is None:
                data: bytes = await self._response.content.readany()
            else:
                data = await asyncio.wait_for(self._response.content.readany(), left)
        except Exception as exc:
            self._client.fail(exc, self._request)
        if not data:
            raise StopAsyncIteration
        return data

    def buffered(self) -> bytes | None:
        """The whole body as received, if all of it has already arrived (no wait), else None.

        A small answer usually comes in the packet its headers came in: then there is nothing
        to await, and no read step to go through.
        """
        content = self._response.content
        if not content.is_eof() or content.exception() is not None:
            return None
        try:
            data: bytes = content.read_nowait()
        except Exception as exc:  # aiohttp's total timeout, checked by the read
            self._client.fail(exc, self._request)
        return data

    def abort(self, exc: BaseException) -> None:
        """Fail the current and every later read with `exc` (the pool is closing)."""
        self._response.content.set_exception(exc)
        self._response.close()

    def aiter_raw(self) -> AsyncIterator[bytes]:
        """The body parts as received."""
        return self

    def aiter_bytes(self) -> AsyncIterator[bytes]:
        """The body parts with the content-encoding (gzip, ...) undone by httpx's decoders."""
        if self.headers.get("content-encoding", "identity") == "identity":
            return self
        response = httpx.Response(self.status_code, headers=self._response.raw_headers,
                                  stream=self, request=self._request)  # fmt: skip
        return response.aiter_bytes()

    async def aread(self) -> bytes:
        """Read the whole (decoded) body and release the connection."""
        if self._content is None:
            try:
                self._content = b"".join([part async for part in self.aiter_bytes()])
            finally:
                await self.aclose()
        return self._content

    def release_now(self) -> bool:
        """Release the connection now, unless aiohttp is still writing the request (then
        `aclose()` waits for that); the body has been read."""
        if self._response._writer is not None:
            return False
        if self._tracked:
            self._client.bodies.discard(self)
        self._response.release()
        return True

    async def aclose(self) -> None:
        """Release the connection: back to the pool once the body was read, else closed."""
        if self._tracked:
            self._client.bodies.discard(self)
        self._response.release()
        try:
            await self._response.wait_for_close()
        except Exception as exc:
            self._client.fail(exc, self._request)

    def to_httpx(self, body: bytes) -> httpx.Response:
        """This answer as an `httpx.Response` whose body `body` has been read (for errors)."""
        version = self._response.version
        response = httpx.Response(
            self.status_code,
            headers=self._response.raw_headers,
            stream=httpx.ByteStream(body),
            request=self._request,
            extensions={
                "http_version": f"HTTP/{version.major}.{version.minor}".encode(),
                "reason_phrase": (self._response.reason or "").encode(),
            },
        )
        response._content = body
        response.elapsed = timedelta(seconds=self._elapsed)
        return response
