"""Cost of Messages API calls: cache reads at the hit price, cache writes at the write prices."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

import litellm_py
from litellm_py.testing import DeepSeekTestServer
from tests.anthropic.conftest import call, kwargs

AT = datetime(2026, 12, 1, tzinfo=timezone.utc)
MTOK = Decimal(1_000_000)


def test_cache_reads_and_both_write_durations_are_priced_apart() -> None:
    # claude-haiku-4-5: input 1, 5m write 1.25, 1h write 2, cache hit 0.10, output 5 (USD/MTok)
    usage = {
        "prompt_tokens": 1000 + 2000 + 300 + 200,
        "completion_tokens": 400,
        "prompt_tokens_details": {"cached_tokens": 2000},
        "cache_creation_input_tokens": 500,
        "cache_creation": {"ephemeral_5m_input_tokens": 300, "ephemeral_1h_input_tokens": 200},
    }
    cost = litellm_py.completion_cost(model="anthropic/claude-haiku-4-5", usage=usage, at=AT)
    expected = (
        1000 * Decimal(1) + 2000 * Decimal("0.10") + 300 * Decimal("1.25") + 200 * Decimal(2)
        + 400 * Decimal(5)
    ) / MTOK  # fmt: skip
    assert cost == pytest.approx(float(expected), rel=1e-12)


def test_cost_per_token_takes_cache_creation_tokens() -> None:
    prompt, completion = litellm_py.cost_per_token(
        "anthropic/claude-sonnet-4-5",
        prompt_tokens=1000,
        completion_tokens=10,
        cache_hit_tokens=100,
        cache_creation_tokens=400,
        at=AT,
    )
    assert prompt == pytest.approx(
        float((500 * 3 + 100 * Decimal("0.30") + 400 * Decimal("3.75")) / MTOK)
    )
    assert completion == pytest.approx(10 * 15 / 1e6)
    with pytest.raises(ValueError, match="exceed prompt_tokens"):
        litellm_py.cost_per_token(
            "anthropic/claude-sonnet-4-5",
            prompt_tokens=10,
            completion_tokens=1,
            cache_hit_tokens=6,
            cache_creation_tokens=6,
        )


def test_dated_alias_is_priced_as_its_model() -> None:
    usage = {"prompt_tokens": 1_000_000, "completion_tokens": 0}
    alias = litellm_py.completion_cost(
        model="anthropic/claude-haiku-4-5-20251001", usage=usage, at=AT
    )
    assert alias == pytest.approx(1.0)


async def test_server_cache_writes_then_reads_are_costed(
    mode: str, server: DeepSeekTestServer
) -> None:
    system = [
        {
            "type": "text",
            "text": "A long shared prompt. " * 20,
            "cache_control": {"type": "ephemeral"},
        }
    ]
    messages = [{"role": "system", "content": system}, {"role": "user", "content": "Hi"}]
    first = await call(mode, **kwargs(server, messages=messages))
    second = await call(mode, **kwargs(server, messages=messages))
    written = first.usage["cache_creation_input_tokens"]
    assert written > 0
    assert first.usage.cache_hit_tokens == 0
    assert second.usage.cache_hit_tokens == written
    assert second.usage["cache_creation_input_tokens"] == 0
    assert first.usage.prompt_tokens == second.usage.prompt_tokens
    assert first.cost is not None
    assert second.cost is not None
    assert first.cost > second.cost  # a write costs 1.25x input, a read 0.1x
    sent = server.last_request.json["system"]
    assert sent[0]["cache_control"] == {"type": "ephemeral"}
