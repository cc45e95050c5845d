"""Where the aiohttp backend's time goes at concurrency 100, layer by layer:
`python -m benchmarks.layers [--calls N] [--rounds R]`.

Each layer does one more part of what `acompletion` does, so the difference between two rows is
what that part costs with 100 calls in flight (caches cold, as in the `async` metric):

- `raw aiohttp`: the floor (`clients_async.AiohttpAsync`: a prebuilt body, `json.loads`).
- `transport`: one request built once, sent again and again through litellm_py's aiohttp
  client; the whole body taken as it arrived, released, `json.loads`.
- `attempt`: the same request through the provider's attempt (status check, JSON decode, shape
  checks, the response object, its ids).
- `asend`: the request built per call (body, checks, headers) and stamped, then the attempt.
- `acompletion`: the whole public call (arguments checked, settings, observability, fallbacks).

Every round runs each layer in a fresh process pinned to core 1 (the server is on core 0) and
takes the best of three batches of N calls; the table gives medians over the rounds. Not a test:
nothing here is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from benchmarks import payloads
from benchmarks._proc import ROOT, Server, child_env
from benchmarks.clients_async import AiohttpAsync, make_async
from benchmarks.clients_sync import MODEL_STRING
from benchmarks.worker import in_flight

LAYERS = ("raw aiohttp", "transport", "attempt", "asend", "acompletion")


class _Prebuilt:
    """One DeepSeek chat call prepared as `acompletion` would, and its request built once."""

    def __init__(self, base: str) -> None:
        from litellm_py._prepare import prepare_call

        kwargs = {"api_base": base, "api_key": payloads.API_KEY}
        self.provider: Any
        self.provider, self.call_ = prepare_call(
            "chat", MODEL_STRING, kwargs, payloads.MESSAGES, "layers"
        )
        self.request = self.provider.build_request(self.call_)

    async def close(self) -> None:
        await self.provider.aclose()


class _Transport(_Prebuilt):
    async def call(self) -> Any:
        from litellm_py._answer import release_now
        from litellm_py._body import aread_body, arrived_body

        answer = await self.provider._pool.async_client().send(self.request, stream=True)
        deadline = time.monotonic() + 600
        body = arrived_body(self.call_, answer, deadline)
        if body is None:
            body = await aread_body(self.call_, answer, deadline)
        if not release_now(answer):
            await answer.aclose()
        return json.loads(body)["choices"][0]["message"]["content"]


class _Attempt(_Prebuilt):
    async def call(self) -> Any:
        response = await self.provider._aattempt(self.call_, self.request)
        return response.choices[0].message.content


class _Asend(_Prebuilt):
    async def call(self) -> Any:
        return (await self.provider.asend(self.call_)).choices[0].message.content


def _client(layer: str, base: str) -> Any:
    if layer == "raw aiohttp":
        return AiohttpAsync(base)
    if layer == "acompletion":
        return make_async("litellm_py[aiohttp]", base)
    return {"transport": _Transport, "attempt": _Attempt, "asend": _Asend}[layer](base)


def measure(layer: str, base: str, calls: int) -> float:
    """µs per call for `layer`: best of three batches of `calls` at concurrency 100."""

    async def main() -> float:
        client = _client(layer, base)
        await in_flight(client, 500, 100)  # connections, imports, caches
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            await in_flight(client, calls, 100)
            best = min(best, (time.perf_counter() - start) / calls * 1e6)
        await client.close()
        return best

    return asyncio.run(main())


def _one(layer: str, base: str, calls: int) -> float:
    env = child_env("litellm_py[aiohttp]")
    command = [sys.executable, "-m", "benchmarks.layers", "--one", layer, base, str(calls)]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def run(calls: int, rounds: int) -> None:
    server = Server.start()
    try:
        times: dict[str, list[float]] = {layer: [] for layer in LAYERS}
        for _ in range(rounds):
            for layer in LAYERS:
                times[layer].append(_one(layer, server.base, calls))
    finally:
        server.stop()
    print(f"aiohttp backend, {calls} calls x 3 at concurrency 100, {rounds} rounds (medians)\n")
    print("| layer | µs per call | added by this layer | rounds |\n|---|---|---|---|")
    previous = None
    for layer in LAYERS:
        median = statistics.median(times[layer])
        added = "" if previous is None else f"{median - previous:+.1f}"
        rounds_text = " / ".join(f"{t:.0f}" for t in times[layer])
        print(f"| {layer} | {median:.1f} | {added} | {rounds_text} |")
        previous = median


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--one":
        layer, base, calls = argv[1], argv[2], int(argv[3])
        if hasattr(os, "sched_setaffinity") and 1 in os.sched_getaffinity(0):
            os.sched_setaffinity(0, {1})
        print(f"{measure(layer, base, calls):.2f}")
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    run(args.calls, args.rounds)


if __name__ == "__main__":
    main(sys.argv[1:])
