"""A bounded loopback soak: thousands of concurrent async calls and streams through one pool.

Runs the bundled DeepSeek test server (`python -m litellm_py.testing`) in a child process, so
the figures below are the client's alone, then drives `--calls` requests through
`litellm_py.acompletion` with `--concurrency` in flight at once: plain calls, streams read to
the end and streams abandoned after their first chunk. Every answer is checked. Prints requests,
concurrency, errors, RSS before/after (VmRSS from /proc/self/status), peak RSS and the sockets
this process holds (from /proc/self/fd) after the run and after closing the pool.

    python benchmarks/soak.py --calls 5000 --concurrency 500

Exits 1 when a call failed or a socket outlived the pool.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import litellm_py
except ImportError:  # a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import litellm_py

MODEL = "deepseek/deepseek-flash"
API_KEY = "sk-soak-0000000000000000"
SERVER_START_TIMEOUT = 20.0
WARMUP_CALLS = 50


class ConnectCounter(logging.Handler):
    """Counts the TCP connections either backend opens: httpcore's `connect_tcp.complete` trace
    events, and aiohttp connector connects (its `TCPConnector._create_connection`, wrapped)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith("connect_tcp.complete"):
            self.count += 1

    @classmethod
    def install(cls) -> ConnectCounter:
        counter = cls()
        logger = logging.getLogger("httpcore.connection")
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        logger.addHandler(counter)
        counter._count_aiohttp_connects()
        return counter

    def _count_aiohttp_connects(self) -> None:
        try:
            import aiohttp
        except ImportError:
            return
        name = "_create_connection"  # the connector's one place that opens a TCP connection
        create = getattr(aiohttp.TCPConnector, name)

        async def counted(connector: Any, *args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await create(connector, *args, **kwargs)

        setattr(aiohttp.TCPConnector, name, counted)


# -- process figures (Linux /proc; None elsewhere) -----------------------------------------------


def status_kib(field_name: str) -> int | None:
    """A `kB` field of /proc/self/status, e.g. VmRSS (current) or VmHWM (peak)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def open_sockets() -> int | None:
    """How many of this process's file descriptors are sockets."""
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return None
    count = 0
    for name in names:
        with contextlib.suppress(OSError):  # closed while listing
            count += os.readlink(f"/proc/self/fd/{name}").startswith("socket:")
    return count


def mib(kib: int | None) -> str:
    return "n/a" if kib is None else f"{kib / 1024:.1f} MiB"


# -- the server --------------------------------------------------------------------------------


@contextmanager
def test_server() -> Iterator[str]:
    """The loopback DeepSeek server in a child process; yields its base URL."""
    package_root = str(Path(litellm_py.__file__).resolve().parents[1])
    path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    command = [sys.executable, "-m", "litellm_py.testing", "--port", "0", "--api-key", API_KEY]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout is not None
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        url = ""
        while not url:
            line = child.stdout.readline()
            if not line or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            if "listening on " in line:
                url = line.rsplit("listening on ", 1)[1].strip()
        yield url
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


# -- the load ----------------------------------------------------------------------------------


@dataclass
class Tally:
    """What the soak saw."""

    kinds: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    in_flight: int = 0
    peak_in_flight: int = 0

    def failed(self, error: BaseException) -> None:
        self.errors[type(error).__name__] += 1
        if len(self.examples) < 5:
            self.examples.append(repr(error)[:300])


def kind_of(index: int, stream_every: int, abandon_every: int) -> str:
    if abandon_every and index % abandon_every == 0:
        return "abandoned stream"
    if stream_every and index % stream_every == 0:
        return "stream"
    return "call"


async def one(url: str, index: int, kind: str) -> None:
    """One request of the soak; raises if the answer is not the expected one."""
    expected = f"You said: request {index}"
    kwargs: dict[str, Any] = {
        "model": MODEL,
        "messages": [{"role": "user", "content": f"request {index}"}],
        "api_base": url,
        "api_key": API_KEY,
        "timeout": 60,
    }
    if kind == "call":
        response = await litellm_py.acompletion(**kwargs)
        answer = response.choices[0].message.content
    else:
        stream = await litellm_py.acompletion(stream=True, **kwargs)
        async with stream:
            parts = []
            async for chunk in stream:
                if chunk.choices:
                    parts.append(chunk.choices[0].delta.content or "")
                if kind == "abandoned stream":
                    return  # leaving `async with` early must release the connection
        answer = "".join(parts)
    if answer != expected:
        raise AssertionError(f"request {index}: expected {expected!r}, got {answer!r}")


async def soak(url: str, args: argparse.Namespace, tally: Tally) -> None:
    """`args.calls` requests, `args.concurrency` workers pulling the next index."""
    indexes = iter(range(args.calls))

    async def worker() -> None:
        for index in indexes:
            kind = kind_of(index, args.stream_every, args.abandon_every)
            tally.kinds[kind] += 1
            tally.in_flight += 1
            tally.peak_in_flight = max(tally.peak_in_flight, tally.in_flight)
            try:
                await one(url, index, kind)
            except Exception as error:
                tally.failed(error)
            finally:
                tally.in_flight -= 1

    await asyncio.wait_for(
        asyncio.gather(*(worker() for _ in range(args.concurrency))), args.deadline
    )


async def run(url: str, args: argparse.Namespace) -> int:
    sockets_before = open_sockets()
    connects = ConnectCounter.install()
    for index in range(WARMUP_CALLS):  # imports, first-use caches, a few pooled connections
        await one(url, index, "call")
    tally = Tally()
    gc.collect()
    rss_before, connects_before = status_kib("VmRSS"), connects.count
    started = time.perf_counter()
    await soak(url, args, tally)
    elapsed = time.perf_counter() - started
    opened = connects.count - connects_before
    sockets_after_run = open_sockets()
    await litellm_py.aclose()
    await asyncio.sleep(0)  # let the closed transports run connection_lost
    gc.collect()
    rss_after, sockets_after = status_kib("VmRSS"), open_sockets()

    requests = sum(tally.kinds.values())
    kinds = ", ".join(f"{n} {kind}" for kind, n in tally.kinds.items())
    print(f"requests:          {requests} ({kinds})")
    print(f"concurrency:       {args.concurrency} (peak in flight {tally.peak_in_flight})")
    print(f"elapsed:           {elapsed:.1f} s ({requests / elapsed:.0f} requests/s)")
    print(f"errors:            {sum(tally.errors.values())} {dict(tally.errors) or ''}".rstrip())
    for example in tally.examples:
        print(f"  e.g. {example}")
    print(f"connections:       {opened} TCP connections opened for {requests} requests")
    print(f"RSS before/after:  {mib(rss_before)} (after {WARMUP_CALLS} warm-up calls) / "
          f"{mib(rss_after)} (peak {mib(status_kib('VmHWM'))})")  # fmt: skip
    print(f"open sockets:      {sockets_before} before, {sockets_after_run} after the run "
          f"(idle keep-alive pool), {sockets_after} after closing the pool")  # fmt: skip
    leaked = None not in (sockets_before, sockets_after) and sockets_after != sockets_before
    return 1 if tally.errors or leaked else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=5000, help="requests in all (5000)")
    parser.add_argument("--concurrency", type=int, default=500, help="requests in flight (500)")
    parser.add_argument("--stream-every", type=int, default=3, help="every n-th is a stream (3)")
    parser.add_argument(
        "--abandon-every", type=int, default=20,
        help="every n-th is a stream left after its first chunk (20)",
    )  # fmt: skip
    parser.add_argument("--deadline", type=float, default=300.0, help="give up after (300 s)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.calls < 1 or args.concurrency < 1:
        raise SystemExit("--calls and --concurrency must be >= 1")
    with test_server() as url:
        return asyncio.run(run(url, args))


if __name__ == "__main__":
    sys.exit(main())
