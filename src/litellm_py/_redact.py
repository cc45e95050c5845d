"""Secret removal for everything observability emits: log lines, callback events, span attributes.

Two rules: a value under a secret key name (API keys, `Authorization`, `x-api-key`, and the names
in `litellm_py.secret_keys`) is replaced whole; any known secret string (the call's API key, the
module's `api_key`) is masked wherever it appears inside another string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from litellm_py._defaults import package
from litellm_py._record import Record
from litellm_py._secret import redact

__all__ = ["MASK", "MAX_DEPTH", "Redactor"]

MASK = "[REDACTED]"
MAX_DEPTH = 64
_SECRET_KEYS = frozenset(
    {
        "api_key",
        "api-key",
        "apikey",
        "authorization",
        "proxy-authorization",
        "x-api-key",
        "x-goog-api-key",
        "client_secret",
    }
)


class Redactor:
    """Masks secret keys and secret strings in decoded JSON, headers and text."""

    __slots__ = ("keys", "secrets")

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        module = package()
        user_keys = {str(k).lower() for k in (module.secret_keys or ())}
        self.keys = _SECRET_KEYS | user_keys
        found = [s for s in (*secrets, _module_key(module)) if s and len(s) >= 6]
        # Longest first: a short secret inside a longer one must not leave the rest readable.
        self.secrets = tuple(sorted(set(found), key=len, reverse=True))

    def text(self, value: str) -> str:
        """`value` with every secret string masked."""
        for secret in self.secrets:
            value = redact(value, secret)
        return value

    def json(self, value: Any, depth: int = 0) -> Any:
        """A redacted copy of decoded JSON (dicts, lists, strings, numbers), to `MAX_DEPTH`.

        Deeper (or circular) data is cut off with a marker: observing never raises.
        """
        if isinstance(value, str):
            return self.text(value)
        if value is None or isinstance(value, bool | int | float):
            return value
        if depth >= MAX_DEPTH:
            return "[TOO DEEP]"
        if isinstance(value, Mapping):
            return {
                k: MASK if str(k).lower() in self.keys else self.json(v, depth + 1)
                for k, v in value.items()
            }
        if isinstance(value, list | tuple):
            return [self.json(v, depth + 1) for v in value]
        if isinstance(value, Record):
            return self.json(value._data, depth + 1)
        try:
            shown = repr(value)
        except Exception:  # a user object whose repr fails must not break the call
            shown = object.__repr__(value)
        return self.text(shown)

    def headers(self, headers: Iterable[tuple[str, str]]) -> dict[str, str]:
        """Headers as a dict, secret ones masked."""
        return {k: MASK if k.lower() in self.keys else self.text(v) for k, v in headers}


def _module_key(module: Any) -> str | None:
    key = module.api_key
    return key if isinstance(key, str) else None
