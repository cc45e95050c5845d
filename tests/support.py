"""Helpers shared by the test modules (`tests.support`; conftest holds the fixtures)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import litellm_py

FIXTURES = Path(__file__).parent / "fixtures"
TEST_KEY = "sk-test-4f1c2b9e7d3a5c8e0b6f1a2d9c7e5b3aKEY"
API_BASE = "https://api.deepseek.com"
# Read before any fixture replaces it with TEST_KEY: the live tests use the real key, if any.
LIVE_KEY = os.environ.get("DEEPSEEK_API_KEY") or None


def fixture_json(name: str) -> Any:
    """A JSON fixture from tests/fixtures (verbatim samples of the DeepSeek reference)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def fixture_bytes(name: str) -> bytes:
    """The raw bytes of a fixture file."""
    return (FIXTURES / name).read_bytes()


async def call_completion(mode: str, **kwargs: Any) -> Any:
    """`completion` or `await acompletion` depending on `mode`."""
    if mode == "sync":
        return litellm_py.completion(**kwargs)
    return await litellm_py.acompletion(**kwargs)
