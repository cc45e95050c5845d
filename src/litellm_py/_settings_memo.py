"""`SettingsMemo`: one provider's resolved connection settings, memoised on all they depend on.

A call pays for resolution and validation (`_settings.resolve`) only when an input changes: the
call's arguments, and the environment where the call leaves a value out. Entries are found by
the keys' hashes and hold the keys wrapped, so no dump of a provider shows one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from litellm_py._secret import secret_token, stands_for
from litellm_py._settings import ClientSettings, EnvNames, resolve

__all__ = ["SettingsMemo"]

_MAX_ENTRIES = 64


class SettingsMemo:
    """The settings a provider resolved, by call arguments and environment values."""

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        self._entries: dict[tuple[Any, ...], tuple[Any, Any, ClientSettings]] = {}

    def clear(self) -> None:
        """Forget every entry (the provider's config-file values changed)."""
        self._entries.clear()

    def get(
        self,
        env: EnvNames,
        file_values: Mapping[str, Any],
        *,
        api_key: str | None,
        api_base: str | None,
        timeout: float | None,
        max_retries: int | None,
    ) -> ClientSettings:
        """The settings `resolve` gives for these arguments, resolved again only when needed."""
        # The environment counts only where the call gives nothing (see `resolve`): read it then.
        env_key = os.environ.get(env.api_key) if api_key is None else None
        env_base = os.environ.get(env.api_base) if api_base is None else None
        rest, key = (api_base, timeout, max_retries, env_base), None
        try:
            key = (hash(api_key), hash(env_key), *rest)
            hit = self._entries.get(key)
        except TypeError:  # an unhashable argument: resolve() says what is wrong with it
            key, hit = None, None
        if hit is not None and stands_for(hit[0], api_key) and stands_for(hit[1], env_key):
            return hit[2]  # the same hash is not enough: the keys themselves must match
        settings = resolve(
            env, file_values, api_key=api_key, api_base=api_base, timeout=timeout,
            max_retries=max_retries,
        )  # fmt: skip
        if key is not None:
            if len(self._entries) >= _MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (secret_token(api_key), secret_token(env_key), settings)
        return settings
