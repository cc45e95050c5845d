"""A string that never shows itself in `repr`, `str` or attribute dumps (used for API keys)."""

from __future__ import annotations

from typing import Any

__all__ = ["Secret", "redact", "redact_json"]


class Secret:
    """Holds a secret value; only `get_secret_value()` reveals it."""

    __slots__ = ("_value",)
    _value: str

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "_value", value)

    def get_secret_value(self) -> str:
        """The secret itself; keep it out of anything that is printed or logged."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Secret is immutable")

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("Secret values are not picklable")


def redact(text: str, secret: str | None) -> str:
    """`text` with every occurrence of `secret` masked (no-op for short or missing secrets)."""
    if not secret or len(secret) < 6 or secret not in text:
        return text
    return text.replace(secret, "****" + secret[-4:])


def redact_json(value: Any, secret: str | None) -> Any:
    """A copy of decoded JSON with `secret` masked in every string, at any depth."""
    if isinstance(value, str):
        return redact(value, secret)
    if isinstance(value, dict):
        return {k: redact_json(v, secret) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_json(v, secret) for v in value]
    return value
