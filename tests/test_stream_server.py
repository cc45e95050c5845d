"""End-to-end streaming against the bundled loopback server (`litellm_py.testing`)."""

from __future__ import annotations

from typing import Any

import pytest

import litellm_py
from litellm_py import stream_chunk_builder
from litellm_py.exceptions import (
    APIConnectionError,
    APIStatusError,
    InternalServerError,
    RateLimitError,
    StreamInterruptedError,
)
from litellm_py.testing import DeepSeekTestServer, Reply
from litellm_py.types import TextCompletion
from tests.support import call_completion, collect

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "What is the weather in Paris, and the time there?"}]
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": name,
            "description": f"{name} for a city",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        },
    }
    for name in ("get_weather", "get_time")
]
CONTENT = "Paris is sunny, 21 °C — a fine day for a walk along the Seine."
REASONING = "The user asks about Paris. I know the answer; keep it short and friendly."
TOOL_CALLS = [
    {"name": "get_weather", "arguments": '{"city": "Paris", "unit": "celsius"}'},
    {"name": "get_time", "arguments": '{"city": "Paris"}'},
]


async def complete(mode: str, server: DeepSeekTestServer, **kwargs: Any) -> Any:
    """A chat call against the loopback server (streamed with stream=True)."""
    kwargs.setdefault("messages", MESSAGES)
    return await call_completion(
        mode, model=MODEL, api_base=server.url, api_key=server.api_key, **kwargs
    )


async def streamed_and_plain(
    mode: str, server: DeepSeekTestServer, reply: Reply, **kwargs: Any
) -> tuple[list[Any], Any, Any]:
    """The same scripted answer, once streamed and once not: (chunks, assembled, plain)."""
    server.enqueue(reply)
    chunks = await collect(mode, await complete(mode, server, stream=True, **kwargs))
    server.reset()  # forget the prompt, so the second call is not a cache hit
    server.enqueue(reply)
    plain = await complete(mode, server, **kwargs)
    return chunks, stream_chunk_builder(chunks), plain


def without_tool_call_ids(response: Any) -> dict[str, Any]:
    """`model_dump()` of the choices; tool-call ids are generated per call, so they are blanked."""
    choices: list[dict[str, Any]] = response.model_dump()["choices"]
    for choice in choices:
        for call in choice["message"].get("tool_calls") or ():
            assert call["id"].startswith(f"call_{call['index']:02d}_")
            call["id"] = "<id>"
    return {"choices": choices}


def assert_same_answer(assembled: Any, plain: Any) -> None:
    assert assembled.object == plain.object == "chat.completion"
    assert without_tool_call_ids(assembled) == without_tool_call_ids(plain)
    assert assembled.usage.model_dump() == plain.usage.model_dump()
    assert (assembled.model, assembled.system_fingerprint) == (
        plain.model,
        plain.system_fingerprint,
    )


async def test_plain_text_assembles_to_the_non_streamed_answer(
    mode: str, server: DeepSeekTestServer
) -> None:
    reply = Reply(content=CONTENT, chunk_size=3)

    chunks, assembled, plain = await streamed_and_plain(
        mode, server, reply, thinking={"type": "disabled"}
    )

    assert len(chunks) > len(CONTENT) // 3  # it really was streamed in pieces
    assert plain.choices[0].message.content == CONTENT
    assert "reasoning_content" not in plain.choices[0].message
    assert_same_answer(assembled, plain)


async def test_reasoning_assembles_to_the_non_streamed_answer(
    mode: str, server: DeepSeekTestServer
) -> None:
    reply = Reply(content=CONTENT, reasoning=REASONING, chunk_size=5)

    chunks, assembled, plain = await streamed_and_plain(mode, server, reply)

    first = chunks[0].choices[0].delta
    assert (first.role, first.content, first.reasoning_content) == ("assistant", None, "")
    assert plain.choices[0].message.reasoning_content == REASONING
    assert plain.usage.completion_tokens_details.reasoning_tokens > 0
    assert_same_answer(assembled, plain)


async def test_parallel_tool_calls_assemble_to_the_non_streamed_answer(
    mode: str, server: DeepSeekTestServer
) -> None:
    reply = Reply(content="Let me look both up.", reasoning=REASONING, tool_calls=TOOL_CALLS)

    chunks, assembled, plain = await streamed_and_plain(mode, server, reply, tools=TOOLS)

    fragments = [c.choices[0].delta.tool_calls for c in chunks if c.choices[0].delta.tool_calls]
    assert len(fragments) > len(TOOL_CALLS)  # arguments arrived in pieces
    calls = plain.model_dump()["choices"][0]["message"]["tool_calls"]
    assert [(c["index"], c["function"]["name"], c["function"]["arguments"]) for c in calls] == [
        (0, "get_weather", '{"city": "Paris", "unit": "celsius"}'),
        (1, "get_time", '{"city": "Paris"}'),
    ]
    assert plain.choices[0].finish_reason == "tool_calls"
    assert_same_answer(assembled, plain)


async def test_trailing_usage_chunk_assembles_the_same(
    mode: str, server: DeepSeekTestServer
) -> None:
    reply = Reply(content=CONTENT, reasoning=REASONING, usage_placement="trailing")

    chunks, assembled, plain = await streamed_and_plain(mode, server, reply)

    assert chunks[-1].choices == []
    assert chunks[-1].usage is not None
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert_same_answer(assembled, plain)


async def test_get_final_response_matches_the_non_streamed_answer(
    mode: str, server: DeepSeekTestServer
) -> None:
    reply = Reply(content=CONTENT, reasoning=REASONING, tool_calls=TOOL_CALLS[:1])
    server.enqueue(reply)
    stream = await complete(mode, server, stream=True, tools=TOOLS)
    final = stream.get_final_response() if mode == "sync" else await stream.get_final_response()
    server.reset()
    server.enqueue(reply)

    plain = await complete(mode, server, tools=TOOLS)

    assert_same_answer(final, plain)


async def test_disconnect_mid_stream_keeps_partial_text_and_reasoning(
    mode: str, server: DeepSeekTestServer
) -> None:
    # chunks: 1 opener + 4 reasoning pieces + 3 content pieces, then the connection drops
    server.enqueue(Reply(content="abcdefghij", reasoning="thinking", chunk_size=2,
                         disconnect_after_chunks=8))  # fmt: skip
    received: list[Any] = []

    with pytest.raises(StreamInterruptedError) as caught:
        await collect(mode, await complete(mode, server, stream=True), received)

    error = caught.value
    assert isinstance(error, APIConnectionError)
    assert len(received) == 8
    message = error.partial_response.choices[0].message
    assert (message.reasoning_content, message.content) == ("thinking", "abcdef")
    assert error.partial_response.choices[0].finish_reason is None
    assert error.provider == "deepseek"
    assert len(server.requests) == 1  # never silently re-sent after a chunk arrived


async def test_disconnect_during_reasoning_keeps_the_reasoning(
    mode: str, server: DeepSeekTestServer
) -> None:
    """The reference's failure mode: V4 Pro streams cut mid-reasoning (ECONNRESET)."""
    server.enqueue(Reply(content="never sent", reasoning="abcdefgh", chunk_size=2,
                         disconnect_after_chunks=3))  # fmt: skip

    with pytest.raises(StreamInterruptedError) as caught:
        await collect(mode, await complete(mode, server, stream=True))

    message = caught.value.partial_response.choices[0].message
    assert (message.reasoning_content, message.content) == ("abcd", None)


async def test_reset_mid_stream_is_not_resent(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(content="x" * 200, chunk_size=10, fault="reset_mid_stream"))
    server.enqueue(Reply(content="a second answer that must not be fetched"))
    received: list[Any] = []

    with pytest.raises(APIConnectionError):
        await collect(mode, await complete(mode, server, stream=True, num_retries=0), received)

    assert "".join(c.choices[0].delta.content or "" for c in received) in ("x" * 200)[:30]
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ({"message": "Server is overloaded", "type": "server_error"}, InternalServerError),
        (
            {"message": "Rate limit reached", "type": "rate_limit_error", "status": 429},
            RateLimitError,
        ),
    ],
)
async def test_in_band_error_after_some_chunks(
    mode: str, server: DeepSeekTestServer, error: dict[str, Any], expected: type[Exception]
) -> None:
    server.enqueue(Reply(content="abcdefgh", chunk_size=2, stream_error=error,
                         stream_error_after=3))  # fmt: skip
    received: list[Any] = []

    with pytest.raises(expected, match=error["message"]):
        await collect(mode, await complete(mode, server, stream=True, thinking=False), received)

    assert "".join(c.choices[0].delta.content or "" for c in received) == "abcd"
    assert len(server.requests) == 1


async def test_keepalives_between_chunks_never_surface(
    mode: str, server: DeepSeekTestServer
) -> None:
    reply = Reply(content=CONTENT, reasoning=REASONING, chunk_size=8, keepalives=3,
                  keepalives_between_chunks=2)  # fmt: skip

    chunks, assembled, plain = await streamed_and_plain(mode, server, reply)

    pieces = -(-len(REASONING) // 8) + -(-len(CONTENT) // 8)
    assert len(chunks) == 1 + pieces + 1  # opener, pieces, finish: no keep-alive chunk
    assert all(c.object == "chat.completion.chunk" and len(c.choices) == 1 for c in chunks)
    assert_same_answer(assembled, plain)


async def test_include_usage_null_on_every_chunk_but_the_last(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(content=CONTENT, chunk_size=16))

    chunks = await collect(
        mode,
        await complete(mode, server, stream=True, stream_options={"include_usage": True}),
    )

    assert server.last_request.json["stream_options"] == {"include_usage": True}
    assert all("usage" in c and c.usage is None for c in chunks[:-1])
    assert chunks[-1].usage.total_tokens > 0
    assert stream_chunk_builder(chunks).usage == chunks[-1].usage


async def text_complete(mode: str, server: DeepSeekTestServer, **kwargs: Any) -> Any:
    """A FIM call (`text_completion` / `atext_completion`) against the loopback server."""
    kwargs.update(model=MODEL, prompt="def fib(n):\n", suffix="    return a\n",
                  api_base=server.url, api_key=server.api_key)  # fmt: skip
    if mode == "sync":
        return litellm_py.text_completion(**kwargs)
    return await litellm_py.atext_completion(**kwargs)


async def test_fim_stream_assembles_to_the_non_streamed_completion(
    mode: str, server: DeepSeekTestServer
) -> None:
    code = "    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n"
    server.enqueue(Reply(content=code, chunk_size=6))
    chunks = await collect(mode, await text_complete(mode, server, stream=True))
    server.reset()
    server.enqueue(Reply(content=code))

    plain = await text_complete(mode, server)

    assembled = stream_chunk_builder(chunks)
    assert all(isinstance(chunk, TextCompletion) for chunk in chunks)
    assert isinstance(assembled, TextCompletion)
    assert assembled.choices[0].text == plain.choices[0].text == code
    assert assembled.model_dump()["choices"] == plain.model_dump()["choices"]
    assert assembled.usage == plain.usage


async def test_json_error_body_with_status_200_on_a_stream_request(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(fault="error_in_200"))

    with pytest.raises(APIStatusError, match="Server Error"):
        await collect(mode, await complete(mode, server, stream=True, num_retries=0))
