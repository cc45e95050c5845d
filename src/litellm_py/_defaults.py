"""Module-level defaults (LiteLLM's spellings): `litellm_py.num_retries = 3` and friends.

The values live on the `litellm_py` module itself; per-call arguments win over them. Assigning a
name the module does not know raises `AttributeError` naming the known settings, so a misspelt or
unsupported LiteLLM setting is never a silent no-op.
"""

from __future__ import annotations

import sys
import types
from typing import Any

__all__ = ["SETTINGS", "guard", "package", "reset_for_tests"]

SETTINGS: dict[str, Any] = {
    "api_base": None,
    "api_key": None,
    "cache": None,
    "callbacks": list,
    "drop_params": False,
    "failure_callback": list,
    "num_retries": None,
    "request_timeout": None,
    "secret_keys": set,
    "set_verbose": False,
    "success_callback": list,
}
"""Each known setting and its default (a type means "a fresh empty one")."""


class _GuardedModule(types.ModuleType):
    """The `litellm_py` module: assigning an unknown public name raises instead of doing nothing."""

    def __setattr__(self, name: str, value: Any) -> None:
        known = name.startswith("_") or name in SETTINGS or name in self.__dict__
        if not (known or isinstance(value, types.ModuleType) or name in _exported(self)):
            raise AttributeError(
                f"litellm_py has no setting {name!r}; the module-level settings are: "
                f"{', '.join(sorted(SETTINGS))}"
            )
        super().__setattr__(name, value)
        if name == "set_verbose":
            from litellm_py import _logging

            _logging.set_verbose(bool(value))


def _exported(module: types.ModuleType) -> set[str]:
    return set(getattr(module, "__all__", ()))


def guard(module_name: str) -> None:
    """Give the package module the guarded class (called once, at the end of its __init__)."""
    sys.modules[module_name].__class__ = _GuardedModule


def package() -> Any:
    """The `litellm_py` module, whose attributes hold the defaults."""
    return sys.modules["litellm_py"]


def reset_for_tests() -> None:
    """Every setting back to its default (fresh lists), and verbose logging off."""
    module = package()
    for name, default in SETTINGS.items():
        value = default() if isinstance(default, type) else default
        setattr(module, name, value)
