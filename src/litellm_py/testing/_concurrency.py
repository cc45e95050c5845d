"""Requests in flight on the test server: the current count, the peak, and an optional limit
above which the server answers 429 the way DeepSeek does when an account has too many."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from litellm_py.testing._errors import ApiError

__all__ = ["InFlight"]


class InFlight:
    """Counts requests being answered (read from any thread; updated on the server's loop).

    Attributes:
        current: requests being answered now.
        peak: the most ever answered at once.
        limit: above this many, requests get a 429 (None: no limit).
        refused: requests answered 429 because of `limit`.
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit
        self.current = 0
        self.peak = 0
        self.refused = 0

    @contextlib.contextmanager
    def track(self) -> Iterator[ApiError | None]:
        """Count one request while it is answered; yields the 429 to send when over the limit."""
        self.current += 1
        self.peak = max(self.peak, self.current)
        over = self.limit is not None and self.current > self.limit
        if over:
            self.refused += 1
        try:
            yield ApiError(429, "Rate Limit Reached", "rate_limit_error") if over else None
        finally:
            self.current -= 1

    def reset(self) -> None:
        """Forget the peak and the refusals."""
        self.peak = self.current
        self.refused = 0
