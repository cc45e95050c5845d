"""The error tree every provider maps its failures onto.

```
LiteLLMError
├── ConfigurationError            bad/missing configuration, raised before any request
├── RouterStateUnavailableError   Router(redis_failure="closed") and Redis is down or slow
├── ProviderNotFoundError         unknown "<provider>/" prefix
└── APIError                      .provider .model .request_id .message .is_retryable
    ├── APIConnectionError        network failure
    │   ├── APITimeoutError       (alias: Timeout)
    │   └── StreamInterruptedError   .partial_response
    │       └── StreamTimeoutError   also an APITimeoutError: the deadline passed mid-stream
    ├── APIResponseValidationError   a 2xx body that cannot be parsed
    │   ├── ResponseTooLargeError    a body, line or event over its limit (litellm_py._limits)
    │   ├── EmptyResponseError       "success" with nothing usable (all-space JSON output)
    │   └── StructuredOutputError    an answer that does not fit the requested schema
    ├── IncompleteResponseError   .finish_reason: length, aborted, ... (opt-in, see below)
    └── APIStatusError            .status_code .response .body .code .param .type .retry_after
        ├── BadRequestError              400 (also local validation; then .response is None)
        │   ├── ContextWindowExceededError
        │   ├── ContentPolicyViolationError
        │   ├── FileTooLargeError         an upload over the provider's size limit (not sent)
        │   ├── UnsupportedParamsError
        │   └── UnsupportedEndpointError  the provider has no such endpoint (nothing sent)
        ├── AuthenticationError          401
        ├── InsufficientBalanceError     402 (never retried)
        ├── PermissionDeniedError        403
        ├── NotFoundError                404, and "model does not exist" 400s
        ├── UnprocessableEntityError     422
        ├── RateLimitError               429
        │   └── LocalRateLimitError      a Router limit held the call back; nothing was sent
        └── InternalServerError          >= 500
            └── ServiceUnavailableError  503
```

This module imports nothing heavy so that `import litellm_py` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from litellm_py._secret import redact_json, redact_text, scrub_response

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ContentPolicyViolationError",
    "ContextWindowExceededError",
    "EmptyResponseError",
    "FileTooLargeError",
    "IncompleteResponseError",
    "InsufficientBalanceError",
    "InternalServerError",
    "LiteLLMError",
    "LocalRateLimitError",
    "NotFoundError",
    "PermissionDeniedError",
    "ProviderNotFoundError",
    "RateLimitError",
    "ResponseTooLargeError",
    "RouterStateUnavailableError",
    "ServiceUnavailableError",
    "StreamInterruptedError",
    "StreamTimeoutError",
    "StructuredOutputError",
    "Timeout",
    "UnprocessableEntityError",
    "UnsupportedEndpointError",
    "UnsupportedParamsError",
]


class LiteLLMError(Exception):
    """Base class of every error litellm_py raises on purpose.

    Attributes:
        correlation_id: the id of the call that raised it (also sent as X-Client-Request-Id).
    """

    correlation_id: str | None = None

    def __init__(self, message: str) -> None:
        message = redact_text(message)  # the one choke point: no error text shows a key
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigurationError(LiteLLMError):
    """Configuration is missing or invalid; raised before any request is sent."""


class ProviderNotFoundError(LiteLLMError):
    """The model string names a provider that is not registered."""


class RouterStateUnavailableError(LiteLLMError):
    """The Router's shared state (Redis) cannot be reached and `redis_failure="closed"`."""


class APIError(LiteLLMError):
    """A failure talking to a provider's API.

    Attributes:
        provider: the provider name, e.g. ``"deepseek"``.
        model: the model id the call was for.
        request_id: the server's request id when it sent one.
        is_retryable: whether the default retry policy would try again.
        partial_response: for errors raised after output arrived, the response so far.

    LiteLLM's keyword arguments are accepted too (`llm_provider=`, `request=`,
    `litellm_debug_info=`, `max_retries=`, `num_retries=`), so test doubles written for LiteLLM
    construct these errors unchanged; `llm_provider` reads the same as `provider`.
    """

    default_retryable = False

    def __init__(
        self,
        message: str,
        *,
        provider: str | None = None,
        model: str | None = None,
        request_id: str | None = None,
        is_retryable: bool | None = None,
        partial_response: Any = None,
        llm_provider: str | None = None,
        request: Any = None,
        litellm_debug_info: str | None = None,
        max_retries: int | None = None,
        num_retries: int | None = None,
    ) -> None:
        super().__init__(message)
        self.partial_response = partial_response
        self.provider = provider or llm_provider
        self.request = request
        self.litellm_debug_info = litellm_debug_info
        self.max_retries = max_retries
        self.num_retries = num_retries
        self.model = model
        self.request_id = request_id
        self.is_retryable = self.default_retryable if is_retryable is None else is_retryable
        self.attempts: list[APIError] = []
        """Earlier failed attempts (other models tried as fallbacks), oldest first."""

    @property
    def llm_provider(self) -> str | None:
        """LiteLLM's name for `provider`."""
        return self.provider

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}({self.message!r}, provider={self.provider!r}, model={self.model!r})"


class APIConnectionError(APIError):
    """The request never got a complete HTTP answer (DNS, refused, reset, ...)."""

    default_retryable = True


class APITimeoutError(APIConnectionError):
    """The request exceeded its deadline."""


Timeout = APITimeoutError


class StreamInterruptedError(APIConnectionError):
    """A stream ended before the server said it was finished.

    Attributes:
        partial_response: everything assembled from the chunks received so far
            (content, reasoning_content, tool calls), as a normal response object.
    """

    default_retryable = False


class StreamTimeoutError(StreamInterruptedError, APITimeoutError):
    """A stream's deadline passed after output had arrived; `.partial_response` keeps it."""


class APIResponseValidationError(APIError):
    """A 2xx response whose body cannot be parsed."""

    def __init__(self, message: str, *, body: Any = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.body = redact_json(body)


class ResponseTooLargeError(APIResponseValidationError):
    """A response body, or one server-sent event, larger than its limit, or a compressed body
    expanding past its ratio; never retried.

    The limits (`max_response_bytes`, `max_event_bytes`, `max_decompression_ratio`) are set per
    call or globally in `litellm_py._limits`; the error is raised before the oversized part is
    all in memory.
    """


class EmptyResponseError(APIResponseValidationError):
    """The server reported success but sent nothing usable.

    DeepSeek's JSON output mode replaces non-JSON output with spaces, so a `stop` answer can be
    blank (https://api-docs.deepseek.com/guides/json_mode). Retried like a 5xx (DeepSeek advises
    retrying); `partial_response` holds the response as received.
    """

    default_retryable = True


class StructuredOutputError(APIResponseValidationError):
    """The answer did not validate against `response_format` / a pydantic tool, after
    `max_parse_retries` re-asks.

    Attributes:
        raw_text: the text (or tool arguments) the model last sent.
        validation_errors: the pydantic errors (or JSON/shape problems) of that text.
    """

    def __init__(
        self,
        message: str,
        *,
        raw_text: str | None = None,
        validation_errors: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, body=raw_text, **kwargs)
        self.raw_text = raw_text
        self.validation_errors = list(validation_errors or [])


class IncompleteResponseError(APIError):
    """The model stopped before a natural end (`finish_reason` length, aborted, ...).

    Never raised on its own: `response.raise_for_finish_reason()` raises it for callers who want
    incomplete answers as errors. `partial_response` holds the response; `finish_reason` says why.
    """

    def __init__(self, message: str, *, finish_reason: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.finish_reason = finish_reason


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
