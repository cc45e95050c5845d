"""`lean`: `@dataclass` without generating code, for the classes a first call defines.

`dataclass` writes `__init__`, `__repr__`, `__eq__`, `__hash__` and the frozen `__setattr__` as
source text and compiles each at class creation: up to ~1 ms a class, paid by every process on
its first call. `lean` keeps the dataclass part that costs little (the fields, so `fields`,
`replace`, `asdict` and `is_dataclass` work as before) and gives the class the same methods,
written once here. Type checkers see the plain `dataclass`. An `__init__` written in the class
body is kept: a class built on every call writes its own (the generic one is a few µs slower).
"""

from __future__ import annotations

import dataclasses
import inspect
import reprlib
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError
from typing import TYPE_CHECKING, Any, TypeVar

__all__ = ["FACTORY", "lean"]

_T = TypeVar("_T")


def lean_dataclass(*, frozen: bool = False, slots: bool = False) -> Callable[[type[_T]], type[_T]]:
    """The class decorator: `dataclass(frozen=..., slots=...)` with its methods built here."""

    def wrap(cls: type[_T]) -> type[_T]:
        own_init = "__init__" in cls.__dict__
        made: Any = dataclasses.dataclass(init=False, repr=False, eq=False, slots=slots)(cls)
        fields = dataclasses.fields(made)
        params = made.__dataclass_params__  # what dataclass would record (subclasses check it)
        params.init = params.repr = params.eq = True
        params.frozen = frozen
        methods: dict[str, Any] = {
            "__repr__": _repr(fields),
            "__eq__": _eq(fields),
            "__hash__": _hash(fields) if frozen else None,
        }
        if not own_init:
            methods["__init__"] = _init(made, fields, frozen)
            methods["__signature__"] = _LazySignature()
        if frozen:
            methods.update(_frozen_methods(made, fields, slots))
        for name, method in methods.items():
            if callable(method):
                method.__name__ = name
                method.__qualname__ = f"{made.__qualname__}.{name}"
            setattr(made, name, method)
        result: type[_T] = made
        return result

    return wrap


if TYPE_CHECKING:  # checkers know what `dataclass` makes
    from dataclasses import dataclass as lean
else:
    lean = lean_dataclass


def _init(cls: type, fields: tuple[Field[Any], ...], frozen: bool) -> Callable[..., None]:
    names = tuple(f.name for f in fields)
    defaults = {f.name: f.default for f in fields if f.default is not MISSING}
    factories = {f.name: f.default_factory for f in fields if f.default_factory is not MISSING}
    where = f"{cls.__qualname__}.__init__()"
    put = object.__setattr__ if frozen else setattr

    def init_(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(names):
            given = len(args) + 1
            raise TypeError(
                f"{where} takes {len(names) + 1} positional arguments but {given} were given"
            )
        for name, value in zip(names, args, strict=False):
            if name in kwargs:
                raise TypeError(f"{where} got multiple values for argument {name!r}")
            kwargs[name] = value
        for name in names:
            if name in kwargs:
                value = kwargs.pop(name)
            elif name in defaults:
                value = defaults[name]
            elif name in factories:
                value = factories[name]()
            else:
                raise TypeError(f"{where} missing 1 required positional argument: {name!r}")
            put(self, name, value)
        if kwargs:
            raise TypeError(f"{where} got an unexpected keyword argument {next(iter(kwargs))!r}")

    return init_


class _Factory:
    """The default a signature shows for a field with a `default_factory` (as dataclass does)."""

    def __repr__(self) -> str:
        return "<factory>"


FACTORY: Any = _Factory()
"""The default of a field with a `default_factory` in an `__init__` written out by hand."""


class _LazySignature:
    """`inspect.signature(cls)` of a class with the generic `__init__`: the fields, as dataclass
    shows them (built on first use: building it costs more than the rest of `lean`)."""

    def __get__(self, obj: object, owner: Any) -> inspect.Signature:
        signature = _signature(dataclasses.fields(owner))
        owner.__signature__ = signature
        return signature


def _signature(fields: tuple[Field[Any], ...]) -> inspect.Signature:
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    params = []
    for f in fields:
        default = FACTORY if f.default_factory is not MISSING else f.default
        default = inspect.Parameter.empty if default is MISSING else default
        params.append(inspect.Parameter(f.name, kind, default=default, annotation=f.type))
    return inspect.Signature(params, return_annotation=None)


def _repr(fields: tuple[Field[Any], ...]) -> Callable[[Any], str]:
    names = tuple(f.name for f in fields if f.repr)

    @reprlib.recursive_repr()
    def repr_(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__qualname__}({shown})"

    return repr_


def _values(self: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in names)


def _eq(fields: tuple[Field[Any], ...]) -> Callable[[Any, object], Any]:
    names = tuple(f.name for f in fields if f.compare)

    def eq_(self: Any, other: object) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _values(self, names) == _values(other, names)

    return eq_


def _hash(fields: tuple[Field[Any], ...]) -> Callable[[Any], int]:
    names = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))

    def hash_(self: Any) -> int:
        return hash(_values(self, names))

    return hash_


def _frozen_methods(cls: Any, fields: tuple[Field[Any], ...], slots: bool) -> dict[str, Any]:
    names = frozenset(f.name for f in fields)
    ordered = tuple(f.name for f in fields)

    def setattr_(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def delattr_(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    methods: dict[str, Any] = {"__setattr__": setattr_, "__delattr__": delattr_}
    if slots:  # pickling a frozen class with slots, as dataclass allows it

        def getstate_(self: Any) -> list[Any]:
            return list(_values(self, ordered))

        def setstate_(self: Any, state: list[Any]) -> None:
            for name, value in zip(ordered, state, strict=True):
                object.__setattr__(self, name, value)

        methods.update(__getstate__=getstate_, __setstate__=setstate_)
    return methods
