"""pydantic's `include` / `exclude` / `exclude_none` filters applied to plain JSON data.

`include` and `exclude` take pydantic's shapes: a set of keys, or a dict mapping a key (an index
or `"__all__"` for list items) to a nested filter, or to `True` / `...` for the whole value.
"""

from __future__ import annotations

from typing import Any

__all__ = ["filter_json"]


def filter_json(value: Any, include: Any, exclude: Any, exclude_none: bool) -> Any:
    """A filtered copy of `value` (the input is never modified)."""
    if isinstance(value, dict):
        return _filter_items(value.items(), include, exclude, exclude_none, dict)
    if isinstance(value, list):
        return _filter_items(enumerate(value), include, exclude, exclude_none, list)
    return value


def _filter_items(items: Any, include: Any, exclude: Any, exclude_none: bool, kind: type) -> Any:
    out: list[tuple[Any, Any]] = []
    include = _as_mapping(include)
    exclude = _as_mapping(exclude)
    for key, item in items:
        if exclude_none and item is None:
            continue
        sub_include = _sub(include, key) if include is not None else True
        sub_exclude = _sub(exclude, key) if exclude is not None else None
        if sub_include is None or sub_exclude is True:
            continue
        nested_include = None if sub_include is True else sub_include
        nested_exclude = None if sub_exclude is True else sub_exclude
        out.append((key, filter_json(item, nested_include, nested_exclude, exclude_none)))
    if kind is dict:
        return dict(out)
    return [item for _, item in out]


def _as_mapping(spec: Any) -> dict[Any, Any] | None:
    if spec is None:
        return None
    if isinstance(spec, dict):
        return spec
    if isinstance(spec, set | frozenset | list | tuple):
        return dict.fromkeys(spec, True)
    raise TypeError(f"include / exclude must be a set or a dict, got {type(spec).__name__}")


def _sub(spec: dict[Any, Any], key: Any) -> Any:
    """The filter for `key`: True (whole value), a nested filter, or None (not named)."""
    found = spec.get(key, spec.get("__all__"))
    if found is None or found is False:
        return None
    if found is True or found is Ellipsis:
        return True
    return found
