"""`Slots`: the router's one door to its state: local, or Redis with a failure mode.

With `redis_url` every decision goes to Redis (one script call). When Redis fails, "open"
logs a warning and decides locally until Redis answers again (retried at most every
`RETRY_INTERVAL` seconds); "closed" raises `RouterStateUnavailableError`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from litellm_py.router._deployments import Deployment, account_key
from litellm_py.router._plan import usage_tokens
from litellm_py.router._state import (
    Candidate,
    InMemoryState,
    Lease,
    Metrics,
    Outcome,
    Policy,
    Refusal,
)

if TYPE_CHECKING:
    from litellm_py.router._redis_state import RedisState

__all__ = ["Slots"]

logger = logging.getLogger("litellm_py.router")


class Slots:
    """Leases slots from the shared state (Redis) or the local one, per the failure mode."""

    def __init__(
        self,
        policy: Policy,
        account_limits: Mapping[str, int],
        redis_url: str | None,
        redis_failure: str,
        redis_timeout: float,
    ) -> None:
        self.local = InMemoryState(policy)
        self.account_limits = dict(account_limits)
        self.redis: RedisState | None = None
        if redis_url is not None:
            from litellm_py.router._redis_state import RedisState

            self.redis = RedisState(policy, redis_url, redis_timeout, redis_failure)
        self._candidates: dict[str, Candidate] = {}

    def candidate(self, dep: Deployment) -> Candidate:
        """The deployment with its account identity and limits (resolved once)."""
        found = self._candidates.get(dep.id)
        if found is None:
            provider, account = _account_of(dep)
            found = Candidate(
                dep_id=dep.id,
                account=account,
                max_parallel=dep.max_parallel_requests,
                rpm=dep.rpm,
                tpm=dep.tpm,
                account_limit=self.account_limits.get(provider),
            )
            self._candidates[dep.id] = found
        return found

    def metrics(self, dep_ids: Sequence[str], now: float) -> dict[str, Metrics]:
        """What the strategies see: live locally, the last answer from Redis otherwise."""
        if self.redis is not None and self.redis.healthy:
            return self.redis.last_metrics
        return self.local.metrics(dep_ids, now)

    def acquire(self, deps: Sequence[Deployment], now: float, ttl: float) -> Lease | Refusal:
        """One decision: a lease on the first deployment with room, or why there is none."""
        candidates = [self.candidate(d) for d in deps]
        if self.redis is not None and self.redis.usable():
            got = self.redis.acquire(candidates, now, ttl)
            if got is not None:
                return got
        return self.local.acquire(candidates, now, ttl)

    async def aacquire(self, deps: Sequence[Deployment], now: float, ttl: float) -> Lease | Refusal:
        """Async twin of `acquire`."""
        candidates = [self.candidate(d) for d in deps]
        if self.redis is not None and self.redis.usable():
            got = await self.redis.aacquire(candidates, now, ttl)
            if got is not None:
                return got
        return await self.local.aacquire(candidates, now, ttl)

    def release(self, lease: Lease, outcome: Outcome, now: float) -> None:
        """Give the slot back to the state that granted it."""
        if lease.local or self.redis is None:
            self.local.release(lease, outcome, now)
        else:
            self.redis.release(lease, outcome, now)

    async def arelease(self, lease: Lease, outcome: Outcome, now: float) -> None:
        """Async twin of `release`."""
        if lease.local or self.redis is None:
            await self.local.arelease(lease, outcome, now)
        else:
            await self.redis.arelease(lease, outcome, now)

    def stream_closer(
        self, lease: Lease, latency: float, clock: Callable[[], float]
    ) -> Callable[[Any], Any]:
        """The close callback of a routed stream: release its slot with the tokens it used."""

        def close(stream: Any) -> Any:
            usage = stream._core.accumulator.usage  # the usage seen so far, if any
            outcome = Outcome(tokens=usage_tokens(_Usage(usage)), latency=latency)
            if hasattr(stream, "aclose"):
                return self.arelease(lease, outcome, clock())
            self.release(lease, outcome, clock())
            return None

        return close

    def close(self) -> None:
        """Close the Redis connections."""
        if self.redis is not None:
            self.redis.close()

    async def aclose(self) -> None:
        """Async twin of `close`."""
        if self.redis is not None:
            await self.redis.aclose()


class _Usage:
    """Adapts a usage dict (or None) to `usage_tokens`."""

    def __init__(self, usage: Any) -> None:
        self.usage = usage


def _account_of(dep: Deployment) -> tuple[str, str]:
    """(provider name, account key) of a deployment, from its resolved settings."""
    from litellm_py._registry import resolve_model

    provider, _ = resolve_model(dep.model)
    settings = provider.settings(
        api_key=dep.params.get("api_key"),
        api_base=dep.params.get("api_base") or dep.params.get("base_url"),
        timeout=None,
        max_retries=None,
    )
    return provider.name, account_key(provider.name, settings.key(), settings.api_base)
