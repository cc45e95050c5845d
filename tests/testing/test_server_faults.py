"""Injected faults: what an HTTP client sees for each `Reply.fault`."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from litellm_py.testing import DeepSeekTestServer, Reply
from litellm_py.testing._replies import FAULTS

CHAT = {"model": "deepseek-flash", "messages": [{"role": "user", "content": "Hi"}]}
STREAM = {**CHAT, "stream": True}


def test_every_fault_is_covered() -> None:
    covered = {
        "reset_before_headers",
        "reset_mid_body",
        "reset_mid_stream",
        "trickle",
        "keepalive_forever",
        "html_error",
        "truncated_json",
        "wrong_content_type",
        "error_in_200",
        "large",
    }
    assert covered == FAULTS


@pytest.mark.parametrize("body", [CHAT, STREAM], ids=["json", "stream"])
def test_reset_before_headers(
    client: httpx.Client, server: DeepSeekTestServer, body: dict[str, Any]
) -> None:
    server.enqueue(Reply(fault="reset_before_headers"))
    with pytest.raises(httpx.ReadError):
        client.post("/chat/completions", json=body)
    assert client.post("/chat/completions", json=body).status_code == 200  # a fresh connection


@pytest.mark.parametrize(
    ("fault", "body"),
    [("reset_mid_body", CHAT), ("reset_mid_body", STREAM), ("reset_mid_stream", CHAT)],
)
def test_reset_mid_body_sends_headers_then_part_of_the_body(
    client: httpx.Client, server: DeepSeekTestServer, fault: Any, body: dict[str, Any]
) -> None:
    server.enqueue(Reply(fault=fault))
    pieces: list[bytes] = []
    with client.stream("POST", "/chat/completions", json=body) as response:
        assert response.status_code == 200
        with pytest.raises(httpx.ReadError):
            pieces.extend(response.iter_raw())
    received = b"".join(pieces)
    assert len(received) > 0
    with pytest.raises(ValueError):  # noqa: PT011 - half a JSON document
        json.loads(received)


def test_reset_mid_stream(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(fault="reset_mid_stream"))
    lines: list[str] = []
    with (
        pytest.raises(httpx.ReadError),
        client.stream("POST", "/chat/completions", json=STREAM) as response,
    ):
        lines.extend(response.iter_lines())
    data = [line for line in lines if line.startswith("data: ")]
    assert len(data) == 3
    assert all(json.loads(line[6:])["choices"][0]["finish_reason"] is None for line in data)


@pytest.mark.parametrize("body", [CHAT, STREAM], ids=["json", "stream"])
def test_trickle_delivers_the_whole_body_slowly(
    client: httpx.Client, server: DeepSeekTestServer, body: dict[str, Any]
) -> None:
    server.enqueue(Reply(fault="trickle", trickle_bytes=256, trickle_delay=0.01))
    pieces: list[bytes] = []
    with client.stream("POST", "/chat/completions", json=body) as response:
        pieces.extend(response.iter_raw())
    text = b"".join(pieces).decode()
    assert len(pieces) > 2
    if body.get("stream"):
        assert text.rstrip().endswith("data: [DONE]")
    else:
        assert json.loads(text)["choices"][0]["message"]["content"] == "You said: Hi"


@pytest.mark.parametrize(("body", "line"), [(CHAT, b"\n"), (STREAM, b": keep-alive\n\n")])
def test_keepalive_forever_until_the_client_leaves(
    client: httpx.Client, server: DeepSeekTestServer, body: dict[str, Any], line: bytes
) -> None:
    server.enqueue(Reply(fault="keepalive_forever", keepalive_interval=0.01))
    received = bytearray()
    with client.stream("POST", "/chat/completions", json=body) as response:
        for data in response.iter_raw():
            received += data
            if len(received) >= 5 * len(line):
                break
    assert received.startswith(line * 5)
    client.close()
    assert server.wait_connections_closed(timeout=30.0)


def test_keepalive_forever_ends_when_the_server_stops() -> None:
    server = DeepSeekTestServer()
    server.start()
    server.enqueue(Reply(fault="keepalive_forever"))
    headers = {"Authorization": "Bearer sk-test"}
    with (
        httpx.Client(base_url=server.url, headers=headers, verify=False) as http,
        http.stream("POST", "/chat/completions", json=CHAT) as response,
    ):
        chunks = response.iter_raw()
        assert next(chunks) == b"\n"
        started = time.monotonic()
        server.stop()
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            for _ in chunks:
                pass
    assert time.monotonic() - started < 10.0  # the server would send keep-alives forever
    assert server.open_connections == 0


def test_html_error(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(fault="html_error"))
    response = client.post("/chat/completions", json=STREAM)
    assert response.status_code == 502
    assert response.headers["content-type"] == "text/html"
    assert response.text.startswith("<html>")


def test_truncated_json(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(fault="truncated_json"))
    response = client.post("/chat/completions", json=CHAT)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_truncated_json_in_a_stream(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(fault="truncated_json"))
    lines = client.post("/chat/completions", json=STREAM).text.splitlines()
    data = [line[6:] for line in lines if line.startswith("data: ")]
    json.loads(data[0])
    with pytest.raises(json.JSONDecodeError):
        json.loads(data[1])
    assert data[-1] == "[DONE]"


def test_wrong_content_type(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(fault="wrong_content_type"))
    response = client.post("/chat/completions", json=CHAT)
    assert response.headers["content-type"].startswith("text/plain")
    assert response.json()["object"] == "chat.completion"


def test_error_in_200(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(fault="error_in_200"))
    response = client.post("/chat/completions", json=CHAT)
    assert response.status_code == 200
    assert set(response.json()) == {"error"}


def test_large_response(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(fault="large"))
    body = client.post("/chat/completions", json=CHAT).json()
    assert len(body["choices"][0]["message"]["content"]) == 5_000_000


def test_large_stream_uses_big_pieces(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(fault="large", large_size=300_000))
    text = client.post("/chat/completions", json=STREAM).text
    pieces = [
        json.loads(line[6:])["choices"][0]["delta"].get("content")
        for line in text.splitlines()
        if line.startswith("data: {")
    ]
    assert len("".join(piece for piece in pieces if piece)) == 300_000
    assert len(pieces) < 20


def test_large_fim(client: httpx.Client, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(fault="large", large_size=1000))
    body = {"model": "deepseek-flash", "prompt": "x"}
    assert len(client.post("/beta/completions", json=body).json()["choices"][0]["text"]) == 1000
