"""Scripting and recording types: `Reply`, `RecordedRequest` and the FIFO of pending replies."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

# Injected failures: connection resets before/mid body/mid stream, slow bodies, endless keep-alives,
# and broken-but-complete responses (HTML 502, cut JSON, wrong content type, error in a 200, ~5 MB).
Fault = Literal[
    "reset_before_headers",
    "reset_mid_body",
    "reset_mid_stream",
    "trickle",
    "keepalive_forever",
    "html_error",
    "truncated_json",
    "wrong_content_type",
    "error_in_200",
    "large",
]
FAULTS: frozenset[str] = frozenset(get_args(Fault))


@dataclass(frozen=True)
class Reply:
    """One scripted response, consumed by the next matching request.

    A reply with `json` or `body` is sent verbatim. A reply with an error `status` and neither is
    sent with DeepSeek's error body for that status. Otherwise the endpoint's normal answer is
    built (no request validation) with the answer fields below overriding the defaults.

    Attributes:
        status: HTTP status code.
        json: Raw JSON body (any JSON-serialisable value).
        body: Raw body bytes, sent as-is.
        headers: Extra response headers, e.g. `{"retry-after": "1"}`.
        content_type: Overrides the `content-type` response header.
        content: Assistant content (chat) or completion text (FIM).
        reasoning: `reasoning_content`; `None` keeps the default in thinking mode.
        tool_calls: `[{"name": ..., "arguments": "<json string>"}, ...]`; ids are generated.
        finish_reason: Overrides `stop` / `tool_calls`.
        usage: Replaces the computed usage object.
        keepalives: Blank lines (non-stream) or `: keep-alive` comments sent before the body.
        keepalive_interval: Seconds between keep-alives.
        keepalives_between_chunks: Keep-alive comments between two stream events.
        delay: Seconds to wait before sending the status line.
        chunk_size: Characters per streamed piece (overrides the server's).
        usage_placement: `"finish"` (usage on the finish chunk) or `"trailing"` (extra chunk
            with `"choices": []`).
        stream_error: In-band error event payload, sent after `stream_error_after` chunks;
            the stream then ends without `[DONE]`.
        stream_error_after: Number of chunks before `stream_error`.
        disconnect_after_chunks: Close the connection after this many stream chunks.
        fault: An injected failure, see `Fault`.
        trickle_delay: Seconds between pieces for the `"trickle"` fault.
        trickle_bytes: Bytes per piece for the `"trickle"` fault.
        large_size: Content size in characters for the `"large"` fault.
        path: Only requests to this path match (`"/chat/completions"` also matches the `/v1`
            and `/beta` variants).
        repeat: How many requests this reply answers.
    """

    status: int = 200
    json: Any = None
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    content_type: str | None = None
    content: str | None = None
    reasoning: str | None = None
    tool_calls: Sequence[Mapping[str, Any]] | None = None
    finish_reason: str | None = None
    usage: Mapping[str, Any] | None = None
    keepalives: int = 0
    keepalive_interval: float = 0.0
    keepalives_between_chunks: int = 0
    delay: float = 0.0
    chunk_size: int | None = None
    usage_placement: Literal["finish", "trailing"] = "finish"
    stream_error: Mapping[str, Any] | None = None
    stream_error_after: int = 1
    disconnect_after_chunks: int | None = None
    fault: Fault | None = None
    trickle_delay: float = 0.005
    trickle_bytes: int = 16
    large_size: int = 5_000_000
    path: str | None = None
    repeat: int = 1

    def __post_init__(self) -> None:
        if self.fault is not None and self.fault not in FAULTS:
            raise ValueError(f"unknown fault {self.fault!r}; expected one of {sorted(FAULTS)}")
        if self.usage_placement not in ("finish", "trailing"):
            raise ValueError("usage_placement must be 'finish' or 'trailing'")
        if self.json is not None and self.body is not None:
            raise ValueError("give json or body, not both")
        if self.repeat < 1:
            raise ValueError("repeat must be >= 1")
        if self.chunk_size is not None and self.chunk_size < 1:
            raise ValueError("chunk_size must be >= 1")
        if self.trickle_bytes < 1:
            raise ValueError("trickle_bytes must be >= 1")

    @property
    def scripts_answer(self) -> bool:
        """Whether the reply replaces the default answer's content or tool calls."""
        return self.content is not None or self.tool_calls is not None


@dataclass(frozen=True)
class RecordedRequest:
    """A request the server received (answered successfully or not).

    Attributes:
        method: HTTP method, e.g. `"POST"`.
        path: Request path without the query string, e.g. `"/chat/completions"`.
        headers: Request headers with lower-cased names.
        body: Raw request body.
        json: The body parsed as JSON, or `None` when it is not valid JSON.
        query: The query string (without `?`), `""` when absent.
        request_id: The `x-request-id` the server answered with.
    """

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    json: Any
    query: str = ""
    request_id: str = ""

    @classmethod
    def received(
        cls, method: str, target: str, headers: Mapping[str, str], body: bytes, request_id: str
    ) -> RecordedRequest:
        """Record a request as read off the wire, parsing the body as JSON when it is JSON."""
        try:
            parsed: Any = json.loads(body) if body else None
        except ValueError:
            parsed = None
        path, _, query = target.partition("?")
        return cls(method, path, dict(headers), body, parsed, query, request_id)


def _path_matches(wanted: str | None, path: str, route: str) -> bool:
    return wanted is None or wanted in (path, route)


class ReplyQueue:
    """Thread-safe FIFO of scripted replies, each answering `repeat` requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[list[Any]] = []  # [reply, remaining uses]

    def put(self, replies: Sequence[Reply]) -> None:
        with self._lock:
            self._pending.extend([reply, reply.repeat] for reply in replies)

    def take(self, path: str, route: str) -> Reply | None:
        """Pop a use of the first reply whose `path` matches `path` or the prefix-free `route`."""
        with self._lock:
            for index, entry in enumerate(self._pending):
                reply: Reply = entry[0]
                if _path_matches(reply.path, path, route):
                    entry[1] -= 1
                    if entry[1] == 0:
                        del self._pending[index]
                    return reply
        return None

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()

    def __len__(self) -> int:
        with self._lock:
            return sum(entry[1] for entry in self._pending)
