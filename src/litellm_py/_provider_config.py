"""`ProviderConfig`: the validated form of one provider's connection settings (pydantic).

Used by `load_config` for a `providers.<name>` section and by users who check their environment
up front; the call path itself resolves settings without importing pydantic. A provider
subclasses it to name its environment variables and default base URL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from litellm_py._secret import Secret
from litellm_py._settings import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ClientSettings,
    EnvNames,
    check_settings,
)

__all__ = ["ProviderConfig"]

_Config = TypeVar("_Config", bound="ProviderConfig")


class ProviderConfig(BaseModel):
    """Connection settings for one provider.

    Attributes:
        api_key: the API key (never printed).
        api_base: base URL; None means the provider's default.
        timeout_seconds: total deadline of one attempt.
        headers: extra headers sent with every request.
        max_retries: retries after the first attempt (default 2).
        extra_params: default per-call parameters, e.g. ``{"temperature": 0.2}``.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)
    env: ClassVar[EnvNames]

    api_key: SecretStr | None = None
    api_base: str | None = None
    timeout_seconds: float = Field(default=DEFAULT_TIMEOUT)
    headers: dict[str, str] = Field(default_factory=dict)
    max_retries: int = DEFAULT_MAX_RETRIES
    extra_params: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def from_env(cls: type[_Config], environ: Mapping[str, str] | None = None) -> _Config:
        """Read the provider's key and base-URL variables (defaults for the rest)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        if env.get(cls.env.api_key):
            values["api_key"] = env[cls.env.api_key]
        if env.get(cls.env.api_base):
            values["api_base"] = env[cls.env.api_base]
        return cls(**values)

    def validate(self: _Config) -> _Config:  # type: ignore[override]
        """Check the settings; raise `ConfigurationError` naming the env var or field to fix."""
        check_settings(self.to_settings(), self.env)
        return self

    def to_settings(self) -> ClientSettings:
        """These values as the call path's `ClientSettings`."""
        key = self.api_key.get_secret_value() if self.api_key is not None else None
        return ClientSettings(
            api_base=(self.api_base or self.env.default_api_base).rstrip("/"),
            api_key=Secret(key) if key else None,
            timeout=self.timeout_seconds,
            max_retries=self.max_retries,
            headers=dict(self.headers),
            extra_params=dict(self.extra_params),
        )

    def file_values(self) -> dict[str, Any]:
        """The fields that were set explicitly, in the form `BaseProvider.configure` takes.

        The key stays wrapped in a `Secret`, so the provider's stored settings never show it.
        """
        values = self.model_dump(exclude_unset=True)
        if self.api_key is not None and "api_key" in values:
            values["api_key"] = Secret(self.api_key.get_secret_value())
        return values
