"""Routing strategies: pure functions that order a group's deployments, best first.

The state then leases the first one whose limits allow the call, so a strategy only expresses
preference; limits are never its job.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence

from litellm_py.exceptions import ConfigurationError
from litellm_py.router._deployments import Deployment
from litellm_py.router._state import Metrics

__all__ = ["STRATEGIES", "order_deployments"]

Order = Callable[[Sequence[Deployment], Mapping[str, Metrics], random.Random], list[Deployment]]

_EMPTY = Metrics()


def _weight(d: Deployment) -> float:
    """simple-shuffle weight: `weight`, else rpm, else tpm, else 1 (LiteLLM's rule)."""
    for value in (d.weight, d.rpm, d.tpm):
        if value:
            return float(value)
    return 1.0


def simple_shuffle(
    deps: Sequence[Deployment], metrics: Mapping[str, Metrics], rng: random.Random
) -> list[Deployment]:
    """A weighted random order (sampling without replacement)."""
    pool, out = list(deps), []
    weights = [_weight(d) for d in pool]
    while len(pool) > 1:
        point, pick = rng.random() * sum(weights), 0
        while pick < len(pool) - 1 and point >= weights[pick]:
            point -= weights[pick]
            pick += 1
        out.append(pool.pop(pick))
        weights.pop(pick)
    return out + pool


def _ranked(
    deps: Sequence[Deployment], rng: random.Random, key: Callable[[Deployment], float]
) -> list[Deployment]:
    """Sorted by `key` ascending; ties broken at random so equal deployments share the load."""
    tiebreak = {d.id: rng.random() for d in deps}
    return sorted(deps, key=lambda d: (key(d), tiebreak[d.id]))


def least_busy(
    deps: Sequence[Deployment], metrics: Mapping[str, Metrics], rng: random.Random
) -> list[Deployment]:
    """Fewest calls in flight first."""
    return _ranked(deps, rng, lambda d: metrics.get(d.id, _EMPTY).in_flight)


def headroom(d: Deployment, m: Metrics) -> float:
    """The smaller of the rpm and tpm fractions still free in this window (1.0: no limits)."""
    free = [1.0]
    if d.rpm:
        free.append(1.0 - m.rpm_used / d.rpm)
    if d.tpm:
        free.append(1.0 - m.tpm_used / d.tpm)
    return min(free)


def usage_based(
    deps: Sequence[Deployment], metrics: Mapping[str, Metrics], rng: random.Random
) -> list[Deployment]:
    """Most rpm/tpm headroom first; among equals, fewest tokens used this window."""

    def key(d: Deployment) -> float:
        m = metrics.get(d.id, _EMPTY)
        return -headroom(d, m) + m.tpm_used * 1e-12

    return _ranked(deps, rng, key)


def latency_based(
    deps: Sequence[Deployment], metrics: Mapping[str, Metrics], rng: random.Random
) -> list[Deployment]:
    """Lowest average latency first; a deployment without measurements is tried first."""
    return _ranked(deps, rng, lambda d: metrics.get(d.id, _EMPTY).latency or 0.0)


STRATEGIES: dict[str, Order] = {
    "simple-shuffle": simple_shuffle,
    "least-busy": least_busy,
    "usage-based-routing": usage_based,
    "usage-based-routing-v2": usage_based,
    "latency-based-routing": latency_based,
}


NEEDS_METRICS = frozenset(STRATEGIES) - {"simple-shuffle"}
"""Strategies that look at the state's metrics (simple-shuffle does not)."""


def order_deployments(
    strategy: str,
    deps: Sequence[Deployment],
    metrics: Mapping[str, Metrics],
    rng: random.Random,
) -> list[Deployment]:
    """The group's deployments in the strategy's order of preference."""
    return STRATEGIES[strategy](deps, metrics, rng)


def check_strategy(strategy: str) -> str:
    """Raise `ConfigurationError` naming the known strategies."""
    if strategy not in STRATEGIES:
        known = ", ".join(sorted(STRATEGIES))
        raise ConfigurationError(f"unknown routing_strategy {strategy!r}; use one of: {known}")
    return strategy
