"""`load_config(path, watch=True)`: timeouts, retries and extra_params reload on the next call
after the file changes; a changed key or base URL is not applied (warning); a broken file keeps
the last good config (error logged)."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import litellm_py
from litellm_py import _watch
from litellm_py._registry import get_provider
from litellm_py.testing import DeepSeekTestServer
from tests.observability.support import MESSAGES, MODEL

CONFIG = """\
providers:
  deepseek:
    api_key: "{key}"
    api_base: "{base}"
    timeout_seconds: {timeout}
    max_retries: {retries}
    extra_params:
      reasoning_effort: "{effort}"
"""


@pytest.fixture(autouse=True)
def _no_watchers() -> Iterator[None]:
    yield
    _watch.stop_all()


def write(path: Path, server: DeepSeekTestServer, **changes: object) -> None:
    values: dict[str, object] = {"key": server.api_key, "base": server.url, "timeout": 30,
                                 "retries": 1, "effort": "high", **changes}  # fmt: skip
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(CONFIG.format(**values), encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))  # a visibly newer mtime


def settings() -> litellm_py._settings.ClientSettings:
    return get_provider("deepseek").settings()


def later() -> None:
    """Let the next call look at the file again (it looks at most once a second)."""
    for watcher in _watch.watchers().values():
        watcher.checked = time.monotonic() - _watch.CHECK_INTERVAL


def just_looked() -> None:
    """As if the file had been looked at this very moment (independent of the machine's speed)."""
    for watcher in _watch.watchers().values():
        watcher.checked = time.monotonic() + 3600


def test_non_secret_settings_reload_on_the_next_call(
    tmp_path: Path, server: DeepSeekTestServer
) -> None:
    path = tmp_path / "litellm.yaml"
    write(path, server)
    litellm_py.load_config(path, watch=True)
    litellm_py.completion(model=MODEL, messages=MESSAGES)
    assert server.last_request.json["reasoning_effort"] == "high"
    write(path, server, timeout=12, retries=4, effort="low")
    just_looked()
    litellm_py.completion(model=MODEL, messages=MESSAGES)  # within the second: not looked at
    assert server.last_request.json["reasoning_effort"] == "high"
    later()
    litellm_py.completion(model=MODEL, messages=MESSAGES)
    assert server.last_request.json["reasoning_effort"] == "low"
    assert (settings().timeout, settings().max_retries) == (12.0, 4)


def test_a_changed_key_or_base_url_is_not_applied(
    tmp_path: Path, server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "litellm.yaml"
    write(path, server)
    litellm_py.load_config(path, watch=True)
    write(path, server, key="sk-rotated-key-000111", base="http://127.0.0.1:9", timeout=7)
    later()
    resp = litellm_py.completion(model=MODEL, messages=MESSAGES)
    assert resp.choices[0].message.content
    assert server.last_request.headers["authorization"] == f"Bearer {server.api_key}"
    assert settings().timeout == 7.0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("providers.deepseek.api_key changed but is not applied" in w for w in warnings)
    assert any("providers.deepseek.api_base changed but is not applied" in w for w in warnings)
    assert "sk-rotated-key-000111" not in caplog.text


def test_a_broken_file_keeps_the_last_good_config(
    tmp_path: Path, server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "litellm.yaml"
    write(path, server, timeout=9)
    litellm_py.load_config(path, watch=True)
    path.write_text("providers:\n  deepseek:\n    timeout_seconds: [not, a, number\n")
    os.utime(path, ns=(time.time_ns() + 5_000_000_000,) * 2)
    later()
    resp = litellm_py.completion(model=MODEL, messages=MESSAGES)
    assert resp.choices[0].message.content
    assert settings().timeout == 9.0
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any("failed, the last good config stays" in e for e in errors)


def test_without_watch_nothing_is_watched(tmp_path: Path, server: DeepSeekTestServer) -> None:
    path = tmp_path / "litellm.yaml"
    write(path, server)
    litellm_py.load_config(path, watch=True)
    litellm_py.load_config(path)
    assert _watch.watchers() == {}
