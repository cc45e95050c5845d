"""Pooled HTTP clients, the transport-error translation and deadline-aware body reads.

One `httpx.Client` per provider instance, and one `httpx.AsyncClient` per provider instance and
event loop (an async pool cannot outlive the loop its connections belong to).
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import httpx

from litellm_py.exceptions import APIConnectionError, APITimeoutError

if TYPE_CHECKING:
    from litellm_py._call import Call

__all__ = ["ClientPool", "aread_body", "read_body", "transport_errors"]

LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=200, keepalive_expiry=30.0)


class ClientPool:
    """Lazily built, reused HTTP clients; `close()` / `aclose()` release their connections."""

    def __init__(self) -> None:
        self._sync: httpx.Client | None = None
        self._async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
            weakref.WeakKeyDictionary()
        )

    def sync_client(self) -> httpx.Client:
        """The shared sync client."""
        client = self._sync
        if client is None or client.is_closed:
            client = self._sync = httpx.Client(limits=LIMITS, timeout=None)
        return client

    def async_client(self) -> httpx.AsyncClient:
        """The shared async client of the running event loop."""
        loop = asyncio.get_running_loop()
        client = self._async.get(loop)
        if client is None or client.is_closed:
            client = self._async[loop] = httpx.AsyncClient(limits=LIMITS, timeout=None)
        return client

    def close(self) -> None:
        """Close the sync client (the next call opens a new one)."""
        if self._sync is not None:
            self._sync.close()
            self._sync = None

    async def aclose(self) -> None:
        """Close the async client of the running loop."""
        client = self._async.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()


def _timeout_error(call: Call) -> APITimeoutError:
    return APITimeoutError(
        f"Request to {call.provider} timed out after {call.settings.timeout:g} s "
        "(the per-attempt deadline; raise it with timeout=...).",
        provider=call.provider,
        model=call.model,
    )


@contextmanager
def transport_errors(call: Call) -> Iterator[None]:
    """Turn httpx transport failures into the library's connection errors."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise _timeout_error(call) from exc
    except httpx.TransportError as exc:
        raise APIConnectionError(
            f"Connection error talking to {call.provider}: {type(exc).__name__}: {exc}",
            provider=call.provider,
            model=call.model,
        ) from exc


def check_deadline(call: Call, deadline: float) -> None:
    """Raise the timeout error once the attempt's total deadline has passed."""
    if time.monotonic() > deadline:
        raise _timeout_error(call)


def read_body(call: Call, response: httpx.Response, deadline: float) -> bytes:
    """The whole body, checking the total deadline after every read (keep-alive lines included)."""
    parts = []
    for part in response.iter_bytes():
        parts.append(part)
        check_deadline(call, deadline)
    return b"".join(parts)


async def aread_body(call: Call, response: httpx.Response, deadline: float) -> bytes:
    """Async twin of `read_body`."""
    parts = []
    stream: AsyncIterator[bytes] = response.aiter_bytes()
    async for part in stream:
        parts.append(part)
        check_deadline(call, deadline)
    return b"".join(parts)
