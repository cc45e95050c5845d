"""A 2xx answer the library cannot use is a typed error, never a response that breaks later.

Also: deeply nested JSON and corrupt gzip bodies are typed errors (not `RecursionError` /
`httpx.DecodingError`), and `retry_after` is never NaN, infinite or negative.
"""

from __future__ import annotations

import gzip
from typing import Any

import pytest

import litellm_py
from litellm_py import _retry
from litellm_py.exceptions import (
    APIResponseValidationError,
    BadRequestError,
    RateLimitError,
)
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import call_completion

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Hi"}]
GOOD_CHOICE = {"index": 0, "message": {"role": "assistant", "content": "ok"}}


async def _complete(mode: str, server: DeepSeekTestServer, **extra: Any) -> Any:
    return await call_completion(
        mode, model=MODEL, messages=MESSAGES, api_base=server.url, api_key=server.api_key,
        num_retries=0, **extra,
    )  # fmt: skip


BAD_SHAPES: dict[str, tuple[dict[str, Any], str]] = {
    "empty object": ({}, "'choices' is NoneType"),
    "choices null": ({"choices": None}, "'choices' is NoneType"),
    "choices empty": ({"choices": []}, "'choices' is empty"),
    "choices a string": ({"choices": "x"}, "'choices' is str"),
    "choice a number": ({"choices": [1]}, "choices[0] is int"),
    "message a string": ({"choices": [{"index": 0, "message": "hi"}]}, "choices[0].message is str"),
    "message missing": ({"choices": [{"index": 0}]}, "choices[0].message is NoneType"),
    "second choice bad": ({"choices": [GOOD_CHOICE, None]}, "choices[1] is NoneType"),
}


@pytest.mark.parametrize("case", list(BAD_SHAPES), ids=list(BAD_SHAPES))
async def test_an_unusable_chat_answer_is_a_validation_error(
    net_mode: str, server: DeepSeekTestServer, case: str
) -> None:
    payload, problem = BAD_SHAPES[case]
    server.enqueue(Reply(json={"id": "x", "object": "chat.completion", **payload}))
    with pytest.raises(APIResponseValidationError) as caught:
        await _complete(net_mode, server)
    assert problem in str(caught.value)
    assert caught.value.body == {"id": "x", "object": "chat.completion", **payload}


@pytest.mark.parametrize(
    "payload", [{"choices": [{"index": 0, "text": None}]}, {"choices": []}], ids=["text", "empty"]
)
async def test_an_unusable_text_completion_is_a_validation_error(
    mode: str, server: DeepSeekTestServer, payload: dict[str, Any]
) -> None:
    server.enqueue(Reply(json=payload))
    with pytest.raises(APIResponseValidationError, match="text completion"):
        await _text_complete(mode, server)


async def _text_complete(mode: str, server: DeepSeekTestServer) -> Any:
    kwargs: dict[str, Any] = {
        "api_base": server.beta_url,
        "api_key": server.api_key,
        "num_retries": 0,
    }
    if mode == "sync":
        return litellm_py.text_completion(MODEL, "def f(", **kwargs)
    return await litellm_py.atext_completion(MODEL, "def f(", **kwargs)


async def test_a_usable_answer_still_passes(net_mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(json={"id": "x", "object": "chat.completion", "choices": [GOOD_CHOICE]}))
    resp = await _complete(net_mode, server)
    assert resp.choices[0].message.content == "ok"


async def test_deeply_nested_json_is_a_typed_error(
    net_mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(body=b"[" * 200_000, content_type="application/json"))
    with pytest.raises(APIResponseValidationError, match="nested too deeply"):
        await _complete(net_mode, server)


async def test_a_deeply_nested_error_body_still_gives_the_status_error(
    net_mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(
        Reply(status=400, body=b"{" + b'"a":[' * 100_000, content_type="application/json")
    )
    with pytest.raises(BadRequestError) as caught:
        await _complete(net_mode, server)
    assert isinstance(caught.value.body, str)


async def test_a_corrupt_gzip_body_is_a_typed_error(
    net_mode: str, server: DeepSeekTestServer
) -> None:
    corrupt = gzip.compress(b'{"choices": []}')[:10] + b"\x00garbage, not deflate" * 4
    server.enqueue(
        Reply(body=corrupt, content_type="application/json", headers={"content-encoding": "gzip"})
    )
    with pytest.raises(APIResponseValidationError, match="cannot be decoded"):
        await _complete(net_mode, server)


# -- retry_after -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "nan"}, None),
        ({"retry-after": "inf"}, None),
        ({"retry-after": "-inf"}, None),
        ({"retry-after-ms": "nan"}, None),
        ({"retry-after-ms": "1e999"}, None),
        ({"retry-after": "-5"}, 0.0),
        ({"retry-after-ms": "-250"}, 0.0),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),  # in the past
        ({"retry-after": "2.5"}, 2.5),
    ],
)
def test_retry_after_is_finite_and_not_negative(
    headers: dict[str, str], expected: float | None
) -> None:
    assert _retry.parse_retry_after(headers) == expected


@pytest.mark.parametrize(("value", "expected"), [("nan", None), ("inf", None), ("-3", 0.0)])
async def test_a_429s_retry_after_attribute_is_sane(
    net_mode: str, server: DeepSeekTestServer, value: str, expected: float | None
) -> None:
    server.enqueue(Reply(status=429, headers={"retry-after": value}))
    with pytest.raises(RateLimitError) as caught:
        await _complete(net_mode, server)
    assert caught.value.retry_after == expected
