"""Warnings that blame the user's line, however deep inside litellm_py they are raised."""

from __future__ import annotations

import sys
import warnings

__all__ = ["warn_user"]


def warn_user(message: str, category: type[Warning] = UserWarning) -> None:
    """`warnings.warn` with the stack level of the first frame outside this package."""
    level = 2
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(
        "litellm_py."
    ):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)
