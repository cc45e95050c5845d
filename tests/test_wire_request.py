"""The request as sent: `WireRequest` parts, the bytes on the wire, and no httpx objects on aiohttp.

A built request keeps its headers as `str` pairs; httpx's `Headers` is made only when asked for.
Both must describe the same request, every backend must send the same header lines, and a
successful call on the aiohttp backend must not build httpx's request or response objects.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import pickle
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

import litellm_py
from litellm_py import _request
from litellm_py._settings import ClientSettings
from litellm_py._wire_request import WireRequest, set_header
from litellm_py.providers.deepseek.provider import DeepSeekProvider
from tests.raw_server import CHAT

URL = "http://127.0.0.1:8123/v1/chat/completions"
AUTH = ("authorization", "Bearer sk-wire-request-key")
HAS_AIOHTTP = importlib.util.find_spec("aiohttp") is not None


def _settings(**headers: str) -> ClientSettings:
    settings = DeepSeekProvider().settings(api_key="sk-wire", api_base="http://127.0.0.1:8123/v1")
    if headers:  # a distinct settings object with configured headers
        settings = ClientSettings(settings.api_base, settings.api_key, headers=headers)
    return settings


def _build(extra: dict[str, str] | None = None, **headers: str) -> WireRequest:
    request = _request.build_http_request(
        "post", URL, _settings(**headers), {"a": "é"}, extra, auth=AUTH
    )
    assert isinstance(request, WireRequest)
    return request


def _decoded(headers: httpx.Headers) -> list[tuple[str, str]]:
    return [(k.decode(headers.encoding), v.decode(headers.encoding)) for k, v in headers.raw]


@pytest.mark.parametrize(
    "extra", [None, {"X-Trace": "t1"}, {"X-Name": "Zoë".encode()}, {"Content-Length": "7"}]
)
def test_the_pairs_sent_are_the_headers_httpx_sees(extra: Any) -> None:
    sent = _build(extra).pairs()  # what the aiohttp backend sends
    seen = _build(extra).headers  # what the httpx backend sends
    assert sent == _decoded(seen)
    assert sent[0] == ("Host", "127.0.0.1:8123")
    utf8 = extra is not None and "X-Name" in extra  # bytes given as they are: not ASCII
    assert _build(extra).headers.encoding == ("utf-8" if utf8 else "ascii")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("x-client-request-id", "id-1"),  # a new header: appended
        ("Accept", "text/plain"),  # present: replaced in place, with the new name's case
        ("x-dup", "one"),  # present twice (configured + caller): the second one dropped
        ("X-Name", "Zoë"),  # not ASCII: httpx's own rules
    ],
)
def test_set_header_does_what_httpx_headers_do(name: str, value: str) -> None:
    request = _build({"X-Dup": "two"}, **{"x-dup": "zero"})
    request.set_header("x-dup", "three")  # keep one x-dup before the case under test
    expected = _build({"X-Dup": "two"}, **{"x-dup": "zero"}).headers
    expected["x-dup"] = "three"
    set_header(request, name, value)
    expected[name] = value
    assert request.pairs() == _decoded(expected)
    assert request.headers.raw == expected.raw


def test_a_header_set_after_headers_were_made_is_sent() -> None:
    request = _build()
    request.headers["traceparent"] = "00-abc-def-01"  # e.g. a span injecting into the carrier
    set_header(request, "x-client-request-id", "id-2")
    assert request.pairs()[-2:] == [
        ("traceparent", "00-abc-def-01"),
        ("x-client-request-id", "id-2"),
    ]


def test_a_transfer_encoding_header_is_left_to_the_transport_framing_the_body() -> None:
    request = _build({"Transfer-Encoding": "chunked"})
    assert ("transfer-encoding", "chunked") in request.pairs()
    assert all(k.lower() != "transfer-encoding" for k, _ in request.unframed_pairs())
    plain = _build()
    assert plain.unframed_pairs() is plain.pairs()  # nothing to drop: no copy


def test_the_timeouts_become_httpx_extensions_on_demand() -> None:
    request = _request.build_http_request("GET", URL, _settings(), read_timeout=5.0)
    assert isinstance(request, WireRequest)
    assert request.plain_timeouts() == (600.0, 600.0, 5.0)
    assert request.extensions == {
        "timeout": {"connect": 600.0, "read": 5.0, "write": 600.0, "pool": 600.0}
    }
    assert request.plain_timeouts() is None  # the extensions may now be changed: they rule


def test_the_body_is_read_and_streams_like_httpx_content() -> None:
    request = _build()
    assert request.content == json.dumps({"a": "é"}, ensure_ascii=False).replace(" ", "").encode()
    assert b"".join(request.stream) == request.content
    assert request.method == "POST"
    assert request.target == str(request.url) == URL


def test_a_pickled_request_keeps_method_url_headers_and_body() -> None:
    request = _build({"X-Trace": "t1"})
    copy = pickle.loads(pickle.dumps(request))
    assert (copy.method, copy.url, copy.content) == (request.method, request.url, request.content)
    assert copy.headers.raw == request.headers.raw


def test_userinfo_is_never_sent_and_the_cache_keys_hold_no_key() -> None:
    request = _request.build_http_request(
        "GET", "http://user:sk-in-url-secret@127.0.0.1:8123/v1/models", _settings(), auth=AUTH
    )
    assert isinstance(request, WireRequest)
    assert request.target == "http://127.0.0.1:8123/v1/models"
    assert ("Host", "127.0.0.1:8123") in request.pairs()
    assert AUTH[1] not in repr(list(_request._HEADERS))


def test_the_same_settings_with_another_key_get_their_own_headers() -> None:
    settings = _settings()
    first = _request.build_http_request("GET", URL, settings, auth=("x-api-key", "sk-first-1"))
    second = _request.build_http_request("GET", URL, settings, auth=("x-api-key", "sk-second-2"))
    assert ("x-api-key", "sk-first-1") in first.headers.multi_items()
    assert ("x-api-key", "sk-second-2") in second.headers.multi_items()


# -- on the wire -------------------------------------------------------------------------------


class _CaptureServer:
    """Answers every request with one chat completion and records its head and body."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"
        self.heads: list[list[str]] = []
        self.bodies: list[bytes] = []
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        data = b""
        body = json.dumps(CHAT).encode()
        answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
        answer += b"content-length: %d\r\n\r\n%s" % (len(body), body)
        with conn:
            while True:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, data = data.split(b"\r\n\r\n", 1)
                lines = head.decode().split("\r\n")
                length = next(
                    (
                        int(line.split(":")[1])
                        for line in lines
                        if line.lower().startswith("content-length:")
                    ),
                    0,
                )
                while len(data) < length:
                    data += conn.recv(65536)
                self.heads.append(lines)
                self.bodies.append(data[:length])
                data = data[length:]
                conn.sendall(answer)

    def close(self) -> None:
        self._stop.set()
        self.sock.close()


@pytest.fixture
def capture_server() -> Iterator[_CaptureServer]:
    """The capture server (parametrized over every backend, as every loopback test is)."""
    running = _CaptureServer()
    yield running
    running.close()


@pytest.fixture
async def aiohttp_capture(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[_CaptureServer]:
    """The capture server, called on the aiohttp backend only."""
    monkeypatch.setenv("LITELLM_PY_HTTP_BACKEND", "aiohttp")
    running = _CaptureServer()
    yield running
    await litellm_py.aclose()
    running.close()


async def _call(mode: str, **kwargs: Any) -> Any:
    if mode == "sync":
        return litellm_py.completion(**kwargs)
    return await litellm_py.acompletion(**kwargs)


async def test_every_backend_sends_the_same_header_lines(
    capture_server: _CaptureServer, mode: str
) -> None:
    messages = [{"role": "user", "content": "Grüße"}]
    kwargs = {"model": "deepseek/deepseek-flash", "messages": messages}
    await _call(mode, **kwargs, api_base=capture_server.url, api_key="sk-capture-key-0001")
    (head,) = capture_server.heads
    port = capture_server.url.split(":")[2].split("/")[0]
    body = capture_server.bodies[0]
    assert head[0] == "POST /v1/chat/completions HTTP/1.1"
    assert head[1:-1] == [
        f"Host: 127.0.0.1:{port}",
        "accept: application/json",
        f"user-agent: {_request.USER_AGENT}",
        "authorization: Bearer sk-capture-key-0001",
        "content-type: application/json",
        f"Content-Length: {len(body)}",
    ]
    assert head[-1].startswith("x-client-request-id: ")
    assert json.loads(body)["messages"] == messages


# -- no httpx objects on the aiohttp success path ---------------------------------------------


@pytest.mark.skipif(not HAS_AIOHTTP, reason="the aiohttp extra is not installed")
async def test_an_aiohttp_success_builds_no_httpx_request_or_response(
    aiohttp_capture: _CaptureServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    capture_server = aiohttp_capture
    caplog.set_level(logging.INFO, "litellm_py")  # the DEBUG request line shows httpx's headers
    kwargs: dict[str, Any] = {
        "model": "deepseek/deepseek-flash",
        "messages": [{"role": "user", "content": "Hi"}],
        "api_base": capture_server.url,
        "api_key": "sk-capture-key-0002",
    }
    await litellm_py.acompletion(**kwargs)  # the first call fills the caches
    made: list[str] = []
    for cls in (httpx.Headers, httpx.Request, httpx.Response, httpx.URL, httpx.ByteStream):
        original = cls.__init__

        def counting(self: Any, *args: Any, _original: Any = original, **kw: Any) -> None:
            made.append(type(self).__name__)
            _original(self, *args, **kw)

        monkeypatch.setattr(cls, "__init__", counting)
    for _ in range(3):
        response = await litellm_py.acompletion(**kwargs)
        assert response.choices[0].message.content == "raw answer"
    assert made == []
    assert len(capture_server.heads) == 4


@pytest.mark.skipif(not HAS_AIOHTTP, reason="the aiohttp extra is not installed")
async def test_aiohttp_adds_no_header_of_its_own(aiohttp_capture: _CaptureServer) -> None:
    from litellm_py import _http
    from litellm_py._aiohttp_transport import AiohttpClient

    client = AiohttpClient(_http.LIMITS)
    request = httpx.Request("POST", aiohttp_capture.url + "/chat/completions", content=b"{}")
    try:
        answer = await client.send(request, stream=False)
    finally:
        await client.aclose()
    assert answer.status_code == 200
    (head,) = aiohttp_capture.heads
    port = aiohttp_capture.url.split(":")[2].split("/")[0]
    assert head[1:3] == [f"Host: 127.0.0.1:{port}", "Content-Length: 2"]
    # None of aiohttp's defaults, and no Content-Type for a body sent without one (as httpx).
    names = {line.split(":")[0].lower() for line in head[1:]}
    assert not names & {"accept", "accept-encoding", "user-agent", "content-type"}


@pytest.mark.skipif(not HAS_AIOHTTP, reason="the aiohttp extra is not installed")
async def test_aiohttp_sends_a_body_without_content_type_as_httpx_does(
    aiohttp_capture: _CaptureServer,
) -> None:
    from litellm_py import _http
    from litellm_py._aiohttp_transport import AiohttpClient

    client = AiohttpClient(_http.LIMITS)
    url = aiohttp_capture.url + "/upload"
    headers = {"User-Agent": "custom/1.0", "Accept": "*/*"}
    try:
        for content in (b"raw bytes", b""):
            request = httpx.Request("PUT", url, content=content, headers=headers)
            await client.send(request, stream=False)
            async with httpx.AsyncClient() as plain:
                await plain.send(httpx.Request("PUT", url, content=content, headers=headers))
    finally:
        await client.aclose()
    ours, theirs, ours_empty, theirs_empty = aiohttp_capture.heads

    def names(head: list[str]) -> list[str]:
        return sorted(line.split(":")[0].lower() for line in head[1:])

    assert names(ours) == names(theirs)
    assert names(ours_empty) == names(theirs_empty)
    assert "content-type" not in names(ours)
    assert aiohttp_capture.bodies == [b"raw bytes", b"raw bytes", b"", b""]
