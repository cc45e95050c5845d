"""The request `_request` builds: an `httpx.Request` whose httpx objects are made on demand.

The aiohttp backend sends `target`, `pairs()` and `content` as they are, so a call on it builds
no `httpx.Headers`, byte stream or extension dicts; `headers`, `stream` and `extensions` are made
on first access, for whatever needs httpx's objects (the httpx backend, respx, debug logging, an
error's `request`). Once `headers` has been made, it is the request's headers, changes included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from litellm_py._request import Target

__all__ = ["Pairs", "WireRequest", "set_header"]

Pairs = list[tuple[str, str]]


class WireRequest(httpx.Request):
    """An `httpx.Request` made from its parts, its httpx objects made only when asked for.

    `target` is the URL string sent, `pairs` the headers in order (`Host` first,
    `Content-Length` as httpx adds it), `content` the body and `timeouts` (pool, connect, read).
    Once `headers` has been asked for, it is the request's headers, changes included.
    """

    def __init__(
        self,
        method: str,
        target: Target,
        pairs: Pairs,
        content: bytes,
        timeouts: tuple[float, float, float],
        encoding: str = "ascii",
        names: frozenset[str] | None = None,
    ) -> None:
        self.method = method
        self.url = target.url
        self.target = target.sent
        self._pairs: Pairs | None = pairs
        self._encoding = encoding
        self._headers: httpx.Headers | None = None
        self._content = content
        self._stream: httpx.ByteStream | None = None
        self._extensions: dict[str, Any] | None = None
        self._names = names  # every lower-case name in `pairs`, when known
        self._framed = names is None or "transfer-encoding" in names
        self.timeouts = timeouts

    @property
    def headers(self) -> httpx.Headers:
        """httpx's headers of this request, made on first access."""
        headers = self._headers
        if headers is None:
            encoding = None if self._encoding == "ascii" else self._encoding
            headers = self._headers = httpx.Headers(self._pairs, encoding)
            self._pairs = None
        return headers

    @headers.setter
    def headers(self, value: httpx.Headers) -> None:
        self._headers = httpx.Headers(value)
        self._pairs = None

    def pairs(self) -> Pairs:
        """The headers as `str` pairs, in the order they are sent."""
        if self._pairs is not None:
            return self._pairs
        headers = self.headers
        encoding = headers.encoding
        return [(k.decode(encoding), v.decode(encoding)) for k, v in headers.raw]

    def unframed_pairs(self) -> Pairs:
        """`pairs()` without `Transfer-Encoding`, for a transport that frames the body itself."""
        pairs = self.pairs()
        if self._framed or self._pairs is None:
            return [(key, value) for key, value in pairs if key.lower() != "transfer-encoding"]
        return pairs

    def plain_timeouts(self) -> tuple[float, float, float] | None:
        """(pool, connect, read) timeouts, unless `extensions` was asked for (and maybe changed)."""
        return self.timeouts if self._extensions is None else None

    def set_header(self, name: str, value: str) -> None:
        """`headers[name] = value` (the first of that name replaced, the others dropped)."""
        pairs, names = self._pairs, self._names
        if pairs is None or not (name.isascii() and value.isascii()):
            self.headers[name] = value
            return
        lower = name.lower()
        self._framed = self._framed or lower == "transfer-encoding"
        if names is not None and lower not in names:
            pairs.append((name, value))
            self._names = None  # `pairs` has a name more
            return
        found = [i for i, (key, _) in enumerate(pairs) if key.lower() == lower]
        if not found:
            pairs.append((name, value))
            return
        pairs[found[0]] = (name, value)
        for index in reversed(found[1:]):
            del pairs[index]

    @property
    def stream(self) -> httpx.ByteStream:
        """The body as httpx's byte stream, made on first access."""
        if self._stream is None:
            self._stream = httpx.ByteStream(self._content)
        return self._stream

    @stream.setter
    def stream(self, value: Any) -> None:
        self._stream = value

    @property
    def extensions(self) -> dict[str, Any]:
        """httpx's `timeout` extension of the attempt's timeouts, made on first access."""
        if self._extensions is None:
            pool, connect, read = self.timeouts
            self._extensions = {
                "timeout": {"connect": connect, "read": read, "write": connect, "pool": pool}
            }
        return self._extensions

    @extensions.setter
    def extensions(self, value: dict[str, Any]) -> None:
        self._extensions = value

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        for name in ("_stream", "_extensions"):
            state.pop(name, None)
        return state


def set_header(request: httpx.Request, name: str, value: str) -> None:
    """`request.headers[name] = value`, without making httpx's headers of a `WireRequest`."""
    if isinstance(request, WireRequest):
        request.set_header(name, value)
    else:
        request.headers[name] = value
