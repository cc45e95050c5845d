"""Pure unit tests of `ChunkAccumulator` and `stream_chunk_builder` (no HTTP)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from litellm_py import stream_chunk_builder
from litellm_py._accumulator import ChunkAccumulator
from litellm_py.types import ChatCompletion, ChatCompletionChunk, TextCompletion

HEADER: dict[str, Any] = {
    "id": "a3b388f5-c94e-469f-ace8-748043517274",
    "object": "chat.completion.chunk",
    "created": 1785720376,
    "model": "deepseek-v4-pro",
    "system_fingerprint": "fp_9954b31ca7_prod0820_fp8_kvcache_20260402",
}
USAGE: dict[str, Any] = {
    "prompt_tokens": 7,
    "completion_tokens": 16,
    "total_tokens": 23,
    "prompt_tokens_details": {"cached_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 14},
    "prompt_cache_hit_tokens": 0,
    "prompt_cache_miss_tokens": 7,
}


def chunk(
    delta: dict[str, Any] | None = None,
    finish_reason: str | None = None,
    *,
    index: int = 0,
    logprobs: dict[str, Any] | None = None,
    choice_extra: dict[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """A chat.completion.chunk payload with one choice."""
    choice = {"index": index, "delta": delta or {}, "logprobs": logprobs}
    choice.update(finish_reason=finish_reason, **(choice_extra or {}))
    return {**HEADER, "choices": [choice], **top}


def tool_fragment(index: int, arguments: str, **opening: Any) -> dict[str, Any]:
    """A tool-call delta fragment; pass id/name for the opening fragment of a call."""
    fragment: dict[str, Any] = {"index": index, "function": {"arguments": arguments}}
    if "name" in opening:
        fragment["id"] = opening["id"]
        fragment["type"] = "function"
        fragment["function"]["name"] = opening["name"]
    return fragment


def thinking_chunks() -> list[dict[str, Any]]:
    """A thinking-mode stream: empty reasoning opener, reasoning phase, content phase, finish."""
    return [
        chunk({"role": "assistant", "content": None, "reasoning_content": ""}),
        chunk({"content": None, "reasoning_content": "We "}),
        chunk({"content": None, "reasoning_content": "think."}),
        chunk({"content": "Hello", "reasoning_content": None}),
        chunk({"content": " there", "reasoning_content": None}),
        chunk({"content": "", "reasoning_content": None}, "stop", usage=USAGE),
    ]


def test_thinking_stream_assembles_like_a_non_streamed_response() -> None:
    full = stream_chunk_builder(thinking_chunks())

    assert isinstance(full, ChatCompletion)
    assert full.model_dump() == {
        **{k: v for k, v in HEADER.items() if k != "object"},
        "object": "chat.completion",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": "Hello there",
                    "reasoning_content": "We think.",
                },
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": USAGE,
    }
    assert full.usage is not None
    assert full.usage.completion_tokens_details == {"reasoning_tokens": 14}


def test_dict_chunks_and_chunk_objects_assemble_the_same() -> None:
    objects = [ChatCompletionChunk(copy.deepcopy(c)) for c in thinking_chunks()]

    assert stream_chunk_builder(objects) == stream_chunk_builder(thinking_chunks())


def test_builder_accepts_any_iterable_and_does_not_modify_the_chunks() -> None:
    chunks = thinking_chunks()
    before = copy.deepcopy(chunks)

    full = stream_chunk_builder(iter(chunks))

    assert full.choices[0].message.content == "Hello there"
    assert chunks == before


def test_empty_first_reasoning_is_not_treated_as_reasoning_text() -> None:
    """DeepSeek opens thinking streams with `reasoning_content: ""` (reference §4.2)."""
    opener_only = stream_chunk_builder(thinking_chunks()[:1])
    message = opener_only.choices[0].message

    assert message.reasoning_content == ""
    assert message.content is None
    assert opener_only.choices[0].finish_reason is None
    assert "usage" not in opener_only.model_dump()


def test_non_thinking_stream_has_no_reasoning_key() -> None:
    chunks = [
        chunk({"role": "assistant", "content": ""}),
        chunk({"content": "Hi"}),
        chunk({"content": ""}, "stop", usage=USAGE),
    ]

    message = stream_chunk_builder(chunks).model_dump()["choices"][0]["message"]

    assert message == {"role": "assistant", "content": "Hi"}


def test_role_comes_from_the_first_delta_and_a_later_null_role_does_not_clear_it() -> None:
    chunks = [
        chunk({"role": "assistant", "content": "a"}),
        chunk({"content": "b", "role": None}),
        chunk({"content": "", "role": None}, "stop"),
    ]

    assert stream_chunk_builder(chunks).choices[0].message.role == "assistant"


def test_role_defaults_to_assistant() -> None:
    assert stream_chunk_builder([chunk({"content": "x"}, "stop")]).choices[0].message.role == (
        "assistant"
    )


@pytest.mark.parametrize(
    ("deltas", "expected"),
    [
        pytest.param([{}], None, id="no-content-key"),
        pytest.param([{"content": None}, {"content": None}], None, id="only-null"),
        pytest.param([{"content": ""}, {"content": ""}], "", id="only-empty"),
        pytest.param([{"content": None}, {"content": "a"}, {"content": None}], "a", id="mixed"),
    ],
)
def test_content_none_versus_empty_string(
    deltas: list[dict[str, Any]], expected: str | None
) -> None:
    chunks = [chunk(delta) for delta in deltas] + [chunk({}, "stop")]

    assert stream_chunk_builder(chunks).choices[0].message.content == expected


def test_empty_content_next_to_tool_calls_becomes_none() -> None:
    """A non-streamed tool-call message has `content: null`; the stream's "" pieces must match."""
    chunks = [
        chunk({"role": "assistant", "content": ""}),
        chunk({"tool_calls": [tool_fragment(0, "", id="call_00_a", name="f")]}),
        chunk({"tool_calls": [tool_fragment(0, "{}")]}),
        chunk({"content": ""}, "tool_calls"),
    ]

    message = stream_chunk_builder(chunks).model_dump()["choices"][0]["message"]

    assert message["content"] is None
    assert message["tool_calls"][0]["function"]["arguments"] == "{}"


def test_text_next_to_tool_calls_is_kept() -> None:
    chunks = [
        chunk({"role": "assistant", "content": "Let me check."}),
        chunk({"tool_calls": [tool_fragment(0, '{"q": 1}', id="call_00_a", name="f")]}),
        chunk({"content": ""}, "tool_calls"),
    ]

    assert stream_chunk_builder(chunks).choices[0].message.content == "Let me check."


def test_parallel_tool_calls_interleaved_by_index_are_merged() -> None:
    chunks = [
        chunk({"role": "assistant", "content": None, "reasoning_content": ""}),
        chunk({"tool_calls": [tool_fragment(1, "", id="call_01_bbb", name="get_time")]}),
        chunk({"tool_calls": [tool_fragment(0, "", id="call_00_aaa", name="get_weather")]}),
        chunk({"tool_calls": [tool_fragment(0, '{"city"'), tool_fragment(1, '{"tz": ')]}),
        chunk({"tool_calls": [tool_fragment(1, '"UTC"}')]}),
        chunk({"tool_calls": [tool_fragment(0, ': "Paris"}')]}),
        chunk({"content": "", "reasoning_content": None}, "tool_calls", usage=USAGE),
    ]

    message = stream_chunk_builder(chunks).model_dump()["choices"][0]["message"]

    assert message["content"] is None
    assert message["tool_calls"] == [
        {
            "index": 0,
            "id": "call_00_aaa",
            "type": "function",
            "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
        },
        {
            "index": 1,
            "id": "call_01_bbb",
            "type": "function",
            "function": {"name": "get_time", "arguments": '{"tz": "UTC"}'},
        },
    ]


def test_argument_pieces_concatenate_verbatim() -> None:
    pieces = ["", "{", '"', "username", '"', ": ", '"\\u4f60"', "}"]
    chunks = [chunk({"tool_calls": [tool_fragment(0, pieces[0], id="call_00_x", name="f")]})]
    chunks += [chunk({"tool_calls": [tool_fragment(0, piece)]}) for piece in pieces[1:]]

    call = stream_chunk_builder(chunks).model_dump()["choices"][0]["message"]["tool_calls"][0]

    assert call["function"] == {"name": "f", "arguments": "".join(pieces)}
    assert call["id"] == "call_00_x"


def test_later_fragments_without_name_or_id_do_not_erase_them() -> None:
    chunks = [
        chunk({"tool_calls": [tool_fragment(0, "", id="call_00_x", name="f")]}),
        chunk(
            {
                "tool_calls": [
                    {"index": 0, "id": None, "function": {"name": None, "arguments": "{}"}}
                ]
            }
        ),
        chunk({"tool_calls": [{"index": 0, "function": {"name": "", "arguments": None}}]}),
    ]

    call = stream_chunk_builder(chunks).model_dump()["choices"][0]["message"]["tool_calls"][0]

    assert call == {
        "index": 0,
        "id": "call_00_x",
        "type": "function",
        "function": {"name": "f", "arguments": "{}"},
    }


def test_a_tool_fragment_without_type_defaults_to_function() -> None:
    chunks = [
        chunk(
            {"tool_calls": [{"index": 0, "id": "c", "function": {"name": "f", "arguments": "{}"}}]}
        )
    ]

    call = stream_chunk_builder(chunks).model_dump()["choices"][0]["message"]["tool_calls"][0]

    assert call["type"] == "function"


def test_logprobs_concatenate_per_field() -> None:
    def lp(token: str) -> dict[str, Any]:
        return {"token": token, "logprob": -0.5, "bytes": list(token.encode()), "top_logprobs": []}

    chunks = [
        chunk({"role": "assistant", "content": None, "reasoning_content": ""}),
        chunk(
            {"reasoning_content": "Hm"}, logprobs={"content": None, "reasoning_content": [lp("Hm")]}
        ),
        chunk({"content": "Hi"}, logprobs={"content": [lp("Hi")]}),
        chunk({"content": "!"}, logprobs={"content": [lp("!")]}),
        chunk({"content": ""}, "stop"),
    ]

    logprobs = stream_chunk_builder(chunks).model_dump()["choices"][0]["logprobs"]

    assert logprobs == {"content": [lp("Hi"), lp("!")], "reasoning_content": [lp("Hm")]}


def test_logprobs_stay_null_when_never_sent() -> None:
    assert stream_chunk_builder(thinking_chunks()).choices[0].logprobs is None


def test_usage_on_a_trailing_chunk_with_empty_choices() -> None:
    """Older DeepSeek and OpenAI: usage rides on an extra chunk with `choices: []`."""
    chunks = thinking_chunks()
    finish = chunks[-1]
    del finish["usage"]
    chunks.append({**HEADER, "choices": [], "usage": USAGE})

    full = stream_chunk_builder(chunks)

    assert full.model_dump()["usage"] == USAGE
    assert full.choices[0].finish_reason == "stop"
    assert len(full.choices) == 1


def test_null_usage_never_replaces_real_usage() -> None:
    chunks = [{**c, "usage": None} for c in thinking_chunks()[:-1]]
    chunks.append(thinking_chunks()[-1])
    chunks.append({**HEADER, "choices": [], "usage": None})

    assert stream_chunk_builder(chunks).model_dump()["usage"] == USAGE


def test_no_usage_means_no_usage_key() -> None:
    chunks = thinking_chunks()
    del chunks[-1]["usage"]

    full = stream_chunk_builder(chunks)

    assert "usage" not in full.model_dump()
    assert full.usage is None


def test_unknown_fields_are_kept_at_every_level() -> None:
    chunks = [
        chunk({"role": "assistant", "content": "a", "x_delta_note": "n1"}, x_top="t"),
        chunk(
            {"content": "b", "x_delta_note": "n2"}, x_top=None, choice_extra={"x_choice": {"k": 1}}
        ),
        chunk({"content": ""}, "stop", usage={**USAGE, "x_usage": 3}),
    ]

    full = stream_chunk_builder(chunks).model_dump()

    assert full["x_top"] == "t"  # a later null does not erase a value
    assert full["choices"][0]["x_choice"] == {"k": 1}
    assert full["choices"][0]["message"]["x_delta_note"] == "n1n2"
    assert full["usage"]["x_usage"] == 3


def test_multiple_choices_are_assembled_separately_in_index_order() -> None:
    chunks = [
        chunk({"role": "assistant", "content": "B"}, index=1),
        chunk({"role": "assistant", "content": "A"}, index=0),
        chunk({"content": "b"}, "length", index=1),
        chunk({"content": "a"}, "stop", index=0),
    ]

    choices = stream_chunk_builder(chunks).choices

    assert [(c.index, c.message.content, c.finish_reason) for c in choices] == [
        (0, "Aa", "stop"),
        (1, "Bb", "length"),
    ]


def test_text_completion_chunks_assemble_into_a_text_completion() -> None:
    header = {**HEADER, "object": "text_completion", "model": "deepseek-flash"}
    chunks = [
        {
            **header,
            "choices": [{"index": 0, "text": "def ", "logprobs": None, "finish_reason": None}],
        },
        {
            **header,
            "choices": [{"index": 0, "text": "fib(n):", "logprobs": None, "finish_reason": None}],
        },
        {
            **header,
            "choices": [{"index": 0, "text": "", "logprobs": None, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
        },
    ]

    full = stream_chunk_builder([TextCompletion(c) for c in chunks])

    assert isinstance(full, TextCompletion)
    assert full.model_dump() == {
        **header,
        "choices": [{"index": 0, "text": "def fib(n):", "logprobs": None, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
    }


def test_no_chunks_build_an_empty_chat_completion() -> None:
    full = stream_chunk_builder([])

    assert isinstance(full, ChatCompletion)
    assert full.model_dump() == {"object": "chat.completion", "choices": []}


def test_accumulator_tracks_progress_and_finish() -> None:
    accumulator = ChunkAccumulator()
    chunks = thinking_chunks()

    for payload in chunks[:-1]:
        accumulator.add(payload)
    assert accumulator.chunks_seen == len(chunks) - 1
    assert not accumulator.finished
    assert not accumulator.is_text

    accumulator.add(chunks[-1])
    assert accumulator.finished
    assert accumulator.usage == USAGE


def test_a_partial_build_is_a_snapshot() -> None:
    """A partial response handed out early must not change when more chunks arrive."""
    accumulator = ChunkAccumulator()
    accumulator.add(chunk({"tool_calls": [tool_fragment(0, "", id="call_00_x", name="f")]}))
    accumulator.add(chunk({"tool_calls": [tool_fragment(0, '{"a"')]}))
    partial = accumulator.build()
    before = partial.model_dump()

    accumulator.add(chunk({"tool_calls": [tool_fragment(0, ": 1}")]}))
    accumulator.add(chunk({"content": "x"}, "tool_calls"))

    assert partial.model_dump() == before
    final = accumulator.build().model_dump()
    assert final["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] == '{"a": 1}'


def test_build_does_not_alias_the_logprobs_it_keeps_growing() -> None:
    accumulator = ChunkAccumulator()
    accumulator.add(chunk({"content": "a"}, logprobs={"content": [{"token": "a", "logprob": 0.0}]}))
    partial = accumulator.build()
    accumulator.add(chunk({"content": "b"}, "stop", logprobs={"content": [{"token": "b"}]}))

    assert partial.choices[0].logprobs == {"content": [{"token": "a", "logprob": 0.0}]}
