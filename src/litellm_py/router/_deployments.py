"""Deployments: LiteLLM's `model_list` entries, validated once into typed records."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from litellm_py.exceptions import ConfigurationError

__all__ = [
    "Deployment",
    "account_key",
    "group_deployments",
    "parse_fallbacks",
    "parse_model_list",
]

# litellm_params the router consumes; everything else is passed to completion() as it is.
_LIMIT_KEYS = ("rpm", "tpm", "max_parallel_requests", "weight")


@dataclass(frozen=True)
class Deployment:
    """One model_list entry: where calls for `model_name` may go, and its limits.

    Attributes:
        id: `model_info.id`, else `litellm_params.model` (with `#n` when that repeats);
            what `resp.answered_by` says.
        model_name: the group name callers use (`router.completion(model="fast")`).
        model: the "<provider>/<model>" string handed to `completion()`.
        params: the remaining litellm_params (api_key, api_base, ...), passed per call.
        rpm, tpm, max_parallel_requests: limits (None: unlimited).
        weight: simple-shuffle weight (None: from rpm/tpm, else 1).
    """

    id: str
    model_name: str
    model: str
    params: Mapping[str, Any] = field(repr=False)
    rpm: int | None = None
    tpm: int | None = None
    max_parallel_requests: int | None = None
    weight: float | None = None

    def __repr__(self) -> str:  # params hold the API key: never shown
        return f"Deployment(id={self.id!r}, model_name={self.model_name!r}, model={self.model!r})"


def parse_model_list(model_list: Sequence[Mapping[str, Any]]) -> list[Deployment]:
    """Validate LiteLLM's `model_list` shape; errors name the entry and the field to fix."""
    if isinstance(model_list, (str, bytes)) or not isinstance(model_list, Sequence):
        raise ConfigurationError("model_list must be a list of {'model_name': ..., ...} dicts")
    if not model_list:
        raise ConfigurationError("model_list is empty: give at least one deployment")
    deployments: list[Deployment] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(model_list):
        deployment = _parse_entry(index, entry, seen)
        deployments.append(deployment)
    return deployments


def _parse_entry(index: int, entry: Any, seen: dict[str, int]) -> Deployment:
    where = f"model_list[{index}]"
    if not isinstance(entry, Mapping):
        raise ConfigurationError(f"{where} must be a dict with model_name and litellm_params")
    name, params = entry.get("model_name"), entry.get("litellm_params")
    if not isinstance(name, str) or not name:
        raise ConfigurationError(f"{where}: model_name must be a non-empty string")
    if not isinstance(params, Mapping) or not isinstance(params.get("model"), str):
        raise ConfigurationError(
            f"{where}: litellm_params must be a dict with 'model', e.g. "
            "{'model': '<provider>/<model>'}"
        )
    rest = dict(params)
    model = rest.pop("model")
    limits = {key: _limit(where, key, rest.pop(key, None)) for key in _LIMIT_KEYS}
    info = entry.get("model_info") or {}
    dep_id = info.get("id") if isinstance(info, Mapping) else None
    if dep_id is None:
        count = seen.get(model, 0)
        dep_id = model if count == 0 else f"{model}#{count}"
    seen[model] = seen.get(model, 0) + 1
    return Deployment(
        id=str(dep_id),
        model_name=name,
        model=model,
        params=rest,
        rpm=_int_or_none(limits["rpm"]),
        tpm=_int_or_none(limits["tpm"]),
        max_parallel_requests=_int_or_none(limits["max_parallel_requests"]),
        weight=limits["weight"],
    )


def _limit(where: str, key: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ConfigurationError(
            f"{where}: litellm_params.{key} must be a positive number, got {value!r}"
        )
    return float(value)


def _int_or_none(value: float | None) -> int | None:
    return None if value is None else int(value)


def account_key(provider: str, api_key: str | None, api_base: str) -> str:
    """The identity of one account (provider + key + host); the key only as a short hash."""
    digest = hashlib.sha256(f"{api_key or ''}\x00{api_base}".encode()).hexdigest()[:16]
    return f"{provider}:{digest}"


def parse_fallbacks(
    fallbacks: Sequence[Mapping[str, Sequence[str]]] | None,
) -> dict[str, list[str]]:
    """LiteLLM's `[{"fast": ["smart"]}]` as model_name -> the groups to try after it."""
    out: dict[str, list[str]] = {}
    for entry in fallbacks or ():
        if not isinstance(entry, Mapping):
            raise ConfigurationError("fallbacks must be a list of {'model_name': [...]} dicts")
        for name, targets in entry.items():
            if isinstance(targets, str):
                raise ConfigurationError(f"fallbacks[{name!r}] must be a list of model names")
            out.setdefault(name, []).extend(targets)
    return out


def group_deployments(
    deployments: Sequence[Deployment], fallbacks: Mapping[str, Sequence[str]]
) -> dict[str, list[Deployment]]:
    """The deployments by model_name; every group a fallback names must exist."""
    groups: dict[str, list[Deployment]] = {}
    for dep in deployments:
        groups.setdefault(dep.model_name, []).append(dep)
    unknown = {n for names in fallbacks.values() for n in names} - set(groups)
    if unknown:
        raise ConfigurationError(
            f"fallbacks name {', '.join(sorted(unknown))}, which no deployment in model_list "
            "serves; add it to model_list or remove it from fallbacks"
        )
    return groups
