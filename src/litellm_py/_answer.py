"""What a transport hands back once an answer's headers have arrived, on either async backend.

The httpx backend answers with an `httpx.Response`; the aiohttp backend with a lighter object
of the same shape (`_aiohttp_answer.AiohttpAnswer`) that builds an `httpx.Response` only when an
error needs one (`exc.response`). Everything above the transport (body reading, streams, status
checks, errors) is written once against these protocols.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Protocol, cast, runtime_checkable

import httpx

__all__ = [
    "Answer", "AsyncSender", "Head", "buffered_body", "full_response", "is_event_stream",
    "release_now",
]  # fmt: skip


class Head(Protocol):
    """The status line and headers of an answer (sync or async); headers are case-insensitive."""

    @property
    def status_code(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]: ...


class Answer(Head, Protocol):
    """An async answer whose body is still to be read (`httpx.Response` is one)."""

    @property
    def charset_encoding(self) -> str | None: ...

    def aiter_raw(self) -> AsyncIterator[bytes]:
        """The body as received (content-encoding not undone)."""
        ...

    def aiter_bytes(self) -> AsyncIterator[bytes]:
        """The body with its content-encoding (gzip, ...) undone."""
        ...

    async def aread(self) -> bytes:
        """The whole body (content-encoding undone); the connection is released."""
        ...

    async def aclose(self) -> None:
        """Release the connection: back to the pool once the body was read, else closed."""


@runtime_checkable
class _Lazy(Protocol):
    def to_httpx(self, body: bytes) -> httpx.Response: ...


class AsyncSender(Protocol):
    """A pooled async client: `httpx.AsyncClient` or `_aiohttp_transport.AiohttpClient`."""

    @property
    def is_closed(self) -> bool: ...

    async def send(self, request: httpx.Request, *, stream: bool = ...) -> Answer:
        """Send `request`; return once the answer's headers have arrived."""
        ...

    async def aclose(self) -> None:
        """Close every pooled connection."""


class _Buffered(Protocol):
    def buffered(self) -> bytes | None: ...


class _Releasable(Protocol):
    def release_now(self) -> bool: ...


def release_now(answer: Answer) -> bool:
    """Release an answer whose body was read, if that needs no wait (the aiohttp backend's, once
    its request has been written); False: `await answer.aclose()`."""
    if isinstance(answer, httpx.Response):
        return False
    return cast("_Releasable", answer).release_now()


def buffered_body(answer: Answer) -> bytes | None:
    """The whole raw body if it has all arrived already and can be taken without a wait.

    Only the aiohttp backend's answer can tell (None from an `httpx.Response`: read it).
    """
    if isinstance(answer, httpx.Response):
        return None
    return cast("_Buffered", answer).buffered()


def full_response(head: Head | None, body: bytes) -> httpx.Response | None:
    """The `httpx.Response` of an answer whose body was read (for an error's `.response`)."""
    if head is None:
        return None
    if isinstance(head, httpx.Response):
        if not hasattr(head, "_content"):
            head._content = body  # as read(): the error's response.text / .json() work
        return head
    assert isinstance(head, _Lazy)  # the aiohttp backend's answer, the only other kind
    return head.to_httpx(body)


def is_event_stream(response: Head) -> bool:
    """A 2xx answer that carries server-sent events."""
    content_type = response.headers.get("content-type", "")
    return response.status_code < 400 and content_type.startswith("text/event-stream")
