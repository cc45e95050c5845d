"""The shape a complete (non-stream) answer must have before it is handed to the caller.

A 2xx body such as `{}` or `{"choices": [1]}` would otherwise come back as a "successful"
response whose first attribute access raises `TypeError` / `IndexError`. Checked on the parsed
response, so every provider (translated or not) is held to the same promise.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from litellm_py._json_bytes import loads
from litellm_py.exceptions import APIResponseValidationError

if TYPE_CHECKING:
    from litellm_py._call import Call

__all__ = ["check_response_shape", "decode_object", "not_a_stream"]


def _invalid(
    call: Call, message: str, body: Any, request_id: str | None
) -> APIResponseValidationError:
    """An `APIResponseValidationError` about this call's answer."""
    return APIResponseValidationError(
        message, body=body, provider=call.provider, model=call.model, request_id=request_id
    )


def decode_object(
    call: Call, body: bytes, status_code: int, request_id: str | None
) -> dict[str, Any]:
    """`json.loads(body)`, or the typed error for a body that is not a (usable) JSON object."""
    try:
        payload = loads(body)
    except RecursionError:
        problem = "JSON nested too deeply to decode"
    except ValueError:
        problem = "a body that is not JSON"
    else:
        if isinstance(payload, dict):
            return payload
        problem = ""
    if problem:
        raise _invalid(
            call,
            f"{call.provider} answered HTTP {status_code} with {problem}: "
            f"{body[:200].decode('utf-8', 'replace')!r}",
            body.decode("utf-8", "replace"),
            request_id,
        )
    raise _invalid(
        call,
        f"{call.provider} answered with JSON that is not an object: {str(payload)[:200]!r}",
        payload,
        request_id,
    )


def not_a_stream(
    call: Call, headers: Mapping[str, str], body: bytes, result: Any
) -> APIResponseValidationError:
    """The error for a 2xx answer to a stream request that is not an event stream."""
    content_type = headers.get("content-type") or "no content type"
    return _invalid(
        call,
        f"{call.provider} answered a stream request with {content_type}"
        f" instead of text/event-stream: {body[:200].decode('utf-8', 'replace')!r}",
        result,
        headers.get("x-request-id"),
    )


def _choice_problem(endpoint: str, index: int, choice: Any) -> str | None:
    if not isinstance(choice, dict):
        return f"choices[{index}] is {type(choice).__name__}, not an object"
    if endpoint == "chat":
        message = choice.get("message")
        if not isinstance(message, dict):
            return f"choices[{index}].message is {type(message).__name__}, not an object"
    elif not isinstance(choice.get("text"), str):
        return f"choices[{index}].text is {type(choice.get('text')).__name__}, not a string"
    return None


def shape_problem(endpoint: str, data: dict[str, Any]) -> str | None:
    """What is wrong with a chat / text completion payload, or None when it is usable."""
    choices = data.get("choices")
    if not isinstance(choices, list):
        return f"'choices' is {type(choices).__name__}, not a list"
    if not choices:
        return "'choices' is empty"
    for index, choice in enumerate(choices):
        problem = _choice_problem(endpoint, index, choice)
        if problem:
            return problem
    return None


def check_response_shape(call: Call, response: Any, request_id: str | None = None) -> None:
    """Raise `APIResponseValidationError` for a chat / text answer with no usable choice."""
    data = getattr(response, "_data", None)
    if call.endpoint not in ("chat", "text") or not isinstance(data, dict):
        return
    problem = shape_problem(call.endpoint, data)
    if problem is not None:
        raise _invalid(
            call,
            f"{call.provider} answered with a {call.endpoint} completion the library cannot use: "
            f"{problem}: {json.dumps(data, default=str)[:200]}",
            data,
            request_id,
        )
