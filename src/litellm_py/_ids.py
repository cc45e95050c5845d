"""The ids a call puts on what it returns (responses, streams, assembled stream responses).

They live in the object's `_meta` bookkeeping dict, never in its data: not part of `model_dump()`.
"""

from __future__ import annotations

from typing import Any

from litellm_py._record import Record, set_meta

__all__ = ["CallIds", "meta_of"]


def meta_of(result: Any) -> dict[str, Any] | None:
    """The library's bookkeeping dict (`_meta`) of a result, created if missing; None when the
    object takes no attributes (a user-registered provider's result may not)."""
    try:  # object.__getattribute__: a record's __getattr__ fallback is slow to say "no"
        meta: dict[str, Any] | None = object.__getattribute__(result, "_meta")
    except AttributeError:
        meta = None
    if meta is None:
        meta = {}
        if isinstance(result, Record):  # the slot itself (`__setattr__` stores wire fields)
            set_meta(result, meta)
            return meta
        try:
            result._meta = meta
        except (AttributeError, TypeError):  # e.g. a frozen dataclass with slots
            return None
    return meta


class CallIds:
    """Mixin: `correlation_id` and `request_id` of the call that returned this object."""

    __slots__ = ()

    @property
    def correlation_id(self) -> str | None:
        """The id of the call that returned this (sent as the X-Client-Request-Id header)."""
        meta: dict[str, Any] | None = getattr(self, "_meta", None)
        return None if meta is None else meta.get("correlation_id")

    @property
    def request_id(self) -> str | None:
        """The server's `x-request-id` for this answer; None when it sent none (and for a
        cache hit or a mock answer, which no server sent)."""
        meta: dict[str, Any] | None = getattr(self, "_meta", None)
        return None if meta is None else meta.get("request_id")
