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

The roots live in `_base_errors`, the status errors and their table in `_status_errors`; every
class is public here (its `__module__` says so). Nothing heavy is imported, so that
`import litellm_py` stays cheap.
"""

from __future__ import annotations

from typing import Any

from litellm_py._base_errors import (
    APIError,
    ConfigurationError,
    LiteLLMError,
    ProviderNotFoundError,
    RouterStateUnavailableError,
)
from litellm_py._secret import redact_json
from litellm_py._status_errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ContentPolicyViolationError,
    ContextWindowExceededError,
    FileTooLargeError,
    InsufficientBalanceError,
    InternalServerError,
    LocalRateLimitError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServiceUnavailableError,
    UnprocessableEntityError,
    UnsupportedEndpointError,
    UnsupportedParamsError,
)
from litellm_py._status_errors import (
    status_error_class as status_error_class,  # for providers mapping statuses to classes
)

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


for _name in __all__:  # one public home for every error: reprs, pickles and docs name it
    globals()[_name].__module__ = __name__
