"""Undoing a body's Content-Encoding in bounded steps, with a guard against compression bombs.

httpx's decoders expand a whole network read at once: 64 KiB of gzip can become 64 MiB before a
size limit sees a byte of it. Here every step yields at most `STEP` decoded bytes, so the body and
event limits check each piece, and a body expanding past `max_decompression_ratio` decoded bytes
per compressed byte (once `DECOMPRESSION_RATIO_FLOOR` bytes are out) raises
`ResponseTooLargeError`. gzip and deflate are decoded; any other coding is passed through as is,
as httpx does for codings it has no decoder for. Used by both backends, streamed or not.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING

import httpx

from litellm_py._limits import DECOMPRESSION_RATIO_FLOOR, ratio_limit
from litellm_py.exceptions import ResponseTooLargeError

if TYPE_CHECKING:
    from litellm_py._answer import Answer
    from litellm_py._call import Call

__all__ = ["STEP", "Decoder", "adecoded", "aiter_body", "codings", "decoded", "iter_body"]

STEP = 64 * 1024
"""The most decoded bytes one step produces."""

_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


def codings(headers: Mapping[str, str]) -> list[str]:
    """The codings of `Content-Encoding` this module decodes, in the order they were applied
    (every header line, as httpx joins them)."""
    value = headers.get("content-encoding")
    if not value:
        return []
    getall = getattr(headers, "getall", None)
    if getall is not None:  # aiohttp's headers: `get` is the first of several lines only
        value = ",".join(getall("content-encoding"))
    names = (name.strip().lower() for name in value.split(","))
    return [name for name in names if name in _WBITS]


class _Layer:
    """One coding's zlib state; "deflate" falls back to raw deflate, as httpx does."""

    __slots__ = ("fallback", "zobj")

    def __init__(self, coding: str) -> None:
        self.zobj = zlib.decompressobj(_WBITS[coding])
        self.fallback = coding == "deflate"  # some servers send deflate without the zlib header

    def step(self, data: bytes) -> bytes:
        """At most `STEP` bytes decoded from `data` (the rest stays in `zobj.unconsumed_tail`)."""
        try:
            piece = self.zobj.decompress(data, STEP)
        except zlib.error as exc:
            if not self.fallback:
                raise httpx.DecodingError(str(exc)) from exc
            self.zobj = zlib.decompressobj(-zlib.MAX_WBITS)
            self.fallback = False
            return self.step(data)
        if data:
            self.fallback = False
        return piece


class Decoder:
    """A body's codings undone step by step, counting bytes in and out for the ratio guard."""

    __slots__ = ("call", "layers", "out", "ratio", "raw")

    def __init__(self, call: Call | None, names: list[str]) -> None:
        self.call = call
        self.layers = [_Layer(name) for name in reversed(names)]
        self.ratio = ratio_limit(call.max_decompression_ratio if call is not None else None)
        self.raw = 0
        self.out = 0

    def decode(self, data: bytes) -> Iterator[bytes]:
        """The decoded pieces of one network read, produced lazily."""
        return self._pump(0, data)

    def flush(self) -> Iterator[bytes]:
        """What the layers still hold once the body has ended."""
        for index in range(len(self.layers)):
            yield from self._pump(index, b"")

    def _pump(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self.layers):
            self.out += len(data)
            self._check()
            yield data
            return
        layer = self.layers[index]
        while not layer.zobj.eof:  # after the end, trailing bytes are dropped (as httpx does)
            piece = layer.step(data)
            if index == 0:
                self.raw += len(data) - len(layer.zobj.unconsumed_tail)
            data = layer.zobj.unconsumed_tail
            if piece:
                yield from self._pump(index + 1, piece)
            if not data and len(piece) < STEP:
                return

    def _check(self) -> None:
        if self.out > DECOMPRESSION_RATIO_FLOOR and self.out > self.ratio * max(self.raw, 1):
            provider = self.call.provider if self.call is not None else "the server"
            raise ResponseTooLargeError(
                f"{provider}'s compressed response expands more than {self.ratio}:1 "
                "(max_decompression_ratio; raise it per call or in litellm_py._limits); "
                "the rest was not decoded",
                provider=provider,
                model=self.call.model if self.call is not None else None,
            )


class _Pieces:
    """Decoded pieces of a raw byte iterator: the state both twins share."""

    def __init__(self, decoder: Decoder) -> None:
        self._decoder = decoder
        self._out: Iterator[bytes] = iter(())
        self._ended = False

    def _take(self) -> bytes | None:
        return next(self._out, None)

    def _feed(self, data: bytes | None) -> None:
        if data is None:
            self._ended = True
            self._out = self._decoder.flush()
        else:
            self._out = self._decoder.decode(data)


class _Decoded(_Pieces):
    def __init__(self, decoder: Decoder, raw: Iterator[bytes]) -> None:
        super().__init__(decoder)
        self._raw = raw

    def __iter__(self) -> _Decoded:
        return self

    def __next__(self) -> bytes:
        while (piece := self._take()) is None:
            if self._ended:
                raise StopIteration
            self._feed(next(self._raw, None))
        return piece


class _ADecoded(_Pieces):
    def __init__(self, decoder: Decoder, raw: AsyncIterator[bytes]) -> None:
        super().__init__(decoder)
        self._raw = raw

    def __aiter__(self) -> _ADecoded:
        return self

    async def __anext__(self) -> bytes:
        while (piece := self._take()) is None:
            if self._ended:
                raise StopAsyncIteration
            self._feed(await anext(self._raw, None))
        return piece


def decoded(call: Call | None, headers: Mapping[str, str], raw: Iterator[bytes]) -> Iterator[bytes]:
    """The body of `raw` (its network reads) with its Content-Encoding undone in bounded steps."""
    names = codings(headers)
    return _Decoded(Decoder(call, names), raw) if names else raw


def adecoded(
    call: Call | None, headers: Mapping[str, str], raw: AsyncIterator[bytes]
) -> AsyncIterator[bytes]:
    """Async twin of `decoded`."""
    names = codings(headers)
    return _ADecoded(Decoder(call, names), raw) if names else raw


def iter_body(call: Call | None, response: httpx.Response) -> Iterator[bytes]:
    """An httpx response's body, decoded in bounded steps (the hook for body and stream reads)."""
    return decoded(call, response.headers, response.iter_raw())


def aiter_body(call: Call | None, response: Answer) -> AsyncIterator[bytes]:
    """Async twin of `iter_body`."""
    return adecoded(call, response.headers, response.aiter_raw())
