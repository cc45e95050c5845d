"""One routed call's bookkeeping, written once for both twins: which group and deployments to
try, how long to wait for a slot, what a failure means (retry here, fall back, or raise).
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from litellm_py._fallbacks import final_error, should_fall_back
from litellm_py._retry import retry_wait
from litellm_py.exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    LocalRateLimitError,
    RateLimitError,
)
from litellm_py.router._deployments import Deployment
from litellm_py.router._state import Outcome, Refusal

__all__ = ["CallPlan", "Step"]

POLL_FIRST = 0.002
POLL_MAX = 0.05
# Statuses that say nothing about the deployment (the request itself was refused).
_CALLER_FAULTS = frozenset({400, 413, 422})


@dataclass(frozen=True, slots=True)
class Step:
    """What to do after a failed attempt: wait `wait` seconds (maybe 0) and try again."""

    wait: float


class CallPlan:
    """The groups (requested model_name, then its fallbacks) and the attempts made so far."""

    def __init__(
        self,
        groups: Sequence[tuple[str, Sequence[Deployment]]],
        num_retries: int,
        wait_bound: float,
        rng: random.Random,
    ) -> None:
        self.groups = list(groups)
        self.num_retries = num_retries
        self.deadline = time.monotonic() + wait_bound
        self.rng = rng
        self.errors: list[tuple[str, APIError]] = []
        self._group = 0
        self._attempts = 0  # attempts sent in the current group
        self._excluded: set[str] = set()  # deployments that failed this call (current group)
        self._polls = 0

    @property
    def group(self) -> str:
        """The model_name currently tried."""
        return self.groups[self._group][0]

    def candidates(self) -> list[Deployment]:
        """The current group's deployments, minus those that already failed this call."""
        deps = self.groups[self._group][1]
        fresh = [d for d in deps if d.id not in self._excluded]
        return fresh or list(deps)

    def refused(self, refusal: Refusal, now: float) -> float | None:
        """Seconds to wait before asking again, or None after moving to the next group.

        On the first attempt a group whose deployments are all cooling down is left at once
        (its fallbacks may answer); otherwise the call waits until its deadline.
        """
        remaining = self.deadline - time.monotonic()
        first = self._attempts == 0 and not self.errors
        if refusal.all_cooling and first and len(self.groups) > 1:
            self._give_up(refusal, now)
            return None
        if refusal.slot_bound:
            self._polls += 1
            wait = min(POLL_FIRST * 2.0 ** min(self._polls, 10), POLL_MAX)
            wait *= 0.5 + self.rng.random()
        elif refusal.retry_at is not None:
            wait = refusal.retry_at - now
        else:
            wait = POLL_MAX
        if wait > remaining:
            self._give_up(refusal, now)
            return None
        return max(wait, 0.0)

    def _give_up(self, refusal: Refusal, now: float) -> None:
        retry_after = None if refusal.retry_at is None else max(refusal.retry_at - now, 0.0)
        why = ", ".join(f"{dep}: {reason}" for dep, reason in refusal.reasons.items())
        error = LocalRateLimitError(
            f"no deployment of {self.group!r} could take the call in time ({why}); "
            "raise the limits, add deployments or pass a longer timeout",
            status_code=429,
            retry_after=retry_after,
            model=self.group,
        )
        self.errors.append((self.group, error))
        self._next_group()

    def _next_group(self) -> None:
        last = self.errors[-1][1]
        if self._group + 1 >= len(self.groups) or not should_fall_back(last):
            raise final_error(self.errors)
        self._group += 1
        self._attempts = 0
        self._excluded.clear()

    @staticmethod
    def outcome(error: APIError, latency: float) -> Outcome:
        """What a failed attempt tells the state (release with it before `failed`)."""
        return Outcome(latency=latency, failed=blames_deployment(error), cooldown=_cooldown(error))

    def failed(self, dep: Deployment, error: APIError) -> Step:
        """Record a failed attempt and say when to try again.

        Raises the final error when no retry or fallback is left.
        """
        self.errors.append((dep.id, error))
        self._attempts += 1
        self._excluded.add(dep.id)
        wait = retry_wait(error, self._attempts)
        if wait is not None and self._attempts <= self.num_retries:
            others = [d for d in self.groups[self._group][1] if d.id not in self._excluded]
            if others:
                return Step(0.0)
            self._excluded.clear()
            return Step(wait)
        self._next_group()
        return Step(0.0)

    def failed_errors(self) -> list[APIError]:
        """The errors of earlier attempts, oldest first."""
        return [e for _, e in self.errors]


def blames_deployment(error: APIError) -> bool:
    """Whether a failure counts towards the deployment's cooldown (not the caller's fault)."""
    if isinstance(error, LocalRateLimitError):
        return False
    if isinstance(error, APIStatusError):
        return error.status_code not in _CALLER_FAULTS
    return isinstance(error, APIConnectionError)


def _cooldown(error: APIError) -> float | None:
    """A 429's retry-after cools the deployment for exactly that long."""
    if isinstance(error, RateLimitError) and not isinstance(error, LocalRateLimitError):
        return error.retry_after if error.retry_after and error.retry_after > 0 else None
    return None


def usage_tokens(response: Any) -> int:
    """total_tokens of a response (0 when it has no usage)."""
    usage = getattr(response, "usage", None)
    if usage is None:
        return 0
    total = usage.get("total_tokens") if isinstance(usage, Mapping) else usage.total_tokens
    return int(total or 0)
