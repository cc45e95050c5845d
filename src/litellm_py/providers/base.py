"""`BaseProvider`: pure hooks a provider implements, and the only place I/O is written twice.

A provider translates (`build_request`, `parse_response`, `error_from_response`,
`parse_stream_chunk`); this class sends, retries, enforces deadlines and hands streams over.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

import httpx

from litellm_py import _observe, _retry
from litellm_py._answer import full_response, is_event_stream, release_now
from litellm_py._body import aread_body, arrived_body, read_body
from litellm_py._http import ClientPool, transport_errors
from litellm_py._inband import inband_error, inband_status
from litellm_py._settings import ClientSettings, EnvNames
from litellm_py._settings_memo import SettingsMemo
from litellm_py._shape import check_response_shape, decode_object, not_a_stream
from litellm_py.exceptions import APIError, APIStatusError

if TYPE_CHECKING:
    from litellm_py._answer import Answer, Head
    from litellm_py._call import Call
    from litellm_py._model_info import ModelRegistry

__all__ = ["BaseProvider"]


class BaseProvider(ABC):
    """A model provider: who we talk to, how we speak to it, what its models can do.

    Subclasses set `name` and `env` and implement the pure hooks. Instances are created once per
    registered name and reused; each owns one connection pool.
    """

    name: ClassVar[str] = ""
    env: ClassVar[EnvNames]
    extra_endpoints: ClassVar[frozenset[str]] = frozenset()
    """Endpoints beyond chat this API serves ("responses", "files"), sent via `EndpointShell`."""
    account_endpoints: ClassVar[frozenset[str]] = frozenset()
    """Which of "models" and "balance" this API serves (`list_models`, `get_balance`,
    `health_check`); asking for another raises `UnsupportedEndpointError` before any request."""

    def __init__(self) -> None:
        self._pool = ClientPool()
        self._file_values: dict[str, Any] = {}
        self._settings_memo = SettingsMemo()

    # -- configuration -------------------------------------------------------------------------

    def configure(self, values: Mapping[str, Any]) -> None:
        """Apply validated config-file values (from `load_config`); call arguments still win."""
        self._file_values = dict(values)
        self._settings_memo.clear()

    def config_model(self) -> type[Any] | None:
        """The pydantic model that validates this provider's config-file section, if any."""
        return None

    def settings(
        self,
        *,
        api_key: str | None = None,
        api_base: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ClientSettings:
        """Connection settings: call arguments over config file over environment over defaults.

        Memoised on everything they depend on (the environment included), so a call pays for
        resolution and validation only when an input changes.
        """
        return self._settings_memo.get(
            self.env, self._file_values, api_key=api_key, api_base=api_base, timeout=timeout,
            max_retries=max_retries,
        )  # fmt: skip

    # -- pure hooks ----------------------------------------------------------------------------

    @abstractmethod
    def build_request(self, call: Call) -> httpx.Request:
        """Validate and translate `call` into the HTTP request to send (no I/O)."""

    @abstractmethod
    def parse_response(self, call: Call, payload: dict[str, Any]) -> Any:
        """Turn a decoded 2xx JSON body into the response object (no I/O)."""

    def parse_stream_chunk(self, call: Call, payload: dict[str, Any]) -> Any:
        """Turn one decoded SSE `data:` payload into a chunk object (no I/O)."""
        return self.parse_response(call, payload)

    def stream_translator(
        self, call: Call
    ) -> Callable[[str | None, dict[str, Any]], list[dict[str, Any]] | None] | None:
        """For a wire whose SSE events are not OpenAI chunks: a fresh translator for one stream.

        It takes (event name, decoded data) and returns the chunk payloads that event stands for
        (maybe none), or None once the stream is complete. None (the default): events are
        `chat.completion.chunk` payloads already.
        """
        return None

    def error_from_response(
        self,
        call: Call,
        status_code: int,
        headers: Mapping[str, str],
        body: bytes,
        response: httpx.Response | None = None,
    ) -> APIStatusError:
        """The typed error for an error status (OpenAI-style error bodies, the key redacted)."""
        from litellm_py.providers.openai_compatible.errors import decode_error_body, status_error

        return status_error(
            status_code=status_code,
            headers=headers,
            payload=decode_error_body(body),
            api_key=call.settings.key(),
            provider=call.provider,
            model=call.model,
            response=response,
            **self.error_style(call),
        )

    def inband_status(self, error: Mapping[str, Any]) -> int:
        """The HTTP status an in-band error object (`{"error": {...}}` where an answer should
        be) stands for: its own status field, else its `type`, else 500."""
        return inband_status(error)

    def error_style(self, call: Call) -> dict[str, Any]:
        """How this provider words and classifies errors: keyword arguments of
        `litellm_py.providers.openai_compatible.errors.status_error` (label, classifier, hints...).
        """
        return {}

    def mock_payloads(
        self, endpoint: str, model_id: str, text: str, prompt: str, *, stream: bool
    ) -> list[dict[str, Any]]:
        """The responses `mock_response=text` gives for this provider, as the library returns
        them (OpenAI's chat shape plus this provider's fields): one body, or the stream's chunks,
        for `endpoint` "chat" or "text", `model_id` without prefix, `prompt` for the usage estimate.
        """
        from litellm_py._mock import mock_payloads

        return mock_payloads(endpoint, model_id, text, prompt, stream=stream)

    def knows_model(self, model_id: str) -> bool:
        """Whether a bare model id (no "<provider>/" prefix) belongs to this provider."""
        return False

    def model_registry(self) -> ModelRegistry | None:
        """The registry of this provider's models, capabilities and prices, if it has one."""
        return None

    def tokenizer(self, model_id: str) -> Any:
        """An offline tokenizer for `model_id` (`encode`, `decode`, `count_messages`), or None."""
        return None

    def supports_json_schema(self, model_id: str) -> bool:
        """Whether chat accepts `response_format={"type": "json_schema", ...}` natively (else
        structured output uses JSON mode with the schema in the prompt)."""
        return False

    def supported_params(self, model_id: str) -> list[str]:
        """The OpenAI-style per-call parameters this provider accepts for `model_id`."""
        return []

    def handle_body(
        self,
        call: Call,
        status_code: int,
        headers: Mapping[str, str],
        body: bytes,
        response: Head | None = None,
    ) -> Any:
        """Status check, JSON decode and parse of a complete response body (no I/O); an
        error's `.response` is built from `response` (the answer) only on the error path."""
        if status_code >= 400:
            full = full_response(response, body)
            raise self.error_from_response(call, status_code, headers, body, full)
        request_id = headers.get("x-request-id")
        payload = decode_object(call, body, status_code, request_id)
        if "error" in payload and isinstance(payload["error"], dict):  # an in-band error
            raise inband_error(self, call, payload, headers, full_response(response, body))
        result = self.parse_response(call, payload)
        check_response_shape(call, result, request_id)
        self.check_complete(call, result)
        return result

    def check_complete(self, call: Call, response: Any) -> None:  # noqa: B027 - optional hook
        """Raise for a 2xx answer that is documented to be unusable (no I/O; default: none)."""

    # -- network shell: the only code written twice -------------------------------------------

    def send(self, call: Call) -> Any:
        """Send `call` (retrying per policy) and return the parsed response or an open stream."""
        request = self.build_request(call)
        _observe.stamp(call, request)
        try:  # the first attempt inline: a call that succeeds pays for no retry machinery
            return self._attempt(call, request)
        except APIError as exc:
            error = exc
        return _retry.retry_after(
            error,
            partial(self._attempt, call, request),  # not a lambda: no cells on the success path
            call.settings.max_retries,
            _observe.retry_hook(call),
        )

    async def asend(self, call: Call) -> Any:
        """Async twin of `send`."""
        request = self.build_request(call)
        _observe.stamp(call, request)
        try:
            return await self._aattempt(call, request)
        except APIError as exc:
            error = exc
        return await _retry.aretry_after(
            error,
            partial(self._aattempt, call, request),
            call.settings.max_retries,
            _observe.aretry_hook(call),
        )

    def _attempt(self, call: Call, request: httpx.Request) -> Any:
        deadline = time.monotonic() + call.settings.timeout
        try:
            response = self._pool.sync_client().send(request, stream=True)
            call.request_id = response.headers.get("x-request-id")
            if call.stream and is_event_stream(response):
                return call.tag(self.open_stream(call, response, deadline))
            try:
                body = read_body(call, response, deadline)
            finally:
                response.close()
        except httpx.RequestError:  # translated by the one context manager, entered only now
            with transport_errors(call):
                raise
        return call.tag(self.handle_complete_body(call, response, body))

    async def _aattempt(self, call: Call, request: httpx.Request) -> Any:
        deadline = time.monotonic() + call.settings.timeout
        try:
            response = await self._pool.async_client().send(request, stream=True)
            call.request_id = response.headers.get("x-request-id")
            if call.stream and is_event_stream(response):
                return call.tag(await self.open_astream(call, response, deadline).prime())
            try:  # a body that has all arrived is taken and released with nothing awaited
                body = arrived_body(call, response, deadline)
                if body is None:
                    body = await aread_body(call, response, deadline)
            finally:
                if not release_now(response):
                    await response.aclose()
        except httpx.RequestError:
            with transport_errors(call):
                raise
        return call.tag(self.handle_complete_body(call, response, body))

    def handle_complete_body(self, call: Call, response: Head, body: bytes) -> Any:
        """`handle_body`, refusing a 2xx non-SSE answer to a stream request (no I/O)."""
        result = self.handle_body(call, response.status_code, response.headers, body, response)
        if call.stream:
            raise not_a_stream(call, response.headers, body, result)
        return result

    def open_stream(self, call: Call, response: httpx.Response, deadline: float) -> Any:
        """Wrap an open 2xx streaming response (the stream owns and closes it)."""
        from litellm_py.streaming import Stream

        return Stream(self, call, response, deadline).prime()

    def open_astream(self, call: Call, response: Answer, deadline: float) -> Any:
        """Async twin of `open_stream`."""
        from litellm_py.streaming import AsyncStream

        return AsyncStream(self, call, response, deadline)

    def close(self) -> None:
        """Close this provider's sync connection pool."""
        self._pool.close()

    async def aclose(self) -> None:
        """Close this provider's async connection pool for the running event loop."""
        await self._pool.aclose()
