"""Server plumbing: keep-alive, connection accounting, start/stop, raw HTTP/1.1 and the CLI."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Callable

import httpx
import pytest

from litellm_py.testing import DeepSeekTestServer, Reply
from litellm_py.testing import __main__ as cli

RawExchange = Callable[[bytes], bytes]
CHAT = {"model": "deepseek-flash", "messages": [{"role": "user", "content": "Hi"}]}
AUTH = b"Authorization: Bearer sk-test\r\n"


def test_keep_alive_reuses_one_connection(client: httpx.Client, server: DeepSeekTestServer) -> None:
    for _ in range(5):
        assert client.post("/chat/completions", json=CHAT).status_code == 200
        assert client.post("/chat/completions", json={**CHAT, "stream": True}).status_code == 200
        assert client.get("/models").status_code == 200
    assert server.open_connections == 1
    assert len(server.requests) == 15


def test_open_connections_return_to_zero(server: DeepSeekTestServer) -> None:
    clients = [
        httpx.Client(base_url=server.url, headers={"Authorization": "Bearer sk-test"}, verify=False)
        for _ in range(3)
    ]
    try:
        for http in clients:
            http.get("/models")
        assert server.open_connections == 3
    finally:
        for http in clients:
            http.close()
    assert server.wait_connections_closed(timeout=30.0)
    assert server.open_connections == 0


def test_open_connections_after_errors_and_faults(
    client: httpx.Client, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(fault="reset_before_headers"), Reply(disconnect_after_chunks=1))
    with pytest.raises(httpx.ReadError):
        client.post("/chat/completions", json=CHAT)
    with pytest.raises(httpx.RemoteProtocolError):
        client.post("/chat/completions", json={**CHAT, "stream": True})
    client.post("/chat/completions", json={**CHAT, "n": 2})
    client.close()
    assert server.wait_connections_closed(timeout=30.0)


def test_start_stop_loop_leaks_no_threads() -> None:
    before = threading.active_count()
    for _ in range(20):
        server = DeepSeekTestServer()
        server.start()
        with socket.create_connection(("127.0.0.1", server.port)):
            server.stop()
        server.stop()  # idempotent
    assert threading.active_count() == before


def test_restart_same_instance() -> None:
    server = DeepSeekTestServer()
    for _ in range(2):
        with server, httpx.Client(base_url=server.url, verify=False) as http:
            assert http.get("/models").status_code == 401
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.url


def test_double_start_is_an_error(server: DeepSeekTestServer) -> None:
    with pytest.raises(RuntimeError, match="already running"):
        server.start()


def test_bind_failure_is_reported(server: DeepSeekTestServer) -> None:
    with pytest.raises(RuntimeError, match="failed to start"):
        DeepSeekTestServer(port=server.port).start()


def test_stop_closes_idle_client_connections() -> None:
    server = DeepSeekTestServer()
    server.start()
    with socket.create_connection(("127.0.0.1", server.port), timeout=2.0) as sock:
        sock.sendall(b"GET /user/balance HTTP/1.1\r\nHost: x\r\n" + AUTH + b"\r\n")
        response = b""
        while not response.endswith(b"}]}"):
            response += sock.recv(65536)
        assert response.startswith(b"HTTP/1.1 200 OK")
        server.stop()
        assert sock.recv(65536) == b""
    assert server.open_connections == 0


async def test_async_context_manager() -> None:
    async with DeepSeekTestServer() as server:
        headers = {"Authorization": f"Bearer {server.api_key}"}
        async with httpx.AsyncClient(base_url=server.url, headers=headers, verify=False) as http:
            responses = await asyncio.gather(
                *(http.post("/chat/completions", json=CHAT) for _ in range(20))
            )
        assert {response.status_code for response in responses} == {200}
        assert len(server.requests) == 20
        assert repr(server) == f"<DeepSeekTestServer {server.url}>"
        assert server.beta_url == server.url + "/beta"
    assert repr(server) == "<DeepSeekTestServer stopped>"


def test_chunked_request_body(raw: RawExchange) -> None:
    body = json.dumps(CHAT).encode()
    half = len(body) // 2
    request = (
        b"POST /chat/completions HTTP/1.1\r\nHost: x\r\n"
        + AUTH
        + b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + b"%x\r\n%b\r\n%x;ext=1\r\n%b\r\n0\r\n\r\n"
        % (half, body[:half], len(body) - half, body[half:])
    )
    response = raw(request)
    assert response.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"connection: close" in response
    assert b"You said: Hi" in response


def test_expect_100_continue(raw: RawExchange) -> None:
    body = json.dumps(CHAT).encode()
    request = (
        b"POST /chat/completions HTTP/1.1\r\nHost: x\r\n"
        + AUTH
        + b"Expect: 100-continue\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%b"
        % (len(body), body)
    )
    response = raw(request)
    assert response.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n")


def test_http_10_closes_after_the_response(raw: RawExchange) -> None:
    response = raw(b"GET /user/balance HTTP/1.0\r\n" + AUTH + b"\r\n")
    assert response.startswith(b"HTTP/1.1 200 OK\r\n")
    assert response.endswith(b"}")


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"NONSENSE\r\n\r\n",
        b"GET /models HTTP/2.0\r\n\r\n",
        b"GET /models HTTP/1.1\r\nbad\r\n\r\n",
        b"POST /chat/completions HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
        b"POST /chat/completions HTTP/1.1\r\nContent-Length: many\r\n\r\n",
        b"POST /chat/completions HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
    ids=["request-line", "version", "header", "negative-length", "bad-length", "chunk-size"],
)
def test_malformed_requests_get_400_and_close(raw: RawExchange, request_bytes: bytes) -> None:
    response = raw(request_bytes)
    assert response.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert b"connection: close" in response


def test_pipelined_requests(raw: RawExchange) -> None:
    one = b"GET /models HTTP/1.1\r\nHost: x\r\n" + AUTH + b"\r\n"
    last = b"GET /user/balance HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + AUTH + b"\r\n"
    response = raw(one + one + last)
    assert response.count(b"HTTP/1.1 200 OK") == 3


def test_cli_prints_url_and_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupt() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_wait_forever", interrupt)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cli.main(["--port", str(port), "--legacy-models", "--api-key", "sk-cli"])
    out = capsys.readouterr().out
    assert f"http://127.0.0.1:{port}" in out
    assert "sk-cli" in out
    cli.main(["--port", str(port), "--openai"])
    assert f"OpenAI test server listening on http://127.0.0.1:{port}/v1" in capsys.readouterr().out
