"""`python -m benchmarks.router`: what the Router adds to a call, in memory and with Redis.

The same sequential calls, sync and async, four ways: `completion()` directly, and through a
Router whose deployment has every limit set (rpm, tpm, max_parallel_requests, an account limit),
with its state in memory or in a Redis on loopback. Once against the benchmark server (its own
process), once with `mock_response` (no HTTP: the Router's own cost, isolated). Redis round
trips per call come from the server's command statistics.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import litellm_py
from benchmarks._proc import QUIET_ENV, Server
from litellm_py import Router
from litellm_py.testing import RedisServer

MESSAGES = [{"role": "user", "content": "Hi"}]
MODEL = "deepseek/deepseek-flash"


def _router(api_base: str, redis_url: str | None) -> Router:
    params: dict[str, Any] = {"model": MODEL, "api_base": api_base}
    params["api_key"] = QUIET_ENV["DEEPSEEK_API_KEY"]
    params |= {"rpm": 10**9, "tpm": 10**12, "max_parallel_requests": 1000}
    return Router(
        model_list=[{"model_name": "fast", "litellm_params": params}],
        redis_url=redis_url,
        account_limits={"deepseek": 10_000},
    )


def _redis_calls(url: str) -> int:
    """Script calls clients sent (Redis counts the commands inside scripts separately)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        stats = client.info("commandstats")
    finally:
        client.close()
    sent = ("cmdstat_evalsha", "cmdstat_eval", "cmdstat_script")
    return sum(int(stats[name]["calls"]) for name in sent if name in stats)


def _time_sync(call: Callable[[], Any], n: int) -> float:
    for _ in range(max(n // 10, 10)):
        call()
    started = time.perf_counter()
    for _ in range(n):
        call()
    return (time.perf_counter() - started) / n * 1e6


async def _time_async(call: Callable[[], Any], n: int) -> float:
    for _ in range(max(n // 10, 10)):
        await call()
    started = time.perf_counter()
    for _ in range(n):
        await call()
    return (time.perf_counter() - started) / n * 1e6


def _calls(target: Any, extra: dict[str, Any]) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """(sync call, async call) of `completion` or a Router."""
    if isinstance(target, Router):
        return (
            lambda: target.completion(model="fast", messages=MESSAGES, **extra),
            lambda: target.acompletion(model="fast", messages=MESSAGES, **extra),
        )
    kwargs: dict[str, Any] = {"model": MODEL, "messages": MESSAGES}
    kwargs["api_key"] = QUIET_ENV["DEEPSEEK_API_KEY"]
    kwargs |= {"api_base": target, **extra}
    return (lambda: litellm_py.completion(**kwargs), lambda: litellm_py.acompletion(**kwargs))


def measure(
    name: str, target: Any, extra: dict[str, Any], n: int, redis_url: str | None
) -> list[str]:
    """Two table rows (sync, async): µs per call and Redis commands per call."""
    sync_call, async_call = _calls(target, extra)
    rows = []
    for flavour in ("sync", "async"):
        before = _redis_calls(redis_url) if redis_url else 0
        rounds = []
        for _ in range(3):
            if flavour == "sync":
                rounds.append(_time_sync(sync_call, n))
            else:
                rounds.append(asyncio.run(_time_async(async_call, n)))
        shown = "-"
        if redis_url:
            trips = (_redis_calls(redis_url) - before) / (3 * (n + max(n // 10, 10)))
            shown = f"{trips:.2f}"
        rows.append(f"| {name} | {flavour} | {statistics.median(rounds):,.0f} | {shown} |")
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=1000, help="calls per round (3 rounds)")
    args = parser.parse_args(argv)
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)
    server = Server.start()
    redis_server = RedisServer()
    redis_server.start()
    try:
        rows = ["| how | flavour | µs per call (median of 3 rounds) | Redis commands per call |"]
        rows.append("|---|---|---|---|")
        memory, shared = _router(server.base, None), _router(server.base, redis_server.url)
        for label, extra in (("loopback server", {}), ("mock_response", {"mock_response": "hi"})):
            rows.append(f"| **{label}** | | | |")
            rows += measure("completion()", server.base, extra, args.calls, None)
            rows += measure("Router, in memory", memory, extra, args.calls, None)
            rows += measure("Router, Redis", shared, extra, args.calls, redis_server.url)
        shared.close()
        print("\n".join(rows))
    finally:
        redis_server.stop()
        server.stop()


if __name__ == "__main__":
    main()
