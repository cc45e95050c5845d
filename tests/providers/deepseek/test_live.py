"""Against the real api.deepseek.com: opt-in (marker `live`), skipped without DEEPSEEK_API_KEY.

Run: DEEPSEEK_API_KEY=sk-... python -m pytest -m live
"""

from __future__ import annotations

import pytest

import litellm_py
from tests.support import LIVE_KEY, call_completion

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(LIVE_KEY is None, reason="live test: set DEEPSEEK_API_KEY to run"),
]
MESSAGES = [{"role": "user", "content": "Reply with the single word: pong"}]


async def test_live_chat(mode: str) -> None:
    resp = await call_completion(
        mode, model="deepseek/deepseek-flash", messages=MESSAGES, thinking=False,
        max_tokens=16, api_key=LIVE_KEY,
    )  # fmt: skip
    assert resp.choices[0].message.content
    assert resp.usage.total_tokens > 0
    assert resp.cost is not None


async def test_live_stream_equals_its_assembly(mode: str) -> None:
    stream = await call_completion(
        mode, model="deepseek/deepseek-flash", messages=MESSAGES, stream=True, max_tokens=256,
        api_key=LIVE_KEY,
    )  # fmt: skip
    chunks = list(stream) if mode == "sync" else [chunk async for chunk in stream]
    final = litellm_py.stream_chunk_builder(chunks)
    assert final.choices[0].finish_reason in ("stop", "length")
    assert final.usage is not None


def test_live_models_and_balance() -> None:
    ids = {m.id for m in litellm_py.list_models(api_key=LIVE_KEY)}
    assert "deepseek-flash" in ids
    balance = litellm_py.get_balance(api_key=LIVE_KEY)
    assert isinstance(balance.is_available, bool)
    assert litellm_py.health_check("deepseek", api_key=LIVE_KEY).status != "unhealthy"
