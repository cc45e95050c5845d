"""`load_config(path, watch=True)`: non-secret settings reload on the next call after a change.

No thread: `poll()` runs at the start of a call and looks at the file at most once a second (one
`stat`). Timeouts, retries, headers and `extra_params` are applied; a changed `api_key` or
`api_base` is not (a warning names the field); an invalid file keeps the last good config and
logs the error.
"""

from __future__ import annotations

import logging
import time
from dataclasses import field
from pathlib import Path
from typing import Any

from litellm_py._lean import lean
from litellm_py._logging import LOGGER

__all__ = [
    "CHECK_INTERVAL",
    "NOT_RELOADED",
    "WATCHERS",
    "Watcher",
    "poll",
    "stop_all",
    "watch",
    "watchers",
]

CHECK_INTERVAL = 1.0
"""Seconds between two looks at a watched file."""
NOT_RELOADED = ("api_key", "api_base")
"""Fields a reload never changes silently: who we talk to and with which key."""


@lean()
class Watcher:
    """One watched config file and the values last applied from it."""

    path: Path
    stamp: tuple[int, int] | None
    applied: dict[str, dict[str, Any]] = field(default_factory=dict)
    checked: float = 0.0


WATCHERS: dict[Path, Watcher] = {}


def watchers() -> dict[Path, Watcher]:
    """The watched files (empty unless `load_config(..., watch=True)` was called)."""
    return WATCHERS


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def watch(path: Path, applied: dict[str, dict[str, Any]]) -> None:
    """Start (or restart) watching `path`, whose values were just applied."""
    resolved = path.resolve()
    WATCHERS[resolved] = Watcher(resolved, _stamp(resolved), applied, time.monotonic())


def poll(now: float | None = None) -> None:
    """Reload every watched file that changed, at most once a second per file."""
    now = time.monotonic() if now is None else now
    for watcher in list(WATCHERS.values()):
        if now - watcher.checked < CHECK_INTERVAL:
            continue
        watcher.checked = now
        stamp = _stamp(watcher.path)
        if stamp == watcher.stamp:
            continue
        watcher.stamp = stamp
        _reload(watcher)


def _reload(watcher: Watcher) -> None:
    from litellm_py._registry import get_provider
    from litellm_py.config import read_config
    from litellm_py.exceptions import ConfigurationError

    try:
        sections = {name: cfg.file_values() for name, cfg in read_config(watcher.path).items()}
    except ConfigurationError as exc:
        LOGGER.error(
            "config reload of %s failed, the last good config stays: %s", watcher.path, exc
        )
        return
    for name, values in sections.items():
        previous = watcher.applied.get(name, {})
        merged = dict(values)
        for key in NOT_RELOADED:
            if values.get(key) != previous.get(key):
                LOGGER.warning(
                    "config reload of %s: providers.%s.%s changed but is not applied while "
                    "running (call load_config again to switch it)", watcher.path, name, key,
                )  # fmt: skip
                merged.pop(key, None)
                if key in previous:
                    merged[key] = previous[key]
        get_provider(name).configure(merged)
        watcher.applied[name] = merged
    LOGGER.log(logging.INFO, "config reloaded from %s", watcher.path)


def stop_all() -> None:
    """Stop watching every file (tests)."""
    WATCHERS.clear()
