"""Cost: dated price schedules, peak / off-peak and night-discount rules, usage spellings."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from litellm_py import cost
from litellm_py._model_info import PeakHours
from litellm_py.cost import completion_cost, cost_per_token, prices_at
from litellm_py.providers.deepseek.models import get_deepseek_registry
from litellm_py.types import ChatCompletion, ChatCompletionChunk
from tests.support import FIXTURES, call_completion, fixture_json

MILLION = 1_000_000
# Tuesday 2026-11-24: an ordinary working day after the 2026-08-16 peak/off-peak switch.
PEAK = datetime(2026, 11, 24, 2, 0, tzinfo=timezone.utc)
OFF_PEAK = datetime(2026, 11, 24, 5, 0, tzinfo=timezone.utc)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)


def prices(model: str, at: datetime) -> tuple[float, float, float]:
    registry = get_deepseek_registry()
    info = registry.get(model)
    assert info is not None
    hit, miss, output = prices_at(info, at, registry)
    return float(hit), float(miss), float(output)


def issue_usage() -> dict[str, Any]:
    """1M prompt tokens (400k cache hits) + 1M output tokens, as in the issue."""
    return {
        "prompt_tokens": MILLION,
        "completion_tokens": MILLION,
        "total_tokens": 2 * MILLION,
        "prompt_cache_hit_tokens": 400_000,
        "prompt_cache_miss_tokens": 600_000,
    }


# -- the issue's figures ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "peak_usd"),
    [("deepseek/deepseek-flash", 1.3824), ("deepseek/deepseek-v4-pro", 4.7696)],
)
def test_issue_figures_peak_and_off_peak(model: str, peak_usd: float) -> None:
    assert completion_cost(model=model, usage=issue_usage(), at=PEAK) == pytest.approx(
        peak_usd, abs=1e-12
    )
    off = completion_cost(model=model, usage=issue_usage(), at=OFF_PEAK)
    assert Decimal(str(off)) * 2 == Decimal(str(peak_usd))


def test_cost_per_token_splits_prompt_and_completion() -> None:
    prompt_usd, completion_usd = cost_per_token(
        "deepseek-flash",
        prompt_tokens=MILLION,
        completion_tokens=MILLION,
        cache_hit_tokens=400_000,
        at=PEAK,
    )
    assert prompt_usd == pytest.approx(0.1824, abs=1e-12)
    assert completion_usd == pytest.approx(1.20, abs=1e-12)


def test_cost_is_exact_decimal_arithmetic() -> None:
    prompt_usd, completion_usd = cost_per_token(
        "deepseek-flash", prompt_tokens=3, completion_tokens=7, cache_hit_tokens=1, at=PEAK
    )
    assert prompt_usd == float((Decimal("0.006") + 2 * Decimal("0.30")) / MILLION)
    assert completion_usd == float(7 * Decimal("1.20") / MILLION)


# -- peak / off-peak boundaries (UTC) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "peak"),
    [
        (utc(2026, 11, 24, 0, 59, 59), False),
        (utc(2026, 11, 24, 1, 0, 0), True),
        (utc(2026, 11, 24, 3, 59, 59), True),
        (utc(2026, 11, 24, 4, 0, 0), False),
        (utc(2026, 11, 24, 5, 59, 59), False),
        (utc(2026, 11, 24, 6, 0, 0), True),
        (utc(2026, 11, 24, 9, 59, 59), True),
        (utc(2026, 11, 24, 10, 0, 0), False),
        (utc(2026, 11, 24, 16, 0, 0), False),
        (utc(2026, 11, 27, 9, 0, 0), True),  # Friday
        (utc(2026, 11, 28, 2, 0, 0), False),  # Saturday
        (utc(2026, 11, 29, 7, 0, 0), False),  # Sunday
        (utc(2026, 10, 1, 2, 0, 0), False),  # National Day (Thursday)
        (utc(2026, 10, 7, 8, 0, 0), False),  # National Day (Wednesday)
        (utc(2026, 9, 25, 2, 0, 0), False),  # Mid-Autumn Festival (Friday)
        (utc(2026, 10, 9, 2, 0, 0), True),  # ordinary Friday after the holiday
    ],
)
def test_peak_boundaries(at: datetime, peak: bool) -> None:
    expected = (0.006, 0.30, 1.20) if peak else (0.003, 0.15, 0.60)
    assert prices("deepseek-flash", at) == pytest.approx(expected)


def test_holiday_is_a_beijing_calendar_day() -> None:
    flash = get_deepseek_registry().get("deepseek-flash")
    assert flash is not None
    rule = flash.pricing[-1].time_of_day
    assert isinstance(rule, PeakHours)
    assert rule.holiday_utc_offset == timedelta(hours=8)
    assert date(2026, 10, 1) in rule.holidays


def test_aware_datetimes_are_converted_and_naive_ones_are_utc() -> None:
    beijing = timezone(timedelta(hours=8))
    assert prices("deepseek-flash", datetime(2026, 11, 24, 10, 0, tzinfo=beijing)) == prices(
        "deepseek-flash", PEAK
    )
    assert prices("deepseek-flash", datetime(2026, 11, 24, 2, 0)) == prices("deepseek-flash", PEAK)


# -- the 2026-08-16 16:00 UTC switch-over (a Sunday: off-peak at once) ------------------------


@pytest.mark.parametrize(
    ("model", "before", "after", "monday_peak"),
    [
        ("deepseek-v4-flash", (0.0028, 0.14, 0.28), (0.007, 0.22, 0.66), (0.014, 0.44, 1.32)),
        ("deepseek-v4-pro", (0.003625, 0.435, 0.87), (0.022, 0.66, 1.98), (0.044, 1.32, 3.96)),
    ],
)
def test_peak_billing_switch_over_instant(
    model: str,
    before: tuple[float, ...],
    after: tuple[float, ...],
    monday_peak: tuple[float, ...],
) -> None:
    assert prices(model, utc(2026, 8, 16, 15, 59, 59)) == pytest.approx(before)
    assert prices(model, utc(2026, 8, 16, 16, 0, 0)) == pytest.approx(after)
    assert prices(model, utc(2026, 8, 17, 2, 0, 0)) == pytest.approx(monday_peak)


# -- historic schedules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "at", "expected"),
    [
        # V3 launch promo kept the V2.5 prices until 2025-02-08 24:00 Beijing.
        ("deepseek-chat", utc(2025, 1, 10, 12, 0), (0.014, 0.14, 0.28)),
        ("deepseek-chat", utc(2025, 2, 10, 12, 0), (0.07, 0.27, 1.10)),
        # 2025-02-26 -> 2025-09-05 night discount, UTC 16:30-00:30.
        ("deepseek-chat", utc(2025, 2, 26, 0, 15), (0.07, 0.27, 1.10)),  # before it began
        ("deepseek-chat", utc(2025, 3, 1, 12, 0), (0.07, 0.27, 1.10)),
        ("deepseek-chat", utc(2025, 3, 1, 16, 29, 59), (0.07, 0.27, 1.10)),
        ("deepseek-chat", utc(2025, 3, 1, 16, 30), (0.035, 0.135, 0.55)),
        ("deepseek-chat", utc(2025, 3, 2, 0, 29, 59), (0.035, 0.135, 0.55)),
        ("deepseek-chat", utc(2025, 3, 2, 0, 30), (0.07, 0.27, 1.10)),
        ("deepseek-reasoner", utc(2025, 3, 1, 12, 0), (0.14, 0.55, 2.19)),
        ("deepseek-reasoner", utc(2025, 3, 1, 17, 0), (0.035, 0.135, 0.55)),
        # V3.1 prices from 2025-09-05 16:00 UTC, night discount cancelled.
        ("deepseek-chat", utc(2025, 9, 6, 17, 0), (0.07, 0.56, 1.68)),
        ("deepseek-reasoner", utc(2025, 9, 6, 17, 0), (0.07, 0.56, 1.68)),
        # V3.2 (2025-09-29).
        ("deepseek-chat", utc(2025, 9, 29, 12, 0), (0.028, 0.28, 0.42)),
        ("deepseek-reasoner", utc(2026, 1, 15, 3, 0), (0.028, 0.28, 0.42)),
        # V4 preview, cache-hit cut at 2026-04-26 12:15.
        ("deepseek-v4-flash", utc(2026, 4, 25, 12, 0), (0.028, 0.14, 0.28)),
        ("deepseek-v4-flash", utc(2026, 5, 15, 2, 0), (0.0028, 0.14, 0.28)),
        ("deepseek-chat", utc(2026, 5, 15, 2, 0), (0.0028, 0.14, 0.28)),
        # Pro's 75 % discount (launch, then permanent until the peak/off-peak switch).
        ("deepseek-v4-pro", utc(2026, 4, 25, 12, 0), (0.03625, 0.435, 0.87)),
        ("deepseek-v4-pro", utc(2026, 5, 1, 12, 0), (0.003625, 0.435, 0.87)),
        ("deepseek-v4-pro", utc(2026, 6, 15, 3, 0), (0.003625, 0.435, 0.87)),
    ],
)
def test_historic_prices(model: str, at: datetime, expected: tuple[float, ...]) -> None:
    assert prices(model, at) == pytest.approx(expected)


def test_night_discount_prices_a_whole_call() -> None:
    usage = {"prompt_tokens": 1000, "completion_tokens": 500, "prompt_cache_hit_tokens": 0}
    day = completion_cost(model="deepseek-chat", usage=usage, at=utc(2025, 3, 1, 12, 0))
    night = completion_cost(model="deepseek-chat", usage=usage, at=utc(2025, 3, 1, 20, 0))
    assert day == pytest.approx((1000 * 0.27 + 500 * 1.10) / MILLION)
    assert night == pytest.approx(day / 2)


def test_historic_response_priced_at_its_created_time() -> None:
    response = fixture_json("chat_historic_coder_2024.json")  # deepseek-coder, 2024-08-02
    assert completion_cost(response) == pytest.approx((10 * 0.14 + 9 * 0.28) / MILLION)


# -- aliases, retired and unknown models ------------------------------------------------------


@pytest.mark.parametrize("alias", ["deepseek-v4-flash", "deepseek-v4-flash-vision-exp"])
def test_alias_is_priced_as_the_model_serving_it(alias: str) -> None:
    assert prices(alias, PEAK) == prices("deepseek-flash", PEAK)
    assert prices(alias, OFF_PEAK) == prices("deepseek-flash", OFF_PEAK)
    # Thursday 2026-09-10: V4-Flash peak prices until 04:00 UTC, then V4.1-Flash (off-peak).
    assert prices(alias, utc(2026, 9, 10, 3, 59, 59)) == pytest.approx((0.014, 0.44, 1.32))
    assert prices(alias, utc(2026, 9, 10, 4, 0, 0)) == pytest.approx((0.003, 0.15, 0.60))
    usage = issue_usage()
    assert completion_cost(model=f"deepseek/{alias}", usage=usage, at=PEAK) == pytest.approx(1.3824)


def test_retired_model_after_retirement_has_no_price() -> None:
    with pytest.raises(ValueError, match=r"deepseek-chat.*2026-08-01.*retired on 2026-07-24"):
        cost_per_token("deepseek-chat", prompt_tokens=1, completion_tokens=1, at=utc(2026, 8, 1))
    assert prices("deepseek-chat", utc(2026, 7, 24, 15, 58, 59)) == pytest.approx(
        (0.0028, 0.14, 0.28)
    )


def test_no_price_before_a_model_existed() -> None:
    with pytest.raises(ValueError, match=r"deepseek-flash at 2025-01-01.*known from 2026-09-10"):
        cost_per_token("deepseek-flash", prompt_tokens=1, completion_tokens=1, at=utc(2025, 1, 1))


def test_no_price_at_created_time_says_so() -> None:
    response = fixture_json("chat_official_2026_10.json")  # docs sample, created 2024-01-19
    with pytest.raises(ValueError, match=r"deepseek-flash at 2024-01-19.*'created'; pass at="):
        completion_cost(response)
    assert completion_cost(response, at=PEAK) == pytest.approx((16 * 0.30 + 10 * 1.20) / MILLION)


@pytest.mark.parametrize(
    "model", ["deepseek/deepseek-nope", "no-such-model", "nope/deepseek-flash"]
)
def test_unknown_model_is_an_error(model: str) -> None:
    with pytest.raises(ValueError, match=r"Unknown model .*deepseek/deepseek-flash"):
        cost_per_token(model, prompt_tokens=1, completion_tokens=1, at=PEAK)


# -- usage spellings, responses and defaults --------------------------------------------------


def test_usage_spellings() -> None:
    top = {"prompt_tokens": MILLION, "completion_tokens": 0, "prompt_cache_hit_tokens": 400_000}
    nested = {
        "prompt_tokens": MILLION,
        "completion_tokens": 0,
        "prompt_tokens_details": {"cached_tokens": 400_000},
    }
    neither = {"prompt_tokens": MILLION, "completion_tokens": 0}
    both = {**nested, "prompt_cache_hit_tokens": 0}  # DeepSeek's own field wins
    costs = [completion_cost(model="deepseek-flash", usage=u, at=PEAK) for u in (top, nested)]
    assert costs == pytest.approx([0.1824, 0.1824])
    assert completion_cost(model="deepseek-flash", usage=neither, at=PEAK) == pytest.approx(0.30)
    assert completion_cost(model="deepseek-flash", usage=both, at=PEAK) == pytest.approx(0.30)


def test_prompt_tokens_from_hit_and_miss_counts() -> None:
    usage = {"prompt_cache_hit_tokens": 400_000, "prompt_cache_miss_tokens": 600_000}
    assert completion_cost(model="deepseek-flash", usage=usage, at=PEAK) == pytest.approx(0.1824)


def test_reasoning_tokens_are_inside_completion_tokens() -> None:
    usage = {
        "prompt_tokens": 0,
        "completion_tokens": 1000,
        "completion_tokens_details": {"reasoning_tokens": 900},
    }
    assert completion_cost(model="deepseek-flash", usage=usage, at=PEAK) == pytest.approx(
        1000 * 1.20 / MILLION
    )


def response_at(created: datetime, model: str = "deepseek-flash") -> dict[str, Any]:
    return {"model": model, "created": int(created.timestamp()), "usage": issue_usage()}


def test_at_defaults_to_created() -> None:
    assert completion_cost(response_at(PEAK)) == pytest.approx(1.3824)
    assert completion_cost(response_at(OFF_PEAK)) == pytest.approx(0.6912)
    assert completion_cost(response_at(OFF_PEAK), at=PEAK) == pytest.approx(1.3824)


def test_at_defaults_to_now_without_created(monkeypatch: pytest.MonkeyPatch) -> None:
    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> FrozenDatetime:
            return cls(2026, 11, 24, 5, 0, tzinfo=timezone.utc)

    monkeypatch.setattr(cost, "datetime", FrozenDatetime)
    assert completion_cost(model="deepseek-flash", usage=issue_usage()) == pytest.approx(0.6912)
    assert cost_per_token(
        "deepseek-flash", prompt_tokens=MILLION, completion_tokens=0
    ) == pytest.approx((0.15, 0.0))


def test_response_objects_and_usage_objects() -> None:
    response = ChatCompletion(response_at(PEAK, model="deepseek-v4-pro"))
    assert completion_cost(response) == pytest.approx(4.7696)
    assert completion_cost(model="deepseek-v4-pro", usage=response.usage, at=PEAK) == (
        pytest.approx(4.7696)
    )
    assert completion_cost(response, model="deepseek/deepseek-flash") == pytest.approx(1.3824)


def test_final_stream_chunk_carries_the_usage() -> None:
    lines = (FIXTURES / "stream_final_chunk_length.sse").read_text(encoding="utf-8").splitlines()
    payloads = [json.loads(line[6:]) for line in lines if line.startswith("data: {")]
    chunk = ChatCompletionChunk(payloads[-1])  # deepseek-v4-flash, 2026-08-05 12:24 UTC
    assert completion_cost(chunk) == pytest.approx((85 * 0.14 + 5 * 0.28) / MILLION)


def test_missing_model_or_usage() -> None:
    with pytest.raises(ValueError, match="needs a model"):
        completion_cost(usage=issue_usage(), at=PEAK)
    with pytest.raises(ValueError, match="no usage"):
        completion_cost({"model": "deepseek-flash", "created": 1790014527})
    with pytest.raises(TypeError, match="model_dump"):
        completion_cost(model="deepseek-flash", usage=42, at=PEAK)


@pytest.mark.parametrize(
    ("prompt", "completion", "hit"), [(-1, 0, 0), (0, -1, 0), (10, 0, 11), (10, 0, -1)]
)
def test_inconsistent_token_counts(prompt: int, completion: int, hit: int) -> None:
    with pytest.raises(ValueError, match="token"):
        cost_per_token(
            "deepseek-flash",
            prompt_tokens=prompt,
            completion_tokens=completion,
            cache_hit_tokens=hit,
            at=PEAK,
        )


# -- resp.cost ----------------------------------------------------------------------------------


def test_resp_cost_prices_the_response_at_its_created_time() -> None:
    assert ChatCompletion(response_at(PEAK)).cost == pytest.approx(1.3824)
    assert ChatCompletion(response_at(OFF_PEAK)).cost == pytest.approx(0.6912)
    assert ChatCompletion(response_at(PEAK, model="deepseek-v4-pro")).cost == pytest.approx(4.7696)


def test_resp_cost_is_none_when_the_response_cannot_be_priced() -> None:
    no_usage = ChatCompletion({"model": "deepseek-flash", "created": int(PEAK.timestamp())})
    assert no_usage.cost is None
    assert ChatCompletion(response_at(PEAK, model="no-such-model")).cost is None
    # created 2024-01-19: before any deepseek-flash price is known
    assert ChatCompletion(fixture_json("chat_official_2026_10.json")).cost is None


def test_resp_cost_lets_a_bug_through(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> float:
        raise RuntimeError("bug in the pricing code")

    monkeypatch.setattr(cost, "completion_cost", broken)
    with pytest.raises(RuntimeError, match="bug in the pricing code"):
        _ = ChatCompletion(response_at(PEAK)).cost


async def test_resp_cost_of_a_call_offline(mode: str) -> None:
    resp = await call_completion(
        mode, model="deepseek/deepseek-flash", messages=[{"role": "user", "content": "Hi"}],
        mock_response="Hello there, how can I help?",
    )  # fmt: skip
    assert resp.usage.completion_tokens > 0
    assert resp.cost is not None
    assert resp.cost > 0
    assert resp.cost == completion_cost(resp)
