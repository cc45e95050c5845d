"""Provider-neutral model metadata: features, dated price schedules, `ModelInfo`, `ModelRegistry`.

Facts live in each provider's data file; this module gives them a shape and a thread-safe registry.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from litellm_py._lean import lean

__all__ = [
    "DiscountWindow",
    "ModelFeature",
    "ModelInfo",
    "ModelRegistry",
    "ModelStatus",
    "PeakHours",
    "PriceSchedule",
]

ModelStatus = Literal["current", "alias", "retired"]


class ModelFeature(str, Enum):
    """Something a model can do; the value is the lower-case name."""

    REASONING_MODE = "reasoning_mode"
    FUNCTION_CALLING = "function_calling"
    STREAMING = "streaming"
    SYSTEM_MESSAGES = "system_messages"
    JSON_MODE = "json_mode"
    FIM = "fim"
    PREFIX_COMPLETION = "prefix_completion"
    VISION = "vision"
    STRICT_TOOLS = "strict_tools"

    @classmethod
    def parse(cls, feature: ModelFeature | str) -> ModelFeature:
        """The feature named by a `ModelFeature`, its value or its name (any case).

        Raises:
            ValueError: the string names no feature.
        """
        if isinstance(feature, ModelFeature):
            return feature
        key = str(feature).strip().lower()
        try:
            return cls(key)
        except ValueError:
            known = ", ".join(f.value for f in cls)
            raise ValueError(f"unknown model feature {feature!r}; known: {known}") from None


@lean(frozen=True)
class PeakHours:
    """Peak / off-peak rule: list prices inside the peak windows, a multiplier elsewhere.

    Attributes:
        windows: UTC time-of-day windows ``[start, end)`` on peak weekdays.
        weekdays: peak weekdays in UTC, 0 = Monday.
        off_peak_multiplier: factor applied to the list prices outside the peak windows.
        holidays: local calendar days that are off-peak all day.
        holiday_utc_offset: the UTC offset of the calendar `holidays` are written in.
    """

    windows: tuple[tuple[time, time], ...]
    weekdays: frozenset[int]
    off_peak_multiplier: Decimal
    holidays: frozenset[date] = frozenset()
    holiday_utc_offset: timedelta = timedelta(0)


@lean(frozen=True)
class DiscountWindow:
    """A daily discount window (e.g. a night discount), every day of the week.

    Attributes:
        start: UTC start of the window; when ``end <= start`` the window wraps past midnight.
        end: UTC end of the window (exclusive).
        discount: fraction taken off the list prices inside the window (0.5 = -50 %).
        discounted: published (hit, miss, output) prices inside the window; they win over the
            arithmetic when the provider rounded them.
    """

    start: time
    end: time
    discount: Decimal
    discounted: tuple[Decimal, Decimal, Decimal] | None = None


@lean(frozen=True)
class PriceSchedule:
    """One dated price list (USD per 1M tokens) in force over ``[effective_from, effective_until)``.

    Attributes:
        effective_from: first instant (UTC) the prices apply.
        effective_until: first instant (UTC) they no longer apply; None while in force.
        cache_hit_input: input tokens served from the context cache.
        cache_miss_input: other input tokens.
        output: output tokens, reasoning tokens included.
        time_of_day: None, a `PeakHours` rule (prices above are peak) or a `DiscountWindow`.
        source: where the figures come from.
        cache_write_input: input tokens written to the prompt cache (default TTL), when the
            provider prices them apart; None prices them as cache-miss input.
        cache_write_1h_input: cache writes with a one-hour TTL, when priced apart.
    """

    effective_from: datetime
    effective_until: datetime | None
    cache_hit_input: Decimal
    cache_miss_input: Decimal
    output: Decimal
    time_of_day: PeakHours | DiscountWindow | None = None
    source: str = ""
    cache_write_input: Decimal | None = None
    cache_write_1h_input: Decimal | None = None

    def covers(self, at: datetime) -> bool:
        """Whether the schedule is in force at the (aware) instant `at`."""
        if at < self.effective_from:
            return False
        return self.effective_until is None or at < self.effective_until


@lean(frozen=True)
class ModelInfo(Mapping[str, Any]):
    """What one model id is, can do and costs.

    Attributes:
        id: the id sent as ``model``.
        provider: the provider name (the ``"<provider>/"`` prefix).
        name: human-readable model name.
        status: ``"current"``, ``"alias"`` (accepted, served by another model) or ``"retired"``.
        retired_at: when a retired id stopped working.
        replaced_by: the id to use instead.
        served_by: for an alias, the model answering its requests (and pricing them once the
            alias has no price of its own).
        context_window: input + output token capacity.
        max_output_tokens: the largest accepted ``max_tokens``.
        default_output_tokens: default ``max_tokens`` per mode
            (``"non_thinking"``, ``"thinking"``, ``"thinking_max"``).
        input_modalities: e.g. ``("text", "image")``.
        output_modalities: e.g. ``("text",)``.
        features: what the model supports.
        effort_levels: accepted ``reasoning_effort`` values.
        pricing: dated price schedules, oldest first.
        note: free-form remarks from the data file.
        replacement_note: how to use `replaced_by` to get this model's behaviour.
    """

    id: str
    provider: str
    name: str
    status: ModelStatus = "current"
    retired_at: datetime | None = None
    replaced_by: str | None = None
    served_by: str | None = None
    context_window: int | None = None
    max_output_tokens: int | None = None
    default_output_tokens: dict[str, int] = field(default_factory=dict, hash=False)
    input_modalities: tuple[str, ...] = ("text",)
    output_modalities: tuple[str, ...] = ("text",)
    features: frozenset[ModelFeature] = frozenset()
    effort_levels: tuple[str, ...] = ()
    pricing: tuple[PriceSchedule, ...] = field(default=(), repr=False)
    note: str | None = None
    replacement_note: str | None = None

    def supports(self, feature: ModelFeature | str) -> bool:
        """Whether the model has `feature` (a `ModelFeature` or its string value)."""
        return ModelFeature.parse(feature) in self.features

    # LiteLLM's spelling: `get_model_info(model)["max_input_tokens"]` and friends.
    def __getitem__(self, key: str) -> Any:
        return self._litellm_keys()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._litellm_keys())

    def __len__(self) -> int:
        return len(self._litellm_keys())

    def _litellm_keys(self) -> dict[str, Any]:
        from litellm_py._litellm_spellings import litellm_model_info

        return litellm_model_info(self)


class ModelRegistry:
    """Thread-safe id -> `ModelInfo` map for one provider."""

    def __init__(
        self,
        provider: str,
        models: Iterable[ModelInfo] = (),
        *,
        baseline_features: Iterable[ModelFeature] = (),
    ) -> None:
        """Create a registry.

        Args:
            provider: the provider name the models belong to.
            models: the known models.
            baseline_features: features every model of this provider has; models first seen in
                a `GET /models` answer get them.
        """
        self.provider = provider
        self._prefix = f"{provider}/"  # built once: `get` runs on every call
        self.baseline_features = frozenset(baseline_features)
        self._models: dict[str, ModelInfo] = {m.id: m for m in models}
        self._lock = threading.Lock()

    def _local_id(self, model_id: str) -> str:
        return model_id.removeprefix(self._prefix)

    def get(self, model_id: str) -> ModelInfo | None:
        """The model with this id (bare or ``"<provider>/"``-prefixed), or None."""
        return self._models.get(self._local_id(model_id))

    def __contains__(self, model_id: object) -> bool:
        return isinstance(model_id, str) and self.get(model_id) is not None

    def models(self, include_retired: bool = True) -> list[ModelInfo]:
        """All models sorted by id, optionally without the retired ones."""
        with self._lock:
            found = list(self._models.values())
        found.sort(key=lambda m: m.id)
        return [m for m in found if include_retired or m.status != "retired"]

    def supports_feature(self, model: str, feature: ModelFeature | str) -> bool:
        """Whether `model` has `feature`; False for an unknown model.

        Raises:
            ValueError: `feature` names no `ModelFeature`.
        """
        wanted = ModelFeature.parse(feature)
        info = self.get(model)
        return info is not None and wanted in info.features

    def get_models_with_feature(self, feature: ModelFeature | str) -> list[str]:
        """Sorted ids of the usable (current and alias) models that have `feature`."""
        wanted = ModelFeature.parse(feature)
        return [m.id for m in self.models(include_retired=False) if wanted in m.features]

    def merge_server_models(self, entries: list[dict[str, Any]]) -> list[ModelInfo]:
        """Merge ``GET /models`` ``data`` entries (new metadata format or id-only format).

        Known models take the reported name, limits, modalities and effort levels and keep their
        prices and features. Unknown ids become usable models (status ``"current"``, no prices)
        with the baseline features plus VISION when images are accepted and REASONING_MODE when
        effort levels are reported. Entries without a string ``id`` are skipped.

        Returns:
            The merged `ModelInfo` of each entry, in entry order.
        """
        merged: list[ModelInfo] = []
        with self._lock:
            for entry in entries:
                if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
                    continue
                model_id = entry["id"]
                known = self._models.get(model_id)
                info = _updated(known, entry) if known else self._new_from_server(entry)
                self._models[model_id] = info
                merged.append(info)
        return merged

    def _new_from_server(self, entry: Mapping[str, Any]) -> ModelInfo:
        base = ModelInfo(id=entry["id"], provider=self.provider, name=entry["id"])
        info = _updated(base, entry)
        features = set(self.baseline_features)
        if "image" in info.input_modalities:
            features.add(ModelFeature.VISION)
        if info.effort_levels:
            features.add(ModelFeature.REASONING_MODE)
        return replace(info, features=frozenset(features))


def _updated(info: ModelInfo, entry: Mapping[str, Any]) -> ModelInfo:
    """`info` with the metadata a ``GET /models`` entry reports (absent fields keep their value)."""
    changes: dict[str, Any] = {}
    if isinstance(entry.get("name"), str):
        changes["name"] = entry["name"]
    for key in ("context_window", "max_output_tokens"):
        if isinstance(entry.get(key), int):
            changes[key] = entry[key]
    for key in ("input_modalities", "output_modalities"):
        if isinstance(entry.get(key), list):
            changes[key] = tuple(str(v) for v in entry[key])
    effort = entry.get("effort")
    if isinstance(effort, Mapping) and isinstance(effort.get("supported_levels"), list):
        changes["effort_levels"] = tuple(str(v) for v in effort["supported_levels"])
    return replace(info, **changes) if changes else info
