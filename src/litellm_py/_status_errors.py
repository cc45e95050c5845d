"""`APIStatusError`, a class per HTTP status, and the status -> class table every provider uses.

Public under `litellm_py.exceptions` (where the whole tree is drawn); nothing heavy is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from litellm_py._base_errors import APIError
from litellm_py._secret import redact_json, scrub_response

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIStatusError",
    "AuthenticationError",
    "BadRequestError",
    "ContentPolicyViolationError",
    "ContextWindowExceededError",
    "FileTooLargeError",
    "InsufficientBalanceError",
    "InternalServerError",
    "LocalRateLimitError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServiceUnavailableError",
    "UnprocessableEntityError",
    "UnsupportedEndpointError",
    "UnsupportedParamsError",
    "status_error_class",
]


class APIStatusError(APIError):
    """The server answered with an error status (or a local check refused the request).

    Attributes:
        status_code: the HTTP status (400 for local validation).
        response: the `httpx.Response`, or None for local validation.
        body: the decoded error body (dict) or text.
        code, param, type: the fields of the provider's error object.
        retry_after: seconds the server asked to wait, when it said so.
    """

    status_code = 0

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response | None = None,
        body: Any = None,
        status_code: int | None = None,
        code: str | None = None,
        param: str | None = None,
        type: str | None = None,
        retry_after: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        if status_code is not None:
            self.status_code = status_code
        elif response is not None:
            self.status_code = response.status_code
        self.response = scrub_response(response)
        self.body = redact_json(body)
        self.code = code
        self.param = param
        self.type = type
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, status_code={self.status_code}, "
            f"provider={self.provider!r}, model={self.model!r}, request_id={self.request_id!r})"
        )


class BadRequestError(APIStatusError):
    """400: the request is malformed, or a local check refused it."""

    status_code = 400


class ContextWindowExceededError(BadRequestError):
    """The prompt plus the requested output do not fit in the model's context."""


class ContentPolicyViolationError(BadRequestError):
    """The provider's content policy refused the input or output."""


class FileTooLargeError(BadRequestError):
    """Raised locally for an upload over the provider's size limit (no request is sent)."""


class UnsupportedParamsError(BadRequestError):
    """A parameter is unknown or not accepted by this model; the message says what to do."""


class UnsupportedEndpointError(BadRequestError):
    """The provider has no such endpoint (e.g. a balance); raised before any request."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, wrong or revoked."""

    status_code = 401


class InsufficientBalanceError(APIStatusError):
    """402: the account has run out of balance. Top up; retrying will not help."""

    status_code = 402


class PermissionDeniedError(APIStatusError):
    """403: the key may not use this resource."""

    status_code = 403


class NotFoundError(APIStatusError):
    """404, or the provider's 400 saying the model does not exist."""

    status_code = 404


class UnprocessableEntityError(APIStatusError):
    """422: a parameter has the wrong type or value."""

    status_code = 422


class RateLimitError(APIStatusError):
    """429: too many requests or too many concurrent requests."""

    status_code = 429
    default_retryable = True


class LocalRateLimitError(RateLimitError):
    """A Router limit (or cooldown) held the call back until its timeout; no request was sent.

    `.retry_after` is set when the router knows when a slot frees up (a cooldown or rpm window).
    """


class InternalServerError(APIStatusError):
    """5xx: the provider failed."""

    status_code = 500
    default_retryable = True


class ServiceUnavailableError(InternalServerError):
    """503: the provider is overloaded."""

    status_code = 503


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: InsufficientBalanceError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    503: ServiceUnavailableError,
    529: ServiceUnavailableError,  # "overloaded" (Anthropic's overloaded_error)
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The error class for an HTTP status (>= 500 without an entry maps to InternalServerError)."""
    cls = _STATUS_CLASSES.get(status_code)
    if cls is not None:
        return cls
    if status_code >= 500:
        return InternalServerError
    return APIStatusError
