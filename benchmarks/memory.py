"""Memory and connection hygiene over many calls, measured inside a worker process.

The call mix exercises connection release: every 10th call is a 5-chunk stream read to the end,
every 50th a 50-chunk stream abandoned after 2 chunks (closed by its context manager); the rest
are plain calls. RSS comes from /proc/self/statm, open sockets from /proc/self/fd.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from benchmarks.clients_async import AsyncClient
    from benchmarks.clients_sync import SyncClient

Result = dict[str, Any]
WARMUP = 500


def rss_bytes() -> int:
    """Current resident set size (Linux), else the peak RSS."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def open_sockets() -> int:
    """Sockets this process holds open (-1 where /proc is missing)."""
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return -1
    count = 0
    for fd in fds:
        with contextlib.suppress(OSError):
            count += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
    return count


def _plan(i: int) -> tuple[int, int | None] | None:
    """(chunks, stop_after) for a streamed call, None for a plain call."""
    if i % 50 == 25:
        return 50, 2
    if i % 10 == 5:
        return 5, None
    return None


def _one(c: SyncClient, i: int) -> None:
    plan = _plan(i)
    if plan is None:
        c.call()
    else:
        c.stream(*plan)


async def _aone(c: AsyncClient, i: int) -> None:
    plan = _plan(i)
    if plan is None:
        await c.call()
    else:
        await c.stream(*plan)


def _snapshot() -> tuple[int, int]:
    gc.collect()
    return rss_bytes(), open_sockets()


def _result(n: int, before: tuple[int, int], after: tuple[int, int], elapsed: float) -> Result:
    return {
        "bytes_per_call": (after[0] - before[0]) / n,
        "rss_before_mb": before[0] / 2**20,
        "rss_after_mb": after[0] / 2**20,
        "sockets_before": before[1],
        "sockets_after": after[1],
        "elapsed": elapsed,
    }


def memory_sync(client: str, opts: dict[str, str]) -> Result:
    """RSS growth per call and open sockets over `n` sync calls (after a warm-up)."""
    from benchmarks.clients_sync import make_sync

    c = make_sync(client, opts["base"])
    n = int(opts["n"])
    for i in range(WARMUP):
        _one(c, i)
    before = _snapshot()
    start = time.perf_counter()
    for i in range(n):
        _one(c, i)
    elapsed = time.perf_counter() - start
    return _result(n, before, _snapshot(), elapsed)


def memory_async(client: str, opts: dict[str, str]) -> Result:
    """Async twin of `memory_sync` (calls made one after another)."""
    from benchmarks.clients_async import make_async

    n = int(opts["n"])

    async def main() -> Result:
        c = make_async(client, opts["base"])
        for i in range(WARMUP):
            await _aone(c, i)
        before = _snapshot()
        start = time.perf_counter()
        for i in range(n):
            await _aone(c, i)
        elapsed = time.perf_counter() - start
        return _result(n, before, _snapshot(), elapsed)

    return asyncio.run(main())


MEMORY_METRICS: dict[str, Callable[[str, dict[str, str]], Result]] = {
    "memory_sync": memory_sync,
    "memory_async": memory_async,
}
