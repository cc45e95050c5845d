"""Shared fixtures: a clean environment, sync/async parametrization, key-leak and pool checks."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

import litellm_py
from litellm_py import _registry

FIXTURES = Path(__file__).parent / "fixtures"
TEST_KEY = "sk-test-4f1c2b9e7d3a5c8e0b6f1a2d9c7e5b3aKEY"
API_BASE = "https://api.deepseek.com"


def fixture_json(name: str) -> Any:
    """A JSON fixture from tests/fixtures (verbatim samples of the DeepSeek reference)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def fixture_bytes(name: str) -> bytes:
    """The raw bytes of a fixture file."""
    return (FIXTURES / name).read_bytes()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts with only our fake key, no config file applied, no cached providers."""
    monkeypatch.delenv("DEEPSEEK_API_BASE", raising=False)
    monkeypatch.setenv("DEEPSEEK_API_KEY", TEST_KEY)
    _registry.reset_for_tests()
    yield
    litellm_py.close()


@pytest.fixture(autouse=True)
def _no_key_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """The API key never appears in a log line produced during any test."""
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.records:
        assert TEST_KEY not in record.getMessage(), f"API key leaked in log: {record.name}"


@pytest.fixture
async def _close_async_pools() -> AsyncIterator[None]:
    yield
    await litellm_py.aclose()


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest, _close_async_pools: None) -> str:
    """Run a behaviour test once through the sync API and once through the async API."""
    return str(request.param)


async def call_completion(mode: str, **kwargs: Any) -> Any:
    """`completion` or `await acompletion` depending on `mode`."""
    if mode == "sync":
        return litellm_py.completion(**kwargs)
    return await litellm_py.acompletion(**kwargs)
