"""Each strategy's choice end to end, with the state in memory and in Redis."""

from __future__ import annotations

from typing import Any

import pytest

from litellm_py.testing import DeepSeekTestServer, Reply
from tests.router.support import close, deployment, routed


@pytest.fixture(params=["memory", "redis"])
def state(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Router options for the state under test."""
    if request.param == "memory":
        return {}
    return {"redis_url": request.getfixturevalue("redis_url")}


async def test_least_busy_avoids_the_deployment_holding_a_stream(
    mode: str,
    server: DeepSeekTestServer,
    server_b: DeepSeekTestServer,
    make_router: Any,
    state: dict[str, Any],
) -> None:
    deps = [deployment(server, "a"), deployment(server_b, "b")]
    router = make_router(deps, routing_strategy="least-busy", **state)
    stream = await routed(mode, router, stream=True)
    busy = stream.answered_by
    for _ in range(3):
        assert (await routed(mode, router)).answered_by != busy
    await close(mode, stream)


async def test_usage_based_spreads_by_headroom(
    mode: str,
    server: DeepSeekTestServer,
    server_b: DeepSeekTestServer,
    make_router: Any,
    state: dict[str, Any],
) -> None:
    deps = [deployment(server, "a", rpm=100), deployment(server_b, "b", rpm=100)]
    router = make_router(deps, routing_strategy="usage-based-routing", **state)
    answered = [(await routed(mode, router)).answered_by for _ in range(4)]
    assert answered[0] != answered[1]  # the second call goes where more rpm is left
    assert sorted(answered) == ["a", "a", "b", "b"]


async def test_latency_based_prefers_the_faster_deployment(
    mode: str,
    server: DeepSeekTestServer,
    server_b: DeepSeekTestServer,
    make_router: Any,
    state: dict[str, Any],
) -> None:
    server.enqueue(Reply(delay=1.5, repeat=5))  # "a" answers slowly
    deps = [deployment(server, "a"), deployment(server_b, "b")]
    router = make_router(deps, routing_strategy="latency-based-routing", **state)
    first = [(await routed(mode, router)).answered_by for _ in range(2)]
    assert sorted(first) == ["a", "b"]  # each unmeasured deployment is tried once
    assert [(await routed(mode, router)).answered_by for _ in range(3)] == ["b"] * 3
