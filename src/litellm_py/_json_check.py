"""Whether a value can go out as JSON: `check_json` names the first part that cannot.

No datetime, bytes, set or arbitrary objects, only finite numbers, no lone surrogates, nothing
nested deeper than the JSON encoder goes (`_validate` runs it over a call's body parameters).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from litellm_py.exceptions import BadRequestError

__all__ = ["check_json", "message_data"]

_MAX_DEPTH = 256


def _refuse(param: str, message: str) -> BadRequestError:
    return BadRequestError(message, param=param)


def message_data(message: Any) -> Any:
    """The JSON dict behind a message: itself, or a library `Message` object's data."""
    if type(message) is dict:  # the usual case: no failed attribute lookup
        return message
    data = getattr(message, "_data", None)  # the library's own Message objects
    return data if isinstance(data, dict) else message


def _json_problem(value: Any) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return f"is {value!r}, which JSON cannot carry"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"has a lone surrogate at position {exc.start} (invalid Unicode)"
        return None
    if value is None or isinstance(value, bool | int | float | list | tuple | Mapping):
        return None
    return f"is a {type(value).__name__}, not JSON: convert it (e.g. to a string) first"


def _plain(item: Any) -> bool:
    """JSON that needs no closer look: None, an int or bool, an ASCII str, a finite float."""
    kind = type(item)
    if item is None or kind is int or kind is bool:
        return True
    if kind is str:
        text: str = item
        return text.isascii()  # ASCII text has no lone surrogate
    return kind is float and math.isfinite(item)


def _flat(value: dict[Any, Any]) -> bool:
    """A dict of str keys and `_plain` values: nothing in it to look at closer."""
    for name, child in value.items():  # a loop, not all(<generator>): run for every message
        if type(child) is str and type(name) is str and child.isascii():
            continue
        if type(name) is not str or not _plain(child):
            break
    else:
        return True
    return False


def _path(parent: str, key: str | int | None) -> str:
    if key is None:
        return parent
    return f"{parent}[{key}]" if isinstance(key, int) else f"{parent}.{key}"


def check_json(value: Any, path: str, param: str) -> None:
    """Raise `BadRequestError` naming `path` for the first part of `value` JSON cannot carry."""
    if type(value) is dict and _flat(value):  # e.g. {"role": "user", "content": "Hi"}
        return
    # Each entry: the item, its parent's path and its key there (the path is built only for
    # what is looked at closer). Plain scalars within the depth limit are never pushed.
    stack: list[tuple[Any, str, str | int | None, int]] = [(value, path, None, 0)]
    while stack:
        item, parent, key, depth = stack.pop()
        where = _path(parent, key)
        problem = None
        if type(item) is not dict and type(item) is not list:  # plain containers are JSON
            item = message_data(item)
            problem = _json_problem(item)
        if problem is None and depth > _MAX_DEPTH:
            problem = f"is nested more than {_MAX_DEPTH} levels deep (or refers to itself)"
        if problem is not None:
            raise _refuse(param, f"{where} {problem}")
        deep = depth >= _MAX_DEPTH  # then even a scalar child is past the limit
        if type(item) is dict or isinstance(item, Mapping):
            for name, child in item.items():
                if not isinstance(name, str):
                    raise _refuse(param, f"{where} has a key {name!r:.40} that is not a string")
                if deep or not _plain(child):
                    stack.append((child, where, name, depth + 1))
        elif isinstance(item, list | tuple):
            stack.extend(
                (child, where, n, depth + 1)
                for n, child in enumerate(item)
                if deep or not _plain(child)
            )
