"""Public capability lookups: `get_model_info` and `supports_*` through the provider registry."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from litellm_py._capabilities import (
    get_model_info,
    supports_function_calling,
    supports_json_mode,
    supports_reasoning,
    supports_vision,
)
from litellm_py._model_info import ModelFeature
from litellm_py.cost import cost_per_token
from litellm_py.providers.deepseek import models
from litellm_py.providers.deepseek.models import get_deepseek_registry


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A freshly loaded process registry, restored afterwards (merges must not leak)."""
    monkeypatch.setattr(models, "_registry", None)


@pytest.mark.parametrize("model", ["deepseek/deepseek-flash", "deepseek-flash"])
def test_get_model_info(model: str) -> None:
    info = get_model_info(model)
    assert info is get_deepseek_registry().get("deepseek-flash")
    assert (info.id, info.provider, info.name, info.status) == (
        "deepseek-flash",
        "deepseek",
        "DeepSeek-V4.1-Flash",
        "current",
    )
    assert (info.context_window, info.max_output_tokens) == (1_048_576, 393_216)
    assert info.retired_at is None
    assert info.replaced_by is None
    assert ModelFeature.VISION in info.features
    assert info.pricing


def test_get_model_info_of_alias_and_retired_ids() -> None:
    alias = get_model_info("deepseek/deepseek-v4-flash")
    assert (alias.status, alias.served_by) == ("alias", "deepseek-flash")
    retired = get_model_info("deepseek-chat")  # looking a retired id up does not warn
    assert (retired.status, retired.replaced_by) == ("retired", "deepseek-flash")
    assert retired.retired_at is not None


@pytest.mark.parametrize("model", ["deepseek/deepseek-nope", "nope", "nope/deepseek-flash", ""])
def test_unknown_model_lists_known_ids(model: str) -> None:
    with pytest.raises(ValueError, match=r"Unknown model .*Known models:.*deepseek/deepseek-flash"):
        get_model_info(model)


SUPPORTS: list[tuple[Callable[[str], bool], dict[str, bool]]] = [
    (
        supports_reasoning,
        {"deepseek-flash": True, "deepseek-v4-pro": True, "deepseek-reasoner": True,
         "deepseek-chat": False, "deepseek-v4-flash": True},
    ),
    (
        supports_function_calling,
        {"deepseek-flash": True, "deepseek-v4-pro": True, "deepseek-chat": True,
         "deepseek-reasoner": True},
    ),
    (
        supports_vision,
        {"deepseek-flash": True, "deepseek-v4-pro": False, "deepseek-v4-flash-vision-exp": True,
         "deepseek-chat": False},
    ),
    (
        supports_json_mode,
        {"deepseek-flash": True, "deepseek-v4-pro": True, "deepseek-chat": True},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("check", "expected"), SUPPORTS, ids=lambda v: getattr(v, "__name__", ""))
def test_supports(check: Callable[[str], bool], expected: dict[str, bool]) -> None:
    for model, answer in expected.items():
        assert check(model) is answer, model
        assert check(f"deepseek/{model}") is answer, model
    assert check("deepseek/deepseek-nope") is False
    assert check("nope/whatever") is False


@pytest.mark.usefixtures("fresh_registry")
def test_server_reported_model_becomes_known() -> None:
    assert supports_vision("deepseek/deepseek-v5") is False
    get_deepseek_registry().merge_server_models(
        [
            {
                "id": "deepseek-v5",
                "input_modalities": ["text", "image"],
                "effort": {"supported_levels": ["high"]},
            }
        ]
    )
    info = get_model_info("deepseek/deepseek-v5")
    assert info.status == "current"
    assert supports_vision("deepseek/deepseek-v5")
    assert supports_reasoning("deepseek/deepseek-v5")
    assert supports_function_calling("deepseek/deepseek-v5")
    with pytest.raises(ValueError, match=r"No price known for deepseek/deepseek-v5"):
        cost_per_token("deepseek/deepseek-v5", prompt_tokens=1, completion_tokens=1)
