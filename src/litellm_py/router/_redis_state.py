"""`RedisState`: the router's state in Redis, shared by every process using the same URL.

Each decision is one Lua script call (`_lua.py`); slots are sorted-set members scored by their
lease expiry, so a killed process's slots lapse. A failed Redis operation is handled here by
the failure mode: "closed" raises `RouterStateUnavailableError`, "open" warns once and
returns None so the caller decides locally; Redis is tried again after `RETRY_INTERVAL`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from litellm_py._redis import RedisClients, describe_url, redis_errors
from litellm_py.exceptions import RouterStateUnavailableError
from litellm_py.router._lua import ACQUIRE, RELEASE
from litellm_py.router._state import (
    LATENCY_WEIGHT,
    WINDOW,
    Candidate,
    Lease,
    Metrics,
    Outcome,
    Policy,
    Refusal,
    moving_average,
    new_lease_id,
    window_of,
)

__all__ = ["KEY_PREFIX", "RETRY_INTERVAL", "RedisState"]

logger = logging.getLogger("litellm_py.router")

KEY_PREFIX = "litellm_py:router:"
RETRY_INTERVAL = 1.0
"""Seconds between attempts to reach Redis again after a failure (redis_failure="open")."""
_WINDOW_MS = str(int(2 * WINDOW * 1000))
_FIELDS = 6  # values per candidate in ACQUIRE's answer


def _limit(value: int | None) -> str:
    return "-1" if value is None else str(value)


class RedisState:
    """Router state in Redis; `acquire` / `release` are one script call each."""

    def __init__(self, policy: Policy, url: str, timeout: float, failure: str) -> None:
        self.policy = policy
        self.clients = RedisClients(url, timeout)
        self._errors = redis_errors()  # resolved now: a release may run at interpreter exit
        self.failure = failure
        self.healthy = True
        self.last_metrics: dict[str, Metrics] = {}
        self._retry_at = 0.0
        self._scripts: dict[Any, tuple[Any, Any]] = {}

    # -- pure: keys, arguments, answers ------------------------------------------------------

    def _acquire_args(
        self, cands: Sequence[Candidate], now: float, ttl: float, lease_id: str
    ) -> tuple[list[str], list[str]]:
        window = window_of(now)
        keys, args = [f"{KEY_PREFIX}latency"], [repr(now), lease_id, repr(now + ttl)]
        args += [str(int((ttl + WINDOW) * 1000)), _WINDOW_MS]
        for c in cands:
            dep = f"{KEY_PREFIX}dep:{c.dep_id}"
            keys += [f"{dep}:cool", f"{dep}:inflight", f"{dep}:rpm:{window}", f"{dep}:tpm:{window}"]
            keys.append(f"{KEY_PREFIX}account:{c.account}:inflight")
            args += [c.dep_id, _limit(c.max_parallel), _limit(c.rpm), _limit(c.tpm)]
            args.append(_limit(c.account_limit))
        return keys, args

    def _parse_acquire(
        self, raw: list[Any], cands: Sequence[Candidate], now: float, ttl: float, lease_id: str
    ) -> Lease | Refusal:
        admitted = int(raw[0])
        reasons: dict[str, str] = {}
        times: list[float] = []
        window_end = (window_of(now) + 1) * WINDOW
        for i, c in enumerate(cands):
            reason, until, held, rpm, tpm, latency = (
                _text(v) for v in raw[1 + i * _FIELDS : 1 + (i + 1) * _FIELDS]
            )
            self.last_metrics[c.dep_id] = Metrics(
                int(held), int(rpm), int(tpm), float(latency) if latency else None
            )
            if reason:
                reasons[c.dep_id] = reason
                if reason == "cooldown":
                    times.append(float(until))
                elif reason in ("rpm", "tpm"):
                    times.append(window_end)
        if admitted:
            c = cands[admitted - 1]
            return Lease(lease_id, c.dep_id, c.account, now + ttl, local=False)
        return Refusal(reasons, min(times) if times else None)

    def _release_args(
        self, lease: Lease, outcome: Outcome, now: float
    ) -> tuple[list[str], list[str]]:
        window, dep = window_of(now), f"{KEY_PREFIX}dep:{lease.dep_id}"
        keys = [
            f"{dep}:inflight",
            f"{KEY_PREFIX}account:{lease.account}:inflight",
            f"{dep}:tpm:{window}",
            f"{dep}:fails:{window}",
            f"{dep}:cool",
            f"{KEY_PREFIX}latency",
        ]
        latency = "" if outcome.latency is None else repr(outcome.latency)
        args = [
            lease.id,
            str(outcome.tokens),
            latency,
            "1" if outcome.failed else "0",
            str(self.policy.allowed_fails),
            repr(self.policy.cooldown_time),
            repr(outcome.cooldown or 0.0),
            repr(now),
            lease.dep_id,
            _WINDOW_MS,
            repr(LATENCY_WEIGHT),
        ]
        return keys, args

    # -- failure mode ------------------------------------------------------------------------

    def usable(self) -> bool:
        """Whether to ask Redis now (always when closed; after the retry interval when open)."""
        return self.failure == "closed" or self.healthy or time.monotonic() >= self._retry_at

    def _down(self, exc: BaseException, what: str) -> None:
        where = describe_url(self.clients.url)
        if self.failure == "closed":
            raise RouterStateUnavailableError(
                f"Redis at {where} is unavailable during {what} ({type(exc).__name__}: {exc}) "
                "and redis_failure='closed'; start Redis or use redis_failure='open'"
            ) from exc
        if self.healthy:
            logger.warning(
                "Redis at %s is unavailable (%s: %s); using this process's local limits "
                "until it answers again",
                where,
                type(exc).__name__,
                exc,
            )
        self.healthy = False
        self._retry_at = time.monotonic() + RETRY_INTERVAL

    def _up(self) -> None:
        if not self.healthy:
            where = describe_url(self.clients.url)
            logger.warning("Redis at %s answers again; limits are shared again", where)
        self.healthy = True

    def _released(self, lease: Lease, outcome: Outcome) -> None:
        """Our own release, reflected in the metrics the strategies read until Redis's next
        answer (the script applies the same arithmetic)."""
        m = self.last_metrics.get(lease.dep_id, Metrics())
        latency = moving_average(m.latency, outcome.latency)
        self.last_metrics[lease.dep_id] = Metrics(
            max(m.in_flight - 1, 0), m.rpm_used, m.tpm_used + outcome.tokens, latency
        )

    def _script(self, client: Any, source: str) -> Any:
        key = (id(client), source)
        found = self._scripts.get(key)
        if found is None or found[0] is not client:
            found = self._scripts[key] = (client, client.register_script(source))
        return found[1]

    # -- sync --------------------------------------------------------------------------------

    def acquire(self, cands: Sequence[Candidate], now: float, ttl: float) -> Lease | Refusal | None:
        """One decision in Redis; None when Redis failed and the mode is "open"."""
        lease_id = new_lease_id()
        keys, args = self._acquire_args(cands, now, ttl, lease_id)
        try:
            client = self.clients.sync()
            raw = self._script(client, ACQUIRE)(keys=keys, args=args, client=client)
        except self._errors as exc:
            self._down(exc, "acquire")
            return None
        self._up()
        return self._parse_acquire(raw, cands, now, ttl, lease_id)

    def release(self, lease: Lease, outcome: Outcome, now: float) -> None:
        """Give a slot back; if Redis is unreachable the lease simply expires."""
        keys, args = self._release_args(lease, outcome, now)
        try:
            client = self.clients.sync()
            self._script(client, RELEASE)(keys=keys, args=args, client=client)
        except self._errors as exc:
            _release_failed(exc, lease)
        self._released(lease, outcome)

    def close(self) -> None:
        """Close the sync connections."""
        self.clients.close()

    # -- async -------------------------------------------------------------------------------

    async def aacquire(
        self, cands: Sequence[Candidate], now: float, ttl: float
    ) -> Lease | Refusal | None:
        """Async twin of `acquire`."""
        lease_id = new_lease_id()
        keys, args = self._acquire_args(cands, now, ttl, lease_id)
        try:
            client = self.clients.async_()
            raw = await self._script(client, ACQUIRE)(keys=keys, args=args, client=client)
        except self._errors as exc:
            self._down(exc, "acquire")
            return None
        self._up()
        return self._parse_acquire(raw, cands, now, ttl, lease_id)

    async def arelease(self, lease: Lease, outcome: Outcome, now: float) -> None:
        """Async twin of `release`."""
        keys, args = self._release_args(lease, outcome, now)
        try:
            client = self.clients.async_()
            await self._script(client, RELEASE)(keys=keys, args=args, client=client)
        except self._errors as exc:
            _release_failed(exc, lease)
        self._released(lease, outcome)

    async def aclose(self) -> None:
        """Close the running loop's async connections."""
        await self.clients.aclose()


def _release_failed(exc: BaseException, lease: Lease) -> None:
    logger.warning(
        "could not release a slot of %s in Redis (%s); it lapses at its lease expiry",
        lease.dep_id,
        type(exc).__name__,
    )


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
