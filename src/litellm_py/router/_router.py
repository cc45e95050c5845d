"""`Router`: LiteLLM's Router over deployments, with shared limits, cooldowns and fallbacks."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from litellm_py._cache_hook import BYPASS, arun_cached, prepare_cache, run_cached
from litellm_py._settings import DEFAULT_TIMEOUT
from litellm_py.exceptions import APIError, ConfigurationError
from litellm_py.router._deployments import (
    Deployment,
    group_deployments,
    parse_fallbacks,
    parse_model_list,
)
from litellm_py.router._plan import CallPlan, usage_tokens
from litellm_py.router._slots import Slots
from litellm_py.router._state import Lease, Metrics, Outcome, Policy
from litellm_py.router._strategies import NEEDS_METRICS, check_strategy, order_deployments

__all__ = ["Router"]

LEASE_MARGIN = 5.0
"""Seconds a slot's lease outlives the call's timeout."""


class Router:
    """Route calls for a `model_name` over its deployments (LiteLLM's `Router` shape).

    Args:
        model_list: LiteLLM's list of `{"model_name", "litellm_params", "model_info"}`;
            litellm_params may carry `rpm`, `tpm`, `max_parallel_requests` and `weight`.
        routing_strategy: "simple-shuffle", "least-busy", "usage-based-routing" or
            "latency-based-routing".
        num_retries: attempts after the first, per model_name group (the router retries,
            on another deployment when there is one; the provider call itself is not retried).
        fallbacks: `[{"fast": ["smart"]}]`: groups to try when a group fails.
        allowed_fails: failures within one minute that cool a deployment down.
        cooldown_time: seconds a deployment is cooled down for.
        redis_url: keep limits, usage windows and cooldowns in this Redis (shared by every
            process using it).
        account_limits: in-flight calls per provider + key, e.g. `{"deepseek": 500}`.
        redis_failure: "open" (warn, use local state) or "closed" (raise
            `RouterStateUnavailableError`) while Redis is unreachable.
        cache: an `InMemoryCache` / `RedisCache` for this router's calls.
        timeout: default per-call timeout (it also bounds the wait for a slot).
        lease_ttl: fixed slot lease lifetime; default: the call's timeout plus 5 s.
        redis_timeout: seconds before a Redis operation counts as failed.
        clock: wall clock for usage windows and cooldowns (tests inject one).
        seed: seed for the strategies' random choices.

    Example:
        >>> router = Router(model_list=[{"model_name": "fast", "litellm_params": {
        ...     "model": "deepseek/deepseek-flash", "max_parallel_requests": 50}}])
        >>> resp = router.completion(model="fast", messages=[{"role": "user", "content": "Hi"}])
        >>> resp.answered_by
        'deepseek/deepseek-flash'
    """

    def __init__(
        self,
        model_list: Sequence[Mapping[str, Any]],
        *,
        routing_strategy: str = "simple-shuffle",
        num_retries: int = 2,
        fallbacks: Sequence[Mapping[str, Sequence[str]]] | None = None,
        allowed_fails: int = 3,
        cooldown_time: float = 5.0,
        redis_url: str | None = None,
        account_limits: Mapping[str, int] | None = None,
        redis_failure: Literal["open", "closed"] = "open",
        cache: Any = None,
        timeout: float | None = None,
        lease_ttl: float | None = None,
        redis_timeout: float = 0.5,
        clock: Callable[[], float] = time.time,
        seed: int | None = None,
    ) -> None:
        """Build the router; nothing connects until the first call."""
        self.deployments = parse_model_list(model_list)
        self.routing_strategy = check_strategy(routing_strategy)
        if num_retries < 0:
            raise ConfigurationError(f"num_retries must be >= 0, got {num_retries}")
        if redis_failure not in ("open", "closed"):
            raise ConfigurationError(
                f"redis_failure must be 'open' or 'closed', not {redis_failure!r}"
            )
        self.num_retries = num_retries
        self.fallbacks = parse_fallbacks(fallbacks)
        self.timeout = timeout
        self.lease_ttl = lease_ttl
        self.cache = cache
        self._clock = clock
        self._rng = random.Random(seed)
        self._by_id = {d.id: d for d in self.deployments}
        if len(self._by_id) < len(self.deployments):
            raise ConfigurationError("model_info.id must be unique across model_list")
        self._groups = group_deployments(self.deployments, self.fallbacks)
        policy = Policy(allowed_fails=allowed_fails, cooldown_time=float(cooldown_time))
        self._slots = Slots(
            policy, dict(account_limits or {}), redis_url, redis_failure, redis_timeout
        )

    @property
    def model_names(self) -> list[str]:
        """The model_name groups this router serves."""
        return list(self._groups)

    def _plan(self, model_name: str, params: dict[str, Any]) -> CallPlan:
        if model_name not in self._groups:
            known = ", ".join(sorted(self._groups))
            raise ConfigurationError(f"no deployment for model {model_name!r}; known: {known}")
        names = [model_name, *self.fallbacks.get(model_name, [])]
        groups = [(name, self._groups[name]) for name in names]
        timeout = params.get("timeout") or self.timeout or DEFAULT_TIMEOUT
        if self.timeout is not None:
            params.setdefault("timeout", self.timeout)
        return CallPlan(groups, self.num_retries, float(timeout), self._rng)

    def _ttl(self, params: Mapping[str, Any]) -> float:
        if self.lease_ttl is not None:
            return self.lease_ttl
        return float(params.get("timeout") or DEFAULT_TIMEOUT) + LEASE_MARGIN

    def _ordered(self, plan: CallPlan) -> list[Deployment]:
        deps = plan.candidates()
        if len(deps) == 1:
            return deps
        metrics: Mapping[str, Metrics] = {}
        if self.routing_strategy in NEEDS_METRICS:
            metrics = self._slots.metrics([d.id for d in deps], self._clock())
        return order_deployments(self.routing_strategy, deps, metrics, self._rng)

    # -- sync --------------------------------------------------------------------------------

    def completion(self, model: str, messages: list[Any], **params: Any) -> Any:
        """`completion()` routed over the deployments of `model` (a model_name)."""
        from litellm_py._api import completion

        return self._route(completion, model, {"messages": messages}, params)

    def text_completion(
        self, model: str, prompt: str, suffix: str | None = None, **params: Any
    ) -> Any:
        """`text_completion()` routed over the deployments of `model` (a model_name)."""
        from litellm_py._api import text_completion

        return self._route(text_completion, model, {"prompt": prompt, "suffix": suffix}, params)

    def _route(
        self, call: Callable[..., Any], model: str, args: dict[str, Any], params: dict[str, Any]
    ) -> Any:
        cached = prepare_cache(params, self.cache, _endpoint(args), f"router:{model}", args)
        if cached is not None:
            bypass = {**params, "cache": BYPASS}
            return run_cached(cached, lambda: self._route(call, model, args, bypass))
        plan = self._plan(model, params)
        ttl = self._ttl(params)
        while True:
            lease = self._acquire(plan, ttl)
            if lease is None:
                continue
            dep, started = self._deployment(lease), time.monotonic()
            try:
                result = call(**_call_kwargs(dep, args, params))
            except APIError as exc:
                outcome = plan.outcome(exc, time.monotonic() - started)
                self._slots.release(lease, outcome, self._clock())
                step = plan.failed(dep, exc)
                if step.wait:
                    time.sleep(step.wait)
                continue
            except BaseException:
                self._slots.release(lease, Outcome(), self._clock())
                raise
            settled = self._settle(plan, lease, dep, result, time.monotonic() - started)
            if settled is not None:
                self._slots.release(lease, settled, self._clock())
            return result

    def _acquire(self, plan: CallPlan, ttl: float) -> Lease | None:
        while True:
            got = self._slots.acquire(self._ordered(plan), self._clock(), ttl)
            if isinstance(got, Lease):
                return got
            wait = plan.refused(got, self._clock())
            if wait is None:
                return None
            time.sleep(wait)

    # -- async -------------------------------------------------------------------------------

    async def acompletion(self, model: str, messages: list[Any], **params: Any) -> Any:
        """Async twin of `completion`."""
        from litellm_py._api import acompletion

        return await self._aroute(acompletion, model, {"messages": messages}, params)

    async def atext_completion(
        self, model: str, prompt: str, suffix: str | None = None, **params: Any
    ) -> Any:
        """Async twin of `text_completion`."""
        from litellm_py._api import atext_completion

        args = {"prompt": prompt, "suffix": suffix}
        return await self._aroute(atext_completion, model, args, params)

    async def _aroute(
        self, call: Callable[..., Any], model: str, args: dict[str, Any], params: dict[str, Any]
    ) -> Any:
        import asyncio

        cached = prepare_cache(params, self.cache, _endpoint(args), f"router:{model}", args)
        if cached is not None:
            bypass = {**params, "cache": BYPASS}
            return await arun_cached(cached, lambda: self._aroute(call, model, args, bypass))
        plan = self._plan(model, params)
        ttl = self._ttl(params)
        while True:
            lease = await self._aacquire(plan, ttl)
            if lease is None:
                continue
            dep, started = self._deployment(lease), time.monotonic()
            try:
                result = await call(**_call_kwargs(dep, args, params))
            except APIError as exc:
                outcome = plan.outcome(exc, time.monotonic() - started)
                await self._slots.arelease(lease, outcome, self._clock())
                step = plan.failed(dep, exc)
                if step.wait:
                    await asyncio.sleep(step.wait)
                continue
            except BaseException:
                await asyncio.shield(self._slots.arelease(lease, Outcome(), self._clock()))
                raise
            settled = self._settle(plan, lease, dep, result, time.monotonic() - started)
            if settled is not None:
                await self._slots.arelease(lease, settled, self._clock())
            return result

    async def _aacquire(self, plan: CallPlan, ttl: float) -> Lease | None:
        import asyncio

        while True:
            got = await self._slots.aacquire(self._ordered(plan), self._clock(), ttl)
            if isinstance(got, Lease):
                return got
            wait = plan.refused(got, self._clock())
            if wait is None:
                return None
            await asyncio.sleep(wait)

    # -- shared ------------------------------------------------------------------------------

    def _deployment(self, lease: Lease) -> Deployment:
        return self._by_id[lease.dep_id]

    def _settle(
        self, plan: CallPlan, lease: Lease, dep: Deployment, result: Any, latency: float
    ) -> Outcome | None:
        """Mark who answered; the outcome to release with, or None for a stream, which keeps
        its slot until it ends or is closed."""
        from litellm_py._fallbacks import mark_answered
        from litellm_py.streaming import AsyncStream, Stream

        mark_answered(result, dep.id, plan.errors)
        if not isinstance(result, (Stream, AsyncStream)):
            return Outcome(tokens=usage_tokens(result), latency=latency)
        result.add_close_callback(self._slots.stream_closer(lease, latency, self._clock))
        return None

    def close(self) -> None:
        """Close the Redis connections (the router can still be used; they reopen)."""
        self._slots.close()

    async def aclose(self) -> None:
        """Async twin of `close`."""
        await self._slots.aclose()

    def __repr__(self) -> str:
        groups = {name: len(deps) for name, deps in self._groups.items()}
        return f"Router(groups={groups}, routing_strategy={self.routing_strategy!r})"


def _call_kwargs(dep: Deployment, args: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """The deployment's litellm_params under the caller's parameters; the router retries and
    caches (per model_name), so the call itself does neither."""
    return {**dep.params, **params, **args, "model": dep.model, "num_retries": 0, "cache": BYPASS}


def _endpoint(args: Mapping[str, Any]) -> str:
    return "chat" if "messages" in args else "text"
