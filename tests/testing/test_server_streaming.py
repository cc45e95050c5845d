"""SSE streams from the loopback DeepSeek server: chunk shapes, usage placement, keep-alives."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from litellm_py.testing import DeepSeekTestServer, Reply

Sse = Callable[[str], list[Any]]
USER = {"role": "user", "content": "Hi"}
TOOL = {
    "type": "function",
    "function": {
        "name": "lookup",
        "parameters": {"type": "object", "properties": {"q": {}}, "required": ["q"]},
    },
}


def stream(client: httpx.Client, path: str = "/chat/completions", **body: Any) -> httpx.Response:
    body = {"model": "deepseek-flash", "stream": True, **body}
    if path.endswith("/chat/completions"):
        body.setdefault("messages", [USER])
    response = client.post(path, json=body)
    assert response.status_code == 200, response.text
    return response


def deltas(chunks: list[Any]) -> list[Any]:
    return [chunk["choices"][0]["delta"] for chunk in chunks if chunk["choices"]]


def test_thinking_stream_shape(client: httpx.Client, sse: Sse) -> None:
    response = stream(client)
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["transfer-encoding"] == "chunked"
    *chunks, done = sse(response.text)
    assert done == "[DONE]"
    assert len({chunk["id"] for chunk in chunks}) == 1
    assert {chunk["object"] for chunk in chunks} == {"chat.completion.chunk"}
    assert all("usage" not in chunk for chunk in chunks[:-1])
    steps = deltas(chunks)
    assert steps[0] == {"role": "assistant", "content": None, "reasoning_content": ""}
    reasoning = [d["reasoning_content"] for d in steps[1:-1] if d["content"] is None]
    content = [d["content"] for d in steps[1:-1] if d["reasoning_content"] is None]
    assert all(len(piece) <= 4 for piece in reasoning + content)
    assert "".join(reasoning) == "The user wrote 2 characters; answer briefly."
    assert "".join(content) == "You said: Hi"
    # two contiguous phases: every reasoning piece comes before every content piece
    kinds = ["r" if d["content"] is None else "c" for d in steps[1:-1]]
    assert kinds == sorted(kinds, reverse=True)
    finish = chunks[-1]
    assert finish["choices"][0]["delta"] == {"content": "", "reasoning_content": None}
    assert finish["choices"][0]["finish_reason"] == "stop"
    assert finish["usage"]["completion_tokens_details"]["reasoning_tokens"] > 0


def test_non_thinking_stream_has_no_reasoning_keys(client: httpx.Client, sse: Sse) -> None:
    *chunks, _ = sse(stream(client, thinking={"type": "disabled"}).text)
    steps = deltas(chunks)
    assert steps[0] == {"role": "assistant", "content": ""}
    assert all("reasoning_content" not in delta for delta in steps)
    assert "".join(delta["content"] for delta in steps) == "You said: Hi"


def test_include_usage_puts_null_usage_on_every_other_chunk(client: httpx.Client, sse: Sse) -> None:
    *chunks, _ = sse(stream(client, stream_options={"include_usage": True}).text)
    assert all(chunk["usage"] is None for chunk in chunks[:-1])
    assert chunks[-1]["usage"]["total_tokens"] > 0


def test_trailing_usage_placement(
    client: httpx.Client, server: DeepSeekTestServer, sse: Sse
) -> None:
    server.enqueue(Reply(usage_placement="trailing"))
    *chunks, done = sse(stream(client, stream_options={"include_usage": True}).text)
    assert done == "[DONE]"
    finish, trailer = chunks[-2:]
    assert finish["choices"][0]["finish_reason"] == "stop"
    assert finish["usage"] is None
    assert trailer["choices"] == []
    assert trailer["usage"]["prompt_tokens"] > 0


def test_chunk_size_is_configurable(server: DeepSeekTestServer, sse: Sse) -> None:
    with DeepSeekTestServer(chunk_size=100) as big:
        headers = {"Authorization": "Bearer sk-test"}
        with httpx.Client(base_url=big.url, headers=headers, verify=False) as http:
            *chunks, _ = sse(stream(http).text)
    assert len(chunks) == 4  # role, reasoning, content, finish


def test_tool_call_fragments(client: httpx.Client, sse: Sse) -> None:
    *chunks, _ = sse(stream(client, tools=[TOOL], stream_options={"include_usage": True}).text)
    calls = [delta["tool_calls"][0] for delta in deltas(chunks) if "tool_calls" in delta]
    opening, *pieces = calls
    assert opening["index"] == 0
    assert opening["id"].startswith("call_00_")
    assert opening["type"] == "function"
    assert opening["function"] == {"name": "lookup", "arguments": ""}
    assert all(set(piece) == {"index", "function"} for piece in pieces)
    assert all(set(piece["function"]) == {"arguments"} for piece in pieces)
    arguments = "".join(piece["function"]["arguments"] for piece in pieces)
    assert json.loads(arguments) == {"q": "test"}
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"
    assert chunks[-1]["usage"]["completion_tokens"] > 0


def test_parallel_scripted_tool_calls_use_indexes(
    client: httpx.Client, server: DeepSeekTestServer, sse: Sse
) -> None:
    calls = [{"name": "a", "arguments": '{"x": 1}'}, {"name": "b", "arguments": "{}"}]
    server.enqueue(Reply(tool_calls=calls))
    *chunks, _ = sse(stream(client).text)
    openings = [
        delta["tool_calls"][0]
        for delta in deltas(chunks)
        if "tool_calls" in delta and "id" in delta["tool_calls"][0]
    ]
    assert [(o["index"], o["function"]["name"]) for o in openings] == [(0, "a"), (1, "b")]
    assert openings[1]["id"].startswith("call_01_")


def test_keepalive_comments_before_and_between_chunks(
    client: httpx.Client, server: DeepSeekTestServer, sse: Sse
) -> None:
    server.enqueue(Reply(keepalives=2, keepalives_between_chunks=1, content="abcdefgh"))
    text = stream(client, thinking={"type": "disabled"}).text
    assert text.startswith(": keep-alive\n\n: keep-alive\n\ndata: ")
    events = text.split("\n\n")
    data_events = [event for event in events if event.startswith("data: ")]
    assert events.count(": keep-alive") == 2 + len(data_events) - 1
    assert "".join(delta["content"] for delta in deltas(sse(text)[:-1])) == "abcdefgh"


def test_non_stream_keepalive_blank_lines_precede_the_json(
    client: httpx.Client, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(keepalives=3, keepalive_interval=0.01))
    response = client.post(
        "/chat/completions", json={"model": "deepseek-flash", "messages": [USER]}
    )
    assert response.headers["transfer-encoding"] == "chunked"
    assert response.text.startswith("\n\n\n{")
    assert json.loads(response.text)["object"] == "chat.completion"


def test_fim_stream(client: httpx.Client, sse: Sse) -> None:
    response = stream(client, "/beta/completions", prompt="def f(", suffix="return 1")
    *chunks, done = sse(response.text)
    assert done == "[DONE]"
    assert {chunk["object"] for chunk in chunks} == {"text_completion"}
    texts = [chunk["choices"][0]["text"] for chunk in chunks]
    assert "".join(texts) == "<fim between 6 and 8>"
    assert all(chunk["choices"][0]["finish_reason"] is None for chunk in chunks[:-1])
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["usage"]["completion_tokens"] > 0


@pytest.mark.parametrize("after", [0, 2])
def test_in_band_stream_error(
    client: httpx.Client, server: DeepSeekTestServer, sse: Sse, after: int
) -> None:
    error = {"message": "boom", "type": "api_error", "code": "internal"}
    server.enqueue(Reply(stream_error=error, stream_error_after=after))
    events = sse(stream(client).text)
    assert len(events) == after + 1
    assert events[-1] == {"error": error}


def test_disconnect_after_chunks(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(disconnect_after_chunks=2))
    body = {"model": "deepseek-flash", "messages": [USER], "stream": True}
    received: list[str] = []
    with (
        pytest.raises(httpx.RemoteProtocolError),
        client.stream("POST", "/chat/completions", json=body) as response,
    ):
        received.extend(response.iter_lines())
    assert sum(line.startswith("data: ") for line in received) <= 2
    assert not any("[DONE]" in line for line in received)
