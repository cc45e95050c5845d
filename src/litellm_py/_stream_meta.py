"""What a call adds to a stream object: its ids, who answered, cache replay, provider events,
close callbacks; and the state both stream classes start with."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from litellm_py._ids import CallIds
from litellm_py._stream_core import StreamCore

if TYPE_CHECKING:
    from typing_extensions import Self

    from litellm_py._call import Call
    from litellm_py.providers.base import BaseProvider

__all__ = ["StreamMeta"]


class StreamMeta(CallIds):
    """Mixin of `Stream` / `AsyncStream`: call metadata and callbacks run once at close."""

    _on_close: list[Callable[[Any], Any]]
    _obs: Any
    _core: StreamCore
    _response: Any  # an httpx.Response (sync) or an Answer (async), None for a replay
    _closed: bool

    def _open(
        self,
        provider: BaseProvider | None,
        call: Call | None,
        response: Any,
        deadline: float | None,
        parse: Callable[[dict[str, Any]], Any] | None,
    ) -> None:
        """Set the state both twins start with; `parse` defaults to the provider's parser."""
        if parse is None:
            assert provider is not None
            assert call is not None
            parse = functools.partial(provider.parse_stream_chunk, call)
        charset = response.charset_encoding if response is not None else None
        self._core = StreamCore(parse, provider, call, deadline, charset=charset)
        self._response = response
        self._closed = response is None
        self._on_close = []
        self._obs = None

    def _replay(self, payloads: list[dict[str, Any]]) -> Self:
        """This stream, yielding `payloads` (chunks already in memory) and nothing else."""
        self._core.pending.extend(payloads)
        self._core.done = True
        return self

    @property
    def answered_by(self) -> str | None:
        """The model string that is answering (differs from the request after a fallback)."""
        meta: dict[str, Any] | None = getattr(self, "_meta", None)
        return None if meta is None else meta.get("answered_by")

    def attach_observer(self, observer: Any) -> None:
        """Report this stream's chunks and its end (or cut, or early close) to `observer`."""
        self._obs = observer

    @property
    def cache_hit(self) -> bool:
        """Whether this stream replays a cached answer."""
        meta: dict[str, Any] | None = getattr(self, "_meta", None)
        return bool(meta and meta.get("cache_hit"))

    @property
    def provider_events(self) -> list[dict[str, Any]] | None:
        """For a translated wire (e.g. the Messages API): every event as received so far, in
        order (pings included); None when the events are OpenAI chunks already."""
        translate = getattr(getattr(self, "_core", None), "translate", None)
        events: list[dict[str, Any]] | None = getattr(translate, "events", None)
        return events

    def add_close_callback(self, callback: Callable[[Any], Any]) -> None:
        """Call `callback(stream)` once when the stream ends or is closed (router slots, cache);
        on an `AsyncStream` a callback may return an awaitable, which is awaited."""
        self._on_close.append(callback)

    def _take_close_callbacks(self) -> list[Callable[[Any], Any]]:
        callbacks, self._on_close = self._on_close, []
        return callbacks
