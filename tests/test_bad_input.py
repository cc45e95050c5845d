"""Bad input is refused before any traffic, with a typed error that names the parameter.

One table, run through `completion` and `acompletion`: the exception class, that the message
names what to fix, and that the loopback server received nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

import litellm_py
from litellm_py.exceptions import BadRequestError, ConfigurationError, LiteLLMError
from litellm_py.testing import DeepSeekTestServer
from tests.support import call_completion

MODEL = "deepseek/deepseek-flash"
WHEN = datetime(2026, 1, 1, tzinfo=timezone.utc)
NAN, INF = math.nan, math.inf


def user(content: Any, **extra: Any) -> list[dict[str, Any]]:
    return [{"role": "user", "content": content, **extra}]


def tool(parameters: Any = None, **function: Any) -> list[dict[str, Any]]:
    spec = {"name": "f", "parameters": parameters or {"type": "object"}, **function}
    return [{"type": "function", "function": spec}]


def _circular() -> list[dict[str, Any]]:
    message: dict[str, Any] = {"role": "user", "content": "hi"}
    message["self"] = message
    return [message]


B, C = BadRequestError, ConfigurationError
# id: (call arguments over the defaults, error class, text the message must contain)
CASES: dict[str, tuple[dict[str, Any], type[LiteLLMError], str]] = {
    # messages: non-JSON values, surrogates, missing content
    "content datetime": ({"messages": user(WHEN)}, B, "messages[0].content"),
    "content bytes": ({"messages": user(b"hi")}, B, "messages[0].content"),
    "content set": ({"messages": user({"hi"})}, B, "messages[0].content"),
    "content object": ({"messages": user(object())}, B, "messages[0].content"),
    "content None": ({"messages": user(None)}, B, "messages[0].content"),
    "content int": ({"messages": user(5)}, B, "messages[0].content"),
    "system content None": (
        {"messages": [{"role": "system", "content": None}, *user("x")]}, B, "messages[0].content"
    ),
    "tool content int": (
        {"messages": [*user("x"), {"role": "tool", "tool_call_id": "a", "content": 1}]},
        B, "messages[1].content",
    ),
    "part datetime": (
        {"messages": user([{"type": "text", "text": WHEN}])}, B, "messages[0].content[0].text"
    ),
    "part bytes": (
        {"messages": user([{"type": "text", "text": b"x"}])}, B, "messages[0].content[0].text"
    ),
    "field bytes": ({"messages": user("hi", name=b"me")}, B, "messages[0].name"),
    "field set": ({"messages": user("hi", tags={1, 2})}, B, "messages[0].tags"),
    "field nan": ({"messages": user("hi", weight=NAN)}, B, "messages[0].weight"),
    "field inf": ({"messages": user("hi", weight=INF)}, B, "messages[0].weight"),
    "lone surrogate": ({"messages": user("hi \ud800 there")}, B, "messages[0].content"),
    "surrogate in part": (
        {"messages": user([{"type": "text", "text": "\udfff"}])}, B, "messages[0].content[0]"
    ),
    "non-string key": ({"messages": [{"role": "user", "content": "x", 1: "y"}]}, B, "messages[0]"),
    "circular message": ({"messages": _circular()}, B, "messages[0]"),
    "messages a string": ({"messages": "hi"}, B, "messages"),
    "message a string": ({"messages": ["hi"]}, B, "messages[0]"),
    "message an int": ({"messages": [1]}, B, "messages[0]"),
    # extra_body
    "extra_body datetime": ({"extra_body": {"when": WHEN}}, B, "extra_body.when"),
    "extra_body bytes": ({"extra_body": {"blob": b"x"}}, B, "extra_body.blob"),
    "extra_body set": ({"extra_body": {"ids": {1}}}, B, "extra_body.ids"),
    "extra_body object": ({"extra_body": {"o": object()}}, B, "extra_body.o"),
    "extra_body nan": ({"extra_body": {"x": NAN}}, B, "extra_body.x"),
    "extra_body inf": ({"extra_body": {"x": [1, INF]}}, B, "extra_body.x[1]"),
    "extra_body surrogate": ({"extra_body": {"s": "\ud83d"}}, B, "extra_body.s"),
    "extra_body key int": ({"extra_body": {1: "x"}}, B, "extra_body"),
    "extra_body a string": ({"extra_body": "x"}, B, "extra_body"),
    "extra_body a list": ({"extra_body": [1]}, B, "extra_body"),
    # tools
    "tools function a string": ({"tools": [{"function": "x"}]}, B, "tools[0].function"),
    "tools function None": ({"tools": [{"type": "function", "function": None}]}, B, "tools[0]"),
    "tools a string": ({"tools": "x"}, B, "tools"),
    "tools a dict": ({"tools": {"type": "function"}}, B, "tools"),
    "tool an int": ({"tools": [1]}, B, "tools[0]"),
    "tool param datetime": (
        {"tools": tool({"default": WHEN})}, B, "tools[0].function.parameters.default"
    ),
    "tool param set": ({"tools": tool({"enum": {"a"}})}, B, "tools[0].function.parameters.enum"),
    "tool param bytes": ({"tools": tool({"x": b"y"})}, B, "tools[0].function.parameters.x"),
    "tool param nan": ({"tools": tool({"maximum": NAN})}, B, "tools[0].function.parameters"),
    "tool param object": ({"tools": tool({"o": object()})}, B, "tools[0].function.parameters.o"),
    # extra_headers
    "headers a string": ({"extra_headers": "x"}, B, "extra_headers"),
    "headers a list": ({"extra_headers": [("a", "b")]}, B, "extra_headers"),
    "header value int": ({"extra_headers": {"x-a": 1}}, B, "extra_headers"),
    "header value None": ({"extra_headers": {"x-a": None}}, B, "extra_headers"),
    "header name int": ({"extra_headers": {1: "a"}}, B, "extra_headers"),
    "header injection": ({"extra_headers": {"x-a": "b\r\nx-evil: 1"}}, B, "extra_headers"),
    "header value bytes": ({"extra_headers": {"x-a": b"b"}}, B, "extra_headers"),
    # connection settings
    "timeout a string": ({"timeout": "abc"}, C, "timeout"),
    "timeout inf": ({"timeout": INF}, C, "timeout"),
    "timeout nan": ({"timeout": NAN}, C, "timeout"),
    "timeout negative": ({"timeout": -1}, C, "timeout"),
    "timeout zero": ({"timeout": 0}, C, "timeout"),
    "timeout bool": ({"timeout": True}, C, "timeout"),
    "progress_timeout negative": ({"progress_timeout": -1}, C, "progress_timeout"),
    "progress_timeout a string": ({"progress_timeout": "5"}, C, "progress_timeout"),
    "progress_timeout inf": ({"progress_timeout": INF}, C, "progress_timeout"),
    "num_retries a float": ({"num_retries": 2.7}, C, "num_retries"),
    "num_retries a string": ({"num_retries": "2"}, C, "num_retries"),
    "num_retries negative": ({"num_retries": -1}, C, "num_retries"),
    "num_retries bool": ({"num_retries": True}, C, "num_retries"),
    "max_retries a float": ({"max_retries": 1.5}, C, "max_retries"),
    "api_key an int": ({"api_key": 123}, C, "api_key"),
    "api_key bytes": ({"api_key": b"sk-0123456789"}, C, "api_key"),
    "api_key a newline": ({"api_key": "sk-0123456789\n"}, C, "API key"),
    "api_base an int": ({"api_base": 123}, C, "api_base"),
    "fallbacks a string": ({"fallbacks": "x"}, B, "fallbacks"),
    "fallbacks ints": ({"fallbacks": [1]}, B, "fallbacks"),
    # sampling and options
    "temperature nan": ({"temperature": NAN}, B, "temperature"),
    "temperature inf": ({"temperature": INF}, B, "temperature"),
    "temperature a string": ({"temperature": "hot"}, B, "temperature"),
    "temperature bool": ({"temperature": True}, B, "temperature"),
    "top_p nan": ({"top_p": NAN}, B, "top_p"),
    "top_p -inf": ({"top_p": -INF}, B, "top_p"),
    "top_p a string": ({"top_p": "high"}, B, "top_p"),
    "presence_penalty nan": ({"presence_penalty": NAN}, B, "presence_penalty"),
    "frequency_penalty a string": ({"frequency_penalty": "x"}, B, "frequency_penalty"),
    "tool_choice an int": ({"tool_choice": 5}, B, "tool_choice"),
    "tool_choice a list": ({"tool_choice": ["auto"]}, B, "tool_choice"),
    "response_format a string": ({"response_format": "json"}, B, "response_format"),
    "response_format an int": ({"response_format": 5}, B, "response_format"),
    "response_format nan": ({"response_format": {"type": "json_object", "x": NAN}}, B,
                            "response_format.x"),
    "reasoning_effort an int": ({"reasoning_effort": 42}, B, "reasoning_effort"),
    "user an int": ({"user": 123}, B, "user"),
    "stream a string": ({"stream": "yes"}, B, "stream"),
    "logprobs a string": ({"logprobs": "yes"}, B, "logprobs"),
    "top_logprobs a float": ({"top_logprobs": 2.5}, B, "top_logprobs"),
    "stop a set": ({"stop": {"a"}}, B, "stop"),
    "stream_options a set": (
        {"stream": True, "stream_options": {"include_usage": {1}}}, B, "stream_options"
    ),
    "metadata a string": ({"metadata": "x"}, B, "metadata"),
    "drop_params a string": ({"drop_params": "yes"}, B, "drop_params"),
    "thinking bytes": ({"thinking": {"type": b"enabled"}}, B, "thinking.type"),
}  # fmt: skip


@pytest.fixture(scope="module")
def quiet_server() -> Iterator[DeepSeekTestServer]:
    with DeepSeekTestServer() as running:
        yield running


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
async def test_bad_input_is_a_typed_error_before_any_traffic(
    mode: str, quiet_server: DeepSeekTestServer, case: str
) -> None:
    overrides, error, named = CASES[case]
    kwargs: dict[str, Any] = {
        "model": MODEL, "messages": user("Hi"), "api_base": quiet_server.url,
        "api_key": quiet_server.api_key, "num_retries": 0, **overrides,
    }  # fmt: skip
    before = len(quiet_server.requests)
    with pytest.raises(error) as caught:
        await call_completion(mode, **kwargs)
    assert type(caught.value) is error  # the class itself, not a broader one
    assert named in str(caught.value)
    if isinstance(caught.value, BadRequestError):
        assert caught.value.param is not None
        assert caught.value.response is None
    assert len(quiet_server.requests) == before, "a request was sent"


async def test_a_lone_surrogate_in_a_fim_prompt_is_refused(
    mode: str, quiet_server: DeepSeekTestServer
) -> None:
    before = len(quiet_server.requests)
    with pytest.raises(BadRequestError, match="prompt has a lone surrogate"):
        await _fim(mode, quiet_server, "def f(\ud800")
    assert len(quiet_server.requests) == before


async def _fim(mode: str, server: DeepSeekTestServer, prompt: str) -> Any:
    kwargs = {"api_base": server.beta_url, "api_key": server.api_key}
    if mode == "sync":
        return litellm_py.text_completion(MODEL, prompt, **kwargs)
    return await litellm_py.atext_completion(MODEL, prompt, **kwargs)


async def test_good_input_of_every_kind_still_goes_out(
    mode: str, quiet_server: DeepSeekTestServer
) -> None:
    """The checks refuse only what is wrong: a rich, valid call is sent unchanged."""
    resp = await call_completion(
        mode,
        model=MODEL,
        messages=[
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "Hi ünïcode 😀"}]},
        ],
        api_base=quiet_server.url,
        api_key=quiet_server.api_key,
        thinking=False,
        temperature=0,
        top_p=1,
        timeout=30,
        num_retries=1,
        progress_timeout=10.5,
        extra_headers={"x-trace": "abc"},
        extra_body={"seed_note": None, "nested": {"list": [1, 2.5, True, "x"]}},
        tools=tool({"type": "object", "properties": {"a": {"type": "integer"}}}),
        tool_choice="auto",
        response_format={"type": "json_object"},
        reasoning_effort="high",
        user="u-1",
        metadata={"anything": object()},  # never sent: not checked as JSON
    )
    assert resp.choices[0].finish_reason in ("stop", "tool_calls")
    sent = quiet_server.last_request
    assert sent.json["nested"] == {"list": [1, 2.5, True, "x"]}
    assert sent.json["temperature"] == 0
    assert sent.headers["x-trace"] == "abc"
