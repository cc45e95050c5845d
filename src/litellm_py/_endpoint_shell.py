"""`EndpointShell`: send a non-chat endpoint (Responses, Files) through a provider's machinery.

The shell borrows the provider's connection pool, settings, error mapping (and key redaction)
and the network shell of `BaseProvider` (retries, deadlines, streams); an `EndpointWire`
supplies only the pure translation. So no provider is edited to gain an endpoint: it declares
the endpoint's name in `BaseProvider.extra_endpoints`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from litellm_py import _request
from litellm_py._call import DEFAULT_PROGRESS_TIMEOUT
from litellm_py.exceptions import UnsupportedEndpointError
from litellm_py.providers.base import BaseProvider

if TYPE_CHECKING:
    import httpx

    from litellm_py._answer import Answer
    from litellm_py._call import Call
    from litellm_py._settings import ClientSettings
    from litellm_py.exceptions import APIStatusError

__all__ = ["EndpointShell", "EndpointWire", "bearer_request", "shell_for"]

# Codes of in-band `error` events -> the status whose error class they deserve.
_EVENT_STATUS = {
    "rate_limit_exceeded": 429,
    "invalid_request_error": 400,
    "server_overloaded": 503,
    "insufficient_quota": 402,
}


class EndpointWire(Protocol):
    """The pure translation of one endpoint."""

    endpoint: str

    def build_request(self, call: Call) -> httpx.Request: ...

    def parse_response(self, call: Call, payload: dict[str, Any]) -> Any: ...

    def parse_event(self, call: Call, payload: dict[str, Any]) -> Any: ...

    def stream_accumulator(self, call: Call) -> Any: ...


def bearer_request(
    method: str,
    url: str,
    call: Call,
    *,
    body: Mapping[str, Any] | None = None,
    upload: Any = None,
) -> httpx.Request:
    """A request with `Authorization: Bearer <key>` and the attempt's timeouts.

    `upload` (a `MultipartStream`) is sent as a streamed body instead of JSON `body`.
    """
    settings: ClientSettings = call.settings
    key = settings.key()
    progress = call.progress_timeout or DEFAULT_PROGRESS_TIMEOUT
    request = _request.build_http_request(
        method,
        url,
        settings,
        body,
        call.extra_headers,
        auth=None if key is None else ("authorization", f"Bearer {key}"),
        stream=call.stream,
        read_timeout=progress if call.stream else None,
    )
    if upload is None:
        return request
    import httpx

    headers = httpx.Headers(request.headers)
    headers["content-type"] = upload.content_type
    length = upload.content_length()
    if length is None:  # size unknown (a one-shot stream): chunked, no Content-Length: 0
        headers.pop("content-length", None)
        headers["transfer-encoding"] = "chunked"
    else:
        headers["content-length"] = str(length)
    return httpx.Request(
        method, request.url, headers=headers, stream=upload, extensions=request.extensions
    )


class EndpointShell(BaseProvider):
    """A provider's pool, settings and errors, speaking `wire` instead of chat."""

    def __init__(self, inner: BaseProvider, wire: EndpointWire) -> None:
        # No super().__init__(): the shell owns nothing; it shares the provider's pool.
        self._inner = inner
        self._wire = wire
        self._pool = inner._pool

    def build_request(self, call: Call) -> httpx.Request:
        return self._wire.build_request(call)

    def parse_response(self, call: Call, payload: dict[str, Any]) -> Any:
        return self._wire.parse_response(call, payload)

    def parse_stream_chunk(self, call: Call, payload: dict[str, Any]) -> Any:
        if payload.get("type") == "error":  # Responses' in-band error event
            status = _EVENT_STATUS.get(str(payload.get("code")), 500)
            body = json.dumps({"error": payload}).encode()
            raise self.error_from_response(call, status, {}, body)
        return self._wire.parse_event(call, payload)

    def error_from_response(self, *args: Any, **kwargs: Any) -> APIStatusError:
        return self._inner.error_from_response(*args, **kwargs)

    def inband_status(self, error: Mapping[str, Any]) -> int:
        return self._inner.inband_status(error)

    def open_stream(self, call: Call, response: httpx.Response, deadline: float) -> Any:
        from litellm_py.streaming import Stream

        stream: Stream[Any] = Stream(self, call, response, deadline)
        stream._core.accumulator = self._wire.stream_accumulator(call)
        return stream.prime()

    def open_astream(self, call: Call, response: Answer, deadline: float) -> Any:
        from litellm_py.streaming import AsyncStream

        stream: AsyncStream[Any] = AsyncStream(self, call, response, deadline)
        stream._core.accumulator = self._wire.stream_accumulator(call)
        return stream


def shell_for(provider: BaseProvider, wire: EndpointWire) -> EndpointShell:
    """The shell for `wire` on `provider`, or a typed refusal when the provider lacks it."""
    if wire.endpoint not in provider.extra_endpoints:
        raise UnsupportedEndpointError(
            f"{provider.name} has no {wire.endpoint} endpoint in litellm_py; "
            "use a provider that offers it",
            param=wire.endpoint,
            provider=provider.name,
        )
    return EndpointShell(provider, wire)
