"""What the suite measures: one `Metric` per table, with its clients, sizes and the issue's targets.

Ratios are taken between medians of the same run. `inverse` metrics are times whose target is
stated as a rate (streaming: "0.5x the chunk rate" is a ratio of base time / client time).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SYNC = ("litellm_py", "httpx", "openai", "litellm")
ASYNC = ("litellm_py", "litellm_py[aiohttp]", "httpx", "aiohttp", "openai", "litellm")


@dataclass(frozen=True)
class Target:
    """`client`'s ratio to `baseline` (or its own value when baseline is None) vs `limit`."""

    client: str
    baseline: str | None
    op: str  # "<=" or ">="
    limit: float
    aim: float | None = None
    field: str | None = None  # defaults to the metric's field

    def met(self, value: float) -> bool:
        return _holds(self.op, value, self.limit)

    def met_aim(self, value: float) -> bool:
        return self.aim is not None and _holds(self.op, value, self.aim)


def _holds(op: str, value: float, limit: float) -> bool:
    return value <= limit if op == "<=" else value >= limit


@dataclass(frozen=True)
class Metric:
    key: str
    title: str
    field: str
    unit: str
    clients: tuple[str, ...]
    opts: dict[str, Any]
    quick_opts: dict[str, Any]
    rounds: int
    quick_rounds: int
    targets: tuple[Target, ...] = ()
    inverse: bool = False
    needs_server: bool = True
    note: str = ""
    extra_fields: tuple[str, ...] = ()


METRICS: tuple[Metric, ...] = (
    Metric(
        key="import",
        title="Import time (in-process `import X`)",
        field="ms",
        unit="ms",
        clients=("bare", "httpx", "litellm_py", "aiohttp", "openai", "litellm"),
        opts={},
        quick_opts={},
        rounds=9,
        quick_rounds=3,
        targets=(Target("litellm_py", "httpx", "<=", 1.3),),
        needs_server=False,
        extra_fields=("maxrss_kb", "wall_ms"),
    ),
    Metric(
        key="cold",
        title="Cold start (fresh process: import + client + first call)",
        field="ms",
        unit="ms",
        clients=SYNC,
        opts={},
        quick_opts={},
        rounds=7,
        quick_rounds=3,
        targets=(Target("litellm_py", "httpx", "<=", 1.5),),
    ),
    Metric(
        key="latency",
        title="Sequential sync non-streaming call",
        field="us",
        unit="µs/call",
        clients=SYNC,
        opts={"n": 1000, "warmup": 100},
        quick_opts={"n": 300, "warmup": 50},
        rounds=5,
        quick_rounds=2,
        targets=(Target("litellm_py", "httpx", "<=", 1.15),),
    ),
    Metric(
        key="async",
        title="Async throughput (5,000 calls, concurrency 100)",
        field="rps",
        unit="req/s",
        clients=ASYNC,
        opts={"n": 5000, "concurrency": 100},
        quick_opts={"n": 1000, "concurrency": 100},
        rounds=5,  # one round in three is often 20-40 % off on a shared machine
        quick_rounds=1,
        targets=(
            Target("litellm_py", "httpx", ">=", 1.0),
            Target("litellm_py[aiohttp]", "aiohttp", ">=", 0.8),
        ),
    ),
    Metric(
        key="stream_sync",
        title="Streaming, sync (one 20,000-chunk stream)",
        field="us_per_chunk",
        unit="µs/chunk",
        clients=SYNC,
        opts={"chunks": 20000},
        quick_opts={"chunks": 5000},
        rounds=5,
        quick_rounds=2,
        targets=(Target("litellm_py", "httpx", ">=", 0.8),),
        inverse=True,
    ),
    Metric(
        key="stream_async",
        title="Streaming, async (one 20,000-chunk stream)",
        field="us_per_chunk",
        unit="µs/chunk",
        clients=ASYNC,
        opts={"chunks": 20000},
        quick_opts={"chunks": 5000},
        rounds=5,
        quick_rounds=2,
        targets=(
            Target("litellm_py", "httpx", ">=", 0.5, aim=0.8),
            Target("litellm_py[aiohttp]", "aiohttp", ">=", 0.8),
        ),
        inverse=True,
    ),
    Metric(
        key="memory_sync",
        title="Memory, sync (RSS growth per call over 10,000 calls; open sockets)",
        field="bytes_per_call",
        unit="B/call",
        clients=("litellm_py", "httpx"),
        opts={"n": 10000},
        quick_opts={"n": 2000},
        rounds=1,
        quick_rounds=1,
        targets=(Target("litellm_py", None, "<=", 1024),),
        extra_fields=("sockets_before", "sockets_after"),
        note="Call mix: 1 in 10 calls is a 5-chunk stream, 1 in 50 a stream abandoned after "
        "2 chunks; the rest are plain calls.",
    ),
    Metric(
        key="memory_async",
        title="Memory, async (RSS growth per call over 10,000 calls; open sockets)",
        field="bytes_per_call",
        unit="B/call",
        clients=("litellm_py", "litellm_py[aiohttp]", "httpx", "aiohttp"),
        opts={"n": 10000},
        quick_opts={"n": 2000},
        rounds=1,
        quick_rounds=1,
        targets=(
            Target("litellm_py", None, "<=", 1024),
            Target("litellm_py[aiohttp]", None, "<=", 1024),
        ),
        extra_fields=("sockets_before", "sockets_after"),
    ),
)


def ratio(metric: Metric, value: float, base: float) -> float:
    """The client's ratio to the baseline in the convention the targets use."""
    return base / value if metric.inverse else value / base
