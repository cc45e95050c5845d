"""Router state rules (limits, windows at their boundaries, cooldowns, leases), on every state.

The clock is passed in, so window boundaries are exact and nothing sleeps.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from litellm_py.router._redis_state import RedisState
from litellm_py.router._state import (
    WINDOW,
    Candidate,
    InMemoryState,
    Lease,
    Outcome,
    Policy,
    Refusal,
)
from tests.router.redis_support import REDIS_TIMEOUT

T0 = 1_000_020.0  # 20 s into window 16667
WINDOW_END = (T0 // WINDOW + 1) * WINDOW
TTL = 30.0


@pytest.fixture(params=["memory", "redis"])
async def make_state(request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    """Builds the state under test: in memory, or in a real Redis (same rules)."""
    made: list[RedisState] = []
    url = request.getfixturevalue("redis_url") if request.param == "redis" else ""

    def make(allowed_fails: int = 3, cooldown_time: float = 10.0) -> Any:
        policy = Policy(allowed_fails, cooldown_time)
        if not url:
            return InMemoryState(policy)
        state = RedisState(policy, url, timeout=REDIS_TIMEOUT, failure="closed")
        made.append(state)
        return _Strict(state)

    yield make
    for state in made:
        state.close()
        await state.aclose()


class _Strict:
    """A RedisState whose acquire never falls back (a None would be a test bug)."""

    def __init__(self, state: RedisState) -> None:
        self.state = state

    def acquire(self, *args: Any) -> Any:
        got = self.state.acquire(*args)
        assert got is not None
        return got

    async def aacquire(self, *args: Any) -> Any:
        got = await self.state.aacquire(*args)
        assert got is not None
        return got

    def release(self, *args: Any) -> None:
        self.state.release(*args)

    async def arelease(self, *args: Any) -> None:
        await self.state.arelease(*args)

    def metrics(self, dep_ids: list[str], now: float) -> dict[str, Any]:
        self.acquire([Candidate(d, "metrics", max_parallel=0) for d in dep_ids], now, TTL)
        return {d: self.state.last_metrics[d] for d in dep_ids}


@pytest.fixture(params=["sync", "async"])
def twin(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def acquire(twin: str, state: Any, now: float, *cands: Candidate) -> Lease | Refusal:
    if twin == "sync":
        return state.acquire(list(cands), now, TTL)  # type: ignore[no-any-return]
    return await state.aacquire(list(cands), now, TTL)  # type: ignore[no-any-return]


async def release(twin: str, state: Any, lease: Lease | Refusal, now: float, **kw: Any) -> None:
    assert isinstance(lease, Lease), lease
    if twin == "sync":
        state.release(lease, Outcome(**kw), now)
    else:
        await state.arelease(lease, Outcome(**kw), now)


def leased(got: Lease | Refusal, dep_id: str) -> bool:
    return isinstance(got, Lease) and got.dep_id == dep_id


def refused(got: Lease | Refusal, dep_id: str, reason: str) -> bool:
    return isinstance(got, Refusal) and got.reasons.get(dep_id) == reason


async def test_rpm_window_ends_exactly_at_its_boundary(twin: str, make_state: Any) -> None:
    state, a = make_state(), Candidate("a", "acct", rpm=2)
    for _ in range(2):
        await release(twin, state, await acquire(twin, state, T0, a), T0)
    last_moment = WINDOW_END - 0.001
    third = await acquire(twin, state, last_moment, a)
    assert refused(third, "a", "rpm")
    assert isinstance(third, Refusal)
    assert third.retry_at == pytest.approx(WINDOW_END)
    assert not third.slot_bound
    assert leased(await acquire(twin, state, WINDOW_END, a), "a")


async def test_tpm_counts_tokens_of_finished_calls_per_window(twin: str, make_state: Any) -> None:
    state, a = make_state(), Candidate("a", "acct", tpm=100)
    await release(twin, state, await acquire(twin, state, T0, a), T0, tokens=60)
    await release(twin, state, await acquire(twin, state, T0, a), T0, tokens=40)
    assert refused(await acquire(twin, state, WINDOW_END - 0.001, a), "a", "tpm")
    assert leased(await acquire(twin, state, WINDOW_END, a), "a")


async def test_max_parallel_requests_and_release(twin: str, make_state: Any) -> None:
    state, a = make_state(), Candidate("a", "acct", max_parallel=2)
    first = await acquire(twin, state, T0, a)
    assert leased(await acquire(twin, state, T0, a), "a")
    third = await acquire(twin, state, T0, a)
    assert refused(third, "a", "max_parallel_requests")
    assert isinstance(third, Refusal)
    assert third.slot_bound
    await release(twin, state, first, T0)
    assert leased(await acquire(twin, state, T0, a), "a")


async def test_first_candidate_with_room_wins(twin: str, make_state: Any) -> None:
    state = make_state()
    a, b = Candidate("a", "acct", max_parallel=1), Candidate("b", "acct", max_parallel=1)
    assert leased(await acquire(twin, state, T0, a, b), "a")
    assert leased(await acquire(twin, state, T0, a, b), "b")
    got = await acquire(twin, state, T0, a, b)
    assert isinstance(got, Refusal)
    assert got.reasons == {"a": "max_parallel_requests", "b": "max_parallel_requests"}


async def test_account_limit_spans_deployments_on_one_key(twin: str, make_state: Any) -> None:
    state = make_state()
    a, b = Candidate("a", "key1", account_limit=3), Candidate("b", "key1", account_limit=3)
    other = Candidate("c", "key2", account_limit=3)
    held = [await acquire(twin, state, T0, a, b) for _ in range(3)]
    assert all(isinstance(h, Lease) for h in held)
    got = await acquire(twin, state, T0, a, b)
    assert isinstance(got, Refusal)
    assert set(got.reasons.values()) == {"account"}
    assert leased(await acquire(twin, state, T0, other), "c")  # another key is not limited
    await release(twin, state, held[0], T0)
    assert isinstance(await acquire(twin, state, T0, b), Lease)


async def test_allowed_fails_in_a_window_cool_the_deployment(twin: str, make_state: Any) -> None:
    state, a = make_state(allowed_fails=2, cooldown_time=10.0), Candidate("a", "acct")
    await release(twin, state, await acquire(twin, state, T0, a), T0, failed=True)
    assert leased(await acquire(twin, state, T0, a), "a")  # one failure: still in service
    # (the lease above is simply left to expire)
    await release(twin, state, await acquire(twin, state, T0 + 1, a), T0 + 1, failed=True)
    cooled = await acquire(twin, state, T0 + 2, a)
    assert refused(cooled, "a", "cooldown")
    assert isinstance(cooled, Refusal)
    assert cooled.all_cooling
    assert cooled.retry_at == pytest.approx(T0 + 11)
    assert refused(await acquire(twin, state, T0 + 10.999, a), "a", "cooldown")
    assert leased(await acquire(twin, state, T0 + 11, a), "a")


async def test_failures_in_different_windows_do_not_add_up(twin: str, make_state: Any) -> None:
    state, a = make_state(allowed_fails=2), Candidate("a", "acct")
    await release(twin, state, await acquire(twin, state, T0, a), T0, failed=True)
    later = WINDOW_END + 1
    await release(twin, state, await acquire(twin, state, later, a), later, failed=True)
    assert leased(await acquire(twin, state, later, a), "a")


async def test_retry_after_cools_for_that_long(twin: str, make_state: Any) -> None:
    state, a = make_state(), Candidate("a", "acct")
    await release(twin, state, await acquire(twin, state, T0, a), T0, failed=True, cooldown=7.0)
    assert refused(await acquire(twin, state, T0 + 6.9, a), "a", "cooldown")
    assert leased(await acquire(twin, state, T0 + 7.0, a), "a")


async def test_an_unreleased_lease_expires(twin: str, make_state: Any) -> None:
    state = make_state()
    a = Candidate("a", "acct", max_parallel=1, account_limit=1)
    assert leased(await acquire(twin, state, T0, a), "a")  # never released (process killed)
    assert refused(await acquire(twin, state, T0 + TTL - 0.01, a), "a", "max_parallel_requests")
    assert leased(await acquire(twin, state, T0 + TTL + 0.01, a), "a")


async def test_metrics_report_in_flight_usage_and_latency(twin: str, make_state: Any) -> None:
    state, a = make_state(), Candidate("a", "acct")
    held = await acquire(twin, state, T0, a)
    await release(twin, state, await acquire(twin, state, T0, a), T0, tokens=30, latency=1.0)
    await release(twin, state, await acquire(twin, state, T0, a), T0, tokens=20, latency=2.0)
    assert isinstance(held, Lease)
    m = state.metrics(["a"], T0)["a"]
    assert (m.in_flight, m.rpm_used, m.tpm_used) == (1, 3, 50)
    assert m.latency == pytest.approx(1.3)
