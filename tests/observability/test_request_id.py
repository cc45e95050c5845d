"""The server's `x-request-id` on successes: responses, streams and their assembled response,
Responses-API objects and the callback success event (errors already carry it).

Every test runs per flavour: sync, and async on httpx and on aiohttp.
"""

from __future__ import annotations

import json
from typing import Any

import litellm_py
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.observability.support import MESSAGES, MODEL, Recorder, auth, call, drain
from tests.raw_server import CHAT, RawServer, raw_answer


def served_id(server: DeepSeekTestServer) -> str:
    request_id = server.last_request.request_id
    assert request_id  # the test server always sends one
    return request_id


async def test_a_response_carries_the_servers_request_id(
    flavour: str, server: DeepSeekTestServer
) -> None:
    recorder = Recorder()
    resp = await call(flavour, model=MODEL, messages=MESSAGES, callbacks=[recorder], **auth(server))
    assert resp.request_id == served_id(server)
    assert resp.correlation_id == server.last_request.headers["x-client-request-id"]
    assert resp.request_id != resp.correlation_id
    assert "request_id" not in resp.model_dump()
    assert "request_id" not in resp.model_dump_json()
    success = recorder.of("success")
    assert success.request_id == resp.request_id
    assert success.response.request_id == resp.request_id


async def test_after_a_retry_it_is_the_answering_attempts_id(
    flavour: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(Reply(status=500), Reply(content="ok"))
    resp = await call(flavour, model=MODEL, messages=MESSAGES, **auth(server))
    first, second = (r.request_id for r in server.requests)
    assert first != second
    assert resp.request_id == second


async def test_a_stream_and_its_assembled_response_carry_it(
    flavour: str, server: DeepSeekTestServer
) -> None:
    recorder = Recorder()
    server.enqueue(Reply(content="streamed answer"))
    stream = await call(
        flavour, model=MODEL, messages=MESSAGES, stream=True, callbacks=[recorder], **auth(server)
    )
    assert stream.request_id == served_id(server)
    await drain(flavour, stream)
    final = stream.get_final_response()
    if flavour != "sync":
        final = await final
    assert final.choices[0].message.content == "streamed answer"
    assert final.request_id == stream.request_id
    assert final.correlation_id == stream.correlation_id
    assert "request_id" not in final.model_dump()
    success = recorder.of("success")
    assert success.request_id == stream.request_id
    assert success.response.request_id == stream.request_id


async def test_text_completion_carries_it(flavour: str, server: DeepSeekTestServer) -> None:
    kwargs: dict[str, Any] = {"prompt": "def f(", "suffix": "return 1", **auth(server)}
    if flavour == "sync":
        resp = litellm_py.text_completion("deepseek/deepseek-flash", **kwargs)
    else:
        resp = await litellm_py.atext_completion("deepseek/deepseek-flash", **kwargs)
    assert resp.request_id == served_id(server)


async def responses(flavour: str, **kwargs: Any) -> Any:
    if flavour == "sync":
        return litellm_py.responses(MODEL, "Hi", **kwargs)
    return await litellm_py.aresponses(MODEL, "Hi", **kwargs)


async def test_responses_api_objects_carry_it(flavour: str, server: DeepSeekTestServer) -> None:
    resp = await responses(flavour, **auth(server))
    assert isinstance(resp, litellm_py.Response)
    assert resp.request_id == served_id(server)
    assert resp.correlation_id == server.last_request.headers["x-client-request-id"]
    assert "request_id" not in resp.model_dump()
    stream = await responses(flavour, stream=True, **auth(server))
    assert stream.request_id == served_id(server)
    events = await drain(flavour, stream)
    assert events[-1].type == "response.completed"
    final = stream.get_final_response()
    if flavour != "sync":
        final = await final
    assert isinstance(final, litellm_py.Response)
    assert final.request_id == stream.request_id


async def test_no_header_means_none(flavour: str) -> None:
    chunk = {**CHAT, "object": "chat.completion.chunk"}
    chunk["choices"] = [{"index": 0, "delta": {"content": "raw answer"}, "finish_reason": "stop"}]
    plain = raw_answer(json.dumps(CHAT).encode(), content_type="application/json")
    sse = raw_answer(f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode())
    answers = iter([plain, sse])
    with RawServer(lambda connection, request: next(answers)) as server:
        args: dict[str, Any] = {"api_base": server.url, "api_key": "sk-raw", "num_retries": 0}
        resp = await call(flavour, model=MODEL, messages=MESSAGES, **args)
        assert resp.choices[0].message.content == "raw answer"
        assert resp.request_id is None
        assert resp.correlation_id is not None
        stream = await call(flavour, model=MODEL, messages=MESSAGES, stream=True, **args)
        assert stream.request_id is None
        assert await drain(flavour, stream)


def test_a_mock_answer_has_none() -> None:
    resp = litellm_py.completion(MODEL, MESSAGES, mock_response="hi")
    assert resp.request_id is None
    assert resp.correlation_id is not None
