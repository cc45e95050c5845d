"""The router's state behind one small interface, and its in-process implementation.

A decision is one atomic `acquire` over candidates in preference order (the first that passes
cooldown, max_parallel_requests, rpm, tpm and the account limit gets a lease); a call ends with
one `release` (tokens for tpm, latency, failure → cooldown). `RedisState` implements the same
rules in Lua so that every process sharing a Redis shares them.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

__all__ = [
    "LATENCY_WEIGHT",
    "WINDOW",
    "Candidate",
    "InMemoryState",
    "Lease",
    "Metrics",
    "Outcome",
    "Policy",
    "Refusal",
    "State",
    "moving_average",
    "new_lease_id",
]

_SLOT_REASONS = frozenset({"max_parallel_requests", "account"})

WINDOW = 60.0
"""Seconds per rpm / tpm / failure window (fixed windows, numbered floor(now / WINDOW))."""
LATENCY_WEIGHT = 0.3
"""Weight of the newest latency in the moving average."""


@dataclass(frozen=True, slots=True)
class Policy:
    """Cooldown rules: `allowed_fails` failures in one window cool a deployment for
    `cooldown_time` seconds."""

    allowed_fails: int = 3
    cooldown_time: float = 5.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """A deployment as the state sees it: its id, account and limits (None: unlimited)."""

    dep_id: str
    account: str
    max_parallel: int | None = None
    rpm: int | None = None
    tpm: int | None = None
    account_limit: int | None = None


@dataclass(frozen=True, slots=True)
class Metrics:
    """What the strategies look at, per deployment."""

    in_flight: int = 0
    rpm_used: int = 0
    tpm_used: int = 0
    latency: float | None = None


@dataclass(slots=True)
class Lease:
    """A slot held by one call until `expires` (the call's timeout plus a margin: a call cannot
    outlive its timeout, so a lease never needs renewing, and a killed process's lease lapses)."""

    id: str
    dep_id: str
    account: str
    expires: float
    local: bool = True


@dataclass(frozen=True, slots=True)
class Refusal:
    """No candidate admitted the call: why, per deployment, and the earliest known free time."""

    reasons: dict[str, str]
    retry_at: float | None = None

    @property
    def slot_bound(self) -> bool:
        """Whether some candidate waits for a slot (frees at an unknown time: poll)."""
        return any(r in _SLOT_REASONS for r in self.reasons.values())

    @property
    def all_cooling(self) -> bool:
        """Whether every candidate is cooling down (waiting for limits would not help)."""
        return bool(self.reasons) and all(r == "cooldown" for r in self.reasons.values())


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a call on a lease ended."""

    tokens: int = 0
    latency: float | None = None
    failed: bool = False
    cooldown: float | None = None  # seconds, from a 429's retry-after


class State(Protocol):
    """What the router needs from a state; each method is one round trip to shared state.

    `acquire` returns None only when shared state failed and the caller should decide locally.
    """

    def acquire(
        self, candidates: Sequence[Candidate], now: float, ttl: float
    ) -> Lease | Refusal | None: ...
    async def aacquire(
        self, candidates: Sequence[Candidate], now: float, ttl: float
    ) -> Lease | Refusal | None: ...
    def release(self, lease: Lease, outcome: Outcome, now: float) -> None: ...
    async def arelease(self, lease: Lease, outcome: Outcome, now: float) -> None: ...
    def metrics(self, dep_ids: Sequence[str], now: float) -> dict[str, Metrics]: ...


def moving_average(old: float | None, new: float | None) -> float | None:
    """The latency average after one more measurement (`_lua.RELEASE` does the same)."""
    if new is None or old is None:
        return old if new is None else new
    return old + LATENCY_WEIGHT * (new - old)


def new_lease_id() -> str:
    """A lease id, unique across processes and hosts (96 random bits)."""
    return os.urandom(12).hex()


def window_of(now: float) -> int:
    """The number of the fixed window `now` falls in."""
    return math.floor(now / WINDOW)


@dataclass
class _Counter:
    window: int = -1
    value: int = 0

    def get(self, window: int) -> int:
        return self.value if self.window == window else 0

    def add(self, window: int, amount: int) -> int:
        if self.window != window:
            self.window, self.value = window, 0
        self.value += amount
        return self.value


@dataclass
class _Deployment:
    leases: dict[str, float] = field(default_factory=dict)
    rpm: _Counter = field(default_factory=_Counter)
    tpm: _Counter = field(default_factory=_Counter)
    fails: _Counter = field(default_factory=_Counter)
    cool_until: float = 0.0
    latency: float | None = None


def _live(leases: dict[str, float], now: float) -> int:
    """Drop expired leases; the number still held."""
    for lease_id in [k for k, expiry in leases.items() if expiry <= now]:
        del leases[lease_id]
    return len(leases)


class InMemoryState:
    """All router state in this process (thread-safe; the async methods never block long)."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._lock = threading.Lock()
        self._deps: dict[str, _Deployment] = {}
        self._accounts: dict[str, dict[str, float]] = {}

    def _dep(self, dep_id: str) -> _Deployment:
        dep = self._deps.get(dep_id)
        if dep is None:
            dep = self._deps[dep_id] = _Deployment()
        return dep

    def _refusal(self, c: Candidate, now: float) -> tuple[str, float | None] | None:
        dep, window = self._dep(c.dep_id), window_of(now)
        if dep.cool_until > now:
            return "cooldown", dep.cool_until
        if c.max_parallel is not None and _live(dep.leases, now) >= c.max_parallel:
            return "max_parallel_requests", None
        if c.rpm is not None and dep.rpm.get(window) >= c.rpm:
            return "rpm", (window + 1) * WINDOW
        if c.tpm is not None and dep.tpm.get(window) >= c.tpm:
            return "tpm", (window + 1) * WINDOW
        held = self._accounts.setdefault(c.account, {})
        if c.account_limit is not None and _live(held, now) >= c.account_limit:
            return "account", None
        return None

    def acquire(self, candidates: Sequence[Candidate], now: float, ttl: float) -> Lease | Refusal:
        """Lease a slot on the first candidate whose limits allow one more call."""
        with self._lock:
            reasons: dict[str, str] = {}
            times: list[float] = []
            for c in candidates:
                refused = self._refusal(c, now)
                if refused is None:
                    lease = Lease(new_lease_id(), c.dep_id, c.account, now + ttl)
                    dep = self._dep(c.dep_id)
                    dep.leases[lease.id] = lease.expires
                    self._accounts[c.account][lease.id] = lease.expires
                    dep.rpm.add(window_of(now), 1)
                    return lease
                reasons[c.dep_id] = refused[0]
                if refused[1] is not None:
                    times.append(refused[1])
            return Refusal(reasons, min(times) if times else None)

    async def aacquire(
        self, candidates: Sequence[Candidate], now: float, ttl: float
    ) -> Lease | Refusal:
        """Async twin of `acquire` (no I/O: the same code)."""
        return self.acquire(candidates, now, ttl)

    def release(self, lease: Lease, outcome: Outcome, now: float) -> None:
        """Give the slot back and record what the call used and how it went."""
        with self._lock:
            dep = self._dep(lease.dep_id)
            dep.leases.pop(lease.id, None)
            self._accounts.get(lease.account, {}).pop(lease.id, None)
            window = window_of(now)
            if outcome.tokens:
                dep.tpm.add(window, outcome.tokens)
            dep.latency = moving_average(dep.latency, outcome.latency)
            cool = 0.0
            if outcome.failed and dep.fails.add(window, 1) >= self.policy.allowed_fails:
                dep.fails = _Counter()
                cool = self.policy.cooldown_time
            if outcome.cooldown:
                cool = max(cool, outcome.cooldown)
            if cool > 0:
                dep.cool_until = max(dep.cool_until, now + cool)

    async def arelease(self, lease: Lease, outcome: Outcome, now: float) -> None:
        """Async twin of `release`."""
        self.release(lease, outcome, now)

    def metrics(self, dep_ids: Sequence[str], now: float) -> dict[str, Metrics]:
        """Current in-flight, usage and latency per deployment."""
        with self._lock:
            return self._metrics(dep_ids, now)

    def _metrics(self, dep_ids: Sequence[str], now: float) -> dict[str, Metrics]:
        window = window_of(now)
        out = {}
        for dep_id in dep_ids:
            dep = self._dep(dep_id)
            held = _live(dep.leases, now)
            out[dep_id] = Metrics(held, dep.rpm.get(window), dep.tpm.get(window), dep.latency)
        return out
