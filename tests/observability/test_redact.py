"""The redactor behind every log line, event and span attribute: keys, secrets, odd data."""

from __future__ import annotations

from typing import Any

import litellm_py
from litellm_py._redact import MASK, MAX_DEPTH, Redactor


def test_secret_keys_and_secret_strings_are_masked() -> None:
    litellm_py.secret_keys = {"Session"}
    r = Redactor(["sk-abcdefgh12345678"])
    assert r.json({"api_key": "x", "session": "y", "note": "key sk-abcdefgh12345678 here"}) == {
        "api_key": MASK, "session": MASK, "note": "key ****5678 here",
    }  # fmt: skip
    assert r.headers([("Authorization", "Bearer t"), ("Accept", "a")]) == {
        "Authorization": MASK, "Accept": "a",
    }  # fmt: skip


def test_a_secret_inside_a_longer_one_leaves_nothing_readable() -> None:
    long_key = "sk-test-0123456789abcdef"
    shown = Redactor(["sk-test", long_key]).text(f"k={long_key}")
    assert "0123456789ab" not in shown


def test_circular_and_unprintable_data_never_raise() -> None:
    loop: list[Any] = []
    loop.append(loop)

    class Unprintable:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    cut = Redactor().json(loop)
    depth = 0
    while isinstance(cut, list):
        cut, depth = cut[0], depth + 1
    assert (cut, depth) == ("[TOO DEEP]", MAX_DEPTH)
    assert "Unprintable object at" in Redactor().json(Unprintable())
