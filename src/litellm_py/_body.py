"""Reading a whole response body: the attempt's deadline and the size limit, checked per read.

Content-Encoding is undone by `_decompress` in bounded steps, so the limit sees decoded bytes.
An aiohttp answer whose whole plain body has already arrived is taken in one piece, with no read
step to await.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from litellm_py._answer import buffered_body
from litellm_py._decompress import aiter_body, codings, iter_body
from litellm_py._http import check_deadline
from litellm_py._limits import body_limit
from litellm_py.exceptions import ResponseTooLargeError

if TYPE_CHECKING:
    import httpx

    from litellm_py._answer import Answer, Head
    from litellm_py._call import Call

__all__ = ["aread_body", "arrived_body", "read_body"]


def _too_large(call: Call, limit: int) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"{call.provider}'s response body is larger than {limit} bytes (max_response_bytes; "
        "raise it per call or in litellm_py._limits); the rest was not read",
        provider=call.provider,
        model=call.model,
    )


class _Body:
    """A body being read: its parts, the deadline and the size limit checked per part."""

    __slots__ = ("call", "deadline", "limit", "parts", "size")

    def __init__(self, call: Call, response: Head, deadline: float) -> None:
        self.call = call
        self.deadline = deadline
        self.limit = body_limit(call.max_response_bytes)
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.limit:
            raise _too_large(call, self.limit)  # refused before a byte of it is read
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, part: bytes) -> None:
        self.parts.append(part)
        self.size += len(part)
        if self.size > self.limit:
            raise _too_large(self.call, self.limit)
        check_deadline(self.call, self.deadline)


def read_body(call: Call, response: httpx.Response, deadline: float) -> bytes:
    """The whole body, checking the total deadline and the size limit after every read."""
    body = _Body(call, response, deadline)
    for part in iter_body(call, response):
        body.add(part)
    return b"".join(body.parts)


def arrived_body(call: Call, response: Answer, deadline: float) -> bytes | None:
    """The whole body if all of it has already arrived, as is (nothing to wait for, no coding
    to undo), after one size and deadline check; None: read it with `aread_body`."""
    if codings(response.headers):
        return None
    whole = buffered_body(response)
    if whole is not None:
        limit = body_limit(call.max_response_bytes)
        if len(whole) > limit:
            raise _too_large(call, limit)
        check_deadline(call, deadline)
    return whole


async def aread_body(call: Call, response: Answer, deadline: float) -> bytes:
    """Async twin of `read_body` (try `arrived_body` first: it needs no await)."""
    body = _Body(call, response, deadline)
    async for part in aiter_body(call, response):
        body.add(part)
    return b"".join(body.parts)
