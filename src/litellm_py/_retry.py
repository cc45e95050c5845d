"""The retry policy as small pure functions, fed to tenacity for both sync and async calls.

Retried: 408, 409, 429, >= 500, connection errors and timeouts; an `x-should-retry` header
overrides. The wait is the server's `retry-after-ms` / `retry-after` (seconds or HTTP date) when it
lies within [0, 60] s; above 60 s the call gives up at once; otherwise exponential backoff
`min(0.5 * 2**n, 8)` seconds with jitter. The caller runs the first attempt itself and hands a
failure to `retry_after`, so a call that succeeds never pays for the retry machinery.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from litellm_py.exceptions import APIError, APIStatusError

if TYPE_CHECKING:
    import tenacity

__all__ = [
    "MAX_RETRY_AFTER",
    "AsyncRetryHook",
    "RetryHook",
    "aretry_after",
    "backoff",
    "parse_retry_after",
    "retry_after",
    "retry_wait",
    "should_retry_status",
    "status_is_retryable",
    "waits_too_long",
]

T = TypeVar("T")
RetryHook = Callable[[APIError, int, float], None]
"""Told (error, retry number from 1, seconds to wait) before each retry."""
AsyncRetryHook = Callable[[APIError, int, float], Awaitable[None]]
"""Async twin of `RetryHook` (awaited)."""

MAX_RETRY_AFTER = 60.0
INITIAL_BACKOFF = 0.5
MAX_BACKOFF = 8.0
_RETRYABLE_STATUSES = frozenset({408, 409, 429})

# Indirections so tests can record the waits instead of sleeping.
sleep: Callable[[float], None] = time.sleep


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # deferred: sync-only programs never import asyncio

    await asyncio.sleep(seconds)


asleep: Callable[[float], Awaitable[None]] = _asyncio_sleep


def status_is_retryable(status_code: int, headers: Mapping[str, str]) -> bool:
    """Whether a response with this status should be tried again (`x-should-retry` wins)."""
    override = headers.get("x-should-retry")
    if override == "true":
        return True
    if override == "false":
        return False
    return status_code in _RETRYABLE_STATUSES or status_code >= 500


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the server asks us to wait, from `retry-after-ms` or `retry-after`, else None.

    Never NaN or infinite (then None) and never negative (a date in the past means now: 0).
    """
    seconds = _retry_after_seconds(headers, now)
    if seconds is None or not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


def _retry_after_seconds(headers: Mapping[str, str], now: float | None) -> float | None:
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return float(millis) / 1000.0
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # rare: only for HTTP-date values

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when.timestamp() - (time.time() if now is None else now)


def waits_too_long(retry_after: float | None) -> bool:
    """The one place of the rule: a server asking for more than 60 s means give up now (the
    call raises with `.retry_after` set; a fallback model may still be asked)."""
    return retry_after is not None and retry_after > MAX_RETRY_AFTER


def should_retry_status(
    status_code: int, headers: Mapping[str, str], retry_after: float | None
) -> bool:
    """Whether an error status is retried: a retryable status not asking to wait too long."""
    return status_is_retryable(status_code, headers) and not waits_too_long(retry_after)


def backoff(retry_number: int, jitter: Callable[[], float] = random.random) -> float:
    """Exponential backoff for the n-th retry (n from 1), reduced by up to 25 % jitter."""
    base = min(INITIAL_BACKOFF * 2.0 ** (retry_number - 1), MAX_BACKOFF)
    return base * (1 - 0.25 * jitter())


def retry_wait(error: BaseException, retry_number: int) -> float | None:
    """Seconds to wait before retry number `retry_number`, or None when not to retry."""
    if not isinstance(error, APIError) or not error.is_retryable:
        return None
    retry_after = error.retry_after if isinstance(error, APIStatusError) else None
    if retry_after is not None:
        if waits_too_long(retry_after):
            return None
        if retry_after >= 0:
            return retry_after
    return backoff(retry_number)


def _tenacity_kwargs(max_retries: int) -> dict[str, Any]:
    import tenacity  # deferred: only calls that fail pay for the import

    def wait(state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        wait_s = retry_wait(error, state.attempt_number + 1) if error is not None else None
        return wait_s or 0.0

    return {
        "stop": tenacity.stop_after_attempt(max_retries),
        "wait": wait,
        "retry": tenacity.retry_if_exception(lambda e: retry_wait(e, 1) is not None),
        "reraise": True,
    }


def retry_after(
    error: APIError,
    attempt: Callable[[], T],
    max_retries: int,
    on_retry: RetryHook | None = None,
) -> T:
    """What follows a first attempt that raised `error`: raise it, or retry `attempt` per the
    policy. The caller runs the first attempt itself, so a call that succeeds builds nothing
    here (no closures, no hook, no extra coroutine layer)."""
    wait = retry_wait(error, 1)
    if wait is None or max_retries <= 0:
        raise error
    if on_retry is not None:
        on_retry(error, 1, wait)
    sleep(wait)
    import tenacity

    def before_sleep(state: tenacity.RetryCallState) -> None:
        if on_retry is not None:
            on_retry(*_retry_info(state))

    retrying = tenacity.Retrying(
        sleep=lambda s: sleep(s), before_sleep=before_sleep, **_tenacity_kwargs(max_retries)
    )
    return retrying(attempt)


async def aretry_after(
    error: APIError,
    attempt: Callable[[], Awaitable[T]],
    max_retries: int,
    on_retry: AsyncRetryHook | None = None,
) -> T:
    """Async twin of `retry_after` (the hook is awaited)."""
    wait = retry_wait(error, 1)
    if wait is None or max_retries <= 0:
        raise error
    if on_retry is not None:
        await on_retry(error, 1, wait)
    await asleep(wait)
    import tenacity

    async def run() -> T:  # tenacity awaits only coroutine functions, not lambdas
        return await attempt()

    upcoming: list[tuple[APIError, int, float]] = []

    async def sleep_after_hook(seconds: float) -> None:
        # The hook is awaited here, not in before_sleep: tenacity < 9 does not await that one.
        while upcoming and on_retry is not None:
            await on_retry(*upcoming.pop())
        await asleep(seconds)

    retrying = tenacity.AsyncRetrying(
        sleep=sleep_after_hook,
        before_sleep=lambda state: upcoming.append(_retry_info(state)),
        **_tenacity_kwargs(max_retries),
    )
    return await retrying(run)


def _retry_info(state: tenacity.RetryCallState) -> tuple[APIError, int, float]:
    """(error, retry number, wait) of the retry tenacity is about to sleep before."""
    error = state.outcome.exception() if state.outcome else None
    assert isinstance(error, APIError)  # only APIErrors are retried (see _tenacity_kwargs)
    wait = state.next_action.sleep if state.next_action else 0.0
    return error, state.attempt_number + 1, wait
