"""`Plan`: what one response consists of, built by the router and written by the responder."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from litellm_py.testing._errors import ApiError, dump_json, error_payload, status_error
from litellm_py.testing._replies import Reply

JSON_TYPE = "application/json"
SSE_TYPE = "text/event-stream; charset=utf-8"
DONE_FRAME = b"data: [DONE]\n\n"
_NO_REPLY = Reply()
_HTML_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


@dataclass(frozen=True)
class Plan:
    """A response: a fixed `body`, or SSE `frames` sent one by one, plus the reply's knobs.

    Attributes:
        status: HTTP status code.
        content_type: The `content-type` header.
        body: The fixed body (unused when `frames` is set).
        frames: SSE events, each a complete `data: ...\\n\\n` block.
        cut: Close the connection after the frames, without ending the chunked body.
        headers: Extra response headers.
        reply: Delays, keep-alives and transport faults to apply while sending.
    """

    status: int
    content_type: str
    body: bytes = b""
    frames: tuple[bytes, ...] | None = None
    cut: bool = False
    headers: Mapping[str, str] = field(default_factory=dict)
    reply: Reply = _NO_REPLY


def json_plan(status: int, payload: Any, reply: Reply = _NO_REPLY) -> Plan:
    return Plan(status, JSON_TYPE, dump_json(payload), reply=reply)


def error_plan(error: ApiError, reply: Reply = _NO_REPLY) -> Plan:
    return json_plan(error.status, error.payload(), reply)


def sse_frame(payload: Any) -> bytes:
    return b"data: " + dump_json(payload) + b"\n\n"


def stream_plan(chunks: Sequence[Mapping[str, Any]], reply: Reply) -> Plan:
    """SSE frames for `chunks`, then `[DONE]`; or cut short by an in-band error or a disconnect."""
    frames = [sse_frame(chunk) for chunk in chunks]
    cut = False
    if reply.stream_error is not None:
        error = dict(reply.stream_error)
        event = error if "error" in error else {"error": error}
        frames = [*frames[: reply.stream_error_after], sse_frame(event)]
    elif reply.disconnect_after_chunks is not None:
        frames = frames[: reply.disconnect_after_chunks]
        cut = True
    else:
        frames.append(DONE_FRAME)
    return Plan(200, SSE_TYPE, frames=tuple(frames), cut=cut, reply=reply)


def raw_plan(reply: Reply, status_error: Callable[[int], ApiError] = status_error) -> Plan | None:
    """The plan for a reply that fixes the body or an error status, else `None`.

    `status_error` words a scripted error status (DeepSeek's wording by default).
    """
    if reply.body is not None:
        return Plan(reply.status, reply.content_type or JSON_TYPE, reply.body, reply=reply)
    if reply.json is not None:
        return json_plan(reply.status, reply.json, reply)
    if reply.status >= 400:
        return error_plan(status_error(reply.status), reply)
    if reply.fault == "html_error":
        return Plan(502, "text/html", _HTML_502, reply=reply)
    if reply.fault == "error_in_200":
        return json_plan(200, error_payload("Server Error", "api_error"), reply)
    return None


def _truncate_frame(frame: bytes) -> bytes:
    text = frame.rstrip(b"\n")
    return text[: max(len(b"data: ") + 1, len(text) // 2)] + b"\n\n"


def finish_plan(plan: Plan, reply: Reply) -> Plan:
    """Apply the reply's body-level fault, content type and extra headers to an endpoint's plan."""
    if reply.fault == "truncated_json":
        if plan.frames is not None:
            index = min(1, len(plan.frames) - 1)
            frames = list(plan.frames)
            frames[index] = _truncate_frame(frames[index])
            plan = replace(plan, frames=tuple(frames))
        else:
            plan = replace(plan, body=plan.body[: len(plan.body) // 2])
    if reply.fault == "wrong_content_type":
        plan = replace(plan, content_type="text/plain; charset=utf-8")
    if reply.content_type is not None:
        plan = replace(plan, content_type=reply.content_type)
    return replace(plan, headers={**plan.headers, **reply.headers}, reply=reply)
