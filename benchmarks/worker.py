"""One measurement in a fresh process: `python -m benchmarks.worker METRIC CLIENT [key=value ...]`.

Prints one JSON object. `elapsed` is the length of the measured phase in seconds (the runner
divides the server's CPU time by it). Workers pin themselves to core 1 (`cpu=-1`: no pinning)
so that the server keeps core 0; client libraries are imported only inside the measurement.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import json
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from benchmarks.clients_async import AsyncClient

Result = dict[str, Any]
IMPORTS = {
    "bare": "",
    "httpx": "httpx",
    "aiohttp": "aiohttp",
    "litellm_py": "litellm_py",
    "openai": "openai",
    "litellm": "litellm",
}


def import_time(client: str, opts: dict[str, str]) -> Result:
    """Time `import <module>`; peak RSS of the process after it."""
    import resource

    module = IMPORTS[client]
    start = time.perf_counter()
    if module:
        importlib.import_module(module)
    elapsed = time.perf_counter() - start
    return {"ms": elapsed * 1e3, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def cold_start(client: str, opts: dict[str, str]) -> Result:
    """Import the library, build its client and make the first call."""
    from benchmarks.clients_sync import make_sync

    start = time.perf_counter()
    make_sync(client, opts["base"]).call()
    elapsed = time.perf_counter() - start
    return {"ms": elapsed * 1e3, "elapsed": elapsed}


def sync_latency(client: str, opts: dict[str, str]) -> Result:
    """Mean time of one sequential non-streamed call, after a warm-up."""
    from benchmarks.clients_sync import make_sync

    c = make_sync(client, opts["base"])
    for _ in range(int(opts.get("warmup", "100"))):
        c.call()
    n = int(opts["n"])
    start = time.perf_counter()
    for _ in range(n):
        c.call()
    elapsed = time.perf_counter() - start
    c.close()
    return {"us": elapsed / n * 1e6, "elapsed": elapsed, **_backend(client)}


async def in_flight(c: AsyncClient, total: int, concurrency: int) -> None:
    """`total` calls, `concurrency` of them in flight at any time."""
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await c.call()

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _throughput(c: AsyncClient, total: int, concurrency: int) -> float:
    await asyncio.gather(*(c.call() for _ in range(concurrency)))  # open the connections
    start = time.perf_counter()
    await in_flight(c, total, concurrency)
    return time.perf_counter() - start


def async_throughput(client: str, opts: dict[str, str]) -> Result:
    """Requests per second for `n` calls at `concurrency` in flight."""
    from benchmarks.clients_async import make_async

    n, concurrency = int(opts["n"]), int(opts.get("concurrency", "100"))

    async def main() -> Result:
        c = make_async(client, opts["base"])
        elapsed = await _throughput(c, n, concurrency)
        await c.close()
        return {"rps": n / elapsed, "elapsed": elapsed, **_backend(client)}

    return asyncio.run(main())


def stream_sync(client: str, opts: dict[str, str]) -> Result:
    """Per-chunk time of one long stream (after a short warm-up stream)."""
    from benchmarks.clients_sync import make_sync

    c = make_sync(client, opts["base"])
    c.stream(200)
    n = int(opts["chunks"])
    start = time.perf_counter()
    seen = c.stream(n)
    elapsed = time.perf_counter() - start
    c.close()
    return {"us_per_chunk": elapsed / n * 1e6, "seen": seen, "elapsed": elapsed}


def stream_async(client: str, opts: dict[str, str]) -> Result:
    """Async twin of `stream_sync`."""
    from benchmarks.clients_async import make_async

    n = int(opts["chunks"])

    async def main() -> Result:
        c = make_async(client, opts["base"])
        await c.stream(200)
        start = time.perf_counter()
        seen = await c.stream(n)
        elapsed = time.perf_counter() - start
        await c.close()
        return {"us_per_chunk": elapsed / n * 1e6, "seen": seen, "elapsed": elapsed}

    result = asyncio.run(main())
    return {**result, **_backend(client)}


def _backend(client: str) -> Result:
    if not client.startswith("litellm_py"):
        return {}
    http: Any = importlib.import_module("litellm_py._http")
    return {"backend": http.async_backend()}


METRICS: dict[str, Callable[[str, dict[str, str]], Result]] = {
    "import": import_time,
    "cold": cold_start,
    "latency": sync_latency,
    "async": async_throughput,
    "stream_sync": stream_sync,
    "stream_async": stream_async,
}


def main(argv: list[str]) -> None:
    from benchmarks.memory import MEMORY_METRICS

    metric, client, *pairs = argv
    opts = dict(pair.split("=", 1) for pair in pairs)
    cpu = int(opts.get("cpu", "1"))
    if cpu >= 0 and hasattr(os, "sched_setaffinity") and cpu in os.sched_getaffinity(0):
        os.sched_setaffinity(0, {cpu})
    gc.collect()
    measure = METRICS.get(metric) or MEMORY_METRICS[metric]
    print(json.dumps(measure(client, opts)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
