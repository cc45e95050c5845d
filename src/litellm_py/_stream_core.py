"""The pure part of a stream: SSE decoding, deadlines, accumulation and error mapping.

`Stream` and `AsyncStream` (streaming.py) only feed it the body bytes they read. SSE is split
on bytes by `_sse.SSEParser` and each event's data goes to `json.loads` as bytes. The total
deadline and the progress deadline (first chunk, then between chunks) are checked on every read,
including reads that only bring `: keep-alive` comments, which never re-arm the progress deadline.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx

from litellm_py._accumulator import ChunkAccumulator
from litellm_py._call import DEFAULT_PROGRESS_TIMEOUT
from litellm_py._inband import inband_error
from litellm_py._json_bytes import loads
from litellm_py._limits import event_limit
from litellm_py._sse import SSEParser
from litellm_py.exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    StreamInterruptedError,
    StreamTimeoutError,
)

if TYPE_CHECKING:
    from litellm_py._call import Call
    from litellm_py.providers.base import BaseProvider

__all__ = ["DEFAULT_PROGRESS_TIMEOUT", "StreamCore", "StreamTimeoutError"]

_BROKEN = "\x00litellm_py_broken_event"  # marks an undecodable event queued behind good ones
_UTF8 = ("utf-8", "utf8", "ascii", "us-ascii")


class StreamCore:
    """Everything a stream does except I/O: decoding, deadlines, accumulation, errors."""

    def __init__(
        self,
        parse: Callable[[dict[str, Any]], Any],
        provider: BaseProvider | None,
        call: Call | None,
        deadline: float | None,
        *,
        charset: str | None = None,
    ) -> None:
        self.parse = parse
        self.provider = provider
        self.call = call
        self.deadline = deadline
        progress = call.progress_timeout if call and call.progress_timeout else None
        self.progress_timeout = progress or DEFAULT_PROGRESS_TIMEOUT
        self.progress_deadline = time.monotonic() + self.progress_timeout
        limit = event_limit(call.max_event_bytes if call else None)
        self.sse = SSEParser(limit, limit)
        # A declared non-UTF-8 charset (latin-1, ...) decodes each event; JSON's own UTF-8 rule
        # applies otherwise, and invalid UTF-8 is a malformed event, not U+FFFD.
        self.charset = charset if charset and charset.lower() not in _UTF8 else None
        # Chunk payloads, error objects, and plain events' data still to decode (bytes).
        self.pending: deque[dict[str, Any] | bytes] = deque()
        self.accumulator = ChunkAccumulator()
        self.done = False
        self.delivered = False
        self.checked = False
        self.translate = (
            provider.stream_translator(call) if provider is not None and call is not None else None
        )

    def feed(self, data: bytes) -> None:
        """Check the deadlines, then queue the events completed by newly read body bytes."""
        now = time.monotonic()
        if now > self.progress_deadline or (self.deadline is not None and now > self.deadline):
            self.check_time()
        plain = self.translate is None
        for event, payload in self.sse.feed(data):
            if self.done:
                return
            if plain and not event:
                # Queued undecoded: a read can bring hundreds of events, and decoding each just
                # before it is delivered keeps its objects short-lived (no GC promotion).
                if payload == b"[DONE]":
                    self.done = True
                    return
                self.pending.append(payload)
            elif not self._feed_event(event, payload):
                continue
            self.progress_deadline = now + self.progress_timeout

    def _feed_event(self, event: bytes, data: bytes) -> bool:
        """Queue what a named event (or any event of a translated wire) stands for; True if
        that was progress (a chunk or an error)."""
        if data == b"[DONE]":
            self.done = True
            return False
        if self.translate is None:
            payload = self._payload(data, event)
        else:
            decoded = _decode(data, self.charset)
            payload = decoded if type(decoded) is dict else _broken(data, decoded)
        if _BROKEN in payload:
            # Deliver the good chunks already queued first; raise when this one's turn comes.
            self.pending.append(payload)
            self.done = True
            return False
        if self.translate is None:
            self.pending.append(payload)
            return True
        translated = self.translate(event.decode("utf-8", "replace") or None, payload)
        if translated is None:  # the wire's own end-of-stream event
            self.done = True
            return False
        self.pending.extend(translated)
        return bool(translated)  # pings and bookkeeping events are not progress

    def _payload(self, data: bytes, event: bytes = b"") -> dict[str, Any]:
        """The chunk, error or broken-event marker that one OpenAI-wire event stands for."""
        payload = _decode(data, self.charset)
        if type(payload) is not dict:
            return _broken(data, payload)
        if "error" in payload or event:
            error = payload.get("error")
            # `event: error` without an error object (a Responses-style {"type": "error", ...}
            # event is the wire's own and its parser types it), or "error": "text".
            framed = event == b"error" and payload.get("type") != "error"
            if (framed and not isinstance(error, dict)) or (
                error is not None and not isinstance(error, dict)
            ):
                return {"error": _error_fields(error, payload)}
        return payload

    def _next_payload(self) -> dict[str, Any]:
        item = self.pending.popleft()
        return self._payload(item) if isinstance(item, bytes) else item

    def next_chunk(self) -> Any:
        """The next chunk object, or None when nothing is pending."""
        if not self.pending:
            return None
        item = self.pending.popleft()
        if isinstance(item, bytes):  # `_payload`, with its common case first
            payload = _decode(item, self.charset)
            if type(payload) is not dict or "error" in payload:
                payload = self._payload(item)
        else:
            payload = item
        if _BROKEN in payload:
            raise self._malformed(payload[_BROKEN])
        if "error" in payload and isinstance(payload["error"], dict):
            raise self._inband_error(payload)
        try:
            self.accumulator.add(payload)
        except (TypeError, AttributeError, ValueError, KeyError) as exc:
            raise self._malformed(
                f"stream chunk has an unexpected shape ({exc}): {payload!r:.200}"
            ) from exc
        self.delivered = True
        return self.parse(payload)

    def raise_early_error(self) -> None:
        """Raise an in-band error that came before any chunk, so it is retried like a status."""
        if self.pending and not self.delivered:
            first = self._next_payload()
            if _BROKEN not in first and isinstance(first.get("error"), dict):
                raise self._inband_error(first)
            self.pending.appendleft(first)

    def _malformed(self, message: str) -> APIError:
        self.done = True
        self.pending.clear()
        error = self._error(APIResponseValidationError, message)
        error.partial_response = self.accumulator.build() if self.delivered else None
        return error

    def check_time(self) -> None:
        """Raise once the total or the progress deadline has passed."""
        now = time.monotonic()
        if self.deadline is not None and now > self.deadline:
            raise self.failure("the total deadline (timeout) passed", timeout=True)
        if now > self.progress_deadline:
            raise self.failure(
                f"no chunk for {self.progress_timeout:g} s (progress_timeout; keep-alive "
                "comments do not count)",
                timeout=True,
            )

    def eof(self) -> None:
        """The body ended: flush, and raise unless the server said the answer was finished."""
        for event, data in self.sse.flush():
            self._feed_event(event, data)
        if not self.pending and not self.done and not self.accumulator.finished:
            raise self.failure("the connection closed before the stream finished")
        self.done = True

    def failure(self, reason: str, *, timeout: bool = False) -> APIError:
        """The error for a stream that stopped early, keeping everything received."""
        if not self.delivered:
            cls: type[APIError] = APITimeoutError if timeout else APIConnectionError
            return self._error(cls, f"stream failed before its first chunk: {reason}")
        partial = self.accumulator.build()
        cls = StreamTimeoutError if timeout else StreamInterruptedError
        return self._error(
            cls,
            f"stream interrupted after {self.accumulator.chunks_seen} chunks: {reason}; "
            "the output received so far is in .partial_response",
            partial_response=partial,
        )

    def _error(self, cls: type[APIError], message: str, **kwargs: Any) -> APIError:
        provider = self.call.provider if self.call else None
        model = self.call.model if self.call else None
        return cls(message, provider=provider, model=model, **kwargs)

    def _inband_error(self, payload: dict[str, Any]) -> APIError:
        if self.provider is None or self.call is None:
            return self._error(APIConnectionError, str(payload["error"].get("message")))
        error: APIError = inband_error(self.provider, self.call, payload)
        error.partial_response = self.accumulator.build() if self.delivered else None
        return error

    def complete(self) -> None:
        """At the normal end: let the provider refuse a documented unusable answer (once)."""
        if self.provider is not None and self.call is not None and not self.checked:
            self.checked = True
            self.provider.check_complete(self.call, self.accumulator.build())

    def read_failure(self, exc: httpx.HTTPError) -> APIError:
        """The error for a failed read (a plain function, not a context manager: per chunk)."""
        if isinstance(exc, httpx.TimeoutException):
            return self.failure(f"read timed out ({exc})", timeout=True)
        return self.failure(f"{type(exc).__name__}: {exc}")

    def final_response(self) -> Any:
        """The assembled response of everything delivered (with the call's ids)."""
        response = self.accumulator.build()
        return response if self.call is None else self.call.tag(response)

    def should_drain(self) -> bool:
        """Whether to read the end of a body the server has finished (`[DONE]`) before closing."""
        # Only the chunked terminator should follow [DONE]; reading it returns the connection to
        # the pool instead of closing it. One read: anything else after [DONE] is discarded.
        return self.done and (self.deadline is None or time.monotonic() < self.deadline)


def _decode(data: bytes, charset: str | None) -> Any:
    """The event's JSON value, or `_BROKEN` when it is not JSON (or not in its charset)."""
    try:
        return json.loads(data.decode(charset)) if charset else loads(data)
    except ValueError:  # UnicodeDecodeError included
        return _BROKEN


def _broken(data: bytes, decoded: Any) -> dict[str, Any]:
    """The marker queued in place of an event that is not a JSON object."""
    what = "not JSON" if decoded is _BROKEN else "JSON but not an object"
    return {_BROKEN: f"stream event is {what}: {data[:200]!r}"}


def _error_fields(error: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """The error object of an in-band error frame, keeping its text whatever its shape."""
    if isinstance(error, dict):
        return error
    if error is not None:
        return {"message": str(error)}
    fields = {k: v for k, v in payload.items() if k in ("message", "type", "code", "status")}
    fields.setdefault("message", json.dumps(payload, ensure_ascii=False)[:500])
    return fields
