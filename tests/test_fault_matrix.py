"""Every server-side fault x {sync, async} x {streaming, non-streaming}, end to end.

Each case ends in the right answer (after retries) or the right typed error, keeps the partial
output of a broken stream, and leaves nothing behind: no busy pooled connection, no server-side
connection once the pools are closed, no extra thread and (async) no pending task.
Retry waits are recorded, never slept (the `sleeps` fixture).
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from litellm_py import stream_chunk_builder
from litellm_py.exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    InternalServerError,
    RateLimitError,
    ServiceUnavailableError,
    StreamInterruptedError,
)
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import call_completion, collect, fixture_json

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Hi"}]
CONTENT = "The quick brown fox jumps over the lazy dog."
REASONING = "Think it through."
OK = Reply(content=CONTENT, reasoning=REASONING)


# -- fixtures and helpers ------------------------------------------------------------------------

pytestmark = pytest.mark.usefixtures("no_leaks")


@pytest.fixture(params=[False, True], ids=["json", "stream"])
def stream(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


async def ask(
    mode: str,
    server: DeepSeekTestServer,
    *,
    stream: bool,
    chunks: list[Any] | None = None,
    **kwargs: Any,
) -> Any:
    """One chat call; a stream is read to the end (chunks into `chunks`) and assembled."""
    result = await call_completion(
        mode, model=MODEL, messages=MESSAGES, api_base=server.url, api_key=server.api_key,
        stream=stream, **kwargs,
    )  # fmt: skip
    if not stream:
        return result
    return stream_chunk_builder(await collect(mode, result, chunks))


def text_of(response: Any) -> tuple[str | None, str | None]:
    message = response.choices[0].message
    return message.content, message.reasoning_content


def chunk_text(chunks: list[Any]) -> tuple[str, str]:
    deltas = [chunk.choices[0].delta for chunk in chunks if chunk.choices]
    return (
        "".join(d.content or "" for d in deltas),
        "".join(d.reasoning_content or "" for d in deltas),
    )


# -- error statuses ------------------------------------------------------------------------------

STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    429: RateLimitError,
    500: InternalServerError,
    502: InternalServerError,
    503: ServiceUnavailableError,
}
RETRY_AFTER: dict[str, tuple[dict[str, str], float | None]] = {
    "no-retry-after": ({}, None),
    "retry-after": ({"retry-after": "1"}, 1.0),
    "retry-after-ms": ({"retry-after-ms": "250"}, 0.25),
}


@pytest.mark.parametrize("status", sorted(STATUS_CLASSES))
@pytest.mark.parametrize("hint", sorted(RETRY_AFTER))
async def test_error_status_then_ok_is_retried_to_the_answer(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float], status: int, hint: str
) -> None:
    headers, wait = RETRY_AFTER[hint]
    server.enqueue(Reply(status=status, headers=headers), OK)

    response = await ask(mode, server, stream=stream, num_retries=2)

    assert text_of(response) == (CONTENT, REASONING)
    assert len(server.requests) == 2
    assert len(sleeps) == 1
    if wait is None:
        assert 0.375 <= sleeps[0] <= 0.5  # first backoff step, with jitter
    else:
        assert sleeps[0] == pytest.approx(wait)


@pytest.mark.parametrize("status", sorted(STATUS_CLASSES))
@pytest.mark.parametrize("hint", sorted(RETRY_AFTER))
async def test_persistent_error_status_is_a_typed_error_after_every_attempt(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float], status: int, hint: str
) -> None:
    headers, wait = RETRY_AFTER[hint]
    server.enqueue(Reply(status=status, headers=headers, repeat=3), OK)

    with pytest.raises(APIStatusError) as caught:
        await ask(mode, server, stream=stream, num_retries=2)

    error = caught.value
    assert type(error) is STATUS_CLASSES[status]
    assert error.status_code == status
    assert error.retry_after == wait
    assert error.is_retryable
    assert error.request_id == server.requests[-1].request_id
    assert len(server.requests) == 3  # 1 + num_retries, and not one more
    assert server.pending_replies == 1
    assert len(sleeps) == 2


async def test_retry_after_beyond_a_minute_gives_up_at_once(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    server.enqueue(Reply(status=429, headers={"retry-after": "120"}), OK)

    with pytest.raises(RateLimitError) as caught:
        await ask(mode, server, stream=stream, num_retries=2)

    assert caught.value.retry_after == 120.0
    assert len(server.requests) == 1
    assert sleeps == []


# -- connection resets ---------------------------------------------------------------------------


async def test_reset_before_headers_is_retried(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    server.enqueue(Reply(fault="reset_before_headers"), OK)

    response = await ask(mode, server, stream=stream, num_retries=2)

    assert text_of(response) == (CONTENT, REASONING)
    assert len(server.requests) == 2
    assert len(sleeps) == 1


async def test_persistent_reset_before_headers_is_a_connection_error(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    server.enqueue(Reply(fault="reset_before_headers", repeat=3), OK)

    with pytest.raises(APIConnectionError) as caught:
        await ask(mode, server, stream=stream, num_retries=2)

    assert type(caught.value) is APIConnectionError
    assert caught.value.is_retryable
    assert len(server.requests) == 3
    assert server.pending_replies == 1


async def test_reset_mid_body_of_a_plain_answer_is_retried(
    mode: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(Reply(fault="reset_mid_body"), OK)

    response = await ask(mode, server, stream=False, num_retries=2)

    assert text_of(response) == (CONTENT, REASONING)
    assert len(server.requests) == 2


async def test_persistent_reset_mid_body_is_a_connection_error(
    mode: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(Reply(fault="reset_mid_body", repeat=3), OK)

    with pytest.raises(APIConnectionError) as caught:
        await ask(mode, server, stream=False, num_retries=2)

    assert type(caught.value) is APIConnectionError
    assert len(server.requests) == 3


# A stream cut after 6 frames: the role frame, reasoning in 4-character pieces, then content.
CUT_AFTER = 6
CUT_REPLY = Reply(content=CONTENT, reasoning="Think it over", chunk_size=4)
CUT_REASONING = "Think it over"  # 4 pieces: frames 1-4
CUT_CONTENT = CONTENT[:4]  # frame 5


@pytest.mark.parametrize(
    "cut",
    [
        Reply(fault="reset_mid_stream", disconnect_after_chunks=CUT_AFTER),
        Reply(disconnect_after_chunks=CUT_AFTER),
    ],
    ids=["reset", "closed"],
)
async def test_connection_lost_mid_stream_keeps_the_partial_answer_and_never_resends(
    mode: str, server: DeepSeekTestServer, sleeps: list[float], cut: Reply
) -> None:
    reply = Reply(
        content=CUT_REPLY.content, reasoning=CUT_REPLY.reasoning, chunk_size=4,
        fault=cut.fault, disconnect_after_chunks=cut.disconnect_after_chunks,
    )  # fmt: skip
    server.enqueue(reply, Reply(content="RESENT"))
    chunks: list[Any] = []

    with pytest.raises(StreamInterruptedError) as caught:
        await ask(mode, server, stream=True, chunks=chunks, num_retries=2)

    partial = caught.value.partial_response
    assert len(chunks) == CUT_AFTER
    assert chunk_text(chunks) == (CUT_CONTENT, CUT_REASONING)
    assert text_of(partial) == (CUT_CONTENT, CUT_REASONING)
    assert partial.choices[0].finish_reason is None
    assert not caught.value.is_retryable
    assert len(server.requests) == 1  # output had arrived: never silently re-sent
    assert server.pending_replies == 1
    assert sleeps == []


async def test_connection_lost_mid_stream_via_get_final_response(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(
        Reply(content=CONTENT, reasoning="Think it over", chunk_size=4,
              fault="reset_mid_stream", disconnect_after_chunks=CUT_AFTER)
    )  # fmt: skip
    stream_obj = await call_completion(
        mode, model=MODEL, messages=MESSAGES, api_base=server.url, api_key=server.api_key,
        stream=True,
    )  # fmt: skip

    async def final_response() -> Any:
        if mode == "sync":
            return stream_obj.get_final_response()
        return await stream_obj.get_final_response()

    with pytest.raises(StreamInterruptedError) as caught:
        await final_response()

    assert text_of(caught.value.partial_response) == (CUT_CONTENT, CUT_REASONING)
    assert len(server.requests) == 1


async def test_reset_mid_stream_fault_on_a_plain_answer_is_retried(
    mode: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(Reply(fault="reset_mid_stream"), OK)

    response = await ask(mode, server, stream=False, num_retries=1)

    assert text_of(response) == (CONTENT, REASONING)
    assert len(server.requests) == 2


async def test_reset_mid_body_of_a_stream_is_an_interrupted_stream(
    mode: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(Reply(content=CONTENT, reasoning=REASONING, fault="reset_mid_body"), OK)
    chunks: list[Any] = []

    with pytest.raises(StreamInterruptedError) as caught:
        await ask(mode, server, stream=True, chunks=chunks, num_retries=2)

    assert chunks
    assert chunk_text(chunks) == text_of(caught.value.partial_response)
    assert len(server.requests) == 1


async def test_in_band_error_mid_stream_is_typed_and_keeps_the_partial_answer(
    mode: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(
        Reply(content=CONTENT, reasoning="Think it over", chunk_size=4,
              stream_error={"message": "Server Error", "type": "server_error"},
              stream_error_after=CUT_AFTER),
        OK,
    )  # fmt: skip
    chunks: list[Any] = []

    with pytest.raises(InternalServerError) as caught:
        await ask(mode, server, stream=True, chunks=chunks, num_retries=2)

    assert "Server Error" in str(caught.value)
    assert chunk_text(chunks) == (CUT_CONTENT, CUT_REASONING)
    assert text_of(caught.value.partial_response) == (CUT_CONTENT, CUT_REASONING)
    assert len(server.requests) == 1


# -- slow, silent and chatty servers -------------------------------------------------------------


async def test_slow_trickle_delivers_the_full_answer(
    mode: str, server: DeepSeekTestServer, stream: bool
) -> None:
    server.enqueue(
        Reply(content=CONTENT, reasoning=REASONING, chunk_size=16, fault="trickle",
              trickle_bytes=7, trickle_delay=0.001)
    )  # fmt: skip

    response = await ask(mode, server, stream=stream, timeout=10)

    assert text_of(response) == (CONTENT, REASONING)
    assert response.usage.total_tokens > 0
    assert len(server.requests) == 1


async def test_keep_alive_storm_before_the_body_delivers_the_full_answer(
    mode: str, server: DeepSeekTestServer, stream: bool
) -> None:
    server.enqueue(
        Reply(content=CONTENT, reasoning=REASONING, keepalives=500, keepalives_between_chunks=20)
    )
    chunks: list[Any] = []

    response = await ask(mode, server, stream=stream, chunks=chunks, timeout=10)

    assert text_of(response) == (CONTENT, REASONING)
    assert all(chunk.choices or chunk.usage for chunk in chunks)  # no keep-alive surfaced
    assert len(server.requests) == 1


async def test_endless_keep_alives_hit_the_deadline(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    await ask(mode, server, stream=stream)  # a warm pool: the first call's setup is not timed
    server.enqueue(Reply(fault="keepalive_forever", keepalive_interval=0.02, repeat=2), OK)
    started = time.monotonic()

    with pytest.raises(APITimeoutError):
        await ask(mode, server, stream=stream, timeout=0.25, num_retries=1)

    elapsed = time.monotonic() - started
    # Two attempts, each stopped at its 0.25 s deadline (the server would go on forever); the
    # upper bound is ten times that, for a loaded machine under coverage.
    assert 0.5 <= elapsed < 5.0
    assert len(server.requests) == 3
    assert server.pending_replies == 1


# -- bodies that are not what they claim ----------------------------------------------------------


async def test_html_error_page_is_a_server_error_with_a_snippet(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    server.enqueue(Reply(fault="html_error", repeat=3), OK)

    with pytest.raises(InternalServerError) as caught:
        await ask(mode, server, stream=stream, num_retries=2)

    error = caught.value
    assert type(error) is InternalServerError
    assert error.status_code == 502
    assert "502 Bad Gateway" in error.message
    assert len(error.message) < 1000
    assert isinstance(error.body, str)
    assert "<html>" in error.body
    assert len(server.requests) == 3


async def test_html_error_page_then_ok_is_retried(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    server.enqueue(Reply(fault="html_error"), OK)

    response = await ask(mode, server, stream=stream, num_retries=2)

    assert text_of(response) == (CONTENT, REASONING)
    assert len(server.requests) == 2


async def test_truncated_json_is_a_validation_error(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    server.enqueue(Reply(content=CONTENT, reasoning=REASONING, fault="truncated_json"), OK)

    with pytest.raises(APIResponseValidationError) as caught:
        await ask(mode, server, stream=stream, num_retries=2)

    assert "not JSON" in str(caught.value)
    assert len(server.requests) == 1  # a complete 200 is not re-sent
    assert server.pending_replies == 1


SSE_TYPE = "text/event-stream; charset=utf-8"


def sse_body(*events: Any) -> bytes:
    return b"".join(
        b"data: " + (e if isinstance(e, bytes) else json.dumps(e).encode()) + b"\n\n"
        for e in events
    )


def delta_chunk(**delta: Any) -> dict[str, Any]:
    return {
        "id": "x", "object": "chat.completion.chunk", "created": 1, "model": "deepseek-flash",
        "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
    }  # fmt: skip


async def test_malformed_event_after_good_ones_keeps_what_came_before(
    mode: str, server: DeepSeekTestServer
) -> None:
    body = sse_body(
        delta_chunk(role="assistant", content=""),
        delta_chunk(content="Hello, "),
        delta_chunk(content="world"),
        b'{"id": "x", "choices": [{"ind',
    )
    server.enqueue(Reply(body=body, content_type=SSE_TYPE))
    chunks: list[Any] = []

    with pytest.raises(APIResponseValidationError) as caught:
        await ask(mode, server, stream=True, chunks=chunks)

    assert chunk_text(chunks)[0] == "Hello, world"
    assert text_of(caught.value.partial_response)[0] == "Hello, world"


async def test_json_labelled_text_plain_on_a_plain_call_parses(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(content=CONTENT, reasoning=REASONING, fault="wrong_content_type"))

    response = await ask(mode, server, stream=False)

    assert text_of(response) == (CONTENT, REASONING)


async def test_sse_labelled_text_plain_on_a_stream_call_is_a_typed_error(
    mode: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(Reply(content=CONTENT, fault="wrong_content_type"), OK)

    with pytest.raises(APIResponseValidationError) as caught:
        await ask(mode, server, stream=True, num_retries=2)

    assert "data: " in str(caught.value)  # shows what came instead of an event stream
    assert len(server.requests) == 1


async def test_json_answer_to_a_stream_request_is_a_typed_error_keeping_the_answer(
    mode: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    completion = fixture_json("chat_official_2026_08.json")
    server.enqueue(Reply(json=completion), OK)

    with pytest.raises(APIResponseValidationError) as caught:
        await ask(mode, server, stream=True, num_retries=2)

    assert "text/event-stream" in str(caught.value)
    kept = caught.value.body
    assert kept.choices[0].message.content == completion["choices"][0]["message"]["content"]
    assert len(server.requests) == 1  # the server answered (and billed); never re-sent


async def test_error_body_with_status_200_is_a_typed_error(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    server.enqueue(Reply(fault="error_in_200"), OK)

    with pytest.raises(InternalServerError) as caught:
        await ask(mode, server, stream=stream, num_retries=0)

    assert "Server Error" in caught.value.message
    assert caught.value.body["error"]["type"] == "api_error"


async def test_error_body_with_status_200_is_retried_like_the_same_error_in_a_stream(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    """`api_error` stands for a 500 wherever it arrives (one classifier, `_inband`)."""
    server.enqueue(Reply(fault="error_in_200"), OK)

    response = await ask(mode, server, stream=stream, num_retries=2)

    assert text_of(response) == (CONTENT, REASONING)
    assert len(server.requests) == 2
    assert len(sleeps) == 1


async def test_five_megabyte_answer_is_parsed_intact(
    mode: str, server: DeepSeekTestServer, stream: bool
) -> None:
    server.enqueue(Reply(fault="large", large_size=5_000_000))
    unit = "All work and no play makes a large response. "
    expected = (unit * (5_000_000 // len(unit) + 1))[:5_000_000]

    response = await ask(mode, server, stream=stream, timeout=30)

    content = response.choices[0].message.content
    assert len(content) == 5_000_000
    assert content == expected
    assert response.choices[0].finish_reason == "stop"
    assert response.usage.completion_tokens > 1_000_000


def test_every_fault_of_the_server_is_exercised() -> None:
    from litellm_py.testing._replies import FAULTS

    covered = {
        "reset_before_headers", "reset_mid_body", "reset_mid_stream", "trickle",
        "keepalive_forever", "html_error", "truncated_json", "wrong_content_type",
        "error_in_200", "large",
    }  # fmt: skip
    assert covered == FAULTS
