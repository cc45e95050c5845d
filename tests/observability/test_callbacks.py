"""Callbacks: every event of success, retry, failure, streams (ended, cut, abandoned), fallback.

Each scenario runs per flavour (sync; async on httpx and on aiohttp) with a recorder that uses
the sync methods and one that uses only the async ones.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

import pytest

import litellm_py
from litellm_py.exceptions import (
    AuthenticationError,
    InternalServerError,
    StreamInterruptedError,
)
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.observability.support import (
    MESSAGES,
    MODEL,
    AsyncRecorder,
    Recorder,
    Recording,
    auth,
    call,
    drain,
)
from tests.support import TEST_KEY

FALLBACK = "deepseek/deepseek-v4-pro"


@pytest.fixture(params=["sync-methods", "async-methods"])
def recorder(request: pytest.FixtureRequest) -> Recording:
    return Recorder() if request.param == "sync-methods" else AsyncRecorder()


def sent_id(server: DeepSeekTestServer) -> str:
    return server.last_request.headers["x-client-request-id"]


async def test_success(flavour: str, server: DeepSeekTestServer, recorder: Recording) -> None:
    resp = await call(
        flavour, model=MODEL, messages=MESSAGES, callbacks=[recorder], max_tokens=50,
        metadata={"team": "search"}, **auth(server),
    )  # fmt: skip
    assert recorder.kinds == ["request", "success"]
    request, success = recorder.events
    for event in recorder.events:
        assert event.correlation_id == resp.correlation_id == sent_id(server)
        assert (event.provider, event.model, event.operation) == (
            "deepseek",
            "deepseek-flash",
            "chat",
        )
        assert event.params["max_tokens"] == 50
        assert event.params["api_key"] == "[REDACTED]"
        assert event.messages == MESSAGES
        assert event.metadata == {"team": "search"}
        assert event.stream is False
        assert event.attempt == 1
    assert request.response is None
    assert success.response is resp
    assert success.usage is resp.usage
    assert success.cost == resp.cost
    assert isinstance(success.cost, float)
    assert success.error is None
    assert success.end_time is not None
    assert success.start_time <= success.end_time
    assert isinstance(success.started_at, datetime)
    assert success.ended_at is not None
    assert success.started_at.tzinfo is not None
    assert success.started_at <= success.ended_at


async def test_retry_then_success(
    flavour: str,
    server: DeepSeekTestServer,
    recorder: Recording,
    sleeps: list[float],
) -> None:
    server.enqueue(Reply(status=500), Reply(content="second"))
    await call(flavour, model=MODEL, messages=MESSAGES, callbacks=[recorder], **auth(server))
    assert recorder.kinds == ["request", "retry", "success"]
    retry = recorder.of("retry")
    assert isinstance(retry.error, InternalServerError)
    assert retry.retry_wait == sleeps[0]
    assert retry.attempt == 2
    assert retry.next_model is None
    assert retry.request_id == server.requests[0].request_id
    assert recorder.of("success").attempt == 2


async def test_failure(flavour: str, server: DeepSeekTestServer, recorder: Recording) -> None:
    with pytest.raises(AuthenticationError) as caught:
        await call(
            flavour, model=MODEL, messages=MESSAGES, callbacks=[recorder],
            api_base=server.url, api_key="sk-wrong-key",
        )  # fmt: skip
    assert recorder.kinds == ["request", "failure"]
    failure = recorder.of("failure")
    assert failure.error is caught.value
    assert failure.response is None
    assert failure.request_id == server.last_request.request_id
    assert failure.correlation_id == caught.value.correlation_id == sent_id(server)


async def test_stream_success(
    flavour: str, server: DeepSeekTestServer, recorder: Recording
) -> None:
    server.enqueue(Reply(content="streamed answer"))
    stream = await call(
        flavour, model=MODEL, messages=MESSAGES, stream=True, callbacks=[recorder],
        **auth(server),
    )  # fmt: skip
    assert recorder.kinds == ["request", "stream_start"]
    chunks = await drain(flavour, stream)
    assert recorder.kinds == ["request", "stream_start", "stream_first_chunk", "success"]
    success = recorder.of("success")
    assert success.response.choices[0].message.content == "streamed answer"
    assert success.usage.completion_tokens == chunks[-1].usage.completion_tokens
    assert success.first_chunk_time is not None
    assert success.end_time is not None
    assert success.start_time <= success.first_chunk_time <= success.end_time
    assert {e.correlation_id for e in recorder.events} == {stream.correlation_id}


async def test_stream_cut_midway(
    flavour: str, server: DeepSeekTestServer, recorder: Recording
) -> None:
    server.enqueue(Reply(content="a long answer, cut", disconnect_after_chunks=3))
    stream = await call(
        flavour, model=MODEL, messages=MESSAGES, stream=True, callbacks=[recorder],
        **auth(server),
    )  # fmt: skip
    with pytest.raises(StreamInterruptedError) as caught:
        await drain(flavour, stream)
    assert recorder.kinds == ["request", "stream_start", "stream_first_chunk", "failure"]
    failure = recorder.of("failure")
    assert failure.error is caught.value
    assert caught.value.partial_response is not None


async def test_stream_abandoned(
    flavour: str, server: DeepSeekTestServer, recorder: Recording
) -> None:
    server.enqueue(Reply(content="a long answer nobody reads to the end"))
    stream = await call(
        flavour, model=MODEL, messages=MESSAGES, stream=True, callbacks=[recorder],
        **auth(server),
    )  # fmt: skip
    await drain(flavour, stream, limit=2)
    assert recorder.kinds == ["request", "stream_start", "stream_first_chunk", "failure"]
    error = recorder.of("failure").error
    assert isinstance(error, StreamInterruptedError)
    assert "closed the stream after 2 chunks" in str(error)
    assert error.correlation_id == stream.correlation_id
    assert error.partial_response.choices[0].message.reasoning_content
    await drain(flavour, stream)  # closing again reports nothing more
    assert recorder.kinds.count("failure") == 1


async def test_fallback_to_a_second_model(
    flavour: str,
    server: DeepSeekTestServer,
    recorder: Recording,
    sleeps: list[float],
) -> None:
    server.enqueue(Reply(status=503, repeat=2), Reply(content="from the fallback"))
    resp = await call(
        flavour, model=MODEL, messages=MESSAGES, num_retries=1, fallbacks=[FALLBACK],
        callbacks=[recorder], **auth(server),
    )  # fmt: skip
    assert recorder.kinds == ["request", "retry", "retry", "request", "success"]
    first_request, retry, fallback, second_request, success = recorder.events
    assert first_request.model == retry.model == fallback.model == "deepseek-flash"
    assert fallback.next_model == FALLBACK
    assert fallback.retry_wait == 0.0
    assert isinstance(fallback.error, InternalServerError)
    assert second_request.model == success.model == "deepseek-v4-pro"
    assert success.attempt == 3
    assert success.response is resp
    assert resp.answered_by == FALLBACK


async def test_litellm_function_lists(flavour: str, server: DeepSeekTestServer) -> None:
    seen: list[tuple[str, dict[str, Any], Any, datetime, datetime]] = []
    litellm_py.success_callback.append(lambda k, r, s, e: seen.append(("ok", k, r, s, e)))
    litellm_py.failure_callback.append(lambda k, r, s, e: seen.append(("failed", k, r, s, e)))
    resp = await call(flavour, model=MODEL, messages=MESSAGES, **auth(server))
    with pytest.raises(AuthenticationError) as caught:
        await call(flavour, model=MODEL, messages=MESSAGES, api_base=server.url, api_key="sk-x1234")
    (ok, kwargs, response, start, end), failed = seen
    assert (ok, response) == ("ok", resp)
    assert kwargs["model"] == "deepseek-flash"
    assert kwargs["messages"] == MESSAGES
    assert kwargs["litellm_call_id"] == resp.correlation_id
    assert kwargs["response_cost"] == resp.cost
    assert isinstance(start, datetime)
    assert start <= end
    assert failed[0] == "failed"
    assert failed[2] is caught.value
    assert failed[1]["exception"] is caught.value


@pytest.mark.usefixtures("_close_async_pools")
async def test_async_functions_in_the_lists_are_awaited_on_async_calls(
    server: DeepSeekTestServer,
) -> None:
    seen: list[Any] = []

    async def record(kwargs: dict[str, Any], response: Any, start: Any, end: Any) -> None:
        await asyncio.sleep(0)
        seen.append(response)

    litellm_py.success_callback = [record]
    resp = await litellm_py.acompletion(model=MODEL, messages=MESSAGES, **auth(server))
    assert seen == [resp]


def test_async_callbacks_on_a_sync_call_without_a_loop_run_to_completion(
    server: DeepSeekTestServer,
) -> None:
    recorder = AsyncRecorder()
    litellm_py.completion(model=MODEL, messages=MESSAGES, callbacks=[recorder], **auth(server))
    assert recorder.kinds == ["request", "success"]


async def test_async_callbacks_on_a_sync_call_inside_a_loop_do_not_block_it(
    server: DeepSeekTestServer,
) -> None:
    recorder = AsyncRecorder()
    litellm_py.completion(model=MODEL, messages=MESSAGES, callbacks=[recorder], **auth(server))
    assert recorder.kinds == []  # scheduled on the running loop, not run inside the call
    for _ in range(5):
        await asyncio.sleep(0)
    assert recorder.kinds == ["request", "success"]


class Exploding(litellm_py.Callback):
    def on_request(self, event: litellm_py.CallEvent) -> None:
        raise RuntimeError("callback bug")

    on_success = on_failure = on_request


async def test_a_raising_callback_never_changes_the_outcome(
    flavour: str, server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    exploding = Exploding()
    litellm_py.callbacks.append(exploding)
    litellm_py.failure_callback.append(lambda *a: 1 / 0)
    resp = await call(flavour, model=MODEL, messages=MESSAGES, **auth(server))
    assert resp.choices[0].message.content
    with pytest.raises(AuthenticationError):
        await call(flavour, model=MODEL, messages=MESSAGES, api_base=server.url, api_key="sk-x1234")
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and r.name == "litellm_py"]
    assert len(errors) == 2  # once per callback, though each raised on several events
    assert "callback bug" in errors[0].getMessage()
    assert "ZeroDivisionError" in errors[1].getMessage()


def test_registering_something_that_is_not_a_callback_is_a_clear_error(
    server: DeepSeekTestServer,
) -> None:
    litellm_py.success_callback = ["langfuse"]  # type: ignore[list-item]
    with pytest.raises(litellm_py.ConfigurationError, match="'langfuse', which is not callable"):
        litellm_py.completion(model=MODEL, messages=MESSAGES, **auth(server))
    litellm_py.success_callback = []
    with pytest.raises(litellm_py.ConfigurationError, match="Callback instances"):
        litellm_py.completion(model=MODEL, messages=MESSAGES, callbacks=[print], **auth(server))
    assert server.requests == []


async def test_mock_responses_report_events(flavour: str) -> None:
    recorder = Recorder()
    await call(flavour, model=MODEL, messages=MESSAGES, mock_response="hi", callbacks=[recorder])
    assert recorder.kinds == ["request", "success"]


def test_events_never_hold_the_key(server: DeepSeekTestServer) -> None:
    recorder = Recorder()
    with pytest.raises(AuthenticationError):
        litellm_py.completion(
            model=MODEL, messages=[{"role": "user", "content": f"my key is {TEST_KEY}"}],
            callbacks=[recorder], api_base=server.url, api_key=TEST_KEY,
        )  # fmt: skip
    assert recorder.kinds == ["request", "failure"]
    assert TEST_KEY not in repr(recorder.events)
