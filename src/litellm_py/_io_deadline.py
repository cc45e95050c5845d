"""A deadline on the socket reads of the current task or thread, below httpx's per-read timeouts.

httpcore and aiohttp bound each read, not a sequence of them: a server trickling its headers a
byte at a time, or sending `102 Processing` forever, never trips a per-read timeout. While a
deadline is set here, every read and write of a pooled connection waits at most until it; the
transports set it for the header phase of each request (the attempt's `timeout`), and streams set
a short one to pick up the end of a body after `[DONE]` without waiting on a server that keeps
the body open.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["DRAIN_WAIT", "bounded", "deadline_in", "remaining"]

DRAIN_WAIT = 0.5
"""Seconds a finished stream waits for the end of its body before closing the connection."""

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "litellm_py_io_deadline", default=None
)
_FLOOR = 0.001  # a read with no time left still polls once (and then times out)


def remaining() -> float | None:
    """Seconds until the current deadline, or None when no deadline is set."""
    deadline = _DEADLINE.get()
    return None if deadline is None else max(deadline - time.monotonic(), _FLOOR)


def bounded(timeout: float | None) -> float | None:
    """A per-read timeout shortened to the current deadline."""
    left = remaining()
    if left is None:
        return timeout
    return left if timeout is None else min(timeout, left)


@contextmanager
def deadline_in(seconds: float | None) -> Iterator[None]:
    """Bound the reads and writes inside the block to `seconds` from now (None: no change)."""
    if seconds is None or _DEADLINE.get() is not None:
        yield  # an outer, shorter deadline (a drain) stays in force
        return
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)
