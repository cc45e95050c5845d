"""DeepSeek's features end to end: thinking, replay, tools, JSON, FIM, prefix, vision, limits."""

from __future__ import annotations

import json
from typing import Any

import pytest

import litellm_py
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import call_completion, call_entry, fixture_json, server_auth

USER = {"role": "user", "content": "What's the weather in Shenzhen?"}
WEATHER_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "get_current_weather",
        "description": "Weather in a city",
        "parameters": {
            "type": "object",
            "properties": {"location": {"type": "string"}},
            "required": ["location"],
        },
    },
}


async def _stream_to_response(mode: str, **kwargs: Any) -> Any:
    stream = await call_completion(mode, stream=True, **kwargs)
    if mode == "sync":
        return stream.get_final_response()
    return await stream.get_final_response()


# -- thinking mode ---------------------------------------------------------------------------


async def test_thinking_on_by_default_returns_reasoning(
    mode: str, server: DeepSeekTestServer
) -> None:
    resp = await call_completion(
        mode, model="deepseek/deepseek-flash", messages=[USER], **server_auth(server)
    )
    assert resp.choices[0].message.reasoning_content
    assert "thinking" not in server.last_request.json


@pytest.mark.parametrize(
    ("kwargs", "sent"),
    [
        ({"thinking": False}, {"thinking": {"type": "disabled"}}),
        (
            {"thinking": True, "reasoning_effort": "max"},
            {"thinking": {"type": "enabled"}, "reasoning_effort": "max"},
        ),
        ({"reasoning_effort": "none"}, {"reasoning_effort": "none"}),
    ],
)  # fmt: skip
async def test_thinking_switches_are_sent(
    mode: str, server: DeepSeekTestServer, kwargs: dict[str, Any], sent: dict[str, Any]
) -> None:
    await call_completion(
        mode, model="deepseek/deepseek-flash", messages=[USER], **kwargs, **server_auth(server)
    )
    body = server.last_request.json
    for key, value in sent.items():
        assert body[key] == value
    assert server.last_request.path == "/chat/completions"


async def test_params_ignored_in_thinking_mode_warn_once(
    mode: str, server: DeepSeekTestServer
) -> None:
    with pytest.warns(UserWarning, match="ignores temperature, presence_penalty") as record:
        await call_completion(
            mode, model="deepseek/deepseek-flash", messages=[USER], temperature=0.2,
            presence_penalty=0.5, **server_auth(server),
        )  # fmt: skip
    assert len([w for w in record if "thinking mode" in str(w.message)]) == 1
    assert (
        server.last_request.json["temperature"] == 0.2
    )  # still sent: nothing the user gave is lost


async def test_no_warning_when_thinking_is_off(mode: str, server: DeepSeekTestServer) -> None:
    await call_completion(
        mode, model="deepseek/deepseek-flash", messages=[USER], temperature=0.2, top_p=0.5,
        thinking=False, **server_auth(server),
    )  # fmt: skip
    assert server.last_request.json["top_p"] == 0.5


async def test_low_top_p_warns_in_thinking_mode(mode: str, server: DeepSeekTestServer) -> None:
    with pytest.warns(UserWarning, match="top_p below 0.95"):
        await call_completion(
            mode, model="deepseek/deepseek-flash", messages=[USER], top_p=0.5, **server_auth(server)
        )


# -- the multi-turn tool loop with reasoning replay ------------------------------------------


async def _tool_loop(mode: str, server: DeepSeekTestServer, *, stream: bool) -> list[Any]:
    messages: list[Any] = [USER]
    for _ in range(3):
        kwargs = {"model": "deepseek/deepseek-flash", "messages": messages, "tools": [WEATHER_TOOL]}
        if stream:
            resp = await _stream_to_response(mode, **kwargs, **server_auth(server))
        else:
            resp = await call_completion(mode, **kwargs, **server_auth(server))
        message = resp.choices[0].message
        messages.append(message)
        if not message.tool_calls:
            return messages
        for call in message.tool_calls:
            result = json.dumps({"location": json.loads(call.function.arguments)["location"]})
            messages.append({"role": "tool", "tool_call_id": call.id, "content": result})
    raise AssertionError("the tool loop did not finish")


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
async def test_multi_turn_tool_loop_replays_reasoning(
    mode: str, server: DeepSeekTestServer, stream: bool
) -> None:
    messages = await _tool_loop(mode, server, stream=stream)
    assert [m["role"] for m in messages] == ["user", "assistant", "tool", "assistant"]
    assert messages[-1].content.startswith("Tool result:")
    second = server.requests[-1].json
    assistant = second["messages"][1]
    assert assistant["reasoning_content"] == messages[1].reasoning_content != ""
    assert assistant["tool_calls"][0]["function"]["name"] == "get_current_weather"


async def test_server_rejects_missing_reasoning_like_the_real_api(
    mode: str, server: DeepSeekTestServer
) -> None:
    history = [
        USER,
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_00_x", "type": "function",
             "function": {"name": "get_current_weather", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_00_x", "content": "sunny"},
    ]  # fmt: skip
    with pytest.raises(litellm_py.BadRequestError, match="must be passed back"):
        await call_completion(
            mode, model="deepseek/deepseek-flash", messages=history, tools=[WEATHER_TOOL],
            extra_body={"messages": history}, **server_auth(server),
        )  # fmt: skip
    # Through the library the gap is filled with "" and a warning naming the index.
    with pytest.warns(UserWarning, match="index 1"):
        resp = await call_completion(
            mode, model="deepseek/deepseek-flash", messages=history, tools=[WEATHER_TOOL],
            **server_auth(server),
        )  # fmt: skip
    assert server.last_request.json["messages"][1]["reasoning_content"] == ""
    assert resp.choices[0].message.content == "Tool result: sunny"


# -- tools -----------------------------------------------------------------------------------


async def test_strict_tools_go_to_the_beta_base(mode: str, server: DeepSeekTestServer) -> None:
    strict = {"type": "function", "function": {**WEATHER_TOOL["function"], "strict": True}}
    await call_completion(
        mode,
        model="deepseek/deepseek-flash",
        messages=[USER],
        tools=[strict],
        **server_auth(server),
    )
    assert server.last_request.path == "/beta/chat/completions"
    assert server.last_request.json["tools"] == [strict]


async def test_parallel_tool_calls_parse(mode: str, server: DeepSeekTestServer) -> None:
    calls = [
        {"name": "get_current_weather", "arguments": '{"location": "Shenzhen"}'},
        {"name": "get_current_weather", "arguments": '{"location": "Beijing"}'},
    ]
    server.enqueue(Reply(tool_calls=calls))
    resp = await call_completion(
        mode, model="deepseek/deepseek-flash", messages=[USER], tools=[WEATHER_TOOL],
        tool_choice="auto", **server_auth(server),
    )  # fmt: skip
    got = resp.choices[0].message.tool_calls
    assert [json.loads(c.function.arguments)["location"] for c in got] == ["Shenzhen", "Beijing"]
    assert resp.choices[0].finish_reason == "tool_calls"
    assert server.last_request.json["tool_choice"] == "auto"


async def test_non_function_tools_refused_or_dropped(mode: str, server: DeepSeekTestServer) -> None:
    tools = [WEATHER_TOOL, {"type": "namespace", "name": "files"}]
    with pytest.raises(litellm_py.UnsupportedParamsError, match="only 'function' tools"):
        await call_completion(
            mode,
            model="deepseek/deepseek-flash",
            messages=[USER],
            tools=tools,
            **server_auth(server),
        )
    assert server.requests == []
    with pytest.warns(UserWarning, match="dropped tools"):
        await call_completion(
            mode, model="deepseek/deepseek-flash", messages=[USER], tools=tools,
            drop_params=True, **server_auth(server),
        )  # fmt: skip
    assert server.last_request.json["tools"] == [WEATHER_TOOL]


# -- JSON output -----------------------------------------------------------------------------


async def test_json_output_blank_content_raises_after_retries(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(content="    ", repeat=3))
    with pytest.raises(litellm_py.EmptyResponseError, match="blank") as info:
        await call_completion(
            mode, model="deepseek/deepseek-flash", messages=[USER], num_retries=2,
            response_format={"type": "json_object"}, **server_auth(server),
        )  # fmt: skip
    assert len(server.requests) == 3  # DeepSeek advises retrying a blank JSON answer
    assert info.value.partial_response.choices[0].message.content == "    "


async def test_json_output_blank_stream_raises(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(content="   "))
    with pytest.raises(litellm_py.EmptyResponseError):
        await _stream_to_response(
            mode, model="deepseek/deepseek-flash", messages=[USER],
            response_format={"type": "json_object"}, **server_auth(server),
        )  # fmt: skip


async def test_json_output_valid(mode: str, server: DeepSeekTestServer) -> None:
    resp = await call_completion(
        mode, model="deepseek/deepseek-flash", messages=[USER],
        response_format={"type": "json_object"}, **server_auth(server),
    )  # fmt: skip
    assert json.loads(resp.choices[0].message.content)
    assert server.last_request.json["response_format"] == {"type": "json_object"}


# -- FIM and prefix completion ---------------------------------------------------------------


async def test_fim_request_and_response(mode: str, server: DeepSeekTestServer) -> None:
    resp = await call_entry(
        mode, "text_completion", "deepseek/deepseek-flash", "def fib(a):",
        suffix="    return fib(a-1)", max_tokens=128, stop=["\n\n"], **server_auth(server),
    )  # fmt: skip
    assert server.last_request.path == "/beta/completions"
    assert server.last_request.json == {
        "model": "deepseek-flash", "prompt": "def fib(a):", "suffix": "    return fib(a-1)",
        "max_tokens": 128, "stop": ["\n\n"],
    }  # fmt: skip
    assert isinstance(resp.choices[0].text, str)
    assert resp.object == "text_completion"


async def test_fim_stream(mode: str, server: DeepSeekTestServer) -> None:
    whole = await call_entry(
        mode,
        "text_completion",
        "deepseek/deepseek-flash",
        "abc",
        suffix="xyz",
        **server_auth(server),
    )
    stream = await call_entry(
        mode,
        "text_completion",
        "deepseek/deepseek-flash",
        "abc",
        suffix="xyz",
        stream=True,
        **server_auth(server),
    )
    final = stream.get_final_response() if mode == "sync" else await stream.get_final_response()
    assert final.choices[0].text == whole.choices[0].text


@pytest.mark.parametrize("extra", [{"suffix": "x"}, {"logprobs": 2}])
async def test_fim_echo_refused_with_suffix_or_logprobs(
    mode: str, server: DeepSeekTestServer, extra: dict[str, Any]
) -> None:
    args: dict[str, Any] = {"suffix": None, **extra}
    with pytest.raises(litellm_py.UnsupportedParamsError, match="echo"):
        await call_entry(
            mode,
            "text_completion",
            "deepseek/deepseek-flash",
            "p",
            echo=True,
            **args,
            **server_auth(server),
        )
    assert server.requests == []


def test_fim_schema_sample_parses() -> None:
    sample = fixture_json("fim_schema_example.json")
    parsed = litellm_py.TextCompletion(sample)
    assert parsed.choices[0].text == "string"
    assert parsed.model_dump() == sample


async def test_prefix_completion_goes_to_beta(mode: str, server: DeepSeekTestServer) -> None:
    messages = [
        {"role": "user", "content": "Please write quick sort code"},
        {"role": "assistant", "content": "```python\n", "prefix": True},
    ]
    resp = await call_completion(
        mode,
        model="deepseek/deepseek-flash",
        messages=messages,
        stop=["```"],
        **server_auth(server),
    )
    assert server.last_request.path == "/beta/chat/completions"
    assert server.last_request.json["messages"][-1]["prefix"] is True
    assert resp.choices[0].message.content


# -- vision, limits, finish reasons ----------------------------------------------------------

IMAGE = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}


async def test_vision_on_a_seeing_model(mode: str, server: DeepSeekTestServer) -> None:
    messages = [{"role": "user", "content": [{"type": "text", "text": "What is this?"}, IMAGE]}]
    await call_completion(
        mode, model="deepseek/deepseek-flash", messages=messages, **server_auth(server)
    )
    assert server.last_request.json["messages"][0]["content"][1] == IMAGE


async def test_vision_refused_on_text_only_model(mode: str, server: DeepSeekTestServer) -> None:
    messages = [{"role": "user", "content": [IMAGE]}]
    with pytest.raises(litellm_py.UnsupportedParamsError, match="deepseek-flash"):
        await call_completion(
            mode, model="deepseek/deepseek-v4-pro", messages=messages, **server_auth(server)
        )
    assert server.requests == []


async def test_max_tokens_over_the_model_limit_refused(
    mode: str, server: DeepSeekTestServer
) -> None:
    with pytest.raises(litellm_py.UnsupportedParamsError, match="393216"):
        await call_completion(
            mode, model="deepseek/deepseek-flash", messages=[USER], max_tokens=400_000,
            **server_auth(server),
        )  # fmt: skip
    await call_completion(
        mode,
        model="deepseek/deepseek-flash",
        messages=[USER],
        max_tokens=393_216,
        **server_auth(server),
    )
    assert server.last_request.json["max_tokens"] == 393_216


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("length", litellm_py.exceptions.IncompleteResponseError),
        ("insufficient_system_resource", litellm_py.exceptions.IncompleteResponseError),
        ("aborted", litellm_py.exceptions.IncompleteResponseError),
        ("content_filter", litellm_py.ContentPolicyViolationError),
    ],
)
async def test_finish_reasons_visible_and_opt_in_errors(
    mode: str, server: DeepSeekTestServer, reason: str, error: type[Exception]
) -> None:
    server.enqueue(Reply(content="partial", finish_reason=reason))
    resp = await call_completion(
        mode, model="deepseek/deepseek-flash", messages=[USER], **server_auth(server)
    )
    assert resp.choices[0].finish_reason == reason  # visible, not raised by default
    with pytest.raises(error) as info:
        resp.raise_for_finish_reason()
    assert info.value.partial_response is resp  # type: ignore[attr-defined]
    assert resp.raise_for_finish_reason(allowed=(reason,)) is resp


def test_reference_samples_parse_with_features() -> None:
    thinking = litellm_py.ChatCompletion(fixture_json("chat_thinking_v4_flash.json"))
    assert (thinking.choices[0].message.reasoning_content or "").startswith("We need to respond")
    assert thinking["usage"]["completion_tokens_details"]["reasoning_tokens"] == 37
    tools = litellm_py.ChatCompletion(fixture_json("chat_tool_call_thinking.json"))
    call = (tools.choices[0].message.tool_calls or [])[0]
    assert call.id == "call_00_j9DA1goVLsSrqpyuwMfR0413"
    assert json.loads(call["function"]["arguments"]) == {"location": "深圳", "unit": "celsius"}
    assert call["index"] == 0
