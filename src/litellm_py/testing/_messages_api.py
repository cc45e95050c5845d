"""The test server's Anthropic Messages endpoint (`POST <any prefix>/v1/messages`).

Authenticates with `x-api-key`, requires `anthropic-version`, validates the body like the API
(roles, `max_tokens`, thinking budget, tool_use / tool_result pairing, thinking signatures
replayed unchanged and first in the last assistant turn) and answers in the Messages shape,
streamed as named SSE events when asked. Scripted `Reply` objects work as on the chat route.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from litellm_py.testing import _messages_answer as wire
from litellm_py.testing._errors import ApiError
from litellm_py.testing._plan import SSE_TYPE, Plan, finish_plan, json_plan, raw_plan
from litellm_py.testing._replies import Reply, ReplyQueue
from litellm_py.testing._request import count_tokens, parse_json_body
from litellm_py.testing._validation_messages import validate_messages

MESSAGES_ROUTE = "/v1/messages"
MODELS_ROUTE = "/v1/models"


def is_messages_request(path: str, headers: Mapping[str, str]) -> bool:
    """Whether a request is for the Messages API: `/v1/messages` under any prefix, or its
    `/v1/models` (told apart from the OpenAI wire's by the `anthropic-version` header)."""
    route = path.rstrip("/")
    if route.endswith(MESSAGES_ROUTE):
        return True
    return route.endswith(MODELS_ROUTE) and "anthropic-version" in headers


def _error_plan(error: ApiError, request_id: str, reply: Reply | None = None) -> Plan:
    error_type = error.error_type if error.error_type in _KNOWN_TYPES else None
    body = wire.error_body(error.status, error.message or None, error_type, request_id)
    return json_plan(error.status, body, reply or Reply())


_KNOWN_TYPES = frozenset(kind for kind, _ in wire.ERROR_TYPES.values())


class MessagesEndpoint:
    """Plans answers to Messages API requests; keeps which cached prefixes it has seen."""

    def __init__(self, *, api_key: str, queue: ReplyQueue, chunk_size: int) -> None:
        self._api_key = api_key
        self._queue = queue
        self._chunk_size = chunk_size
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def forget_prompts(self) -> None:
        with self._lock:
            self._seen.clear()

    def plan(self, path: str, headers: Mapping[str, str], raw: bytes) -> Plan:
        """The answer to one request, with the API's `request-id` header."""
        request_id = f"req_{uuid.uuid4().hex[:24]}"
        plan = self._plan(path, headers, raw, request_id)
        # The server's own x-request-id is replaced so every id of the answer agrees.
        ids = {"request-id": request_id, "x-request-id": request_id}
        return replace(plan, headers={**ids, **plan.headers})

    def _plan(self, path: str, headers: Mapping[str, str], raw: bytes, request_id: str) -> Plan:
        reply: Reply | None = None
        try:
            self._check_headers(headers)
            if path.rstrip("/").endswith(MODELS_ROUTE):
                return json_plan(200, wire.models_page())
            reply = self._queue.take(path, MESSAGES_ROUTE)
            if reply is not None:
                if reply.status >= 400 and reply.json is None and reply.body is None:
                    scripted = ApiError(reply.status, "", "")  # the status's default body
                    return finish_plan(_error_plan(scripted, request_id), reply)
                plan = raw_plan(reply) or self._answer(raw, reply)
                return finish_plan(plan, reply)
            return self._answer(raw, None)
        except ApiError as error:
            return _error_plan(error, request_id, reply)

    def _check_headers(self, headers: Mapping[str, str]) -> None:
        if headers.get("x-api-key", "").strip() != self._api_key:
            raise ApiError(401, "invalid x-api-key", "authentication_error")
        if not headers.get("anthropic-version"):
            raise ApiError(400, "anthropic-version: header is required", "invalid_request_error")

    def _answer(self, raw: bytes, reply: Reply | None) -> Plan:
        if reply is None:
            body = parse_json_body(raw)
            validate_messages(body)
        else:
            body = _lenient(raw)
        knobs = reply or Reply()
        answer = wire.default_answer(body) if body.get("messages") else wire.Answer("", None)
        if reply is not None:
            answer = wire.scripted_answer(reply, answer)
        usage = dict(knobs.usage) if knobs.usage is not None else self._usage(body, answer)
        message = wire.message_body(str(body.get("model") or "unknown"), answer, usage)
        if body.get("stream") is not True:
            return json_plan(knobs.status, message, knobs)
        size = knobs.chunk_size or self._chunk_size
        return _stream_plan(wire.stream_events(message, size), knobs)

    def _usage(self, body: dict[str, Any], answer: wire.Answer) -> dict[str, Any]:
        """Cache writes the first time a prompt with `cache_control` is seen, reads after."""
        text = json.dumps([body.get("system"), body.get("tools"), body.get("messages")])
        total = count_tokens(text)
        if '"cache_control"' not in text:
            return wire.usage_for(answer, total, 0, 0)
        cached = count_tokens(json.dumps([body.get("system"), body.get("tools")]))
        cached = min(cached, total - 1)
        prefix = [body.get("model"), body.get("system"), body.get("tools")]
        key = hashlib.sha256(json.dumps(prefix).encode()).hexdigest()
        with self._lock:
            seen = key in self._seen
            self._seen.add(key)
        if seen:
            return wire.usage_for(answer, total - cached, 0, cached)
        return wire.usage_for(answer, total - cached, cached, 0)


def _lenient(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _stream_plan(events: list[dict[str, Any]], reply: Reply) -> Plan:
    """Named SSE events; an in-band `error` event or a disconnect cuts the stream short."""
    frames = [wire.event_frame(event) for event in events]
    cut = False
    if reply.stream_error is not None:
        error = dict(reply.stream_error)
        payload = error if error.get("type") == "error" else {"type": "error", "error": error}
        frames = [*frames[: reply.stream_error_after], wire.event_frame(payload)]
    elif reply.disconnect_after_chunks is not None:
        frames = frames[: reply.disconnect_after_chunks]
        cut = True
    return Plan(200, SSE_TYPE, frames=tuple(frames), cut=cut, reply=reply)
