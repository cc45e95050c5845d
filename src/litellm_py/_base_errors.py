"""The roots of the error tree: `LiteLLMError`, the errors raised before any request, `APIError`.

Public under `litellm_py.exceptions` (where the whole tree is drawn); nothing heavy is imported.
"""

from __future__ import annotations

from typing import Any

from litellm_py._secret import redact_text

__all__ = [
    "APIError",
    "ConfigurationError",
    "LiteLLMError",
    "ProviderNotFoundError",
    "RouterStateUnavailableError",
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
