"""Warnings that blame the user's line, however deep inside litellm_py they are raised."""

from __future__ import annotations

import sys
import warnings

__all__ = ["warn_user"]


# The library and the retry machinery it runs calls in (tenacity calls back into litellm_py).
_INTERNAL = ("litellm_py.", "tenacity")


def warn_user(message: str, category: type[Warning] = UserWarning) -> None:
    """`warnings.warn` with the stack level of the first frame outside this package."""
    level = 2
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(_INTERNAL):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)
