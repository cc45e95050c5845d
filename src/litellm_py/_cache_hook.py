"""The cache in front of a call, written once for both twins: look up, replay, store.

`completion()` / `text_completion()` and the Router call `prepare_cache`; when it returns
None (no cache configured, the common case) nothing else happens.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from litellm_py.exceptions import UnsupportedParamsError

__all__ = ["BYPASS", "CachedCall", "arun_cached", "prepare_cache", "replay_chunks", "run_cached"]

BYPASS = {"no-cache": True, "no-store": True}
"""Per-call cache options that skip the cache entirely (the Router's inner calls)."""
_OPTIONS = frozenset({"no-cache", "no-store", "ttl"})


def _module_cache() -> Any:
    """`litellm_py.cache` (read through getattr: module settings may live behind a hook)."""
    return getattr(sys.modules.get("litellm_py"), "cache", None)


def _options(value: Any) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not set(value) <= _OPTIONS:
        raise UnsupportedParamsError(
            f"cache={value!r}: per-call cache options are a dict with 'no-cache', 'no-store' "
            "or 'ttl', e.g. cache={'no-cache': True} or cache={'ttl': 60}"
        )
    return value


def prepare_cache(
    params: dict[str, Any], cache: Any, endpoint: str, model: str, args: Mapping[str, Any]
) -> CachedCall | None:
    """Pop the per-call `cache` option; the cached call, or None when no cache applies.

    `model` is a "<provider>/<model>" string, or "router:<model_name>" for a Router group.
    """
    options = _options(params.pop("cache", None))
    cache = cache if cache is not None else _module_cache()
    if cache is None or (options.get("no-cache") and options.get("no-store")):
        return None
    if not model.startswith("router:"):
        from litellm_py._registry import resolve_model

        provider, model_id = resolve_model(model)
        model = f"{provider.name}/{model_id}"
    return CachedCall(cache, options, endpoint, model, args, params)


class CachedCall:
    """One call's cache key and options, and the pure halves of lookup and store."""

    def __init__(
        self,
        cache: Any,
        options: Mapping[str, Any],
        endpoint: str,
        identity: str,
        args: Mapping[str, Any],
        params: Mapping[str, Any],
    ) -> None:
        from litellm_py.caching import cache_key

        self.cache = cache
        self.read = not options.get("no-cache")
        self.write = not options.get("no-store")
        self.ttl = options.get("ttl")
        self.endpoint = endpoint
        self.stream = bool(params.get("stream"))
        self.key = cache_key(endpoint, identity, args, params)

    def hit(self, text: str, *, is_async: bool) -> Any:
        """The cached answer as a response, or as a replayed stream for a stream request."""
        from litellm_py.types import ChatCompletion, ChatCompletionChunk, TextCompletion

        entry = json.loads(text)
        payload, meta = entry["response"], {"cache_hit": True, "answered_by": entry.get("by")}
        text_endpoint = self.endpoint == "text"
        if not self.stream:
            result: Any = (TextCompletion if text_endpoint else ChatCompletion)(payload)
        else:
            from litellm_py.streaming import AsyncStream, Stream

            chunk_cls = TextCompletion if text_endpoint else ChatCompletionChunk
            stream_cls = AsyncStream if is_async else Stream
            result = stream_cls.from_payloads(replay_chunks(payload), chunk_cls)
        result._meta = meta
        return result

    @staticmethod
    def entry(response: Any) -> str:
        """The JSON stored for a response."""
        return json.dumps({"response": response.model_dump(), "by": response.answered_by})

    def store_stream(self, stream: Any) -> Any:
        """Close callback of a stream: store its assembled answer if it ended normally."""
        core = stream._core
        if not (core.done and core.accumulator.finished):
            return None
        response = core.final_response()
        response._meta = getattr(stream, "_meta", None)
        if hasattr(stream, "aclose"):
            return self.cache.aset(self.key, self.entry(response), self.ttl)
        self.cache.set(self.key, self.entry(response), self.ttl)
        return None


def run_cached(cached: CachedCall, call: Callable[[], Any]) -> Any:
    """Serve from the cache or make the call and store its answer."""
    if cached.read:
        text = cached.cache.get(cached.key)
        if text is not None:
            return cached.hit(text, is_async=False)
    result = call()
    if cached.write:
        if cached.stream:
            result.add_close_callback(cached.store_stream)
        else:
            cached.cache.set(cached.key, cached.entry(result), cached.ttl)
    return result


async def arun_cached(cached: CachedCall, call: Callable[[], Awaitable[Any]]) -> Any:
    """Async twin of `run_cached`."""
    if cached.read:
        text = await cached.cache.aget(cached.key)
        if text is not None:
            return cached.hit(text, is_async=True)
    result = await call()
    if cached.write:
        if cached.stream:
            result.add_close_callback(cached.store_stream)
        else:
            await cached.cache.aset(cached.key, cached.entry(result), cached.ttl)
    return result


def replay_chunks(payload: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Stream chunks that assemble back into `payload`: one chunk per choice carrying its
    whole message (or text), usage on the last (DeepSeek's placement)."""
    text = payload.get("object") == "text_completion"
    header = {k: v for k, v in payload.items() if k not in ("choices", "usage", "object")}
    header["object"] = "text_completion" if text else "chat.completion.chunk"
    chunks = [{**header, "choices": [_replay_choice(c, text)]} for c in payload.get("choices", [])]
    if not chunks:
        chunks.append({**header, "choices": []})
    if payload.get("usage") is not None:
        chunks[-1]["usage"] = payload["usage"]
    return chunks


def _replay_choice(choice: Mapping[str, Any], text: bool) -> dict[str, Any]:
    out = {k: v for k, v in choice.items() if k != "message"}
    if text:
        return out
    delta = dict(choice.get("message") or {})
    if delta.get("tool_calls"):
        delta["tool_calls"] = [{**tc, "index": i} for i, tc in enumerate(delta["tool_calls"])]
    out["delta"] = delta
    return out
