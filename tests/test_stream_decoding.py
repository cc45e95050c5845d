"""Stream decoding that used to drop or corrupt output, and the memory limits, on the wire.

Each case is served byte for byte by the raw loopback server, so it runs sync and async on both
async backends: a BOM before the first event, events that are JSON but not objects, `event: error`
frames without an error object, invalid UTF-8, a latin-1 stream, and the body / event limits.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest

from litellm_py import _limits
from litellm_py.exceptions import (
    APIResponseValidationError,
    InternalServerError,
    ResponseTooLargeError,
)
from tests.raw_server import RawServer, raw_answer
from tests.support import call_completion, collect, fixture_bytes

pytestmark = pytest.mark.loopback

CHUNK = {
    "id": "c1",
    "object": "chat.completion.chunk",
    "created": 1767225600,
    "model": "deepseek-flash",
    "choices": [{"index": 0, "delta": {"content": "héllo"}, "finish_reason": None}],
}
END = {**CHUNK, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}


def event(payload: Any, name: str | None = None) -> bytes:
    head = f"event: {name}\n" if name else ""
    return (head + "data: " + json.dumps(payload, ensure_ascii=False) + "\n\n").encode()


def done() -> bytes:
    return b"data: [DONE]\n\n"


async def run(mode: str, answer: bytes, **kwargs: Any) -> list[Any]:
    with RawServer(lambda connection, request: answer) as server:
        stream = await call_completion(
            mode,
            model="deepseek/deepseek-flash",
            messages=[{"role": "user", "content": "hi"}],
            api_base=server.url,
            api_key="sk-raw",
            num_retries=0,
            stream=True,
            **kwargs,
        )
        return await collect(mode, stream)


def text(chunks: list[Any]) -> str:
    return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


async def test_a_bom_before_the_first_event_keeps_that_event(mode: str) -> None:
    body = b"\xef\xbb\xbf" + event(CHUNK) + event(END) + done()
    assert text(await run(mode, raw_answer(body))) == "héllo"


@pytest.mark.parametrize("payload", [[1, 2], 42, None, "x"], ids=["list", "int", "null", "str"])
async def test_json_that_is_not_an_object_is_a_typed_error(mode: str, payload: Any) -> None:
    body = event(CHUNK) + event(payload) + event(END) + done()
    with pytest.raises(APIResponseValidationError, match="not an object") as caught:
        await run(mode, raw_answer(body))
    assert caught.value.partial_response is not None  # the chunk before it is kept


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (event({"error": "boom"}), "boom"),
        (event({"message": "overloaded", "code": "x"}, name="error"), "overloaded"),
        (event({"detail": "no error object"}, name="error"), "no error object"),
    ],
    ids=["string-error", "event-error-message", "event-error-other"],
)
async def test_error_frames_keep_their_text(mode: str, frame: bytes, message: str) -> None:
    with pytest.raises(InternalServerError, match=message):
        await run(mode, raw_answer(frame))


async def test_invalid_utf8_is_a_typed_error_not_replacement_characters(mode: str) -> None:
    bad = event(CHUNK).replace("héllo".encode(), b"h\xe9llo")
    with pytest.raises(APIResponseValidationError, match="not JSON"):
        await run(mode, raw_answer(bad + event(END) + done()))


async def test_a_latin1_stream_is_decoded_with_its_charset(mode: str) -> None:
    body = (event(CHUNK) + event(END) + done()).decode().encode("latin-1")
    answer = raw_answer(body, content_type="text/event-stream; charset=latin-1")
    assert text(await run(mode, answer)) == "héllo"


async def test_an_event_over_the_limit_is_refused(mode: str) -> None:
    big = {**CHUNK, "choices": [{"index": 0, "delta": {"content": "x" * 5000}}]}
    with pytest.raises(ResponseTooLargeError, match="max_event_bytes"):
        await run(mode, raw_answer(event(big) + done()), max_event_bytes=4096)


async def test_an_endless_line_is_refused_before_it_is_all_in_memory(mode: str) -> None:
    body = b"data: " + b"x" * 200_000  # no line end at all
    with pytest.raises(ResponseTooLargeError, match="line"):
        await run(mode, raw_answer(body), max_event_bytes=10_000)


async def plain(mode: str, answer: bytes, **kwargs: Any) -> Any:
    with RawServer(lambda connection, request: answer) as server:
        return await call_completion(
            mode,
            model="deepseek/deepseek-flash",
            messages=[{"role": "user", "content": "hi"}],
            api_base=server.url,
            api_key="sk-raw",
            num_retries=0,
            **kwargs,
        )


async def test_a_body_over_the_limit_is_refused(mode: str) -> None:
    answer = raw_answer(b"{" + b" " * 50_000 + b"}", content_type="application/json")
    with pytest.raises(ResponseTooLargeError, match="max_response_bytes"):
        await plain(mode, answer, max_response_bytes=10_000)


def chunked_answer(body: bytes) -> bytes:
    """An answer with no Content-Length (chunked, one write): its size shows only once read."""
    head = (
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
        b"transfer-encoding: chunked\r\nconnection: close\r\n\r\n"
    )
    return head + f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"


async def test_a_body_without_length_over_the_limit_is_refused(mode: str) -> None:
    answer = chunked_answer(b"{" + b" " * 50_000 + b"}")
    with pytest.raises(ResponseTooLargeError, match="max_response_bytes"):
        await plain(mode, answer, max_response_bytes=10_000)


async def test_a_body_without_length_within_the_limit_is_read_whole(mode: str) -> None:
    body = fixture_bytes("chat_official_2026_10.json")
    result = await plain(mode, chunked_answer(body), max_response_bytes=len(body))
    expected = json.loads(body)
    assert result.id == expected["id"]
    assert result.choices[0].message.content == expected["choices"][0]["message"]["content"]


async def test_the_global_limit_applies_and_a_gzip_bomb_stops_at_it(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_limits, "max_response_bytes", 100_000)
    bomb = gzip.compress(b" " * 20_000_000)  # ~20 KB on the wire, 20 MB decoded
    answer = raw_answer(bomb, content_type="application/json", content_encoding="gzip")
    with pytest.raises(ResponseTooLargeError):
        await plain(mode, answer)


def test_limits_must_be_positive_whole_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    from litellm_py.exceptions import ConfigurationError

    assert _limits.body_limit() == _limits.DEFAULT_MAX_RESPONSE_BYTES
    assert _limits.event_limit(123) == 123
    monkeypatch.setenv("LITELLM_PY_MAX_EVENT_BYTES", "2048")
    assert _limits.event_limit() == 2048
    monkeypatch.setenv("LITELLM_PY_MAX_EVENT_BYTES", "lots")
    with pytest.raises(ConfigurationError, match="LITELLM_PY_MAX_EVENT_BYTES"):
        _limits.event_limit()
    for bad in (0, -1, 2.5, True, "10"):
        with pytest.raises(ConfigurationError, match="max_response_bytes"):
            _limits.body_limit(bad)
