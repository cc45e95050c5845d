"""How long pooled clients live: never across a fork, never past their event loop.

After `os.fork()` (gunicorn with a preloaded app, Celery prefork, multiprocessing fork pools) the
child must not use the parent's keep-alive sockets, or parent and child read each other's answers.
Every pool forgets its clients in the child: eagerly through `os.register_at_fork`, and lazily when
it sees a new pid (a fork that bypassed Python's hooks). The parent's clients are parked, never
closed, because closing them could write to the shared socket (a TLS close_notify).

An async client is closed when its event loop shuts down: the pool registers one small async
generator per client with the loop, and `asyncio.run` (like any `asyncio.Runner`) closes async
generators before it closes the loop. So `asyncio.run(acompletion(...))` in a loop leaves no
socket, loop or client behind.
"""

from __future__ import annotations

import contextlib
import os
import weakref
from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import asyncio

    from litellm_py._answer import AsyncSender

__all__ = ["ForkAware", "aclose_now", "close_with_loop", "finish_closer", "park", "track"]

_PARKED: list[object] = []
"""The parent's clients in a forked child: kept alive so nothing ever closes (writes to) them."""


class ForkAware(Protocol):
    def forget_inherited(self) -> None:
        """Drop the parent's clients without closing them."""


_POOLS: weakref.WeakSet[Any] = weakref.WeakSet()


def track(pool: ForkAware) -> None:
    """Have `pool.forget_inherited()` called in every child process forked from now on."""
    _POOLS.add(pool)


def park(*objects: object) -> None:
    """Keep `objects` alive for the life of this process, untouched."""
    _PARKED.extend(obj for obj in objects if obj is not None)


def _after_fork_in_child() -> None:
    for pool in list(_POOLS):
        pool.forget_inherited()


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=_after_fork_in_child)


class _Closer:
    """The async generator closing one client at its loop's shutdown, and whether it may await."""

    __slots__ = ("agen", "may_await")

    def __init__(self) -> None:
        self.may_await = True
        self.agen: AsyncGenerator[None, None] | None = None


_OPEN: set[_Closer] = set()
"""Closers of clients whose loops have not shut down (held here, not by the pool: a pool that is
dropped mid-call must not have its client closed under that call by the generator's finalizer)."""


async def _close_at_shutdown(
    closer: _Closer,
    clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, AsyncSender],
    loop: asyncio.AbstractEventLoop,
    client: AsyncSender,
) -> AsyncGenerator[None, None]:
    try:
        yield
    finally:
        _OPEN.discard(closer)
        if clients.get(loop) is client:
            del clients[loop]
        if closer.may_await:
            await client.aclose()


def close_with_loop(
    clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, AsyncSender],
    loop: asyncio.AbstractEventLoop,
    client: AsyncSender,
) -> _Closer:
    """Close `client` (and forget it in `clients`) when the running `loop` shuts down.

    Starting the generator's first step registers it with the loop (its async-generator hooks);
    the step runs to the `yield` at once, so no await is needed here.
    """
    closer = _Closer()
    agen = closer.agen = _close_at_shutdown(closer, clients, loop, client)
    with contextlib.suppress(StopIteration):
        agen.asend(None).send(None)
    _OPEN.add(closer)
    return closer


async def aclose_now(closer: _Closer) -> None:
    """Close the client of `closer` in the running loop (an explicit `aclose()`)."""
    if closer.agen is not None:
        await closer.agen.aclose()


def finish_closer(closer: _Closer) -> None:
    """End `closer` without awaiting: its loop is closed, so the client cannot be closed in it.

    A finished generator is never handed to the dead loop's finalizer.
    """
    closer.may_await = False
    if closer.agen is None:
        return
    with contextlib.suppress(StopIteration):
        closer.agen.aclose().send(None)
