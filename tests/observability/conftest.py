"""Fixtures of the observability tests: a loopback server, every call flavour, clean settings.

`flavour` runs a test through the sync API and through the async API on both async HTTP
backends (httpx and aiohttp), so every network test covers both transports.
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Iterator

import pytest

import litellm_py
from litellm_py import _defaults, _http
from litellm_py.testing import DeepSeekTestServer

FLAVOURS = ["sync", "async-httpx", "async-aiohttp"]


@pytest.fixture(autouse=True)
def _default_settings() -> Iterator[None]:
    """Module-level settings start and end at their defaults."""
    _defaults.reset_for_tests()
    yield
    _defaults.reset_for_tests()


@pytest.fixture
def server() -> Iterator[DeepSeekTestServer]:
    with DeepSeekTestServer() as running:
        yield running


@pytest.fixture(params=FLAVOURS)
async def flavour(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[str]:
    """ "sync", or "async-<backend>" with that async HTTP backend in use."""
    name = str(request.param)
    if name == "async-aiohttp":
        if importlib.util.find_spec("aiohttp") is None:  # pragma: no cover - dev extra has it
            pytest.skip("the aiohttp extra is not installed")
        monkeypatch.setenv(_http.BACKEND_ENV, "aiohttp")
    yield name
    await litellm_py.aclose()
