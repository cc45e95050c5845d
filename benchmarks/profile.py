"""Where litellm_py spends its time: `python -m benchmarks.profile call|stream|acall|acall100 [N]`.

Starts the benchmark server, times litellm_py and the raw transport without a profiler (µs per
call, or per chunk for `stream`), then runs litellm_py under cProfile and prints the functions
with the most own time and the library's functions by cumulative time, both per call / chunk.
cProfile inflates call-heavy code several-fold: read the profile for ranking, the unprofiled
times for size. `acall100` keeps 100 calls in flight (the async throughput metric); `acall` and
`acall100` compare with the raw client of the backend in use (`LITELLM_PY_HTTP_BACKEND`).
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import pstats
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks._proc import Server
from benchmarks.clients_async import make_async
from benchmarks.clients_sync import make_sync
from benchmarks.worker import in_flight

STREAM_CHUNKS = 20000


def _units(mode: str, n: int) -> int:
    return STREAM_CHUNKS if mode == "stream" else n


Runner = tuple[Callable[[], None], Callable[[], None]]


def _runner(mode: str, client: str, base: str, n: int) -> Runner:
    """A function doing `n` calls (or one long stream) with `client`, and one closing it."""
    if mode in ("acall", "acall100"):
        loop = asyncio.new_event_loop()
        aclient = loop.run_until_complete(_amake(client, base))
        concurrency = 100 if mode == "acall100" else 1

        def aclose() -> None:
            loop.run_until_complete(aclient.close())
            loop.close()

        return lambda: loop.run_until_complete(in_flight(aclient, n, concurrency)), aclose
    sync = make_sync(client, base)
    if mode == "stream":

        def stream() -> None:
            sync.stream(STREAM_CHUNKS)

        return stream, sync.close

    def run() -> None:
        for _ in range(n):
            sync.call()

    return run, sync.close


async def _amake(client: str, base: str) -> Any:
    return make_async(client, base)


def _timed(run: Callable[[], None], units: int) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        run()
        best = min(best, (time.perf_counter() - start) / units * 1e6)
    return best


def _print_stats(stats: pstats.Stats, units: int, unit: str) -> None:
    raw: Any = stats.stats  # type: ignore[attr-defined]
    rows = sorted(raw.items(), key=lambda item: item[1][2], reverse=True)[:25]
    print(f"\nTop own time (µs per {unit}, profiled):")
    for (path, line, name), (_, ncalls, tottime, cumtime, _) in rows:
        where = f"{_short(path)}:{line}({name})"
        per = tottime / units * 1e6
        print(f"  {per:7.2f}  cum {cumtime / units * 1e6:7.2f}  x{ncalls / units:5.2f}  {where}")
    ours = [item for item in raw.items() if "litellm_py" in item[0][0]]
    ours.sort(key=lambda item: item[1][3], reverse=True)
    print(f"\nlitellm_py functions by cumulative time (µs per {unit}, profiled):")
    for (path, line, name), (_, _, _, cumtime, _) in ours[:20]:
        print(f"  {cumtime / units * 1e6:8.2f}  {_short(path)}:{line}({name})")


def _short(path: str) -> str:
    for marker in ("site-packages/", "src/", "lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def main(argv: list[str]) -> None:
    mode = argv[0] if argv else "call"
    n = int(argv[1]) if len(argv) > 1 else 2000
    os.environ.setdefault("LITELLM_PY_HTTP_BACKEND", "httpx")
    server = Server.start()  # first: the server pins itself to core 0
    if hasattr(os, "sched_setaffinity") and 1 in os.sched_getaffinity(0):
        os.sched_setaffinity(0, {1})
    try:
        units, unit = _units(mode, n), "chunk" if mode == "stream" else "call"
        baseline = "httpx"
        if mode.startswith("acall") and os.environ["LITELLM_PY_HTTP_BACKEND"] == "aiohttp":
            baseline = "aiohttp"
        ours, close_ours = _runner(mode, "litellm_py", server.base, n)
        raw, close_raw = _runner(mode, baseline, server.base, n)
        ours(), raw()  # warm-up: connections, imports, caches
        ours_us, raw_us = _timed(ours, units), _timed(raw, units)
        print(
            f"mode={mode}: litellm_py {ours_us:.1f} µs/{unit}, raw {baseline} {raw_us:.1f} "
            f"µs/{unit} (ratio of rates {raw_us / ours_us:.2f}x)"
        )
        profiler = cProfile.Profile()
        profiler.runcall(ours)
        close_ours(), close_raw()
        _print_stats(pstats.Stats(profiler), units, unit)
    finally:
        server.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
