"""Structured output: `response_format=<pydantic model | json_schema dict>` and pydantic tools."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel, RootModel

import litellm_py
from litellm_py.exceptions import StructuredOutputError, UnsupportedParamsError
from litellm_py.providers.base import BaseProvider
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import call_completion, collect, server_auth

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Weather in Paris?"}]


@pytest.fixture
def mode(net_mode: str) -> str:
    """Every test here runs sync, async over httpx and async over aiohttp."""
    return net_mode


class Weather(BaseModel):
    """The weather in one city."""

    city: str
    celsius: float


SCHEMA_FORMAT = {
    "type": "json_schema",
    "json_schema": {
        "name": "weather",
        "schema": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}
ARRAY = {"name": "n", "schema": {"type": "array"}}
GOOD = '{"city": "Paris", "celsius": 21.5}'


async def ask(mode: str, server: DeepSeekTestServer | None = None, **kwargs: Any) -> Any:
    kwargs.setdefault("messages", MESSAGES)
    auth = server_auth(server) if server is not None else {}
    return await call_completion(mode, model=MODEL, **auth, **kwargs)


async def test_parsed_is_a_validated_instance(mode: str) -> None:
    resp = await ask(mode, response_format=Weather, mock_response=GOOD)
    parsed = resp.choices[0].message.parsed
    assert parsed == Weather(city="Paris", celsius=21.5)
    assert resp.choices[0].message.content == GOOD
    assert "parsed" not in json.dumps(resp.model_dump())  # not server data, never sent back


async def test_json_mode_with_the_schema_in_the_prompt(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(content=GOOD))
    system = {"role": "system", "content": "Be brief."}
    resp = await ask(mode, server, messages=[system, *MESSAGES], response_format=Weather)
    body = server.last_request.json
    assert body["response_format"] == {"type": "json_object"}
    prompt = body["messages"][0]["content"]
    assert body["messages"][0]["role"] == "system"
    assert prompt.startswith("Be brief.")
    assert "json" in prompt
    assert '"celsius"' in prompt
    assert len(body["messages"]) == 2
    assert resp.choices[0].message.parsed.city == "Paris"


async def test_code_fences_are_tolerated(mode: str) -> None:
    resp = await ask(mode, response_format=Weather, mock_response=f"```json\n{GOOD}\n```")
    assert resp.choices[0].message.parsed.celsius == 21.5


async def test_invalid_answer_is_reasked_with_the_error(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(content='{"city": "Paris"}'), Reply(content=GOOD))
    resp = await ask(mode, server, response_format=Weather)
    assert resp.choices[0].message.parsed == Weather(city="Paris", celsius=21.5)
    assert len(server.requests) == 2
    second = server.requests[1].json["messages"]
    assert second[-2]["role"] == "assistant"
    assert second[-2]["content"] == '{"city": "Paris"}'
    assert second[-1]["role"] == "user"
    assert "celsius" in second[-1]["content"]


async def test_failure_after_retries_raises_with_raw_text_and_errors(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(content="not json at all", repeat=3))
    with pytest.raises(StructuredOutputError) as caught:
        await ask(mode, server, response_format=Weather, max_parse_retries=2)
    assert len(server.requests) == 3
    err = caught.value
    assert isinstance(err, litellm_py.APIResponseValidationError)
    assert err.raw_text == "not json at all"
    assert err.validation_errors
    assert "2 re-ask" in str(err)
    assert err.partial_response.choices[0].message.content == "not json at all"


async def test_validation_errors_are_pydantic_errors(mode: str) -> None:
    with pytest.raises(StructuredOutputError) as caught:
        await ask(mode, response_format=Weather, mock_response='{"city": 3}', max_parse_retries=0)
    fields = {e["loc"][0] for e in caught.value.validation_errors}
    assert fields == {"city", "celsius"}


async def test_json_schema_dict_gives_a_dict(mode: str) -> None:
    resp = await ask(mode, response_format=SCHEMA_FORMAT, mock_response='{"city": "Oslo"}')
    assert resp.choices[0].message.parsed == {"city": "Oslo"}
    with pytest.raises(StructuredOutputError, match="missing required field 'city'"):
        await ask(mode, response_format=SCHEMA_FORMAT, mock_response="{}", max_parse_retries=0)
    with pytest.raises(StructuredOutputError, match="expected a JSON object"):
        await ask(mode, response_format=SCHEMA_FORMAT, mock_response="[1]", max_parse_retries=0)


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"response_format": RootModel[list[int]]}, "response_format"),
        ({"response_format": {**SCHEMA_FORMAT, "json_schema": ARRAY}}, "response_format"),
        ({"response_format": {"type": "json_schema"}}, "response_format"),
        ({"response_format": int}, "response_format"),
        ({"response_format": Weather, "max_parse_retries": -1}, "max_parse_retries"),
        ({"tools": [dict]}, "tools"),
    ],
)
async def test_refusals_are_typed(mode: str, params: dict[str, Any], param: str) -> None:
    with pytest.raises(UnsupportedParamsError) as caught:
        await ask(mode, mock_response=GOOD, **params)
    assert caught.value.param == param


async def test_native_json_schema_when_the_provider_has_it(
    mode: str, server: DeepSeekTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(BaseProvider, "supports_json_schema", lambda self, model_id: True)
    server.enqueue(Reply(content=GOOD))
    await ask(mode, server, response_format=Weather)
    body = server.last_request.json
    assert body["messages"] == MESSAGES  # no schema prompt in native mode
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "Weather"


async def test_streamed_answer_is_parsed_at_the_end(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(content=GOOD))
    stream = await ask(mode, server, response_format=Weather, stream=True)
    chunks = await collect(mode, stream)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == GOOD
    assert stream.parsed == Weather(city="Paris", celsius=21.5)
    final = stream.get_final_response() if mode == "sync" else await stream.get_final_response()
    assert final.choices[0].message.parsed == stream.parsed


async def test_streamed_invalid_answer_raises_at_the_end(mode: str) -> None:
    stream = await ask(mode, response_format=Weather, stream=True, mock_response='{"city": 1}')
    seen: list[Any] = []
    with pytest.raises(StructuredOutputError):
        await collect(mode, stream, seen)
    assert seen
    assert stream.parsed is None


async def test_pydantic_tools_give_parsed_arguments(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(tool_calls=[{"name": "Weather", "arguments": GOOD}]))
    resp = await ask(mode, server, tools=[Weather])
    tool = server.last_request.json["tools"][0]["function"]
    assert tool["name"] == "Weather"
    assert tool["description"] == "The weather in one city."
    assert tool["parameters"]["required"] == ["city", "celsius"]
    call = resp.choices[0].message.tool_calls[0]
    assert call.function.parsed_arguments == Weather(city="Paris", celsius=21.5)
    assert resp.choices[0].message.parsed is None


async def test_bad_tool_arguments_are_reasked_as_tool_results(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(
        Reply(tool_calls=[{"name": "Weather", "arguments": '{"city": "Paris"}'}]),
        Reply(tool_calls=[{"name": "Weather", "arguments": GOOD}]),
    )
    resp = await ask(mode, server, tools=[Weather], thinking=False)
    sent = server.requests[1].json["messages"]
    assert sent[-2]["role"] == "assistant"
    assert sent[-2]["tool_calls"]
    assert sent[-1]["role"] == "tool"
    assert "celsius" in sent[-1]["content"]
    assert sent[-1]["tool_call_id"] == sent[-2]["tool_calls"][0]["id"]
    assert resp.choices[0].message.tool_calls[0].function.parsed_arguments.celsius == 21.5


async def test_forced_tool_needs_thinking_off(mode: str, server: DeepSeekTestServer) -> None:
    with pytest.raises(UnsupportedParamsError, match="thinking=False"):
        await ask(mode, server, tools=[Weather], tool_choice=Weather)
    server.enqueue(Reply(tool_calls=[{"name": "Weather", "arguments": GOOD}]))
    resp = await ask(mode, server, tools=[Weather], tool_choice=Weather, thinking=False)
    choice = server.last_request.json["tool_choice"]
    assert choice == {"type": "function", "function": {"name": "Weather"}}
    assert resp.choices[0].message.tool_calls[0].function.parsed_arguments.city == "Paris"
