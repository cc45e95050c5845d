"""A complete body decodes as `json.loads` would, fast path or not (`_shape.decode_object`)."""

from __future__ import annotations

import json

import pytest

from litellm_py._call import Call
from litellm_py._registry import get_provider
from litellm_py._shape import decode_object
from litellm_py.exceptions import APIResponseValidationError

OBJECT = {"id": "x", "choices": [{"message": {"content": "héllo \U0001f600"}}], "n": 1.5}


def _call() -> Call:
    return Call("deepseek", "deepseek-flash", "chat", get_provider("deepseek").settings())


@pytest.mark.parametrize(
    "body",
    [
        json.dumps(OBJECT).encode(),
        json.dumps(OBJECT, ensure_ascii=False).encode(),
        json.dumps(OBJECT).encode() + b" \r\n\t",
        b"  \n" + json.dumps(OBJECT).encode(),
        json.dumps(OBJECT).encode("utf-16"),
        json.dumps(OBJECT).encode("utf-16-le"),
        b"\xef\xbb\xbf" + json.dumps(OBJECT).encode(),
        b'{"a": "\xed\xa0\xbd"}',
    ],
    ids=[
        "ascii",
        "utf8",
        "trailing-space",
        "leading-space",
        "utf16-bom",
        "utf16-le",
        "utf8-bom",
        "encoded-surrogate",
    ],
)
def test_an_object_body_decodes_as_json_loads_does(body: bytes) -> None:
    try:
        expected = json.loads(body)
    except ValueError:  # json.loads refuses a UTF-8 BOM: so must we
        with pytest.raises(APIResponseValidationError):
            decode_object(_call(), body, 200, None)
        return
    assert decode_object(_call(), body, 200, None) == expected


@pytest.mark.parametrize(
    "body",
    [b'{"a": 1} x', b'{"a": 1}\xc2\xa0', b'{"a": 1}{"b": 2}', b'{"a": ', b'{"a": "\xff"}', b"[1]"],
    ids=["extra-text", "nbsp-after", "two-objects", "truncated", "bad-utf8", "not-an-object"],
)
def test_a_body_json_loads_refuses_is_refused(body: bytes) -> None:
    with pytest.raises(APIResponseValidationError) as info:
        decode_object(_call(), body, 200, "req-1")
    assert info.value.request_id == "req-1"


def test_a_body_nested_too_deeply_is_refused_not_crashed() -> None:
    body = b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(APIResponseValidationError, match="nested too deeply"):
        decode_object(_call(), body, 200, None)
