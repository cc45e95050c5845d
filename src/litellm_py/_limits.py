"""Memory limits on what a server may send: a whole body, one server-sent event (or line), and
how far a compressed body may expand.

No chat answer is anywhere near these sizes; they exist so a hostile or broken server cannot make
a call hold hundreds of MiB. Change them globally (`litellm_py._limits.max_response_bytes = ...`
or the `LITELLM_PY_MAX_RESPONSE_BYTES` / `LITELLM_PY_MAX_EVENT_BYTES` /
`LITELLM_PY_MAX_DECOMPRESSION_RATIO` environment variables) or per call (`max_response_bytes=`,
`max_event_bytes=`, `max_decompression_ratio=`). Over a limit: `ResponseTooLargeError`.
"""

from __future__ import annotations

import os

from litellm_py.exceptions import ConfigurationError

__all__ = [
    "DECOMPRESSION_RATIO_FLOOR",
    "DEFAULT_MAX_DECOMPRESSION_RATIO",
    "DEFAULT_MAX_EVENT_BYTES",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "body_limit",
    "event_limit",
    "ratio_limit",
]

DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""A whole (decoded) response body: 32 MiB."""
DEFAULT_MAX_EVENT_BYTES = 4 * 1024 * 1024
"""One server-sent event, and one line of the event stream: 4 MiB."""
DEFAULT_MAX_DECOMPRESSION_RATIO = 1000
"""Decoded bytes per compressed byte a body may reach (gzip of zeros is ~1030:1; JSON and event
streams, even a model repeating itself, stay far below)."""
DECOMPRESSION_RATIO_FLOOR = 1024 * 1024
"""The ratio is only checked once this much has been decoded (tiny bodies may compress well)."""

max_response_bytes: int | None = None
"""Global override of the body limit (beats the environment variable)."""
max_event_bytes: int | None = None
"""Global override of the event limit (beats the environment variable)."""
max_decompression_ratio: int | None = None
"""Global override of the decompression ratio limit (beats the environment variable)."""


def _environ_get(name: str) -> str | None:
    """`os.environ.get(name)`: read on every call, and usually absent, which costs `os.environ`
    two exceptions (~0.7 µs). Its encoded mapping (`_data` on POSIX) answers "absent" for ~20 ns.
    """
    data = getattr(os.environ, "_data", None)
    if os.name == "posix" and isinstance(data, dict) and name.encode() not in data:
        return None
    return os.environ.get(name)


def _pick(
    per_call: object, override: int | None, env: str, default: int, name: str, unit: str = "bytes"
) -> int:
    value: object = per_call
    if value is None:
        value = override
    if value is None:
        raw = _environ_get(env)
        value = default if raw is None or not raw.strip() else raw.strip()
        if isinstance(value, str):
            if not value.isdigit():
                raise ConfigurationError(f"{env}={raw!r} must be a whole number of {unit}.")
            value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigurationError(
            f"{name} must be a positive whole number of {unit}, got {value!r}."
        )
    return value


def body_limit(per_call: object = None) -> int:
    """The body limit in force for a call (`per_call` is its `max_response_bytes`, if given)."""
    return _pick(
        per_call, max_response_bytes, "LITELLM_PY_MAX_RESPONSE_BYTES",
        DEFAULT_MAX_RESPONSE_BYTES, "max_response_bytes",
    )  # fmt: skip


def event_limit(per_call: object = None) -> int:
    """The event (and line) limit in force for a call (`per_call`: its `max_event_bytes`)."""
    return _pick(
        per_call, max_event_bytes, "LITELLM_PY_MAX_EVENT_BYTES",
        DEFAULT_MAX_EVENT_BYTES, "max_event_bytes",
    )  # fmt: skip


def ratio_limit(per_call: object = None) -> int:
    """The decompression ratio limit for a call (`per_call`: its `max_decompression_ratio`)."""
    return _pick(
        per_call, max_decompression_ratio, "LITELLM_PY_MAX_DECOMPRESSION_RATIO",
        DEFAULT_MAX_DECOMPRESSION_RATIO, "max_decompression_ratio", "decoded bytes per byte",
    )  # fmt: skip
