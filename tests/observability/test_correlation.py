"""Correlation ids: one per call, sent as X-Client-Request-Id, on responses, streams and errors."""

from __future__ import annotations

import re
import uuid

import pytest

import litellm_py
from litellm_py.exceptions import AuthenticationError, InternalServerError
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.observability.support import MESSAGES, MODEL, auth, call, drain

HEX32 = re.compile(r"^[0-9a-f]{32}$")


async def test_every_call_gets_a_fresh_id_sent_as_a_header(
    flavour: str, server: DeepSeekTestServer
) -> None:
    first = await call(flavour, model=MODEL, messages=MESSAGES, **auth(server))
    second = await call(flavour, model=MODEL, messages=MESSAGES, **auth(server))
    assert HEX32.match(first.correlation_id)
    assert uuid.UUID(first.correlation_id).version == 4
    assert HEX32.match(second.correlation_id)
    assert first.correlation_id != second.correlation_id
    sent = [r.headers["x-client-request-id"] for r in server.requests]
    assert sent == [first.correlation_id, second.correlation_id]
    assert "correlation_id" not in first.model_dump()
    assert "correlation_id" not in first.model_dump_json()


async def test_the_callers_id_from_metadata_is_used(
    flavour: str, server: DeepSeekTestServer
) -> None:
    resp = await call(
        flavour, model=MODEL, messages=MESSAGES, metadata={"correlation_id": "order-42"},
        **auth(server),
    )  # fmt: skip
    assert resp.correlation_id == "order-42"
    assert server.last_request.headers["x-client-request-id"] == "order-42"
    assert "metadata" not in (server.last_request.json or {})


async def test_errors_carry_the_id_next_to_the_server_request_id(
    flavour: str, server: DeepSeekTestServer
) -> None:
    with pytest.raises(AuthenticationError) as caught:
        await call(flavour, model=MODEL, messages=MESSAGES, api_base=server.url, api_key="sk-bad1")
    err = caught.value
    assert err.correlation_id == server.last_request.headers["x-client-request-id"]
    assert HEX32.match(err.correlation_id or "")
    assert err.request_id == server.last_request.request_id


async def test_retries_keep_the_id(
    flavour: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(Reply(status=500), Reply(content="ok"))
    resp = await call(flavour, model=MODEL, messages=MESSAGES, **auth(server))
    ids = [r.headers["x-client-request-id"] for r in server.requests]
    assert ids == [resp.correlation_id] * 2
    assert len(sleeps) == 1


async def test_fallbacks_keep_the_id_and_the_final_error_has_it(
    flavour: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(Reply(status=500, repeat=2), Reply(status=503, repeat=2))
    with pytest.raises(InternalServerError) as caught:
        await call(
            flavour, model=MODEL, messages=MESSAGES, num_retries=1,
            fallbacks=["deepseek/deepseek-v4-pro"], **auth(server),
        )  # fmt: skip
    ids = {r.headers["x-client-request-id"] for r in server.requests}
    assert len(server.requests) == 4
    assert ids == {caught.value.correlation_id}


async def test_streams_carry_the_id(flavour: str, server: DeepSeekTestServer) -> None:
    stream = await call(flavour, model=MODEL, messages=MESSAGES, stream=True, **auth(server))
    chunks = await drain(flavour, stream)
    assert chunks
    assert stream.correlation_id == server.last_request.headers["x-client-request-id"]


async def test_stream_errors_carry_the_id(flavour: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(content="a long answer that is cut", disconnect_after_chunks=2))
    stream = await call(flavour, model=MODEL, messages=MESSAGES, stream=True, **auth(server))
    with pytest.raises(litellm_py.StreamInterruptedError) as caught:
        await drain(flavour, stream)
    assert caught.value.correlation_id == stream.correlation_id
    assert caught.value.correlation_id == server.last_request.headers["x-client-request-id"]


async def test_mock_responses_have_an_id(flavour: str) -> None:
    resp = await call(flavour, model=MODEL, messages=MESSAGES, mock_response="hi")
    assert HEX32.match(resp.correlation_id)
    stream = await call(
        flavour, model=MODEL, messages=MESSAGES, mock_response="hi", stream=True,
        metadata={"correlation_id": "m-1"},
    )  # fmt: skip
    assert stream.correlation_id == "m-1"
    with pytest.raises(litellm_py.RateLimitError) as caught:
        await call(
            flavour, model=MODEL, messages=MESSAGES,
            mock_response=litellm_py.RateLimitError("mocked", status_code=429),
        )  # fmt: skip
    assert HEX32.match(caught.value.correlation_id or "")


def test_text_completion_sends_and_returns_the_id(server: DeepSeekTestServer) -> None:
    resp = litellm_py.text_completion(
        "deepseek/deepseek-flash", "def f(", suffix="return 1", **auth(server)
    )
    assert resp.correlation_id == server.last_request.headers["x-client-request-id"]
