"""Scripted replies: FIFO order, path matching, repeat, headers, raw bodies and error statuses."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from litellm_py.testing import DeepSeekTestServer, Reply

CHAT = {"model": "deepseek-flash", "messages": [{"role": "user", "content": "Hi"}]}


def content_of(response: httpx.Response) -> Any:
    return response.json()["choices"][0]["message"]["content"]


def test_replies_are_consumed_fifo_then_defaults_resume(
    client: httpx.Client, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(content="first"), Reply(content="second"))
    assert server.pending_replies == 2
    contents = [content_of(client.post("/chat/completions", json=CHAT)) for _ in range(3)]
    assert contents == ["first", "second", "You said: Hi"]
    assert server.pending_replies == 0


def test_repeat(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(status=503, repeat=2))
    statuses = [client.post("/chat/completions", json=CHAT).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]


def test_path_matching_skips_other_requests(
    client: httpx.Client, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(path="/user/balance", json={"is_available": False}))
    assert content_of(client.post("/chat/completions", json=CHAT)) == "You said: Hi"
    assert client.get("/models").status_code == 200
    assert client.get("/user/balance").json() == {"is_available": False}


def test_prefix_free_path_matches_prefixed_requests(
    client: httpx.Client, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(path="/chat/completions", content="x", repeat=2))
    server.enqueue(Reply(path="/beta/chat/completions", content="beta only"))
    assert content_of(client.post("/v1/chat/completions", json=CHAT)) == "x"
    assert content_of(client.post("/beta/chat/completions", json=CHAT)) == "x"
    assert content_of(client.post("/chat/completions", json=CHAT)) == "You said: Hi"
    assert content_of(client.post("/beta/chat/completions", json=CHAT)) == "beta only"


def test_headers_and_content_type(client: httpx.Client, server: DeepSeekTestServer) -> None:
    headers = {"retry-after": "1", "x-should-retry": "false"}
    server.enqueue(Reply(status=429, headers=headers, content_type="application/problem+json"))
    response = client.post("/chat/completions", json=CHAT)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"
    assert response.headers["x-should-retry"] == "false"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["error"]["message"] == "Rate Limit Reached"


@pytest.mark.parametrize(
    ("status", "message", "error_type"),
    [
        (401, "Authentication Fails, Your api key: **** is invalid", "authentication_error"),
        (402, "Insufficient Balance", "unknown_error"),
        (422, "Your request contains invalid parameters.", "invalid_request_error"),
        (500, "Server Error", "api_error"),
        (503, "Server Overloaded", "api_error"),
        (418, "HTTP 418", "api_error"),
    ],
)
def test_error_statuses_get_deepseek_bodies(
    client: httpx.Client, server: DeepSeekTestServer, status: int, message: str, error_type: str
) -> None:
    server.enqueue(Reply(status=status))
    response = client.post("/chat/completions", json=CHAT)
    assert response.status_code == status
    assert response.json()["error"]["message"] == message
    assert response.json()["error"]["type"] == error_type


def test_raw_json_and_raw_body(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(status=400, json={"error": {"message": "custom"}}))
    server.enqueue(Reply(body=b"data: [DONE]\n\n", content_type="text/event-stream"))
    first = client.post("/chat/completions", json=CHAT)
    second = client.post("/chat/completions", json=CHAT)
    assert (first.status_code, first.json()) == (400, {"error": {"message": "custom"}})
    assert second.content == b"data: [DONE]\n\n"
    assert second.headers["content-type"] == "text/event-stream"


def test_scripted_answer_fields(client: httpx.Client, server: DeepSeekTestServer) -> None:
    usage = {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}
    server.enqueue(Reply(content="hi", reasoning="hmm", finish_reason="length", usage=usage))
    body = client.post("/chat/completions", json=CHAT).json()
    choice = body["choices"][0]
    assert choice["message"] == {"role": "assistant", "content": "hi", "reasoning_content": "hmm"}
    assert choice["finish_reason"] == "length"
    assert body["usage"] == usage


def test_scripted_tool_calls(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(tool_calls=[{"name": "f", "arguments": '{"a": 1}'}]))
    body = client.post("/chat/completions", json={**CHAT, "thinking": {"type": "disabled"}}).json()
    message = body["choices"][0]["message"]
    assert body["choices"][0]["finish_reason"] == "tool_calls"
    assert message["content"] is None
    assert "reasoning_content" not in message
    assert message["tool_calls"][0]["function"] == {"name": "f", "arguments": '{"a": 1}'}


def test_scripted_tool_call_arguments_may_be_a_mapping(
    client: httpx.Client, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(tool_calls=[{"name": "f", "arguments": {"city": "Paris"}}]))
    message = client.post("/chat/completions", json=CHAT).json()["choices"][0]["message"]
    assert message["tool_calls"][0]["function"]["arguments"] == '{"city": "Paris"}'


def test_scripted_replies_skip_validation(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(content="ok"))
    response = client.post("/chat/completions", json={"model": "nope", "n": 5})
    assert response.status_code == 200
    assert content_of(response) == "ok"


def test_scripted_replies_still_require_auth(server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(content="ok"))
    with httpx.Client(base_url=server.url, verify=False) as http:
        assert http.post("/chat/completions", json=CHAT).status_code == 401
    assert server.pending_replies == 1


def test_scripted_fim_text(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(content="middle"))
    body = client.post("/beta/completions", json={"model": "deepseek-flash", "prompt": "a"}).json()
    assert body["choices"][0]["text"] == "middle"


def test_delay(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(delay=0.2))
    response = client.post("/chat/completions", json=CHAT)
    assert response.elapsed.total_seconds() >= 0.2


def test_custom_path_can_be_scripted(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(path="/anything", json={"ok": True}))
    assert client.get("/anything").json() == {"ok": True}
    assert client.get("/anything").status_code == 404


def test_reset_clears_requests_and_replies(
    client: httpx.Client, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(status=500))
    client.get("/models")
    server.enqueue(Reply(status=500))
    server.reset()
    assert server.requests == []
    assert server.pending_replies == 0
    assert client.get("/models").status_code == 200


@pytest.mark.parametrize(
    "kwargs",
    [
        {"fault": "explode"},
        {"usage_placement": "middle"},
        {"json": {}, "body": b""},
        {"repeat": 0},
        {"chunk_size": 0},
        {"trickle_bytes": 0},
    ],
)
def test_invalid_replies_are_rejected(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        Reply(**kwargs)
