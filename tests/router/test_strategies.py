"""Routing strategies: each one's choice from the metrics it is given (pure functions)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from litellm_py.exceptions import ConfigurationError
from litellm_py.router._deployments import Deployment
from litellm_py.router._state import Metrics
from litellm_py.router._strategies import check_strategy, headroom, order_deployments


def dep(dep_id: str, **limits: object) -> Deployment:
    return Deployment(id=dep_id, model_name="fast", model="deepseek/x", params={}, **limits)  # type: ignore[arg-type]


def first_picks(strategy: str, deps: list[Deployment], n: int = 2000) -> Counter[str]:
    rng = random.Random(7)
    return Counter(order_deployments(strategy, deps, {}, rng)[0].id for _ in range(n))


def test_simple_shuffle_follows_weight() -> None:
    picks = first_picks("simple-shuffle", [dep("a", weight=9), dep("b", weight=1)])
    assert 0.85 < picks["a"] / 2000 < 0.95


def test_simple_shuffle_weights_by_rpm_then_tpm_else_evenly() -> None:
    by_rpm = first_picks("simple-shuffle", [dep("a", rpm=300), dep("b", rpm=100)])
    assert 0.70 < by_rpm["a"] / 2000 < 0.80
    by_tpm = first_picks("simple-shuffle", [dep("a", tpm=1000), dep("b", tpm=3000)])
    assert 0.70 < by_tpm["b"] / 2000 < 0.80
    even = first_picks("simple-shuffle", [dep("a"), dep("b")])
    assert 0.45 < even["a"] / 2000 < 0.55


def test_simple_shuffle_returns_every_deployment_once() -> None:
    deps = [dep(x) for x in "abcde"]
    order = order_deployments("simple-shuffle", deps, {}, random.Random(1))
    assert sorted(d.id for d in order) == list("abcde")


def test_least_busy_prefers_fewest_in_flight() -> None:
    deps = [dep("a"), dep("b"), dep("c")]
    metrics = {"a": Metrics(in_flight=4), "b": Metrics(in_flight=1), "c": Metrics(in_flight=2)}
    order = order_deployments("least-busy", deps, metrics, random.Random(0))
    assert [d.id for d in order] == ["b", "c", "a"]


def test_least_busy_shares_ties() -> None:
    deps = [dep("a"), dep("b")]
    picks = Counter(
        order_deployments("least-busy", deps, {}, random.Random(i))[0].id for i in range(200)
    )
    assert picks["a"] > 50
    assert picks["b"] > 50


def test_usage_based_prefers_most_headroom() -> None:
    deps = [dep("a", rpm=100, tpm=10_000), dep("b", rpm=10), dep("c", tpm=1000)]
    metrics = {
        "a": Metrics(rpm_used=50, tpm_used=1000),  # 50 % rpm free
        "b": Metrics(rpm_used=1),  # 90 % free
        "c": Metrics(tpm_used=800),  # 20 % free
    }
    order = order_deployments("usage-based-routing", deps, metrics, random.Random(0))
    assert [d.id for d in order] == ["b", "a", "c"]
    assert headroom(deps[0], metrics["a"]) == pytest.approx(0.5)


def test_usage_based_without_limits_prefers_fewer_tokens() -> None:
    deps = [dep("a"), dep("b")]
    metrics = {"a": Metrics(tpm_used=500), "b": Metrics(tpm_used=20)}
    order = order_deployments("usage-based-routing", deps, metrics, random.Random(0))
    assert order[0].id == "b"


def test_latency_based_prefers_fastest_and_explores_unmeasured() -> None:
    deps = [dep("slow"), dep("fast"), dep("new")]
    metrics = {"slow": Metrics(latency=2.0), "fast": Metrics(latency=0.2)}
    order = order_deployments("latency-based-routing", deps, metrics, random.Random(0))
    assert [d.id for d in order] == ["new", "fast", "slow"]


def test_unknown_strategy_names_the_known_ones() -> None:
    with pytest.raises(ConfigurationError, match="least-busy"):
        check_strategy("round-robin")
