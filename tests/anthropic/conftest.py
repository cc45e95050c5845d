"""Fixtures for the Anthropic provider tests: a test server, its key, and the call modes."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

import litellm_py
from litellm_py import _http
from litellm_py.testing import DeepSeekTestServer

ANTHROPIC_KEY = "sk-ant-test-9c1e4b7d2f5a8c3e6b0d1f4a7c2e5b8dKEY"
HAS_AIOHTTP = importlib.util.find_spec("aiohttp") is not None
MODES = [
    "sync",
    "httpx",
    pytest.param("aiohttp", marks=pytest.mark.skipif(not HAS_AIOHTTP, reason="no aiohttp")),
]


@pytest.fixture(autouse=True)
def _anthropic_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)


@pytest.fixture
def server() -> Iterator[DeepSeekTestServer]:
    with DeepSeekTestServer(api_key=ANTHROPIC_KEY) as running:
        yield running


@pytest.fixture(params=MODES)
async def mode(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[str]:
    """sync, or async on each async HTTP backend."""
    name = str(request.param)
    if name != "sync":
        monkeypatch.setenv(_http.BACKEND_ENV, name)
    yield name
    await litellm_py.aclose()


def kwargs(server: DeepSeekTestServer, **extra: Any) -> dict[str, Any]:
    """Call arguments pointing at the test server."""
    base: dict[str, Any] = {
        "model": "anthropic/claude-haiku-4-5",
        "messages": [{"role": "user", "content": "Hi"}],
        "api_base": server.url,
        "api_key": ANTHROPIC_KEY,
    }
    base.update(extra)
    return base


async def call(mode: str, **params: Any) -> Any:
    """`completion` or `await acompletion`; a stream is drained into its list of chunks."""
    if mode == "sync":
        result = litellm_py.completion(**params)
        return list(result) if params.get("stream") else result
    result = await litellm_py.acompletion(**params)
    if params.get("stream"):
        return [chunk async for chunk in result]
    return result
