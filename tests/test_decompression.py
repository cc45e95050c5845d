"""Compressed bodies are decoded in bounded steps, and a compression bomb is refused early.

A 0.3 MB gzip body that expands to 300 MB must stop with `ResponseTooLargeError` while the
client holds a few MiB at most (traced with `tracemalloc`), streamed or not, sync and async, on
both async backends. Normal gzip / deflate bodies decode exactly as before, and the ratio limit
is set per call, globally or by environment variable.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import os
import tracemalloc
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from litellm_py import _limits
from litellm_py._decompress import STEP, Decoder, codings, decoded
from litellm_py.exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    ConfigurationError,
    ResponseTooLargeError,
)
from tests.raw_server import CHAT, RawServer, chat_args, raw_answer
from tests.support import call_completion, collect

BOMB_SIZE = 300 * 1024 * 1024
PEAK_BOUND = 64 * 1024 * 1024  # far below the 300 MB the bomb expands to

CHUNK = {**CHAT, "object": "chat.completion.chunk", "usage": None}
CHUNK["choices"] = [{"index": 0, "delta": {"content": "squeezed"}, "finish_reason": None}]
END = {**CHUNK, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}


def compress(parts: Iterator[bytes], wbits: int) -> bytes:
    """`parts` compressed without ever holding them all (the bomb is never in memory)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return b"".join([*(compressor.compress(part) for part in parts), compressor.flush()])


@functools.cache
def bomb(byte: bytes) -> bytes:
    """~0.3 MB of gzip that decodes to 300 MiB of `byte`."""
    block = byte * (1024 * 1024)
    return compress((block for _ in range(BOMB_SIZE // len(block))), zlib.MAX_WBITS | 16)


def event(payload: Any) -> bytes:
    return f"data: {json.dumps(payload)}\n\n".encode()


SSE = event(CHUNK) + event(END) + b"data: [DONE]\n\n"


async def call(mode: str, answer: bytes, **kwargs: Any) -> Any:
    """One call against a raw server that sends `answer`; a stream is read to its end."""
    with RawServer(lambda connection, request: answer) as server:
        result = await call_completion(mode, **chat_args(server), **kwargs)
        if kwargs.get("stream"):
            return await collect(mode, result)
        return result


async def traced_refusal(mode: str, answer: bytes, match: str, **kwargs: Any) -> int:
    """The call fails with `ResponseTooLargeError` naming `match`; returns the traced peak."""
    tracemalloc.start()
    try:
        with pytest.raises(ResponseTooLargeError, match=match):
            await call(mode, answer, **kwargs)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# -- on the wire: both backends, sync and async ------------------------------------------------


@pytest.mark.loopback
async def test_a_gzip_bomb_body_stops_at_the_ratio_with_little_memory(mode: str) -> None:
    answer = raw_answer(bomb(b" "), content_type="application/json", content_encoding="gzip")
    assert len(bomb(b" ")) < 400_000
    peak = await traced_refusal(mode, answer, "max_decompression_ratio")
    assert peak < PEAK_BOUND


@functools.cache
def stream_bomb() -> bytes:
    """A valid first event, then 300 MiB of blank lines: nothing for the event limit to catch."""
    block = b"\n" * (1024 * 1024)
    blanks = (block for _ in range(BOMB_SIZE // len(block)))
    return compress(itertools.chain([event(CHUNK)], blanks), zlib.MAX_WBITS | 16)


@pytest.mark.loopback
async def test_a_gzip_bomb_stream_stops_at_the_ratio_with_little_memory(mode: str) -> None:
    answer = raw_answer(stream_bomb(), content_encoding="gzip")
    peak = await traced_refusal(mode, answer, "max_decompression_ratio", stream=True)
    assert peak < PEAK_BOUND


@pytest.mark.loopback
async def test_a_per_call_ratio_lets_the_bomb_reach_the_body_limit(mode: str) -> None:
    answer = raw_answer(bomb(b" "), content_type="application/json", content_encoding="gzip")
    peak = await traced_refusal(
        mode,
        answer,
        "max_response_bytes",
        max_decompression_ratio=5000,
        max_response_bytes=8_000_000,
    )
    assert peak < PEAK_BOUND


@pytest.mark.loopback
async def test_a_per_call_ratio_refuses_a_body_the_default_accepts(mode: str) -> None:
    # ~2.4 MB that gzip squeezes ~140:1: past the 1 MiB floor, well under the default ratio.
    padded = {**CHAT, "padding": "".join(f"w{i % 1000} " for i in range(500_000))}
    body = gzip.compress(json.dumps(padded).encode())
    answer = raw_answer(body, content_type="application/json", content_encoding="gzip")
    result = await call(mode, answer)
    assert result.choices[0].message.content == "raw answer"
    with pytest.raises(ResponseTooLargeError, match="max_decompression_ratio"):
        await call(mode, answer, max_decompression_ratio=50)


ENCODED = {
    "gzip": lambda data: gzip.compress(data),
    "deflate": lambda data: zlib.compress(data),
    "raw-deflate": lambda data: compress(iter([data]), -zlib.MAX_WBITS),
    "deflate, gzip": lambda data: gzip.compress(zlib.compress(data)),
}


@pytest.mark.loopback
@pytest.mark.parametrize("coding", list(ENCODED))
async def test_compressed_bodies_decode_as_before(mode: str, coding: str) -> None:
    header = "deflate" if coding == "raw-deflate" else coding
    body = ENCODED[coding](json.dumps(CHAT).encode())
    answer = raw_answer(body, content_type="application/json", content_encoding=header)
    plain = await call(mode, raw_answer(json.dumps(CHAT).encode(), "application/json"))
    result = await call(mode, answer)
    assert result.model_dump() == plain.model_dump()
    assert result.choices[0].message.content == "raw answer"


@pytest.mark.loopback
@pytest.mark.parametrize("coding", list(ENCODED))
async def test_compressed_streams_decode_as_before(mode: str, coding: str) -> None:
    header = "deflate" if coding == "raw-deflate" else coding
    answer = raw_answer(ENCODED[coding](SSE), content_encoding=header)
    chunks = await call(mode, answer, stream=True)
    assert [c.choices[0].delta.content for c in chunks] == ["squeezed", None]
    assert chunks[-1].choices[0].finish_reason == "stop"


def two_coding_lines(body: bytes, content_type: str) -> bytes:
    """`body` deflated then gzipped, each coding on its own Content-Encoding header line."""
    encoded = gzip.compress(zlib.compress(body))
    head = (
        f"HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {len(encoded)}\r\n"
        "content-encoding: deflate\r\ncontent-encoding: gzip\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + encoded


@pytest.mark.loopback
async def test_codings_on_several_header_lines_are_all_undone(mode: str) -> None:
    result = await call(mode, two_coding_lines(json.dumps(CHAT).encode(), "application/json"))
    assert result.choices[0].message.content == "raw answer"
    chunks = await call(mode, two_coding_lines(SSE, "text/event-stream"), stream=True)
    assert [c.choices[0].delta.content for c in chunks] == ["squeezed", None]


@pytest.mark.loopback
async def test_a_corrupt_gzip_stream_is_the_typed_error_it_was(mode: str) -> None:
    corrupt = gzip.compress(SSE)[:10] + b"\x00garbage, not deflate" * 4
    with pytest.raises(APIConnectionError, match="DecodingError"):
        await call(mode, raw_answer(corrupt, content_encoding="gzip"), stream=True)


# -- the decoder itself ------------------------------------------------------------------------


def test_every_step_is_bounded_and_the_output_is_exact() -> None:
    data = bytes(range(256)) * 4000 + b"\0" * 3_000_000
    packed = gzip.compress(data)
    decoder = Decoder(None, ["gzip"])
    pieces = [p for i in range(0, len(packed), 7000) for p in decoder.decode(packed[i : i + 7000])]
    pieces += list(decoder.flush())
    assert max(len(p) for p in pieces) <= STEP
    assert b"".join(pieces) == data


def test_codings_in_order_and_unknown_ones_pass_through() -> None:
    assert codings(
        httpx.Headers([("content-encoding", "deflate"), ("content-encoding", "GZIP")])
    ) == [
        "deflate",
        "gzip",
    ]
    assert codings({"content-encoding": "br"}) == []
    raw = iter([b"as", b"is"])
    assert decoded(None, {"content-encoding": "identity, br"}, raw) is raw


def test_a_corrupt_body_raises_httpx_decoding_error() -> None:
    decoder = Decoder(None, ["gzip"])
    with pytest.raises(httpx.DecodingError):
        list(decoder.decode(b"\x1f\x8b\x08\x00garbage" * 10))


def test_trailing_bytes_after_the_end_are_dropped() -> None:
    decoder = Decoder(None, ["gzip"])
    out = b"".join(decoder.decode(gzip.compress(b"done") + b"x" * 1000))
    for _ in range(100):  # later reads are not kept anywhere
        out += b"".join(decoder.decode(b"x" * 100_000))
    assert out + b"".join(decoder.flush()) == b"done"
    assert len(decoder.layers[0].zobj.unused_data) == 1000


def test_the_ratio_limit_is_set_per_call_globally_or_by_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _limits.ratio_limit() == _limits.DEFAULT_MAX_DECOMPRESSION_RATIO == 1000
    monkeypatch.setenv("LITELLM_PY_MAX_DECOMPRESSION_RATIO", "300")
    assert _limits.ratio_limit() == 300
    monkeypatch.setattr(_limits, "max_decompression_ratio", 200)
    assert _limits.ratio_limit() == 200
    assert _limits.ratio_limit(50) == 50
    monkeypatch.setenv("LITELLM_PY_MAX_DECOMPRESSION_RATIO", "lots")
    monkeypatch.setattr(_limits, "max_decompression_ratio", None)
    with pytest.raises(ConfigurationError, match="LITELLM_PY_MAX_DECOMPRESSION_RATIO"):
        _limits.ratio_limit()
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ConfigurationError, match="max_decompression_ratio"):
            _limits.ratio_limit(bad)


def test_the_limits_read_the_environment_as_os_environ_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = "LITELLM_PY_MAX_RESPONSE_BYTES"
    monkeypatch.delenv(name, raising=False)
    assert _limits.body_limit() == _limits.DEFAULT_MAX_RESPONSE_BYTES
    monkeypatch.setenv(name, "123")
    assert _limits.body_limit() == 123
    monkeypatch.setenv(name, "  ")  # blank: the default
    assert _limits.body_limit() == _limits.DEFAULT_MAX_RESPONSE_BYTES
    monkeypatch.delenv(name)
    assert _limits.body_limit() == _limits.DEFAULT_MAX_RESPONSE_BYTES
    monkeypatch.setenv("LITELLM_PY_TEST_ÄNV", "é")
    for key in (name, "LITELLM_PY_TEST_ÄNV", "PATH", "NO_SUCH_VARIABLE_HERE"):
        assert _limits._environ_get(key) == os.environ.get(key)
    monkeypatch.setattr(os, "environ", {name: "77"})  # a plain mapping in its place
    assert _limits.body_limit() == 77


def test_the_ratio_error_is_a_validation_error_that_is_not_retried() -> None:
    decoder = Decoder(None, ["gzip"])
    with pytest.raises(APIResponseValidationError, match="1000:1") as caught:
        for _ in decoder.decode(bomb(b" ")):
            pass
    assert not caught.value.is_retryable
    assert decoder.out < 2 * _limits.DECOMPRESSION_RATIO_FLOOR
