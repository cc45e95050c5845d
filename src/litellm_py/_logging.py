"""The `litellm_py` logger: silent by default, every record stamped with its call's correlation id.

`LITELLM_PY_LOG=DEBUG|INFO|WARNING` (read once, on the first call) or `litellm_py.set_verbose =
True` (DEBUG) installs a stderr handler. Bodies logged at DEBUG are redacted first (`_redact`).
"""

from __future__ import annotations

import contextvars
import logging
import os
import sys

__all__ = [
    "CORRELATION_ID",
    "ENV_VAR",
    "LOGGER",
    "install_from_env",
    "set_verbose",
]

ENV_VAR = "LITELLM_PY_LOG"
LOGGER = logging.getLogger("litellm_py")
CORRELATION_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "litellm_py_correlation_id", default=None
)
"""The correlation id of the call running in this context (for records logged by any module)."""

_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(correlation_id)s] %(message)s"


class _CorrelationStamp(logging.NullHandler):
    """Emits nothing; gives every record passing through `litellm_py` a `correlation_id`.

    A handler, not a logger filter: handlers also see the records of child loggers, and they run
    before the records propagate to the root logger's handlers.
    """

    def handle(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "correlation_id"):
            record.correlation_id = CORRELATION_ID.get()
        return True


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler `LITELLM_PY_LOG` / `set_verbose` install (one at a time)."""


LOGGER.addHandler(_CorrelationStamp())


def _install(level: int) -> None:
    for handler in [h for h in LOGGER.handlers if isinstance(h, _StderrHandler)]:
        LOGGER.removeHandler(handler)
    handler = _StderrHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(level)


def install_from_env() -> None:
    """Install the stderr handler when `LITELLM_PY_LOG` names a level."""
    value = os.environ.get(ENV_VAR, "").strip().upper()
    if not value:
        return
    level = logging.getLevelName(value)
    if value not in ("DEBUG", "INFO", "WARNING", "ERROR") or not isinstance(level, int):
        LOGGER.warning("%s=%r is not a level; use DEBUG, INFO or WARNING", ENV_VAR, value[:20])
        return
    _install(level)


def set_verbose(on: bool) -> None:
    """`litellm_py.set_verbose = True`: LiteLLM's spelling of DEBUG logging to stderr."""
    if on:
        _install(logging.DEBUG)
        return
    for handler in [h for h in LOGGER.handlers if isinstance(h, _StderrHandler)]:
        LOGGER.removeHandler(handler)
    LOGGER.setLevel(logging.NOTSET)


install_from_env()
