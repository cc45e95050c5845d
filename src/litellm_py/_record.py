"""`Record`: a JSON object with attribute access, dict access and `model_dump()`.

The base of every response type: it wraps the decoded JSON dict it came from, so every field
the server sent stays readable and comes back unchanged from `model_dump()`, unknown ones included.
"""

from __future__ import annotations

import copy
import inspect
import json
from collections.abc import Iterator
from typing import Any, ClassVar

__all__ = ["Record", "to_jsonable"]

_MISSING = object()


class _Field:
    """Reads one declared field of a record (None when the server did not send it)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: Record | None, owner: type) -> Any:
        if obj is None:
            return self
        return obj._lookup(self.name, None)


class Record:
    """A JSON object with attribute access, dict access and `model_dump()`.

    Subclasses declare the fields they know as annotations (for type checkers and readers) and
    list in `_children` which keys hold nested records (a class, or a one-element list of a class
    for arrays). Undeclared keys stay readable by attribute and by key.
    """

    __slots__ = ("_cache", "_data", "_meta")
    _children: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Declared fields become descriptors: reading one skips the failed normal lookup that
        # precedes `__getattr__`, which matters on the per-chunk path of a stream.
        for name in inspect.get_annotations(cls):
            if not name.startswith("_") and name not in cls.__dict__:
                setattr(cls, name, _Field(name))

    def __init__(self, _data: dict[str, Any] | None = None, /, **fields: Any) -> None:
        data = {} if _data is None else _data
        for key, value in fields.items():
            data[key] = to_jsonable(value)
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_cache", None)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = self._lookup(name, _MISSING)
        if value is _MISSING:
            if name in _declared_fields(type(self)):
                return None
            raise AttributeError(f"{type(self).__name__!s} has no field {name!r}")
        return value

    def _lookup(self, name: str, default: Any) -> Any:
        cache = self._cache
        if cache is not None and name in cache:
            return cache[name]
        data = self._data
        if name not in data:
            return default
        raw = data[name]
        kind = self._children.get(name)
        if kind is None or raw is None:
            return raw
        if isinstance(kind, list):
            value: Any = [kind[0](item) if isinstance(item, dict) else item for item in raw]
        else:
            value = kind(raw) if isinstance(raw, dict) else raw
        if cache is None:
            cache = {}
            object.__setattr__(self, "_cache", cache)
        cache[name] = value
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        if name in Record.__slots__:  # library bookkeeping (`_meta`), never wire data
            object.__setattr__(self, name, value)
            return
        self._data[name] = to_jsonable(value)
        if self._cache is not None:
            self._cache.pop(name, None)

    def __delattr__(self, name: str) -> None:
        self.__delitem__(name)

    def __getitem__(self, key: str) -> Any:
        value = self._lookup(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        self.__setattr__(key, value)

    def __delitem__(self, key: str) -> None:
        del self._data[key]
        if self._cache is not None:
            self._cache.pop(key, None)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: str, default: Any = None) -> Any:
        """The field's value, or `default` when the server did not send it."""
        return self._lookup(key, default)

    def keys(self) -> Any:
        """The field names the object holds, in wire order."""
        return self._data.keys()

    def items(self) -> Iterator[tuple[str, Any]]:
        """(name, value) pairs, nested objects wrapped."""
        for key in self._data:
            yield key, self._lookup(key, None)

    def model_dump(self, *, exclude_none: bool = False) -> dict[str, Any]:
        """A deep, JSON-ready copy of the object: exactly the fields it holds."""
        data: dict[str, Any] = copy.deepcopy(self._data)
        return _drop_none(data) if exclude_none else data

    def model_dump_json(self, *, indent: int | None = None) -> str:
        """`model_dump()` serialised as JSON."""
        return json.dumps(self._data, ensure_ascii=False, indent=indent)

    to_dict = model_dump

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return bool(self._data == other._data)
        if isinstance(other, dict):
            return bool(self._data == other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.items())
        return f"{type(self).__name__}({fields})"

    def __copy__(self) -> Record:
        return type(self)(dict(self._data))

    def __deepcopy__(self, memo: dict[int, Any]) -> Record:
        return type(self)(copy.deepcopy(self._data, memo))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._data,))


def _declared_fields(cls: type) -> frozenset[str]:
    cached = cls.__dict__.get("_declared")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    names: set[str] = set()
    for klass in cls.__mro__:
        names.update(getattr(klass, "__annotations__", {}))
    result = frozenset(n for n in names if not n.startswith("_"))
    type.__setattr__(cls, "_declared", result)
    return result


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def to_jsonable(value: Any) -> Any:
    """Unwrap records (at any depth) into the plain JSON values they hold."""
    if isinstance(value, Record):
        return value._data
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value
