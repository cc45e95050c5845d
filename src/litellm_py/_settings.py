"""Connection settings of one call: call arguments > config file > environment > defaults."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from dataclasses import field
from typing import Any

from litellm_py._lean import lean
from litellm_py._secret import Secret, redact, remember
from litellm_py.exceptions import ConfigurationError

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "ClientSettings",
    "check_key",
    "check_settings",
    "resolve",
    "warn_plain_http",
]

DEFAULT_TIMEOUT = 600.0
DEFAULT_MAX_RETRIES = 2


@lean(frozen=True, slots=True)
class ClientSettings:
    """Who we talk to and how patiently. `api_key` is a `Secret` and never printed."""

    api_base: str
    api_key: Secret | None = field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    headers: Mapping[str, str] = field(default_factory=dict)
    extra_params: Mapping[str, Any] = field(default_factory=dict)

    def key(self) -> str | None:
        """The API key in clear, for the Authorization header only."""
        return None if self.api_key is None else self.api_key.get_secret_value()


@lean(frozen=True, slots=True)
class EnvNames:
    """The environment variables and defaults a provider reads."""

    api_key: str
    api_base: str
    default_api_base: str
    key_required: bool = True
    """False for servers that take no key (local inference servers)."""


def resolve(
    env: EnvNames,
    file_values: Mapping[str, Any],
    *,
    api_key: str | None = None,
    api_base: str | None = None,
    timeout: float | None = None,
    max_retries: int | None = None,
    headers: Mapping[str, str] | None = None,
) -> ClientSettings:
    """Merge one call's arguments over config-file values over environment over defaults."""
    key = _first(api_key, file_values.get("api_key"), os.environ.get(env.api_key) or None)
    if key is not None and not isinstance(key, str | Secret):
        raise ConfigurationError(
            f"api_key must be a string, got {type(key).__name__}: pass the key as text."
        )
    base = (
        _first(api_base, file_values.get("api_base"), os.environ.get(env.api_base) or None)
        or env.default_api_base
    )
    merged_headers = dict(file_values.get("headers") or {})
    merged_headers.update(headers or {})
    settings = ClientSettings(
        api_base=str(base).rstrip("/"),
        api_key=(key if isinstance(key, Secret) else Secret(str(key))) if key else None,
        timeout=float(_first(timeout, file_values.get("timeout_seconds"), DEFAULT_TIMEOUT)),
        max_retries=int(_first(max_retries, file_values.get("max_retries"), DEFAULT_MAX_RETRIES)),
        headers=merged_headers,
        extra_params=dict(file_values.get("extra_params") or {}),
    )
    check_settings(settings, env)
    return settings


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def check_settings(settings: ClientSettings, env: EnvNames) -> None:
    """Raise `ConfigurationError` naming the env var or field to fix."""
    if not settings.api_base:
        raise ConfigurationError(
            f"No api_base: this provider has no default URL; pass api_base=... "
            f"or set the {env.api_base} environment variable."
        )
    if settings.api_key is None and env.key_required:
        raise ConfigurationError(
            f"No API key: set the {env.api_key} environment variable, pass api_key=..., "
            "or put api_key in the config file."
        )
    if settings.api_key is not None:
        key = settings.api_key.get_secret_value()
        check_key(key, env)
        remember(key)  # from now on every error redaction masks it
    if not settings.api_base.startswith(("http://", "https://")):
        shown = redact(repr(settings.api_base), settings.key())  # a key pasted in the wrong place
        raise ConfigurationError(
            f"api_base {shown} is not an http(s) URL: fix api_base "
            f"(or the {env.api_base} environment variable)."
        )
    if not settings.timeout > 0:
        raise ConfigurationError(
            f"timeout must be a positive number of seconds, got {settings.timeout}."
        )
    if settings.max_retries < 0:
        raise ConfigurationError(f"max_retries must be >= 0, got {settings.max_retries}.")
    warn_plain_http(settings.api_base)


def _bad_key_char(char: str) -> str | None:
    if char == "\n":
        return "a newline"
    if char.isspace():
        return f"whitespace ({ord(char):#04x})"
    if ord(char) < 0x20 or ord(char) == 0x7F:
        return f"a control character ({ord(char):#04x})"
    if ord(char) > 0x7E:
        return f"a non-ASCII character (U+{ord(char):04X})"
    return None


def check_key(key: str, env: EnvNames) -> None:
    """Refuse a key HTTP cannot carry, naming the position of the bad character (never the key).

    A key read with `open(path).read()` keeps its trailing newline: sent as a header it is an
    illegal header value, and the transport error would quote the key.
    """
    for position, char in enumerate(key):
        problem = _bad_key_char(char)
        if problem is not None:
            raise ConfigurationError(
                f"The API key (api_key=... or {env.api_key}) contains {problem} at position "
                f"{position} of {len(key)}: strip it, e.g. open(path).read().strip()."
            )


_WARNED_HOSTS: set[str] = set()
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "::1", "ip6-localhost"})


def warn_plain_http(api_base: str) -> None:
    """Warn once per host when a key would travel unencrypted beyond this machine."""
    if not api_base.startswith("http://"):
        return
    from urllib.parse import urlsplit

    host = (urlsplit(api_base).hostname or "").lower()
    if host in _WARNED_HOSTS or host in _LOOPBACK_NAMES or host.startswith("127."):
        return
    _WARNED_HOSTS.add(host)
    warnings.warn(
        f"api_base {host!r} uses plain http://: the API key is sent unencrypted; "
        "use https:// unless the network path is trusted.",
        UserWarning,
        stacklevel=2,
    )
