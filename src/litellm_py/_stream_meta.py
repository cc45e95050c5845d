"""What a call adds to a stream object: its ids, who answered, cache replay, provider events,
close callbacks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litellm_py._ids import CallIds

__all__ = ["StreamMeta"]


class StreamMeta(CallIds):
    """Mixin of `Stream` / `AsyncStream`: call metadata and callbacks run once at close."""

    _on_close: list[Callable[[Any], Any]]
    _obs: Any

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
