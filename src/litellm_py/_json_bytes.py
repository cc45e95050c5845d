"""`loads`: `json.loads` for a body or event read as bytes, with a shortcut for the usual case.

`json.loads(bytes)` sniffs the encoding in Python code, and its `str` path strips whitespace with
two regex passes. A UTF-8 object (it starts with `{`, so no BOM and not UTF-16/32) needs neither:
it goes to the C scanner `JSONDecoder.raw_decode` calls, without that wrapper. Anything else takes
`json.loads`, which raises the real error.
"""

from __future__ import annotations

import json
from json.scanner import make_scanner
from typing import Any, cast

__all__ = ["loads"]

# json.scanner's one export reads its options off a decoder (typeshed asks for a scanner there).
_scan = make_scanner(cast("Any", json.JSONDecoder()))


def loads(data: bytes) -> Any:
    """`json.loads(data)`: the same value, or the same `ValueError` / `RecursionError`."""
    if data[:1] == b"{":
        try:
            text = data.decode()  # strict: a lone surrogate goes the general way, as json.loads
            payload, end = _scan(text, 0)
        except (ValueError, StopIteration):  # the general path below raises the real error
            pass
        else:
            if end == len(text) or not text[end:].strip(" \t\n\r"):
                return payload
    return json.loads(data)
