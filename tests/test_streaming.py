"""Streaming over the reference's verbatim SSE samples (respx), sync and async.

Every sample in tests/fixtures/*.sse is replayed byte for byte (`: keep-alive` lines included).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import httpx
import pytest
import respx

import litellm_py
from litellm_py import stream_chunk_builder
from litellm_py.exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InsufficientBalanceError,
    InternalServerError,
    RateLimitError,
    StreamInterruptedError,
)
from litellm_py.types import ChatCompletion, ChatCompletionChunk
from tests.support import FIXTURES, TEST_KEY, call_completion, collect, fixture_bytes, sse_payloads

MODEL = "deepseek/deepseek-v4-pro"
MESSAGES = [{"role": "user", "content": "Hi"}]
SAMPLES = sorted(path.name for path in FIXTURES.glob("*.sse"))
SSE_HEADERS = {"content-type": "text/event-stream; charset=utf-8"}
KEEPALIVE = b": keep-alive\n\n"


# -- helpers ------------------------------------------------------------------------------------


def sample_payloads(raw: bytes) -> list[dict[str, Any]]:
    """The JSON chunks of an SSE body (without the `[DONE]` marker)."""
    return [p for p in sse_payloads(raw) if p != "[DONE]"]


def sample(name: str) -> list[dict[str, Any]]:
    return sample_payloads(fixture_bytes(name))


def sse(*payloads: dict[str, Any], done: bool = True) -> bytes:
    """An SSE body in DeepSeek's framing, opening with a keep-alive comment."""
    events = [KEEPALIVE] + [b"data: " + json.dumps(p).encode() + b"\n\n" for p in payloads]
    if done:
        events.append(b"data: [DONE]\n\n")
    return b"".join(events)


Piece = tuple[float, "bytes | Exception"]


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body sent piece by piece, with a pause before each piece (or a failure)."""

    def __init__(self, pieces: Sequence[Piece]) -> None:
        self.pieces = list(pieces)
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for pause, piece in self.pieces:
            time.sleep(pause)
            if isinstance(piece, Exception):
                raise piece
            yield piece

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for pause, piece in self.pieces:
            await asyncio.sleep(pause)
            if isinstance(piece, Exception):
                raise piece
            yield piece

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def split(raw: bytes, size: int) -> list[Piece]:
    return [(0.0, raw[i : i + size]) for i in range(0, len(raw), size)]


def sse_response(body: bytes | Body, status: int = 200) -> httpx.Response:
    if isinstance(body, Body):
        return httpx.Response(status, headers=SSE_HEADERS, stream=body)
    return httpx.Response(status, headers=SSE_HEADERS, content=body)


def mock_stream(api: respx.MockRouter, *bodies: bytes | Body | httpx.Response) -> respx.Route:
    """Answer successive chat requests with these bodies (a fresh response each time)."""
    replies = iter(bodies)

    def answer(request: httpx.Request) -> httpx.Response:
        body = next(replies)
        return body if isinstance(body, httpx.Response) else sse_response(body)

    return api.post("/chat/completions").mock(side_effect=answer)


async def open_stream(mode: str, **kwargs: Any) -> Any:
    return await call_completion(mode, model=MODEL, messages=MESSAGES, stream=True, **kwargs)


async def final_response(mode: str, stream: Any) -> Any:
    if mode == "sync":
        return stream.get_final_response()
    return await stream.get_final_response()


async def stream_sample(mode: str, api: respx.MockRouter, name: str) -> list[Any]:
    mock_stream(api, fixture_bytes(name))
    return await collect(mode, await open_stream(mode))


def message_of(response: Any) -> dict[str, Any]:
    message: dict[str, Any] = response.model_dump()["choices"][0]["message"]
    return message


def dumps(chunks: list[Any]) -> list[dict[str, Any]]:
    return [chunk.model_dump() for chunk in chunks]


# -- every sample, verbatim ---------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
async def test_every_sample_streams_its_chunks_verbatim(
    mode: str, deepseek_api: respx.MockRouter, name: str
) -> None:
    events = sse_payloads(fixture_bytes(name))
    payloads, done = [e for e in events if e != "[DONE]"], "[DONE]" in events
    finished = any(c["finish_reason"] for p in payloads for c in p["choices"])
    route = mock_stream(deepseek_api, fixture_bytes(name))
    received: list[Any] = []

    stream = await open_stream(mode)
    if done or finished:
        await collect(mode, stream, received)
    else:  # the reference's single-first-chunk capture ends before any finish_reason
        with pytest.raises(StreamInterruptedError):
            await collect(mode, stream, received)

    assert all(isinstance(chunk, ChatCompletionChunk) for chunk in received)
    assert dumps(received) == payloads  # lossless; keep-alives and [DONE] never surface
    assert route.call_count == 1


SAMPLE_RESULTS: dict[str, tuple[dict[str, Any], str | None, dict[str, Any] | None]] = {
    "stream_official_text.sse": (
        {"role": "assistant", "content": "Hello! How can I assist you today?"},
        "stop",
        {"completion_tokens": 9, "prompt_tokens": 17, "total_tokens": 26},
    ),
    "stream_thinking_v4_pro.sse": (
        {"role": "assistant", "content": "1", "reasoning_content": "我们即可。"},
        "stop",
        sample("stream_thinking_v4_pro.sse")[-1]["usage"],
    ),
    "stream_tool_call_include_usage.sse": (
        {
            "role": "assistant",
            "content": "。",
            "tool_calls": [
                {
                    "index": 0,
                    "id": "call_00_oNaYFdzFE2LrYatAn7252220",
                    "type": "function",
                    # the reference elides middle fragments, hence not valid JSON
                    "function": {"name": "get_user_balance", "arguments": '{"username}'},
                }
            ],
        },
        "tool_calls",
        sample("stream_tool_call_include_usage.sse")[-1]["usage"],
    ),
    "stream_final_chunk_length.sse": (
        {"role": "assistant", "content": ""},
        "length",
        sample("stream_final_chunk_length.sse")[-1]["usage"],
    ),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_RESULTS))
async def test_every_complete_sample_assembles_into_a_normal_response(
    mode: str, deepseek_api: respx.MockRouter, name: str
) -> None:
    message, finish_reason, usage = SAMPLE_RESULTS[name]
    first = sample(name)[0]
    mock_stream(deepseek_api, fixture_bytes(name), fixture_bytes(name))

    chunks = await collect(mode, await open_stream(mode))
    built = stream_chunk_builder(chunks)
    final = await final_response(mode, await open_stream(mode))

    assert isinstance(built, ChatCompletion)
    assert final == built
    assert built.model_dump() == {
        "id": first["id"],
        "object": "chat.completion",
        "created": first["created"],
        "model": first["model"],
        "system_fingerprint": first["system_fingerprint"],
        "choices": [
            {"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason}
        ],
        "usage": usage,
    }


# -- what the samples show ---------------------------------------------------------------------


async def test_role_only_on_the_first_delta(mode: str, deepseek_api: respx.MockRouter) -> None:
    chunks = await stream_sample(mode, deepseek_api, "stream_thinking_v4_pro.sse")

    roles = [chunk.choices[0].delta.role for chunk in chunks]

    assert roles == ["assistant"] + [None] * (len(chunks) - 1)
    assert stream_chunk_builder(chunks).choices[0].message.role == "assistant"


async def test_a_null_role_on_the_finish_delta_does_not_clear_the_role(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    """The official sample repeats `role` on every delta and sends `"role": null` at the end."""
    chunks = await stream_sample(mode, deepseek_api, "stream_official_text.sse")

    assert chunks[-1].choices[0].delta.role is None
    assert message_of(stream_chunk_builder(chunks))["role"] == "assistant"


async def test_first_chunk_empty_reasoning_then_reasoning_then_content(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    chunks = await stream_sample(mode, deepseek_api, "stream_thinking_v4_pro.sse")
    deltas = [chunk.choices[0].delta for chunk in chunks]

    assert deltas[0].reasoning_content == ""
    assert deltas[0].content is None
    reasoning_at = [i for i, d in enumerate(deltas) if d.reasoning_content]
    content_at = [i for i, d in enumerate(deltas) if d.content]
    assert reasoning_at == [1, 2, 3]
    assert content_at == [4]  # two contiguous phases, reasoning first
    assert "".join(deltas[i].reasoning_content for i in reasoning_at) == "我们即可。"
    message = message_of(stream_chunk_builder(chunks))
    assert message["reasoning_content"] == "我们即可。"  # the "" opener adds nothing
    assert message["content"] == "1"


async def test_tool_call_fragments(mode: str, deepseek_api: respx.MockRouter) -> None:
    chunks = await stream_sample(mode, deepseek_api, "stream_tool_call_include_usage.sse")
    fragments = [c.choices[0].delta.tool_calls for c in chunks if c.choices[0].delta.tool_calls]

    opening = fragments[0][0]
    assert (opening.index, opening.id, opening.type) == (
        0,
        "call_00_oNaYFdzFE2LrYatAn7252220",
        "function",
    )
    assert (opening.function.name, opening.function.arguments) == ("get_user_balance", "")
    rest = [fragment[0] for fragment in fragments[1:]]
    assert [(f.index, f.id, f.type, f.function.name) for f in rest] == [(0, None, None, None)] * 4
    assert [f.function.arguments for f in rest] == ["{", '"', "username", "}"]
    assert chunks[-1].choices[0].finish_reason == "tool_calls"
    assert message_of(stream_chunk_builder(chunks))["tool_calls"][0]["function"] == {
        "name": "get_user_balance",
        "arguments": '{"username}',
    }


@pytest.mark.parametrize(
    ("name", "finish_reason"),
    [
        ("stream_official_text.sse", "stop"),
        ("stream_thinking_v4_pro.sse", "stop"),
        ("stream_tool_call_include_usage.sse", "tool_calls"),
        ("stream_final_chunk_length.sse", "length"),
    ],
)
async def test_finish_reason_arrives_on_the_last_chunk(
    mode: str, deepseek_api: respx.MockRouter, name: str, finish_reason: str
) -> None:
    chunks = await stream_sample(mode, deepseek_api, name)

    assert [c.choices[0].finish_reason for c in chunks] == [None] * (len(chunks) - 1) + [
        finish_reason
    ]


def trailing_usage(payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same stream with usage moved to an extra chunk with `choices: []` (older shape)."""
    *head, finish = (dict(p) for p in payloads)
    usage = finish.pop("usage")
    trailer = {k: v for k, v in finish.items() if k != "choices"}
    return [*head, finish, {**trailer, "choices": [], "usage": usage}]


@pytest.mark.parametrize("placement", ["finish", "trailing"])
async def test_usage_on_the_final_chunk_in_both_placements(
    mode: str, deepseek_api: respx.MockRouter, placement: str
) -> None:
    payloads = sample("stream_official_text.sse")
    if placement == "trailing":
        payloads = trailing_usage(payloads)
    mock_stream(deepseek_api, sse(*payloads))

    chunks = await collect(mode, await open_stream(mode))
    full = stream_chunk_builder(chunks)

    assert dumps(chunks) == payloads
    assert chunks[-1].usage.total_tokens == 26
    if placement == "trailing":
        assert chunks[-1].choices == []
    assert full.usage is not None
    assert full.usage.total_tokens == 26
    assert [c.index for c in full.choices] == [0]
    assert full.choices[0].finish_reason == "stop"


async def test_null_usage_chunks_with_include_usage(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    route = mock_stream(deepseek_api, fixture_bytes("stream_tool_call_include_usage.sse"))

    stream = await open_stream(mode, stream_options={"include_usage": True})
    chunks = await collect(mode, stream)

    assert json.loads(route.calls.last.request.content)["stream_options"] == {"include_usage": True}
    for chunk in chunks[:-1]:
        assert chunk.usage is None
        assert chunk.model_dump()["usage"] is None  # the null is kept, not dropped
    assert chunks[-1].usage.prompt_cache_hit_tokens == 256
    usage = stream_chunk_builder(chunks).model_dump()["usage"]
    assert usage == sample("stream_tool_call_include_usage.sse")[-1]["usage"]
    assert usage["completion_tokens_details"] == {"reasoning_tokens": 31}


@pytest.mark.parametrize("piece_size", [1, 7, 4096])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
async def test_keepalives_and_blank_lines_never_surface(
    mode: str, deepseek_api: respx.MockRouter, piece_size: int, newline: str
) -> None:
    """Comments anywhere, extra blank lines, CRLF, and pieces split inside UTF-8 characters."""
    payloads = sample("stream_thinking_v4_pro.sse")
    lines = [": keep-alive", "", "", ": keep-alive", ""]
    for payload in payloads:
        lines += [": keep-alive", "", f"data: {json.dumps(payload, ensure_ascii=False)}", "", ""]
    lines += [":", "", "data: [DONE]", ""]
    raw = newline.join(lines).encode()
    body = Body(split(raw, piece_size))
    mock_stream(deepseek_api, body)

    chunks = await collect(mode, await open_stream(mode))

    assert dumps(chunks) == payloads
    assert body.closed


async def test_done_ends_the_stream(mode: str, deepseek_api: respx.MockRouter) -> None:
    payloads = sample("stream_official_text.sse")
    after_done = {**payloads[1], "choices": [{"index": 0, "delta": {"content": "LATE"}}]}
    body = Body([(0.0, sse(*payloads) + sse(after_done))])
    mock_stream(deepseek_api, body)
    stream = await open_stream(mode)

    chunks = await collect(mode, stream)

    assert dumps(chunks) == payloads
    assert body.closed
    assert await collect(mode, stream) == []  # a finished stream stays finished


async def test_a_server_that_keeps_talking_after_done_cannot_hold_the_stream(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    payloads = sample("stream_official_text.sse")
    body = Body([(0.0, sse(*payloads)), *keepalives_for(30.0)])
    mock_stream(deepseek_api, body)
    started = time.monotonic()

    chunks = await collect(mode, await open_stream(mode))

    assert dumps(chunks) == payloads
    assert time.monotonic() - started < 10.0  # the short drain wait, not the 30 s body
    assert body.closed


async def test_get_final_response_drains_the_rest(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    raw = fixture_bytes("stream_thinking_v4_pro.sse")
    mock_stream(deepseek_api, raw, raw)
    expected = stream_chunk_builder(await collect(mode, await open_stream(mode)))
    stream = await open_stream(mode)

    first = [await anext(stream)] if mode == "async" else [next(stream)]
    final = await final_response(mode, stream)

    assert first[0].choices[0].delta.reasoning_content == ""
    assert final == expected
    assert final.choices[0].message.content == "1"
    assert final.usage.completion_tokens_details.reasoning_tokens == 14


async def test_stream_chunk_builder_over_the_listed_stream(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    mock_stream(deepseek_api, fixture_bytes("stream_official_text.sse"))
    stream = await open_stream(mode)

    chunks = list(stream) if mode == "sync" else [chunk async for chunk in stream]
    full = litellm_py.stream_chunk_builder(chunks)

    assert full.choices[0].message.content == "Hello! How can I assist you today?"
    assert full.choices[0].finish_reason == "stop"
    assert full.usage is not None
    assert (full.usage.prompt_tokens, full.usage.completion_tokens) == (17, 9)


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ({"message": "Server is busy", "type": "server_error"}, InternalServerError),
        (
            {"message": "Rate limit reached", "type": "rate_limit_error", "status": 429},
            RateLimitError,
        ),
        ({"message": "Insufficient Balance", "type": "unknown_error"}, InsufficientBalanceError),
    ],
)
async def test_in_band_error_event_raises_the_typed_error(
    mode: str, deepseek_api: respx.MockRouter, error: dict[str, Any], expected: type[APIError]
) -> None:
    payloads = sample("stream_official_text.sse")[:3]
    route = mock_stream(deepseek_api, sse(*payloads, {"error": error}, done=False))
    received: list[Any] = []

    with pytest.raises(expected) as caught:
        await collect(mode, await open_stream(mode, api_key=TEST_KEY), received)

    assert dumps(received) == payloads  # what came before the error was delivered
    assert error["message"] in str(caught.value)
    assert caught.value.provider == "deepseek"
    assert TEST_KEY not in str(caught.value)
    assert route.call_count == 1


async def test_in_band_error_as_the_first_event(mode: str, deepseek_api: respx.MockRouter) -> None:
    error = {"error": {"message": "Server Error", "type": "api_error", "code": "internal"}}
    mock_stream(deepseek_api, sse(error, done=False))

    with pytest.raises(InternalServerError, match="Server Error") as caught:
        await collect(mode, await open_stream(mode, num_retries=0))

    assert caught.value.code == "internal"


async def test_in_band_503_as_the_first_event_is_retried_like_a_503_status(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    error = {"error": {"message": "Service Unavailable", "status": 503}}
    payloads = sample("stream_official_text.sse")
    route = mock_stream(
        deepseek_api, sse(error, done=False), fixture_bytes("stream_official_text.sse")
    )

    chunks = await collect(mode, await open_stream(mode, num_retries=1))

    assert dumps(chunks) == payloads
    assert route.call_count == 2
    assert len(sleeps) == 1


async def test_stream_ending_before_a_finish_reason_keeps_the_partial_answer(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    payloads = sample("stream_thinking_v4_pro.sse")[:-1]  # no finish chunk, no [DONE]
    route = mock_stream(deepseek_api, sse(*payloads, done=False))
    received: list[Any] = []

    with pytest.raises(StreamInterruptedError) as caught:
        await collect(mode, await open_stream(mode), received)

    error = caught.value
    assert isinstance(error, APIConnectionError)
    assert dumps(received) == payloads
    partial = error.partial_response
    assert message_of(partial) == {
        "role": "assistant",
        "content": "1",
        "reasoning_content": "我们即可。",
    }
    assert partial.choices[0].finish_reason is None
    assert partial.usage is None
    assert route.call_count == 1  # a stream that produced chunks is never re-sent


async def test_single_first_chunk_sample_is_an_interrupted_stream(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    mock_stream(deepseek_api, fixture_bytes("stream_first_chunk_flash.sse"))

    with pytest.raises(StreamInterruptedError) as caught:
        await collect(mode, await open_stream(mode))

    partial = caught.value.partial_response
    assert partial.id == "a793c402-b743-4160-ae48-bd32e444f0d6"
    assert partial.model == "deepseek-flash"
    message = message_of(partial)
    assert message["content"] is None
    assert message["reasoning_content"] == ""  # thinking had begun; nothing to keep yet
    assert partial.choices[0].finish_reason is None


async def test_connection_error_mid_stream_keeps_the_partial_answer(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    payloads = sample("stream_thinking_v4_pro.sse")
    body = Body([(0.0, sse(*payloads[:3], done=False)), (0.0, httpx.ReadError("ECONNRESET"))])
    route = mock_stream(deepseek_api, body)
    received: list[Any] = []

    with pytest.raises(StreamInterruptedError, match="ECONNRESET") as caught:
        await collect(mode, await open_stream(mode), received)

    assert len(received) == 3
    assert message_of(caught.value.partial_response)["reasoning_content"] == "我们即可"
    assert body.closed
    assert route.call_count == 1


@pytest.mark.parametrize(
    ("status", "fixture", "expected", "content_type"),
    [
        (401, "error_auth_401.json", AuthenticationError, "application/json"),
        (402, "error_insufficient_balance_402.json", InsufficientBalanceError, "application/json"),
        (400, "error_max_tokens_400.json", BadRequestError, "text/event-stream"),
    ],
)
async def test_http_error_status_on_a_stream_request(
    mode: str,
    deepseek_api: respx.MockRouter,
    status: int,
    fixture: str,
    expected: type[APIStatusError],
    content_type: str,
) -> None:
    """The status is checked before any SSE decoding, whatever the content type says."""
    body = fixture_bytes(fixture)
    response = httpx.Response(status, headers={"content-type": content_type}, content=body)
    route = mock_stream(deepseek_api, response)

    with pytest.raises(expected) as caught:
        await open_stream(mode)

    assert caught.value.status_code == status
    assert json.loads(body)["error"]["message"] in str(caught.value)  # the JSON body was read
    assert route.call_count == 1  # 400/401/402 are never retried
    assert TEST_KEY not in str(caught.value)


async def test_error_status_is_retried_before_the_first_chunk(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    busy = httpx.Response(503, json={"error": {"message": "Service Unavailable"}})
    raw = fixture_bytes("stream_official_text.sse")
    route = mock_stream(deepseek_api, busy, raw)

    chunks = await collect(mode, await open_stream(mode))

    assert dumps(chunks) == sample_payloads(raw)  # one stream, no duplicated chunks
    assert route.call_count == 2
    assert len(sleeps) == 1


async def test_connection_drop_before_the_first_chunk_is_retried(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    dropped = Body([(0.0, KEEPALIVE), (0.0, httpx.RemoteProtocolError("peer closed"))])
    raw = fixture_bytes("stream_official_text.sse")
    route = mock_stream(deepseek_api, dropped, raw)

    chunks = await collect(mode, await open_stream(mode))

    assert dumps(chunks) == sample_payloads(raw)
    assert route.call_count == 2
    assert dropped.closed


async def test_empty_stream_is_retried_then_raises(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = mock_stream(deepseek_api, KEEPALIVE, KEEPALIVE)

    with pytest.raises(APIConnectionError) as caught:
        await open_stream(mode, num_retries=1)

    assert not isinstance(caught.value, StreamInterruptedError)
    assert route.call_count == 2


# -- deadlines ---------------------------------------------------------------------------------


def keepalives_for(seconds: float, interval: float = 0.02) -> list[Piece]:
    return [(interval, KEEPALIVE)] * int(seconds / interval)


async def test_timeout_fires_while_keepalives_keep_arriving_before_the_first_chunk(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    mock_stream(deepseek_api, Body(keepalives_for(30.0)))
    started = time.monotonic()

    with pytest.raises(APITimeoutError) as caught:
        await open_stream(mode, timeout=0.15, num_retries=0)

    assert 0.15 <= time.monotonic() - started < 10.0  # the deadline, not the 30 s of keep-alives
    assert not isinstance(caught.value, StreamInterruptedError)  # nothing to keep yet


async def test_timeout_fires_mid_stream_and_keeps_the_partial_answer(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    payloads = sample("stream_thinking_v4_pro.sse")
    body = Body([(0.0, sse(*payloads[:2], done=False)), *keepalives_for(15.0)])
    mock_stream(deepseek_api, body)
    started = time.monotonic()

    # The deadline is long enough for the first chunks to arrive on a loaded machine.
    with pytest.raises(StreamInterruptedError) as caught:
        await collect(mode, await open_stream(mode, timeout=2.0, num_retries=0))

    assert 2.0 <= time.monotonic() - started < 12.0
    assert isinstance(caught.value, APITimeoutError)
    assert message_of(caught.value.partial_response)["reasoning_content"] == "我们"
    assert body.closed


async def test_progress_timeout_fires_when_only_keepalives_arrive(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    payloads = sample("stream_official_text.sse")
    body = Body([(0.0, sse(*payloads[:3], done=False)), *keepalives_for(30.0)])
    mock_stream(deepseek_api, body)
    started = time.monotonic()

    with pytest.raises(APITimeoutError, match="progress_timeout") as caught:
        await collect(
            mode, await open_stream(mode, timeout=60, progress_timeout=0.2, num_retries=0)
        )

    assert 0.2 <= time.monotonic() - started < 10.0  # keep-alives did not re-arm it
    assert isinstance(caught.value, StreamInterruptedError)
    assert message_of(caught.value.partial_response)["content"] == "Hello!"


async def test_progress_timeout_before_the_first_chunk(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    mock_stream(deepseek_api, Body(keepalives_for(30.0)))
    started = time.monotonic()

    with pytest.raises(APITimeoutError, match="progress_timeout"):
        await open_stream(mode, timeout=60, progress_timeout=0.1, num_retries=0)

    assert time.monotonic() - started < 10.0  # not the 30 s of keep-alives nor the 60 s timeout


async def test_chunks_rearm_the_progress_deadline(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    """Six gaps of 0.2 s: longer than progress_timeout in total, never in one gap.

    Each gap leaves 0.8 s to spare for a loaded machine; the total is longer however fast it is.
    """
    payloads = sample("stream_official_text.sse")[:5]
    pieces: list[Piece] = [(0.2, sse(p, done=False)[len(KEEPALIVE) :]) for p in payloads]
    final = sample("stream_official_text.sse")[-1]
    mock_stream(deepseek_api, Body([*pieces, (0.2, sse(final))]))

    chunks = await collect(mode, await open_stream(mode, progress_timeout=1.0))

    assert dumps(chunks) == [*payloads, final]


# -- mock_response -----------------------------------------------------------------------------


async def test_mock_response_streams_without_network(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    text = "Streaming works offline too"
    stream = await open_stream(mode, mock_response=text)

    chunks = await collect(mode, stream)
    full = stream_chunk_builder(chunks)

    assert all(isinstance(chunk, ChatCompletionChunk) for chunk in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == text
    assert full.choices[0].message.content == text
    assert full.choices[0].finish_reason == "stop"
    assert full.usage is not None
    assert full.usage.total_tokens == full.usage.prompt_tokens + full.usage.completion_tokens
    assert not deepseek_api.calls


async def test_mock_response_stream_get_final_response(mode: str) -> None:
    stream = await open_stream(mode, mock_response="a b c")

    final = await final_response(mode, stream)

    assert final.choices[0].message.content == "a b c"
    assert final.usage.completion_tokens >= 1
