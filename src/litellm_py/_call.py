"""`Call`: everything one API call needs, gathered once by `_api` and handed to a provider."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from litellm_py._ids import CallIds, meta_of
from litellm_py._lean import FACTORY, lean
from litellm_py._settings import ClientSettings

__all__ = ["DEFAULT_PROGRESS_TIMEOUT", "Call"]

DEFAULT_PROGRESS_TIMEOUT = 300.0
"""Streams: the longest wait for the first or the next chunk (keep-alives do not count)."""


@lean(slots=True)
class Call:
    """One call, after the provider-neutral arguments have been separated out.

    Attributes:
        provider: registered provider name.
        model: the provider's model id (prefix removed).
        endpoint: "chat", "text", "models" or "balance".
        settings: resolved connection settings.
        params: the remaining per-call parameters, still in the caller's spelling.
        messages: chat messages (dicts or Message objects) for "chat".
        stream: whether the caller asked for a stream.
        drop_params: drop what the provider does not accept instead of raising.
        extra_headers: headers merged over the provider's.
        extra_body: JSON merged verbatim over the request body.
        metadata: caller data for callbacks; never sent.
        progress_timeout: for streams, the longest wait for the first or the next chunk.
        correlation_id: the call's id, sent as X-Client-Request-Id (see `_observe`).
        observer: the call's `Observer` when anything watches it, else None.
        max_response_bytes: this call's limit on a response body (None: the global one).
        max_event_bytes: this call's limit on one server-sent event (None: the global one).
        max_decompression_ratio: this call's limit on decoded per compressed bytes (None: global).
        request_id: the server's `x-request-id` on its latest answer (set by each attempt).
    """

    provider: str
    model: str
    endpoint: str
    settings: ClientSettings
    params: dict[str, Any] = field(default_factory=dict)
    messages: list[Any] | None = None
    stream: bool = False
    drop_params: bool = False
    extra_headers: dict[str, str] | None = None
    extra_body: dict[str, Any] | None = None
    metadata: dict[str, Any] | None = None
    progress_timeout: float | None = None
    correlation_id: str = field(default_factory=lambda: _new_id())
    observer: Any = None
    max_response_bytes: int | None = None
    max_event_bytes: int | None = None
    max_decompression_ratio: int | None = None
    request_id: str | None = None

    def __init__(  # written out: a `Call` is built on every call (see `_lean`)
        self,
        provider: str,
        model: str,
        endpoint: str,
        settings: ClientSettings,
        params: dict[str, Any] = FACTORY,
        messages: list[Any] | None = None,
        stream: bool = False,
        drop_params: bool = False,
        extra_headers: dict[str, str] | None = None,
        extra_body: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
        progress_timeout: float | None = None,
        correlation_id: str = FACTORY,
        observer: Any = None,
        max_response_bytes: int | None = None,
        max_event_bytes: int | None = None,
        max_decompression_ratio: int | None = None,
        request_id: str | None = None,
    ) -> None:
        self.provider = provider
        self.model = model
        self.endpoint = endpoint
        self.settings = settings
        self.params = {} if params is FACTORY else params
        self.messages = messages
        self.stream = stream
        self.drop_params = drop_params
        self.extra_headers = extra_headers
        self.extra_body = extra_body
        self.metadata = metadata
        self.progress_timeout = progress_timeout
        self.correlation_id = _new_id() if correlation_id is FACTORY else correlation_id
        self.observer = observer
        self.max_response_bytes = max_response_bytes
        self.max_event_bytes = max_event_bytes
        self.max_decompression_ratio = max_decompression_ratio
        self.request_id = request_id

    def tag(self, result: Any) -> Any:
        """Put the call's correlation id and the server's request id on what it returned (a
        response, a stream, a stream's assembled response); never part of `model_dump()`."""
        meta = meta_of(result) if isinstance(result, CallIds) else None
        if meta is not None:
            meta["correlation_id"] = self.correlation_id
            meta["request_id"] = self.request_id
        return result


def _new_id() -> str:
    import uuid  # here: `prepare_call` always passes an id, and uuid imports `platform`

    return uuid.uuid4().hex
