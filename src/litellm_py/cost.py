"""Cost in USD from token usage and the provider's dated price schedules (Decimal arithmetic).

cost = hit * P_hit + writes * P_write + (prompt_tokens - hit - writes) * P_miss + completion_tokens
* P_out, prices per 1M tokens (cache writes apart only where a provider prices them apart), taken
from the schedule in force at `at` and its time-of-day rule (peak / off-peak, or a daily discount
window). Reasoning tokens are part of completion_tokens.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timezone
from decimal import Decimal
from typing import Any, NamedTuple

from litellm_py import _capabilities
from litellm_py._model_info import (
    DiscountWindow,
    ModelInfo,
    ModelRegistry,
    PeakHours,
    PriceSchedule,
)

__all__ = ["completion_cost", "cost_per_token", "prices_at"]

_PER = Decimal(1_000_000)
_MAX_ALIAS_HOPS = 5
Prices = tuple[Decimal, Decimal, Decimal]


class _NoPriceError(ValueError):
    """No price schedule covers the model at the requested instant."""


def _as_utc(at: datetime) -> datetime:
    """`at` as an aware UTC datetime; naive datetimes are taken to be UTC."""
    if at.tzinfo is None:
        return at.replace(tzinfo=timezone.utc)
    return at.astimezone(timezone.utc)


def _in_window(start: time, end: time, moment: time) -> bool:
    """Whether `moment` lies in ``[start, end)``; the window wraps midnight when end <= start."""
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def _is_peak(rule: PeakHours, at: datetime) -> bool:
    if at.weekday() not in rule.weekdays:
        return False
    if (at + rule.holiday_utc_offset).date() in rule.holidays:
        return False
    moment = at.time()
    return any(_in_window(start, end, moment) for start, end in rule.windows)


def _apply_time_of_day(schedule: PriceSchedule, at: datetime) -> Prices:
    prices = (schedule.cache_hit_input, schedule.cache_miss_input, schedule.output)
    rule = schedule.time_of_day
    if isinstance(rule, PeakHours) and not _is_peak(rule, at):
        return _scaled(prices, rule.off_peak_multiplier)
    if isinstance(rule, DiscountWindow) and _in_window(rule.start, rule.end, at.time()):
        return rule.discounted or _scaled(prices, 1 - rule.discount)
    return prices


def _scaled(prices: Prices, factor: Decimal) -> Prices:
    hit, miss, output = prices
    return hit * factor, miss * factor, output * factor


def _schedule_at(
    info: ModelInfo, at: datetime, registry: ModelRegistry | None
) -> PriceSchedule | None:
    """The schedule pricing `info` at `at`: its own, else (alias) its serving model's."""
    for _ in range(_MAX_ALIAS_HOPS):
        for schedule in info.pricing:
            if schedule.covers(at):
                return schedule
        served = registry.get(info.served_by) if registry and info.served_by else None
        if served is None:
            return None
        info = served
    return None


def prices_at(info: ModelInfo, at: datetime, registry: ModelRegistry | None = None) -> Prices:
    """USD per 1M tokens (cache-hit input, cache-miss input, output) for `info` at `at`.

    Args:
        info: the model.
        at: the instant the tokens were processed (naive = UTC).
        registry: where an alias's serving model is looked up once the alias has no price
            of its own at `at`.

    Raises:
        ValueError: no schedule prices the model at `at`.
    """
    when = _as_utc(at)
    schedule = _schedule_at(info, when, registry)
    if schedule is None:
        raise _NoPriceError(_no_price_message(info, when))
    return _apply_time_of_day(schedule, when)


def _no_price_message(info: ModelInfo, at: datetime) -> str:
    message = f"No price known for {info.provider}/{info.id} at {at.isoformat()}"
    if info.status == "retired" and info.retired_at is not None and at >= info.retired_at:
        message += f": it was retired on {info.retired_at:%Y-%m-%d}"
        if info.replaced_by:
            message += f" (use {info.replaced_by})"
    elif info.pricing:
        first = info.pricing[0].effective_from
        message += f": prices are known from {first:%Y-%m-%d}"
    return message + "."


def _cost(model: str, tokens: _Tokens, at: datetime) -> tuple[Decimal, Decimal]:
    if min(tokens) < 0:
        raise ValueError("token counts must not be negative")
    cached = tokens.hit + tokens.write + tokens.write_1h
    if cached > tokens.prompt:
        raise ValueError(
            f"cache_hit_tokens + cache writes ({cached}) exceed prompt_tokens ({tokens.prompt})"
        )
    registry, info = _capabilities.lookup_model(model)
    hit, miss, output = prices_at(info, at, registry)
    prompt = tokens.hit * hit + (tokens.prompt - cached) * miss
    if tokens.write or tokens.write_1h:
        write, write_1h = _write_prices(info, at, registry, miss)
        prompt += tokens.write * write + tokens.write_1h * write_1h
    return prompt / _PER, tokens.completion * output / _PER


class _Tokens(NamedTuple):
    """Token counts to price: cache hits and cache writes are parts of `prompt`."""

    prompt: int
    completion: int
    hit: int = 0
    write: int = 0
    write_1h: int = 0


def _write_prices(
    info: ModelInfo, at: datetime, registry: ModelRegistry | None, miss: Decimal
) -> tuple[Decimal, Decimal]:
    """(cache write, 1-hour cache write) prices, scaled like the miss price by time of day."""
    schedule = _schedule_at(info, _as_utc(at), registry)
    if schedule is None or schedule.cache_write_input is None:
        return miss, miss
    factor = miss / schedule.cache_miss_input if schedule.cache_miss_input else Decimal(1)
    write = schedule.cache_write_input * factor
    write_1h = schedule.cache_write_1h_input
    return write, write if write_1h is None else write_1h * factor


def cost_per_token(
    model: str,
    *,
    prompt_tokens: int,
    completion_tokens: int,
    cache_hit_tokens: int = 0,
    at: datetime | None = None,
    cache_creation_tokens: int = 0,
) -> tuple[float, float]:
    """USD cost of a call's prompt and completion.

    Args:
        model: ``"<provider>/<id>"`` or a bare known id; an alias is priced as the model
            serving it at `at`.
        prompt_tokens: all input tokens, cache hits included.
        completion_tokens: output tokens, reasoning tokens included.
        cache_hit_tokens: the part of `prompt_tokens` served from the context cache.
        at: when the tokens were processed (naive = UTC); default now.
        cache_creation_tokens: the part of `prompt_tokens` written to the prompt cache, for
            providers that price cache writes apart (else priced as cache-miss input).

    Returns:
        ``(prompt_cost_usd, completion_cost_usd)``.

    Raises:
        ValueError: unknown model, no price at `at`, or inconsistent token counts.
    """
    when = _as_utc(at) if at is not None else datetime.now(timezone.utc)
    tokens = _Tokens(
        prompt_tokens, completion_tokens, cache_hit_tokens, write=cache_creation_tokens
    )
    prompt, completion = _cost(model, tokens, when)
    return float(prompt), float(completion)


def completion_cost(
    completion_response: Any = None,
    *,
    model: str | None = None,
    usage: Any = None,
    at: datetime | None = None,
    prompt: str = "",
    completion: str = "",
) -> float:
    """USD cost of a completion (non-streamed, or assembled / final chunk of a stream).

    Args:
        completion_response: a response object (anything with ``model_dump()``) or its dict.
        model: overrides the response's ``model``.
        usage: overrides the response's ``usage`` (dict or object with ``model_dump()``).
        at: when the tokens were processed (naive = UTC); default the response's ``created``,
            else now.
        prompt, completion: LiteLLM's spelling: the texts, priced by estimated token counts
            when there is no usage.

    Returns:
        The cost in USD (0.0 for a response served from a cache).

    Raises:
        ValueError: no model or usage to price, unknown model, or no price at `at`.
    """
    if getattr(completion_response, "cache_hit", False) is True:
        return 0.0  # served from a cache: no tokens were processed
    data = _as_dict(completion_response)
    model_name = model or data.get("model")
    if not isinstance(model_name, str) or not model_name:
        raise ValueError("completion_cost needs a model: pass model= or a response with 'model'")
    usage_data = _as_dict(usage if usage is not None else data.get("usage"))
    if not usage_data and (prompt or completion):
        from litellm_py._litellm_spellings import estimate_tokens

        usage_data = {
            "prompt_tokens": estimate_tokens(prompt),
            "completion_tokens": estimate_tokens(completion),
        }
    if not usage_data:
        raise ValueError(f"completion_cost found no usage to price for {model_name!r}")
    try:
        prompt_usd, completion_usd = _cost(model_name, _token_counts(usage_data), _when(at, data))
    except _NoPriceError as exc:
        if at is None and data.get("created") is not None:
            note = "the instant is the response's 'created'; pass at= to price another one"
            raise _NoPriceError(f"{exc} ({note})") from None
        raise
    return float(prompt_usd + completion_usd)


def _when(at: datetime | None, data: Mapping[str, Any]) -> datetime:
    if at is not None:
        return _as_utc(at)
    created = data.get("created")
    if isinstance(created, (int, float)) and not isinstance(created, bool):
        return datetime.fromtimestamp(created, timezone.utc)
    return datetime.now(timezone.utc)


def _as_dict(value: Any) -> Mapping[str, Any]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return value
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        dumped = dump()
        if isinstance(dumped, Mapping):
            return dumped
    raise TypeError(f"expected a dict or an object with model_dump(), got {type(value).__name__}")


def _token_counts(usage: Mapping[str, Any]) -> _Tokens:
    """The priced token counts from either usage spelling (cache writes when reported)."""
    hit = usage.get("prompt_cache_hit_tokens")
    if hit is None:
        details = _as_dict(usage.get("prompt_tokens_details"))
        hit = details.get("cached_tokens")
    hit = int(hit or 0)
    prompt = usage.get("prompt_tokens")
    if prompt is None:
        prompt = hit + int(usage.get("prompt_cache_miss_tokens") or 0)
    writes = int(usage.get("cache_creation_input_tokens") or 0)
    split = _as_dict(usage.get("cache_creation"))
    write_1h = min(int(split.get("ephemeral_1h_input_tokens") or 0), writes)
    completion = int(usage.get("completion_tokens") or 0)
    return _Tokens(int(prompt), completion, hit, writes - write_1h, write_1h)
