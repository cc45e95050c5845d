"""`_lean.lean` classes behave as the `@dataclass` they replace: each is checked against a real
dataclass with the same fields (init, repr, eq, hash, frozen, replace, asdict, pickle)."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from typing import Any

import pytest

from litellm_py._call import Call
from litellm_py._callbacks import CallEvent
from litellm_py._lean import lean
from litellm_py._model_info import DiscountWindow, ModelInfo, PeakHours, PriceSchedule
from litellm_py._settings import ClientSettings, EnvNames
from litellm_py._watch import Watcher
from litellm_py.providers.openai_compatible.params import ChatRules

# class -> the dataclass options it stands for
LEAN_CLASSES: dict[type, dict[str, bool]] = {
    Call: {"slots": True},
    CallEvent: {"slots": True},
    ChatRules: {"frozen": True},
    ClientSettings: {"frozen": True, "slots": True},
    DiscountWindow: {"frozen": True},
    EnvNames: {"frozen": True, "slots": True},
    ModelInfo: {"frozen": True},
    PeakHours: {"frozen": True},
    PriceSchedule: {"frozen": True},
    Watcher: {},
}


def _reference(cls: type, options: dict[str, bool]) -> Any:
    """A real dataclass with `cls`'s name and fields."""
    specs = []
    for f in dataclasses.fields(cls):
        kw: dict[str, Any] = {"repr": f.repr, "hash": f.hash, "compare": f.compare}
        if f.default is not dataclasses.MISSING:
            kw["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            kw["default_factory"] = f.default_factory
        specs.append((f.name, f.type, dataclasses.field(**kw)))
    return dataclasses.make_dataclass(
        cls.__qualname__,
        specs,
        frozen=options.get("frozen", False),
        slots=options.get("slots", False),
    )


def _required(cls: type) -> dict[str, Any]:
    """A value for every field without a default (hashable, distinct per field)."""
    return {
        f.name: f"{f.name}-value"
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }


def _outcome(fn: Any) -> Any:
    try:
        return ("ok", fn())
    except Exception as exc:  # the exception class is what must match
        return ("raised", type(exc))


@pytest.fixture(params=sorted(LEAN_CLASSES, key=str), ids=lambda c: str(getattr(c, "__name__", c)))
def pair(request: pytest.FixtureRequest) -> tuple[Any, Any, dict[str, bool]]:
    cls = request.param
    return cls, _reference(cls, LEAN_CLASSES[cls]), LEAN_CLASSES[cls]


def test_construction_repr_and_signature_match(pair: tuple[Any, Any, dict[str, bool]]) -> None:
    cls, ref, _ = pair
    args = _required(cls)
    ours, theirs = cls(**args), ref(**args)
    if cls is Call:  # a fresh correlation id per call
        ours.correlation_id = theirs.correlation_id = "cid"
    assert repr(ours) == repr(theirs)
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
    assert cls(*args.values()) == cls(**args) or cls is Call
    assert cls.__match_args__ == ref.__match_args__
    ours_sig, ref_sig = inspect.signature(cls), inspect.signature(ref)
    assert list(ours_sig.parameters) == list(ref_sig.parameters)
    for name, param in ours_sig.parameters.items():
        assert repr(param.default) == repr(ref_sig.parameters[name].default), name
    assert dataclasses.is_dataclass(cls)


def test_bad_arguments_raise_type_error(pair: tuple[Any, Any, dict[str, bool]]) -> None:
    cls, _, _ = pair
    args = _required(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    with pytest.raises(TypeError):
        cls(**{**args, "no_such_field": 1})
    with pytest.raises(TypeError):
        cls(*range(len(names) + 1))
    if args:
        with pytest.raises(TypeError):
            cls(**dict(list(args.items())[1:]))
        with pytest.raises(TypeError):
            cls(*args.values(), **{next(iter(args)): 1})


def test_equality_hash_and_replace_match(pair: tuple[Any, Any, dict[str, bool]]) -> None:
    cls, ref, _ = pair
    args = _required(cls)
    a, b = cls(**args, **_fixed_id(cls)), cls(**args, **_fixed_id(cls))
    r = ref(**args, **_fixed_id(cls))
    assert a == b
    assert (a != b) is False
    assert a.__eq__(r) is NotImplemented
    assert a != r
    assert (cls.__hash__ is None) == (ref.__hash__ is None)
    assert _outcome(lambda: hash(a)) == _outcome(lambda: hash(r))
    first = dataclasses.fields(cls)[0].name
    changed = dataclasses.replace(a, **{first: "other"})
    assert type(changed) is cls
    assert getattr(changed, first) == "other"
    assert (changed == a) == (dataclasses.replace(r, **{first: "other"}) == r)
    assert dataclasses.replace(a) == a


def _fixed_id(cls: type) -> dict[str, Any]:
    return {"correlation_id": "cid"} if cls is Call else {}


def test_frozen_and_slots_match(pair: tuple[Any, Any, dict[str, bool]]) -> None:
    cls, ref, options = pair
    args = _required(cls)
    ours, theirs = cls(**args), ref(**args)
    first = dataclasses.fields(cls)[0].name
    for obj in (ours, theirs):
        if options.get("frozen"):
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(obj, first, "x")
            with pytest.raises(dataclasses.FrozenInstanceError):
                delattr(obj, first)
        else:
            setattr(obj, first, "x")
            assert getattr(obj, first) == "x"
    assert hasattr(ours, "__dict__") == hasattr(theirs, "__dict__")
    # Both refuse a new attribute when frozen or slotted (CPython 3.11's frozen slotted dataclass
    # raises TypeError there, from its zero-argument `super()`; ours the FrozenInstanceError meant).
    assert (
        _outcome(lambda: setattr(ours, "undeclared", 1))[0]
        == (_outcome(lambda: setattr(theirs, "undeclared", 1))[0])
    )


def test_subclassing_follows_the_frozen_rule(pair: tuple[Any, Any, dict[str, bool]]) -> None:
    """dataclass lets a frozen class inherit only from frozen ones, and the reverse."""
    cls, ref, options = pair
    assert repr(cls.__dataclass_params__) == repr(ref.__dataclass_params__)
    for base in (cls, ref):
        if options.get("slots"):  # a slotted subclass would clash with the base's slots
            continue
        frozen = bool(options.get("frozen"))
        made: Any = dataclasses.dataclass(frozen=frozen)(type("Sub", (base,), {}))
        assert dataclasses.fields(made) == dataclasses.fields(base)
        with pytest.raises(TypeError):
            dataclasses.dataclass(frozen=not frozen)(type("Bad", (base,), {}))


def test_frozen_slots_instances_pickle() -> None:
    settings = EnvNames("KEY_ENV", "BASE_ENV", "https://example.invalid", key_required=False)
    assert pickle.loads(pickle.dumps(settings)) == settings


def test_a_hand_written_init_is_kept() -> None:
    @lean()
    class Point:
        x: int
        y: int = 0

        def __init__(self, x: int, y: int = 0) -> None:
            self.x, self.y = x * 10, y

    assert Point(1) == Point(1, 0)
    assert Point(2).x == 20
    assert repr(Point(1, 2)) == "test_a_hand_written_init_is_kept.<locals>.Point(x=10, y=2)"


def test_call_fills_its_factories() -> None:
    settings = ClientSettings(api_base="https://example.invalid")
    one, two = Call("p", "m", "chat", settings), Call("p", "m", "chat", settings)
    assert one.params == {}
    assert one.params is not two.params
    assert len(one.correlation_id) == 32
    assert one.correlation_id != two.correlation_id
