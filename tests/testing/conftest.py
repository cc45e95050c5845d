"""Fixtures for the loopback DeepSeek server tests: a running server and clients bound to it."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from litellm_py.testing import DeepSeekTestServer
from tests.support import sse_payloads

RawExchange = Callable[[bytes], bytes]


@pytest.fixture
def client(server: DeepSeekTestServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {server.api_key}"}
    # Plain-HTTP loopback: verify=False skips loading the CA bundle (~25 ms per client).
    with httpx.Client(base_url=server.url, headers=headers, timeout=5.0, verify=False) as http:
        yield http


@pytest.fixture
def raw(server: DeepSeekTestServer) -> RawExchange:
    """Send raw bytes, then read until the server closes the connection (or 2 s pass)."""

    def exchange(request: bytes) -> bytes:
        received = bytearray()
        with socket.create_connection(("127.0.0.1", server.port), timeout=2.0) as sock:
            sock.sendall(request)
            try:
                while data := sock.recv(65536):
                    received += data
            except (ConnectionResetError, TimeoutError):
                pass
        return bytes(received)

    return exchange


@pytest.fixture
def sse() -> Callable[[str], list[Any]]:
    return sse_payloads
