"""OpenAI-style error bodies (DeepSeek's wording: reference §7) and the exception carrying one
to the responder."""

from __future__ import annotations

import json
from typing import Any

# Default messages for scripted error statuses, worded like DeepSeek's error-code table.
_STATUS_ERRORS: dict[int, tuple[str, str]] = {
    400: ("Invalid request body format.", "invalid_request_error"),
    401: ("Authentication Fails, Your api key: **** is invalid", "authentication_error"),
    402: ("Insufficient Balance", "unknown_error"),
    404: ("Not Found", "invalid_request_error"),
    405: ("Method Not Allowed", "invalid_request_error"),
    422: ("Your request contains invalid parameters.", "invalid_request_error"),
    429: ("Rate Limit Reached", "rate_limit_error"),
    500: ("Server Error", "api_error"),
    503: ("Server Overloaded", "api_error"),
}


_DEEPSEEK_CODE = "invalid_request_error"  # DeepSeek sends this code on every error


class ApiError(Exception):
    """A rejected request: an HTTP status plus an OpenAI-style error body."""

    def __init__(
        self,
        status: int,
        message: str,
        error_type: str = "invalid_request_error",
        *,
        param: str | None = None,
        code: str | None = _DEEPSEEK_CODE,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_type = error_type
        self.param = param
        self.code = code

    def payload(self) -> dict[str, Any]:
        return error_payload(self.message, self.error_type, param=self.param, code=self.code)


def error_payload(
    message: str,
    error_type: str = "invalid_request_error",
    *,
    param: str | None = None,
    code: str | None = _DEEPSEEK_CODE,
) -> dict[str, Any]:
    """The `{"error": {"message", "type", "param", "code"}}` object (DeepSeek's code by default)."""
    return {"error": {"message": message, "type": error_type, "param": param, "code": code}}


def status_error(status: int) -> ApiError:
    """The error DeepSeek sends for `status` when nothing more specific is scripted."""
    message, error_type = _STATUS_ERRORS.get(status, (f"HTTP {status}", "api_error"))
    return ApiError(status, message, error_type)


def dump_json(value: Any) -> bytes:
    """Serialise compactly, UTF-8 unescaped, like DeepSeek's responses."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def describe_value(value: Any) -> str:
    """How serde names an unexpected JSON value in a deserialisation error."""
    if isinstance(value, bool):
        return f"boolean `{str(value).lower()}`"
    if isinstance(value, int):
        return f"integer `{value}`"
    if isinstance(value, float):
        return f"floating point `{value}`"
    if isinstance(value, str):
        return f'string "{value}"'
    if isinstance(value, list):
        return "sequence"
    if isinstance(value, dict):
        return "map"
    return "null"


def deserialize_error(detail: str, status: int = 422) -> ApiError:
    """A `Failed to deserialize the JSON body into the target type: ...` rejection."""
    return ApiError(status, f"Failed to deserialize the JSON body into the target type: {detail}")
