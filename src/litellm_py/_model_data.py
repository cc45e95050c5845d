"""Reads a provider's model data document (JSON: models, dated prices, time-of-day rules).

The document format is provider-neutral; each provider ships one file and its own loader
decides when to read it. Malformed data raises `ValueError` naming the model and field.
"""

from __future__ import annotations

import importlib
import json
import os
import threading
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

from litellm_py._model_info import (
    DiscountWindow,
    ModelFeature,
    ModelInfo,
    ModelRegistry,
    PeakHours,
    PriceSchedule,
)

__all__ = ["PackagedRegistry", "parse_utc", "registry_from_document"]

_WEEKDAYS = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}
# A named rule is either a full peak/off-peak rule or the (start, end) of a discount window
# whose discount is given per schedule.
_Rule = PeakHours | tuple[time, time]


def registry_from_document(
    document: Mapping[str, Any], *, baseline_features: Iterable[ModelFeature] = ()
) -> ModelRegistry:
    """Build a `ModelRegistry` from a decoded model data document.

    Args:
        document: the decoded JSON (``provider``, ``models``, optional ``time_of_day_rules``
            and ``holiday_calendars``).
        baseline_features: features every model of the provider has (for server-reported ids).
    """
    provider = str(document["provider"])
    calendars = {
        name: _parse_calendar(raw) for name, raw in document.get("holiday_calendars", {}).items()
    }
    rules = {
        name: _parse_rule(raw, calendars)
        for name, raw in document.get("time_of_day_rules", {}).items()
    }
    models = [_parse_model(provider, raw, rules) for raw in document["models"]]
    return ModelRegistry(provider, models, baseline_features=baseline_features)


def package_text(package: str, filename: str) -> str:
    """A data file shipped in `package`, read through the package's loader.

    What `pkgutil.get_data` does (works from a directory or a zip); `importlib.resources` would
    import `zipfile` and its readers on the first call even for a plain directory.
    """
    module = importlib.import_module(package)
    loader: Any = module.__spec__.loader if module.__spec__ else None
    origin = getattr(module, "__file__", None)
    if origin is None or not hasattr(loader, "get_data"):
        from importlib import resources

        return resources.files(package).joinpath(filename).read_text("utf-8")
    data: bytes = loader.get_data(os.path.join(os.path.dirname(origin), filename))
    return data.decode("utf-8")


class PackagedRegistry:
    """A provider's registry read from a data file in its package on first use (thread-safe)."""

    def __init__(
        self, package: str, filename: str, baseline_features: Iterable[ModelFeature] = ()
    ) -> None:
        self._where = (package, filename)
        self._baseline = frozenset(baseline_features)
        self._registry: ModelRegistry | None = None
        self._lock = threading.Lock()

    def __call__(self) -> ModelRegistry:
        """The registry (the file is read and parsed once)."""
        registry = self._registry
        if registry is None:
            with self._lock:
                registry = self._registry
                if registry is None:
                    package, filename = self._where
                    document = json.loads(package_text(package, filename))
                    registry = self._registry = registry_from_document(
                        document, baseline_features=self._baseline
                    )
        return registry

    def reset(self) -> None:
        """Forget the loaded registry (tests; servers' models merged by list_models)."""
        with self._lock:
            self._registry = None


def parse_utc(text: str) -> datetime:
    """An ISO-8601 instant (``Z`` or an offset; naive means UTC) as an aware UTC datetime."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _parse_offset(text: str) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    hours, _, minutes = text.lstrip("+-").partition(":")
    return sign * timedelta(hours=int(hours), minutes=int(minutes or 0))


def _parse_calendar(raw: Mapping[str, Any]) -> tuple[frozenset[date], timedelta]:
    days: set[date] = set()
    for first, last, *_name in raw["dates"]:
        day, end = date.fromisoformat(first), date.fromisoformat(last)
        while day <= end:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days), _parse_offset(raw.get("utc_offset", "+00:00"))


def _parse_window(pair: list[str]) -> tuple[time, time]:
    start, end = pair
    return time.fromisoformat(start), time.fromisoformat(end)


def _parse_rule(
    raw: Mapping[str, Any], calendars: Mapping[str, tuple[frozenset[date], timedelta]]
) -> _Rule:
    kind = raw.get("kind")
    if kind == "discount_window":
        return _parse_window(raw["window_utc"])
    if kind != "peak_off_peak":
        raise ValueError(f"unknown time-of-day rule kind {kind!r}")
    holidays, offset = calendars.get(raw.get("holiday_calendar", ""), (frozenset(), timedelta(0)))
    return PeakHours(
        windows=tuple(_parse_window(pair) for pair in raw["peak_windows_utc"]),
        weekdays=frozenset(_WEEKDAYS[day] for day in raw["peak_weekdays"]),
        off_peak_multiplier=Decimal(raw["off_peak_multiplier"]),
        holidays=holidays,
        holiday_utc_offset=offset,
    )


def _parse_time_of_day(
    raw: Mapping[str, Any], rules: Mapping[str, _Rule]
) -> PeakHours | DiscountWindow | None:
    name = raw.get("time_of_day")
    if name is None:
        return None
    if name not in rules:
        raise ValueError(f"unknown time-of-day rule {name!r}")
    rule = rules[name]
    if isinstance(rule, PeakHours):
        return rule
    published = raw.get("discounted")
    return DiscountWindow(
        start=rule[0],
        end=rule[1],
        discount=Decimal(raw["discount"]),
        discounted=_prices(published) if published else None,
    )


def _prices(raw: Mapping[str, Any]) -> tuple[Decimal, Decimal, Decimal]:
    return Decimal(raw["cache_hit_input"]), Decimal(raw["cache_miss_input"]), Decimal(raw["output"])


def _parse_schedule(raw: Mapping[str, Any], rules: Mapping[str, _Rule]) -> PriceSchedule:
    until = raw.get("until")
    hit, miss, output = _prices(raw)
    return PriceSchedule(
        effective_from=parse_utc(raw["from"]),
        effective_until=parse_utc(until) if until else None,
        cache_hit_input=hit,
        cache_miss_input=miss,
        output=output,
        time_of_day=_parse_time_of_day(raw, rules),
        source=str(raw.get("source", "")),
        cache_write_input=_optional_price(raw, "cache_write_input"),
        cache_write_1h_input=_optional_price(raw, "cache_write_1h_input"),
    )


def _optional_price(raw: Mapping[str, Any], key: str) -> Decimal | None:
    value = raw.get(key)
    return None if value is None else Decimal(value)


def _parse_model(provider: str, raw: Mapping[str, Any], rules: Mapping[str, _Rule]) -> ModelInfo:
    model_id = raw.get("id", "?")
    try:
        retired_at = raw.get("retired_at")
        pricing = sorted(
            (_parse_schedule(s, rules) for s in raw.get("pricing", [])),
            key=lambda s: s.effective_from,
        )
        return ModelInfo(
            id=raw["id"],
            provider=provider,
            name=raw.get("name") or raw["id"],
            status=raw.get("status", "current"),
            retired_at=parse_utc(retired_at) if retired_at else None,
            replaced_by=raw.get("replaced_by"),
            served_by=raw.get("served_by"),
            context_window=raw.get("context_window"),
            max_output_tokens=raw.get("max_output_tokens"),
            default_output_tokens=dict(raw.get("default_output_tokens", {})),
            input_modalities=tuple(raw.get("input_modalities", ("text",))),
            output_modalities=tuple(raw.get("output_modalities", ("text",))),
            features=frozenset(ModelFeature(f) for f in raw.get("features", ())),
            effort_levels=tuple(raw.get("effort_levels", ())),
            pricing=tuple(pricing),
            note=raw.get("note"),
            replacement_note=raw.get("replacement_note"),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise ValueError(f"bad model data for {provider}/{model_id}: {exc!r}") from exc
