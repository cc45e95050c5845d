"""`Record`: a JSON object with attribute access, dict access and pydantic-style dumping.

The base of every response type: it wraps the decoded JSON dict it came from, so every field
the server sent stays readable and comes back unchanged from `model_dump()`, unknown ones included.
"""

from __future__ import annotations

import copy
import inspect
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, TypedDict, TypeVar

from litellm_py._dump import filter_json

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["Record", "set_meta", "to_jsonable", "view"]

_MISSING = object()


class _NoOpDumpOptions(TypedDict, total=False):
    """pydantic's dump options that change nothing here: wire JSON has no aliases or defaults."""

    by_alias: bool | None
    exclude_unset: bool
    exclude_defaults: bool
    round_trip: bool
    warnings: bool | str


_NO_OP_OPTIONS = frozenset(_NoOpDumpOptions.__annotations__)
_R = TypeVar("_R", bound="Record")


def _reader(name: str) -> property:
    """The descriptor of one declared plain field (None when the server did not send it).

    A property over a plain function: reading it costs one call, with no failed normal lookup
    before `__getattr__`, which matters on the per-chunk path of a stream.
    """
    return property(lambda obj: obj._data.get(name))


class _ChildField:
    """Reads a field holding a nested record (or a list of them), wrapped on first read.

    A non-data descriptor: the wrapped value goes into the instance `__dict__`, which Python
    consults before this descriptor, so later reads cost what a plain attribute costs and no
    per-object cache is built for records whose nested fields are never read.
    """

    __slots__ = ("kind", "many", "name")

    def __init__(self, name: str, kind: Any) -> None:
        self.name = name
        self.many = isinstance(kind, list)
        self.kind: type[Record] = kind[0] if self.many else kind

    def __get__(self, obj: Record | None, owner: type) -> Any:
        if obj is None:
            return self
        raw = obj._data.get(self.name)
        if raw is None:
            return None
        # `view` inlined for the two shapes every stream chunk has (an object, one choice).
        kind, value = self.kind, raw
        if not self.many:
            if isinstance(raw, dict):
                value = _new(kind)
                _set_data(value, raw)
        elif type(raw) is list and len(raw) == 1 and isinstance(raw[0], dict):
            item = _new(kind)
            _set_data(item, raw[0])
            value = [item]
        else:
            value = [view(kind, item) if isinstance(item, dict) else item for item in raw]
        obj.__dict__[self.name] = value
        return value


class Record:
    """A JSON object with attribute access, dict access and `model_dump()`.

    Subclasses declare the fields they know as annotations (for type checkers and readers) and
    list in `_children` which keys hold nested records (a class, or a one-element list of a class
    for arrays). A declared field the server did not send reads as None. Undeclared keys stay
    readable by key (`obj["x"]`, `obj.get("x")`) and, for code that is not type-checked, by
    attribute; type checkers flag unknown attribute names.
    """

    # `__dict__` holds only the wrapped nested records already read (see `_ChildField`).
    __slots__ = ("__dict__", "_data", "_meta")
    _children: ClassVar[dict[str, Any]] = {}
    _fields: ClassVar[frozenset[str]] = frozenset()  # names with a field descriptor
    _data: dict[str, Any]
    _meta: dict[str, Any]  # library bookkeeping (who answered, cache hits...), never wire data

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Declared fields become descriptors: reading one skips the failed normal lookup that
        # precedes `__getattr__`, which matters on the per-chunk path of a stream.
        fields = set(cls._fields)
        for name in inspect.get_annotations(cls):
            if not name.startswith("_") and name not in cls.__dict__:
                setattr(cls, name, _reader(name))
                fields.add(name)
        for name, kind in cls.__dict__.get("_children", {}).items():
            setattr(cls, name, _ChildField(name, kind))
            fields.add(name)
        cls._fields = frozenset(fields)

    def __init__(self, _data: dict[str, Any] | None = None, /, **fields: Any) -> None:
        data = {} if _data is None else _data
        for key, value in fields.items():
            data[key] = to_jsonable(value)
        _set_data(self, data)

    if not TYPE_CHECKING:  # type checkers flag unknown names; at run time any sent field reads

        def __getattr__(self, name: str) -> Any:
            if name.startswith("__"):
                raise AttributeError(name)
            value = self._lookup(name, _MISSING)
            if value is _MISSING:
                raise AttributeError(f"{type(self).__name__!s} has no field {name!r}")
            return value

    def _lookup(self, name: str, default: Any) -> Any:
        if name in self._fields:
            return getattr(self, name) if name in self._data else default
        return self._data.get(name, default)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in Record.__slots__:  # library bookkeeping (`_meta`), never wire data
            object.__setattr__(self, name, value)
            return
        self._data[name] = to_jsonable(value)
        self.__dict__.pop(name, None)

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
        self.__dict__.pop(key, None)

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

    def model_dump(
        self,
        *,
        mode: str = "python",
        include: Any = None,
        exclude: Any = None,
        exclude_none: bool = False,
        **unused: Unpack[_NoOpDumpOptions],
    ) -> dict[str, Any]:
        """A deep, JSON-ready copy of exactly the fields the object holds (as pydantic's).

        The data is JSON already, so `mode` gives the same result either way; every field held
        was sent (or set), and none has an alias or a default, so `by_alias`, `exclude_unset`
        and `exclude_defaults` change nothing. `include` / `exclude` take pydantic's set or
        nested-dict shapes (`{"choices": {"__all__": {"logprobs"}}}`).
        """
        if mode not in ("json", "python"):
            raise ValueError(f"mode must be 'json' or 'python', not {mode!r}")
        selected = self._selected(include, exclude, exclude_none, unused)
        result: dict[str, Any] = copy.deepcopy(selected)
        return result

    def model_dump_json(
        self,
        *,
        indent: int | None = None,
        include: Any = None,
        exclude: Any = None,
        exclude_none: bool = False,
        **unused: Unpack[_NoOpDumpOptions],
    ) -> str:
        """`model_dump()` serialised as JSON (same arguments)."""
        data = self._selected(include, exclude, exclude_none, unused)
        return json.dumps(data, ensure_ascii=False, indent=indent)

    def _selected(self, include: Any, exclude: Any, exclude_none: bool, unused: Any) -> Any:
        """The fields a dump keeps (not copied)."""
        unknown = unused.keys() - _NO_OP_OPTIONS
        if unknown:
            raise TypeError(f"unexpected keyword argument {min(unknown)!r}")
        if include is None and exclude is None and not exclude_none:
            return self._data
        return filter_json(self._data, include, exclude, exclude_none)

    to_dict = model_dump

    def model_copy(self: _R, *, update: dict[str, Any] | None = None, deep: bool = False) -> _R:
        """A copy (shallow unless `deep`), with the fields in `update` set on it."""
        data = copy.deepcopy(self._data) if deep else dict(self._data)
        for key, value in (update or {}).items():
            data[key] = to_jsonable(value)
        return type(self)(data)

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

    def __copy__(self: _R) -> _R:
        return type(self)(dict(self._data))

    def __deepcopy__(self: _R, memo: dict[int, Any]) -> _R:
        return type(self)(copy.deepcopy(self._data, memo))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._data,))


# The slot's own setter: `Record.__setattr__` stores wire fields, not bookkeeping.
_set_data = Record.__dict__["_data"].__set__
set_meta = Record.__dict__["_meta"].__set__
"""Store `_meta` on a record (its own `__setattr__` stores wire fields)."""
_new = object.__new__


def view(cls: type[_R], data: dict[str, Any]) -> _R:
    """`cls(data)` without the argument handling of `__init__` (each chunk, each response).

    Its `_meta` starts as None, so the ids and bookkeeping a call puts on a response it returns
    are stored without first failing to read an unset slot.
    """
    obj = _new(cls)
    _set_data(obj, data)
    set_meta(obj, None)
    return obj


def to_jsonable(value: Any) -> Any:
    """Unwrap records (at any depth) into the plain JSON values they hold."""
    if isinstance(value, Record):
        return value._data
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value
