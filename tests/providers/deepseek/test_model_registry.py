"""The DeepSeek model registry: data, features, `GET /models` merging, retirement warnings."""

from __future__ import annotations

import subprocess
import sys
import threading
import warnings
import zipfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from litellm_py._model_data import package_text
from litellm_py._model_info import ModelFeature, ModelInfo, ModelRegistry
from litellm_py.providers.deepseek import models
from litellm_py.providers.deepseek.models import (
    DEEPSEEK_BASELINE_FEATURES,
    get_deepseek_registry,
    replacement_hint,
    retirement_warning,
    warn_if_retired,
)
from tests.support import fixture_json

CURRENT = ["deepseek-flash", "deepseek-v4-pro"]
ALIASES = ["deepseek-v4-flash", "deepseek-v4-flash-vision-exp"]
RETIRED = ["deepseek-chat", "deepseek-coder", "deepseek-reasoner"]


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> ModelRegistry:
    """A freshly loaded process registry, restored afterwards (merges must not leak)."""
    monkeypatch.setattr(models, "_registry", None)
    return get_deepseek_registry()


@pytest.fixture(autouse=True)
def _forget_warnings() -> Iterator[None]:
    models._reset_warned()
    yield
    models._reset_warned()


def info(model_id: str) -> ModelInfo:
    found = get_deepseek_registry().get(model_id)
    assert found is not None, model_id
    return found


# -- data -------------------------------------------------------------------------------------


def test_model_feature_members() -> None:
    assert {f.name: f.value for f in ModelFeature} == {
        "REASONING_MODE": "reasoning_mode",
        "FUNCTION_CALLING": "function_calling",
        "STREAMING": "streaming",
        "SYSTEM_MESSAGES": "system_messages",
        "JSON_MODE": "json_mode",
        "FIM": "fim",
        "PREFIX_COMPLETION": "prefix_completion",
        "VISION": "vision",
        "STRICT_TOOLS": "strict_tools",
    }
    assert models.ModelFeature is ModelFeature
    assert isinstance(ModelFeature.VISION, str)


def test_every_id_past_and_present() -> None:
    registry = get_deepseek_registry()
    by_status = {
        status: [m.id for m in registry.models() if m.status == status]
        for status in ("current", "alias", "retired")
    }
    assert by_status == {"current": CURRENT, "alias": ALIASES, "retired": RETIRED}
    assert [m.id for m in registry.models(include_retired=False)] == sorted(CURRENT + ALIASES)
    assert all(m.provider == "deepseek" for m in registry.models())


def test_registry_is_loaded_once_and_import_does_no_file_io() -> None:
    assert get_deepseek_registry() is get_deepseek_registry()
    code = (
        "import litellm_py._model_data as d\n"
        "def boom(*a, **k): raise LookupError('file read')\n"
        "d.package_text = boom\n"
        "import litellm_py.providers.deepseek.models as m\n"
        "assert m._registry is None\n"
        "try:\n"
        "    m.get_deepseek_registry()\n"
        "except LookupError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('the data file is not read through package_text')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_current_model_limits() -> None:
    for model_id in CURRENT + ALIASES:
        model = info(model_id)
        assert model.context_window == 1_048_576
        assert model.max_output_tokens == 393_216
        assert model.default_output_tokens == {
            "non_thinking": 8192,
            "thinking": 65536,
            "thinking_max": 131072,
        }
        assert model.effort_levels == ("low", "high", "max")
    assert info("deepseek-flash").input_modalities == ("text", "image")
    assert info("deepseek-v4-pro").input_modalities == ("text",)


def test_aliases_and_retired_ids() -> None:
    for alias in ALIASES:
        assert info(alias).served_by == "deepseek-flash"
    retired_at = datetime(2026, 7, 24, 15, 59, tzinfo=timezone.utc)
    for model_id in ("deepseek-chat", "deepseek-reasoner"):
        assert info(model_id).retired_at == retired_at
        assert info(model_id).replaced_by == "deepseek-flash"
    coder = info("deepseek-coder")
    assert coder.retired_at == datetime(2024, 9, 5, tzinfo=timezone.utc)
    assert coder.replaced_by == "deepseek-flash"


def test_price_schedules_are_ordered_and_do_not_overlap() -> None:
    for model in get_deepseek_registry().models():
        assert model.pricing, model.id
        for earlier, later in zip(model.pricing, model.pricing[1:], strict=False):
            assert earlier.effective_until is not None, model.id
            assert earlier.effective_until <= later.effective_from, model.id
        for schedule in model.pricing:
            assert schedule.effective_from.tzinfo is not None
            assert schedule.source, model.id
        if model.status == "retired":
            assert model.pricing[-1].effective_until == model.retired_at, model.id


def test_model_ids_with_prefix() -> None:
    registry = get_deepseek_registry()
    assert registry.get("deepseek/deepseek-flash") is registry.get("deepseek-flash")
    assert "deepseek/deepseek-v4-pro" in registry
    assert "deepseek-nope" not in registry
    assert 42 not in registry


# -- features ---------------------------------------------------------------------------------


@pytest.mark.parametrize("feature", [ModelFeature.VISION, "vision", "VISION", " Vision "], ids=str)
def test_supports_feature_accepts_enum_value_and_name(feature: ModelFeature | str) -> None:
    registry = get_deepseek_registry()
    assert registry.supports_feature("deepseek-flash", feature)
    assert not registry.supports_feature("deepseek-v4-pro", feature)
    assert not registry.supports_feature("deepseek-unknown", feature)


def test_unknown_feature_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown model feature 'teleport'"):
        get_deepseek_registry().supports_feature("deepseek-flash", "teleport")


def test_get_models_with_feature() -> None:
    registry = get_deepseek_registry()
    assert registry.get_models_with_feature(ModelFeature.VISION) == [
        "deepseek-flash",
        "deepseek-v4-flash",
        "deepseek-v4-flash-vision-exp",
    ]
    assert registry.get_models_with_feature("reasoning_mode") == sorted(CURRENT + ALIASES)
    assert registry.get_models_with_feature(ModelFeature.FIM) == sorted(CURRENT + ALIASES)
    assert "deepseek-chat" not in registry.get_models_with_feature(ModelFeature.JSON_MODE)


def test_baseline_features_are_in_every_model() -> None:
    for model in get_deepseek_registry().models():
        assert model.features >= DEEPSEEK_BASELINE_FEATURES, model.id
    assert info("deepseek-chat").features.isdisjoint(
        {ModelFeature.REASONING_MODE, ModelFeature.VISION}
    )
    assert ModelFeature.REASONING_MODE in info("deepseek-reasoner").features


# -- GET /models merging ----------------------------------------------------------------------


def test_merge_current_format_updates_known_models(fresh_registry: ModelRegistry) -> None:
    before = fresh_registry.get("deepseek-v4-pro")
    entries = fixture_json("models_current.json")["data"]
    entries[1] = {**entries[1], "context_window": 2_097_152, "name": "DeepSeek-V4-Pro-0813"}
    merged = fresh_registry.merge_server_models(entries)
    assert [m.id for m in merged] == CURRENT
    pro = fresh_registry.get("deepseek-v4-pro")
    assert pro is merged[1]
    assert before is not None
    assert pro is not None
    assert (pro.context_window, pro.name) == (2_097_152, "DeepSeek-V4-Pro-0813")
    assert (pro.pricing, pro.features, pro.status) == (before.pricing, before.features, "current")


def test_merge_unknown_model_becomes_usable(fresh_registry: ModelRegistry) -> None:
    entry: dict[str, Any] = {
        **fixture_json("models_current.json")["data"][0],
        "id": "deepseek-v5-flash",
        "name": "DeepSeek-V5-Flash",
        "context_window": 2_097_152,
    }
    [new] = fresh_registry.merge_server_models([entry])
    assert (new.id, new.provider, new.name, new.status) == (
        "deepseek-v5-flash",
        "deepseek",
        "DeepSeek-V5-Flash",
        "current",
    )
    assert new.context_window == 2_097_152
    assert new.max_output_tokens == 393_216
    assert new.input_modalities == ("text", "image")
    assert new.effort_levels == ("low", "high", "max")
    assert new.features == DEEPSEEK_BASELINE_FEATURES | {
        ModelFeature.VISION,
        ModelFeature.REASONING_MODE,
    }
    assert new.pricing == ()
    assert "deepseek-v5-flash" in fresh_registry.get_models_with_feature("vision")


def test_merge_legacy_id_only_format(fresh_registry: ModelRegistry) -> None:
    entries = fixture_json("models_legacy.json")["data"]
    before = fresh_registry.get("deepseek-chat")
    merged = fresh_registry.merge_server_models(
        [*entries, {"id": "deepseek-lite", "object": "model", "owned_by": "deepseek"}]
    )
    assert [m.id for m in merged] == ["deepseek-chat", "deepseek-reasoner", "deepseek-lite"]
    assert merged[0] is before  # nothing new to merge: unchanged, still retired
    lite = merged[2]
    assert lite.features == DEEPSEEK_BASELINE_FEATURES
    assert (lite.context_window, lite.input_modalities, lite.effort_levels) == (None, ("text",), ())


def test_merge_skips_entries_without_an_id(fresh_registry: ModelRegistry) -> None:
    assert fresh_registry.merge_server_models([{"object": "model"}, "junk", {"id": 3}]) == []  # type: ignore[list-item]


def test_neutral_registry_without_baseline() -> None:
    registry = ModelRegistry("acme", baseline_features=())
    [new] = registry.merge_server_models([{"id": "acme-1", "effort": {"supported_levels": []}}])
    assert new.features == frozenset()
    assert registry.get("acme/acme-1") is new


def test_registry_is_thread_safe(fresh_registry: ModelRegistry) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(200):
                fresh_registry.merge_server_models([{"id": f"model-{n}-{i}"}])
                fresh_registry.get_models_with_feature("streaming")
                fresh_registry.models()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(fresh_registry.models()) == 7 + 8 * 200


# -- retired ids: warnings and hints ----------------------------------------------------------


def test_retirement_warning_messages() -> None:
    assert retirement_warning("deepseek-chat") == (
        "deepseek-chat was retired on 2026-07-24 and now fails; use deepseek-flash "
        "(with thinking disabled for deepseek-chat's behaviour)"
    )
    assert "thinking enabled" in (retirement_warning("deepseek/deepseek-reasoner") or "")
    assert "2024-09-05" in (retirement_warning("deepseek-coder") or "")
    for model_id in [*CURRENT, *ALIASES, "deepseek-unknown"]:
        assert retirement_warning(model_id) is None


def test_replacement_hints() -> None:
    assert replacement_hint("deepseek-chat") == (
        "deepseek-chat was retired on 2026-07-24; use deepseek-flash "
        "(with thinking disabled for deepseek-chat's behaviour) instead."
    )
    assert replacement_hint("deepseek-v4-flash") == (
        "deepseek-v4-flash is a legacy name served by deepseek-flash; use deepseek-flash instead."
    )
    assert replacement_hint("deepseek-flash") is None
    assert replacement_hint("deepseek-unknown") is None


def test_warn_if_retired_once_per_id() -> None:
    with pytest.warns(DeprecationWarning, match="deepseek-chat was retired on 2026-07-24"):
        warn_if_retired("deepseek-chat")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warn_if_retired("deepseek-chat")
        warn_if_retired("deepseek/deepseek-chat")
        warn_if_retired("deepseek-flash")
        warn_if_retired("deepseek-v4-flash")
        warn_if_retired("deepseek-unknown")
    assert caught == []
    with pytest.warns(DeprecationWarning, match="deepseek-reasoner"):
        warn_if_retired("deepseek-reasoner")
    models._reset_warned()
    with pytest.warns(DeprecationWarning, match="deepseek-chat") as record:
        warn_if_retired("deepseek-chat")
    assert record[0].filename == __file__  # stacklevel points at the caller


def test_warn_if_retired_is_once_across_threads() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        threads = [
            threading.Thread(target=warn_if_retired, args=("deepseek-coder",)) for _ in range(16)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(caught) == 1


def test_package_text_reads_from_a_directory_and_from_a_zip(tmp_path: Path) -> None:
    for where in ("dir", "zip"):
        root = tmp_path / where
        package = root / f"pkg_{where}"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "data.json").write_text('{"x": "é"}', encoding="utf-8")
        entry = str(root)
        if where == "zip":
            archive = tmp_path / "pkgs.zip"
            with zipfile.ZipFile(archive, "w") as zf:
                zf.write(package / "__init__.py", f"pkg_{where}/__init__.py")
                zf.write(package / "data.json", f"pkg_{where}/data.json")
            entry = str(archive)
        sys.path.insert(0, entry)
        try:
            assert package_text(f"pkg_{where}", "data.json") == '{"x": "é"}'
            with pytest.raises(OSError, match=r"missing\.json"):
                package_text(f"pkg_{where}", "missing.json")
        finally:
            sys.path.remove(entry)
            sys.modules.pop(f"pkg_{where}", None)
