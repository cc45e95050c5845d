"""Per-call parameters (API.md §1): the exact JSON body sent, and the requests refused locally."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

import litellm_py
from litellm_py import UnsupportedParamsError
from tests.support import TEST_KEY, call_completion, fixture_bytes, fixture_json

MODEL = "deepseek/deepseek-flash"
MESSAGES: list[dict[str, Any]] = [{"role": "user", "content": "Hi"}]
OK_BODY = fixture_json("chat_official_2026_10.json")
TOOL_CALL_BODY = fixture_json("chat_tool_call_thinking.json")


def weather_tool(name: str = "get_current_weather", **function: Any) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": "Get the weather of a city",
            "parameters": {
                "type": "object",
                "properties": {"location": {"type": "string"}},
                "required": ["location"],
                **({"additionalProperties": False} if function.get("strict") else {}),
            },
            **function,
        },
    }


@pytest.fixture
def chat(deepseek_api: respx.MockRouter) -> respx.Route:
    """The mocked chat endpoint, answering the official sample."""
    return deepseek_api.post("/chat/completions").respond(200, json=OK_BODY)


@pytest.fixture
def beta_chat(deepseek_api: respx.MockRouter) -> respx.Route:
    """The mocked beta chat endpoint (strict tools, chat prefix completion)."""
    return deepseek_api.post("/beta/chat/completions").respond(200, json=OK_BODY)


def sent(route: respx.Route) -> dict[str, Any]:
    """The JSON body of the last request the route received."""
    body: dict[str, Any] = json.loads(route.calls.last.request.content)
    return body


async def send(mode: str, **kwargs: Any) -> Any:
    kwargs.setdefault("model", MODEL)
    kwargs.setdefault("messages", MESSAGES)
    return await call_completion(mode, **kwargs)


async def refused(mode: str, param: str, **kwargs: Any) -> UnsupportedParamsError:
    with pytest.raises(UnsupportedParamsError) as info:
        await send(mode, **kwargs)
    assert info.value.param == param
    assert info.value.response is None
    assert info.value.status_code == 400
    return info.value


# -- the plain body ----------------------------------------------------------------------------


async def test_minimal_body(mode: str, chat: respx.Route) -> None:
    await send(mode)
    assert sent(chat) == {"model": "deepseek-flash", "messages": MESSAGES}
    request = chat.calls.last.request
    assert request.headers["content-type"] == "application/json"
    assert request.url == "https://api.deepseek.com/chat/completions"


async def test_openai_params_pass_through(mode: str, chat: respx.Route) -> None:
    await send(
        mode,
        thinking=False,
        temperature=0.3,
        top_p=0.9,
        max_tokens=512,
        stop=["END"],
        response_format={"type": "json_object"},
        logprobs=True,
        top_logprobs=5,
        reasoning_effort="max",
    )
    assert sent(chat) == {
        "model": "deepseek-flash",
        "thinking": {"type": "disabled"},
        "temperature": 0.3,
        "top_p": 0.9,
        "max_tokens": 512,
        "stop": ["END"],
        "response_format": {"type": "json_object"},
        "logprobs": True,
        "top_logprobs": 5,
        "reasoning_effort": "max",
        "messages": MESSAGES,
    }


async def test_none_values_are_not_sent(mode: str, chat: respx.Route) -> None:
    await send(mode, temperature=None, tools=None, tool_choice=None, user=None)
    assert sent(chat) == {"model": "deepseek-flash", "messages": MESSAGES}


def test_supported_params_list_the_contract() -> None:
    supported = litellm_py.get_supported_openai_params("deepseek/deepseek-flash")
    for name in (
        "stream",
        "stream_options",
        "temperature",
        "top_p",
        "max_tokens",
        "max_completion_tokens",
        "stop",
        "tools",
        "tool_choice",
        "response_format",
        "logprobs",
        "top_logprobs",
        "user",
        "thinking",
        "reasoning_effort",
    ):
        assert name in supported, name


# -- mappings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, {"type": "enabled"}),
        (False, {"type": "disabled"}),
        ({"type": "enabled"}, {"type": "enabled"}),
        ({"type": "disabled"}, {"type": "disabled"}),
    ],
)
async def test_thinking_is_sent_as_an_object(
    mode: str, chat: respx.Route, value: Any, expected: dict[str, str]
) -> None:
    await send(mode, thinking=value)
    assert sent(chat)["thinking"] == expected


@pytest.mark.parametrize("value", ["yes", 1, {"type": "on"}, {"enabled": True}])
async def test_invalid_thinking_refused(mode: str, chat: respx.Route, value: Any) -> None:
    await refused(mode, "thinking", thinking=value)
    assert chat.call_count == 0


async def test_user_becomes_user_id(mode: str, chat: respx.Route) -> None:
    await send(mode, user="user-42")
    body = sent(chat)
    assert body["user_id"] == "user-42"
    assert "user" not in body


async def test_max_completion_tokens_becomes_max_tokens(mode: str, chat: respx.Route) -> None:
    await send(mode, max_completion_tokens=300)
    body = sent(chat)
    assert body["max_tokens"] == 300
    assert "max_completion_tokens" not in body


async def test_max_tokens_and_max_completion_tokens_must_agree(
    mode: str, chat: respx.Route
) -> None:
    await send(mode, max_tokens=100, max_completion_tokens=100)
    assert sent(chat)["max_tokens"] == 100
    await refused(mode, "max_completion_tokens", max_tokens=100, max_completion_tokens=200)
    assert chat.call_count == 1


@pytest.mark.parametrize("value", [0, -1, 1.5, "100", True])
async def test_max_tokens_must_be_a_positive_integer(
    mode: str, chat: respx.Route, value: Any
) -> None:
    await refused(mode, "max_tokens", max_tokens=value)
    assert chat.call_count == 0


@pytest.mark.parametrize("param", ["api_base", "base_url"])
async def test_base_url_is_an_alias_of_api_base(mode: str, param: str) -> None:
    with respx.mock(assert_all_called=False) as router:
        proxy = router.post("https://proxy.example.com/v1/chat/completions").respond(
            200, json=OK_BODY
        )
        await send(mode, **{param: "https://proxy.example.com/v1"})
    assert proxy.call_count == 1


async def test_max_retries_is_an_alias_of_num_retries(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = deepseek_api.post("/chat/completions").respond(500, json={"error": {"message": "x"}})
    with pytest.raises(litellm_py.InternalServerError):
        await send(mode, max_retries=1)
    assert route.call_count == 2
    assert len(sleeps) == 1


async def test_extra_body_merged_verbatim(mode: str, chat: respx.Route) -> None:
    extra = {"user_id": "tenant-7", "future_flag": {"nested": [1, None, "x"]}, "temperature": 0.1}
    await send(mode, temperature=0.9, thinking=False, extra_body=extra)
    body = sent(chat)
    assert body["user_id"] == "tenant-7"
    assert body["future_flag"] == {"nested": [1, None, "x"]}
    assert body["temperature"] == 0.1  # extra_body is the caller's last word
    assert body["messages"] == MESSAGES


async def test_extra_headers_are_sent(mode: str, chat: respx.Route) -> None:
    await send(mode, extra_headers={"X-Trace-Id": "abc-123", "X-Team": "search"})
    headers = chat.calls.last.request.headers
    assert headers["x-trace-id"] == "abc-123"
    assert headers["x-team"] == "search"
    assert headers["authorization"] == f"Bearer {TEST_KEY}"


async def test_metadata_is_never_sent(mode: str, chat: respx.Route) -> None:
    await send(mode, metadata={"run": "nightly", "secret_note": "do-not-send"})
    request = chat.calls.last.request
    assert sent(chat) == {"model": "deepseek-flash", "messages": MESSAGES}
    assert b"do-not-send" not in request.content
    assert all("do-not-send" not in v for v in request.headers.values())


async def test_api_key_per_call_is_used(mode: str, chat: respx.Route) -> None:
    await send(mode, api_key="sk-per-call-0123456789")
    assert chat.calls.last.request.headers["authorization"] == "Bearer sk-per-call-0123456789"


async def test_timeout_lands_in_the_request_timeout_extension(mode: str, chat: respx.Route) -> None:
    await send(mode, timeout=12.5)
    timeout = chat.calls.last.request.extensions["timeout"]
    assert timeout == {"connect": 12.5, "read": 12.5, "write": 12.5, "pool": 12.5}


# -- unknown parameters ------------------------------------------------------------------------


async def test_unknown_param_refused_naming_it(mode: str, chat: respx.Route) -> None:
    exc = await refused(mode, "frobnicate", frobnicate=3)
    assert "frobnicate" in str(exc)
    assert "drop_params" in str(exc)
    assert "extra_body" in str(exc)
    assert chat.call_count == 0


async def test_unknown_param_dropped_with_warning(mode: str, chat: respx.Route) -> None:
    with pytest.warns(UserWarning, match="frobnicate"):
        await send(mode, frobnicate=3, max_tokens=20, drop_params=True)
    assert sent(chat) == {"model": "deepseek-flash", "max_tokens": 20, "messages": MESSAGES}


# -- local refusals ----------------------------------------------------------------------------


async def test_n_other_than_one_refused(mode: str, chat: respx.Route) -> None:
    exc = await refused(mode, "n", n=2)
    assert "n=1" in str(exc)
    assert chat.call_count == 0
    await send(mode, n=1)
    assert chat.call_count == 1


async def test_n_dropped_with_drop_params(mode: str, chat: respx.Route) -> None:
    with pytest.warns(UserWarning, match="dropped n"):
        await send(mode, n=2, drop_params=True)
    assert "n" not in sent(chat)


async def test_stream_options_without_stream_refused(mode: str, chat: respx.Route) -> None:
    exc = await refused(mode, "stream_options", stream_options={"include_usage": True})
    assert "stream=True" in str(exc)
    assert chat.call_count == 0
    with pytest.warns(UserWarning, match="stream_options"):
        await send(mode, stream_options={"include_usage": True}, drop_params=True)
    assert "stream_options" not in sent(chat)


async def test_stream_options_with_stream_sent(mode: str, deepseek_api: respx.MockRouter) -> None:
    route = deepseek_api.post("/chat/completions").respond(
        200,
        content=fixture_bytes("stream_official_text.sse"),
        headers={"content-type": "text/event-stream"},
    )
    stream = await send(mode, stream=True, stream_options={"include_usage": True})
    if mode == "sync":
        with stream:
            chunks = list(stream)
    else:
        async with stream:
            chunks = [chunk async for chunk in stream]
    assert chunks
    body = sent(route)
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}


@pytest.mark.parametrize(
    "choice", ["required", {"type": "function", "function": {"name": "get_current_weather"}}]
)
@pytest.mark.parametrize("thinking", [None, True, {"type": "enabled"}])
async def test_forced_tool_choice_refused_in_thinking_mode(
    mode: str, chat: respx.Route, choice: Any, thinking: Any
) -> None:
    exc = await refused(
        mode, "tool_choice", tools=[weather_tool()], tool_choice=choice, thinking=thinking
    )
    assert "thinking" in str(exc)
    assert "auto" in str(exc)
    assert chat.call_count == 0


@pytest.mark.parametrize(
    "choice", ["required", {"type": "function", "function": {"name": "get_current_weather"}}]
)
async def test_forced_tool_choice_becomes_auto_with_drop_params(
    mode: str, chat: respx.Route, choice: Any
) -> None:
    with pytest.warns(UserWarning, match="auto"):
        await send(mode, tools=[weather_tool()], tool_choice=choice, drop_params=True)
    assert sent(chat)["tool_choice"] == "auto"


@pytest.mark.parametrize(
    "disable",
    [{"thinking": False}, {"thinking": {"type": "disabled"}}, {"reasoning_effort": "none"}],
)
@pytest.mark.parametrize(
    "choice", ["required", {"type": "function", "function": {"name": "get_current_weather"}}]
)
async def test_forced_tool_choice_allowed_without_thinking(
    mode: str, chat: respx.Route, disable: dict[str, Any], choice: Any
) -> None:
    await send(mode, tools=[weather_tool()], tool_choice=choice, **disable)
    assert sent(chat)["tool_choice"] == choice


@pytest.mark.parametrize("choice", ["auto", "none"])
async def test_unforced_tool_choice_allowed_in_thinking_mode(
    mode: str, chat: respx.Route, choice: str
) -> None:
    await send(mode, tools=[weather_tool()], tool_choice=choice, thinking=True)
    assert sent(chat)["tool_choice"] == choice


async def test_stop_limits(mode: str, chat: respx.Route) -> None:
    await send(mode, stop="END")
    assert sent(chat)["stop"] == "END"
    sixteen = [f"s{i}" for i in range(16)]
    await send(mode, stop=sixteen)
    assert sent(chat)["stop"] == sixteen
    exc = await refused(mode, "stop", stop=[f"s{i}" for i in range(17)])
    assert "16" in str(exc)
    await refused(mode, "stop", stop=["ok", 3])
    assert chat.call_count == 2


# -- tools -------------------------------------------------------------------------------------


async def test_tools_sent_verbatim(mode: str, chat: respx.Route) -> None:
    tools = [weather_tool(), weather_tool("lookup-city_2")]
    await send(mode, tools=tools, tool_choice="auto")
    assert sent(chat)["tools"] == tools


@pytest.mark.parametrize("name", ["get weather", "wetter.heute", "", "x" * 129, "天气", None])
async def test_invalid_tool_names_refused(mode: str, chat: respx.Route, name: Any) -> None:
    exc = await refused(mode, "tools", tools=[weather_tool(name)])
    assert "tools[0]" in str(exc)
    assert chat.call_count == 0


async def test_tool_name_of_128_characters_accepted(mode: str, chat: respx.Route) -> None:
    await send(mode, tools=[weather_tool("a" * 128)])
    assert sent(chat)["tools"][0]["function"]["name"] == "a" * 128


async def test_duplicate_tool_names_refused(mode: str, chat: respx.Route) -> None:
    exc = await refused(mode, "tools", tools=[weather_tool(), weather_tool()])
    assert "tools[1]" in str(exc)
    assert "unique" in str(exc)


async def test_more_than_128_tools_refused(mode: str, chat: respx.Route) -> None:
    await send(mode, tools=[weather_tool(f"t{i}") for i in range(128)])
    assert len(sent(chat)["tools"]) == 128
    await refused(mode, "tools", tools=[weather_tool(f"t{i}") for i in range(129)])
    assert chat.call_count == 1


NAMESPACE_TOOL = {"type": "namespace", "name": "files", "tools": []}


async def test_non_function_tool_refused(mode: str, chat: respx.Route) -> None:
    exc = await refused(mode, "tools", tools=[weather_tool(), NAMESPACE_TOOL])
    assert "tools[1]" in str(exc)
    assert "function" in str(exc)
    assert chat.call_count == 0


async def test_non_function_tool_dropped_with_drop_params(mode: str, chat: respx.Route) -> None:
    with pytest.warns(UserWarning, match="namespace"):
        await send(mode, tools=[weather_tool(), NAMESPACE_TOOL], drop_params=True)
    assert sent(chat)["tools"] == [weather_tool()]


async def test_only_non_function_tools_dropped_leaves_no_tools(
    mode: str, chat: respx.Route
) -> None:
    with pytest.warns(UserWarning, match="namespace"):
        await send(mode, tools=[NAMESPACE_TOOL], drop_params=True)
    assert "tools" not in sent(chat)


# -- messages and reasoning replay --------------------------------------------------------------


async def test_message_objects_replay_reasoning_verbatim(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    route = deepseek_api.post("/chat/completions").mock(
        side_effect=[httpx.Response(200, json=TOOL_CALL_BODY), httpx.Response(200, json=OK_BODY)]
    )
    messages: list[Any] = [{"role": "user", "content": "深圳今天天气怎么样?"}]
    resp = await send(mode, messages=messages, tools=[weather_tool()])
    reply = resp.choices[0].message
    assert isinstance(reply, litellm_py.Message)
    messages.append(reply)
    assert reply.tool_calls
    call_id = reply.tool_calls[0].id
    messages.append({"role": "tool", "tool_call_id": call_id, "content": '{"temp": 24}'})

    await send(mode, messages=messages, tools=[weather_tool()])
    body = sent(route)
    expected_assistant = TOOL_CALL_BODY["choices"][0]["message"]
    assert body["messages"] == [
        {"role": "user", "content": "深圳今天天气怎么样?"},
        expected_assistant,
        {"role": "tool", "tool_call_id": call_id, "content": '{"temp": 24}'},
    ]
    assert body["messages"][1]["reasoning_content"] == expected_assistant["reasoning_content"]


async def test_message_objects_accepted_without_tools(mode: str, chat: respx.Route) -> None:
    reply = litellm_py.Message({"role": "assistant", "content": "Hello!", "reasoning_content": "r"})
    question = litellm_py.Message(role="user", content="And then?")
    await send(mode, messages=[{"role": "user", "content": "Hi"}, reply, question])
    assert sent(chat)["messages"] == [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!", "reasoning_content": "r"},
        {"role": "user", "content": "And then?"},
    ]


async def test_missing_reasoning_gets_placeholder_and_warning(mode: str, chat: respx.Route) -> None:
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": "Weather?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_current_weather", "arguments": "{}"},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
        {"role": "assistant", "content": "Sunny.", "reasoning_content": "kept"},
        {"role": "user", "content": "Tomorrow?"},
    ]
    with pytest.warns(UserWarning, match=r"index 1\b"):
        await send(mode, messages=messages, tools=[weather_tool()])
    sent_messages = sent(chat)["messages"]
    assert sent_messages[1] == {**messages[1], "reasoning_content": ""}
    assert sent_messages[3]["reasoning_content"] == "kept"
    assert [m for i, m in enumerate(sent_messages) if i not in (1,)] == [
        m for i, m in enumerate(messages) if i not in (1,)
    ]
    assert "reasoning_content" not in messages[1]  # the caller's list is not modified


@pytest.mark.parametrize(
    "kwargs", [{}, {"tools": [weather_tool()], "thinking": False}], ids=["no-tools", "no-thinking"]
)
async def test_no_placeholder_without_tools_and_thinking(
    mode: str, chat: respx.Route, kwargs: dict[str, Any]
) -> None:
    messages = [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello"},
        {"role": "user", "content": "Bye"},
    ]
    await send(mode, messages=messages, **kwargs)
    assert sent(chat)["messages"] == messages


@pytest.mark.parametrize(
    "messages",
    [[], [{"content": "no role"}], [{"role": "wizard", "content": "x"}], ["just a string"]],
)
async def test_malformed_messages_refused(
    mode: str, chat: respx.Route, messages: list[Any]
) -> None:
    with pytest.raises(litellm_py.BadRequestError) as info:
        await send(mode, messages=messages)
    assert info.value.param == "messages"
    assert chat.call_count == 0


# -- the beta base -----------------------------------------------------------------------------


async def test_strict_tool_goes_to_beta(
    mode: str, chat: respx.Route, beta_chat: respx.Route
) -> None:
    tool = weather_tool(strict=True)
    await send(mode, tools=[tool])
    assert beta_chat.call_count == 1
    assert chat.call_count == 0
    assert sent(beta_chat)["tools"] == [tool]
    assert beta_chat.calls.last.request.url == "https://api.deepseek.com/beta/chat/completions"


async def test_prefix_assistant_message_goes_to_beta(
    mode: str, chat: respx.Route, beta_chat: respx.Route
) -> None:
    messages = [
        {"role": "user", "content": "Please write quick sort code"},
        {"role": "assistant", "content": "```python\n", "prefix": True},
    ]
    await send(mode, messages=messages, stop=["```"])
    assert beta_chat.call_count == 1
    assert chat.call_count == 0
    assert sent(beta_chat)["messages"] == messages


async def test_prefix_not_last_and_non_strict_stay_on_main_base(
    mode: str, chat: respx.Route, beta_chat: respx.Route
) -> None:
    messages = [
        {"role": "user", "content": "a"},
        {"role": "assistant", "content": "b", "prefix": True},
        {"role": "user", "content": "c"},
    ]
    await send(mode, messages=messages, tools=[weather_tool(strict=False)], thinking=False)
    assert chat.call_count == 1
    assert beta_chat.call_count == 0


@pytest.fixture
def v1_routes() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        router.post("https://api.deepseek.com/beta/chat/completions", name="beta").respond(
            200, json=OK_BODY
        )
        yield router


async def test_v1_base_moves_to_beta_for_strict_tools(
    mode: str, v1_routes: respx.MockRouter
) -> None:
    await send(mode, api_base="https://api.deepseek.com/v1", tools=[weather_tool(strict=True)])
    assert v1_routes["beta"].call_count == 1
