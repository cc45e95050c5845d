"""The public extension API: what `litellm_py.providers` exports, and the example runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import litellm_py.providers as providers
from litellm_py._call import Call
from litellm_py._settings import ClientSettings, EnvNames
from litellm_py.providers.base import BaseProvider
from litellm_py.providers.openai_compatible.provider import OpenAICompatibleProvider

ROOT = Path(__file__).resolve().parents[3]


def test_providers_exports_what_an_author_needs() -> None:
    assert providers.BaseProvider is BaseProvider
    assert providers.OpenAICompatibleProvider is OpenAICompatibleProvider
    assert providers.Call is Call
    assert providers.ClientSettings is ClientSettings
    assert providers.EnvNames is EnvNames
    assert sorted(providers.__all__) == providers.__all__
    for name in providers.__all__:
        assert getattr(providers, name) is not None


def test_custom_provider_example_runs_offline() -> None:
    example = ROOT / "examples" / "custom_provider.py"
    assert len(example.read_text().splitlines()) <= 40
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env["PYTHONPATH"] = str(ROOT / "src")
    done = subprocess.run(
        [sys.executable, str(example)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "acme says: You said: Say hello"
    assert lines[1] == "You said: Say hello"
