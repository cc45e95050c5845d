"""Properties of the stream decoder, driven through `Stream` / `AsyncStream` without a network.

* However a valid SSE byte stream is cut into network reads, the same chunks and the same
  assembled response come out (the reference samples in tests/fixtures/*.sse, and generated
  streams with every SSE framing variant: CR/LF/CRLF, comments, multi-line data, extra fields).
* Random and mutated bytes end in a typed `APIError` or a clean end, never in another exception.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from litellm_py import stream_chunk_builder
from litellm_py._call import Call
from litellm_py.exceptions import APIError
from litellm_py.providers.deepseek.provider import DeepSeekProvider
from litellm_py.streaming import AsyncStream, Stream
from litellm_py.types import ChatCompletionChunk
from tests.support import FIXTURES

SAMPLES = {path.name: path.read_bytes() for path in sorted(FIXTURES.glob("*.sse"))}
PROPERTY = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


# -- driving a stream over given network reads ---------------------------------------------------


class Reads(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that arrives as exactly these reads."""

    def __init__(self, reads: Sequence[bytes]) -> None:
        self.reads = [read for read in reads if read]

    def __iter__(self) -> Iterator[bytes]:
        yield from self.reads

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for read in self.reads:
            yield read


@dataclass(frozen=True)
class Outcome:
    """What a consumer sees: the chunks, then the assembled response or a typed error."""

    chunks: list[dict[str, Any]]
    final: dict[str, Any] | None = None
    error: str | None = None
    partial: dict[str, Any] | None = None


def _parts() -> tuple[DeepSeekProvider, Call]:
    provider = DeepSeekProvider()
    settings_ = provider.settings(api_key="sk-property", api_base="http://127.0.0.1:9")
    return provider, Call(provider="deepseek", model="deepseek-flash", endpoint="chat",
                          settings=settings_, stream=True)  # fmt: skip


def _response(reads: Sequence[bytes]) -> httpx.Response:
    headers = {"content-type": "text/event-stream; charset=utf-8"}
    return httpx.Response(200, headers=headers, stream=Reads(reads))


def _error_outcome(chunks: list[dict[str, Any]], error: Exception) -> Outcome:
    if not isinstance(error, APIError):
        raise AssertionError(f"untyped {type(error).__name__} escaped the stream: {error!r}")
    partial = error.partial_response
    dump = None if partial is None else partial.model_dump()
    return Outcome(chunks, error=type(error).__name__, partial=dump)


def run_sync(reads: Sequence[bytes]) -> Outcome:
    provider, call = _parts()
    chunks: list[dict[str, Any]] = []
    stream: Stream[ChatCompletionChunk] = Stream(provider, call, _response(reads), None)
    try:
        with stream:
            for chunk in stream:
                chunks.append(chunk.model_dump())
            final = stream.get_final_response()
    except Exception as error:
        return _error_outcome(chunks, error)
    return Outcome(chunks, final=final.model_dump())


async def _run_async(reads: Sequence[bytes]) -> Outcome:
    provider, call = _parts()
    chunks: list[dict[str, Any]] = []
    stream: AsyncStream[ChatCompletionChunk] = AsyncStream(provider, call, _response(reads), None)
    try:
        async with stream:
            async for chunk in stream:
                chunks.append(chunk.model_dump())
            final = await stream.get_final_response()
    except Exception as error:
        return _error_outcome(chunks, error)
    return Outcome(chunks, final=final.model_dump())


def run_both(reads: Sequence[bytes]) -> Outcome:
    """The outcome through `Stream`, checked to be the same through `AsyncStream`."""
    outcome = run_sync(reads)
    assert asyncio.run(_run_async(reads)) == outcome
    return outcome


def cut(data: bytes, points: Sequence[int]) -> list[bytes]:
    bounds = [0, *sorted(set(points)), len(data)]
    return [data[a:b] for a, b in itertools.pairwise(bounds)]


@st.composite
def cut_points(draw: st.DrawFn, data: bytes) -> list[int]:
    if len(data) < 2:
        return []
    return draw(st.lists(st.integers(1, len(data) - 1), max_size=40))


def data_payloads(raw: bytes) -> list[dict[str, Any]]:
    """An independent reading of a sample: the JSON of each `data:` line before `[DONE]`."""
    payloads = []
    for line in raw.decode("utf-8").splitlines():
        if line.startswith("data:"):
            data = line[5:].strip()
            if data == "[DONE]":
                break
            payloads.append(json.loads(data))
    return payloads


# -- any split of a valid stream assembles the same response -------------------------------------


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_whole_sample_matches_an_independent_reading(name: str) -> None:
    raw = SAMPLES[name]
    payloads = data_payloads(raw)

    outcome = run_both([raw])

    assert outcome.chunks == payloads
    expected = stream_chunk_builder(payloads).model_dump()
    assert (outcome.final or outcome.partial) == expected
    if outcome.error is not None:  # a sample that stops before its finish_reason
        assert outcome.error == "StreamInterruptedError"
        assert all(c["finish_reason"] is None for p in payloads for c in p["choices"])


@pytest.mark.parametrize("name", sorted(SAMPLES))
@PROPERTY
@given(data=st.data())
def test_any_split_of_a_sample_gives_the_same_outcome(name: str, data: st.DataObject) -> None:
    raw = SAMPLES[name]
    points = data.draw(cut_points(raw), label="cut points")

    assert run_both(cut(raw, points)) == run_both([raw])


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_byte_by_byte_reads_give_the_same_outcome(name: str) -> None:
    raw = SAMPLES[name]

    assert run_both([raw[i : i + 1] for i in range(len(raw))]) == run_both([raw])


# Generated streams: DeepSeek-shaped chunks in every framing the SSE grammar allows.

TEXT = st.text(st.characters(codec="utf-8"), max_size=8)  # surrogates cannot be encoded
NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])


def _chunk(choices: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "id": "c0ffee", "object": "chat.completion.chunk", "created": 1785720376,
        "model": "deepseek-v4-pro", "system_fingerprint": "fp_test", "choices": choices, **extra,
    }  # fmt: skip


def _delta(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return _chunk([{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}])


@st.composite
def chunk_payloads(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A plausible stream: role, reasoning, content, tool-call fragments, finish with usage."""
    payloads = [_delta({"role": "assistant", "content": None, "reasoning_content": ""})]
    payloads += [_delta({"content": None, "reasoning_content": t}) for t in draw(st.lists(TEXT))]
    payloads += [_delta({"content": t, "reasoning_content": None}) for t in draw(st.lists(TEXT))]
    for index in range(draw(st.integers(0, 2))):
        opening = {"index": index, "id": f"call_{index:02d}_x", "type": "function",
                   "function": {"name": draw(TEXT), "arguments": ""}}  # fmt: skip
        payloads.append(_delta({"tool_calls": [opening]}))
        for piece in draw(st.lists(TEXT, max_size=3)):
            fragment = {"index": index, "function": {"arguments": piece}}
            payloads.append(_delta({"tool_calls": [fragment]}))
    usage = {"prompt_tokens": 7, "completion_tokens": 9, "total_tokens": 16}
    finish = draw(st.sampled_from(["stop", "length", "tool_calls"]))
    if draw(st.booleans()):
        payloads.append(_delta({"content": ""}, finish) | {"usage": usage})
    else:  # usage in a trailing chunk with empty choices (older DeepSeek, OpenAI)
        payloads += [_delta({"content": ""}, finish), _chunk([], usage=usage)]
    return payloads


@st.composite
def sse_encoding(draw: st.DrawFn, payloads: list[dict[str, Any]]) -> bytes:
    """`payloads` framed as SSE with drawn line endings, comments, fields and data splits."""
    nl = draw(NEWLINES)
    prefix = draw(st.sampled_from(["data: ", "data:"]))
    out: list[str] = []
    for payload in payloads:
        if draw(st.booleans()):
            out.append(": keep-alive" + nl + nl)
        if draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(["event: message", "retry: 100"])) + nl)
        if draw(st.integers(0, 3)) == 0:  # one event over several data lines
            lines = json.dumps(payload, ensure_ascii=False, indent=1).split("\n")
        else:
            lines = [json.dumps(payload, ensure_ascii=False)]
        out.extend(prefix + line + nl for line in lines)
        out.append(nl)
    if draw(st.booleans()):
        out.append(prefix + "[DONE]" + nl + nl)
    return "".join(out).encode("utf-8")


@st.composite
def generated_streams(draw: st.DrawFn) -> tuple[list[dict[str, Any]], bytes, list[int]]:
    payloads = draw(chunk_payloads())
    raw = draw(sse_encoding(payloads))
    return payloads, raw, draw(cut_points(raw))


@PROPERTY
@given(case=generated_streams())
def test_any_split_of_a_generated_stream_assembles_its_chunks(
    case: tuple[list[dict[str, Any]], bytes, list[int]],
) -> None:
    payloads, raw, points = case

    outcome = run_both(cut(raw, points))

    assert outcome.error is None, outcome
    assert outcome.chunks == payloads
    assert outcome.final == stream_chunk_builder(payloads).model_dump()


@pytest.mark.parametrize(
    "framing",
    [b"id: 7\n", b"event: ping\n\n", b"retry: 100\n\n", b"data:\n\n"],
    ids=["id-then-keep-alive", "lone-event-field", "lone-retry-field", "empty-data"],
)
def test_events_without_data_are_not_dispatched(framing: bytes) -> None:
    payloads = [_delta({"role": "assistant", "content": "Hi"}), _delta({"content": ""}, "stop")]
    first, last = (b"data: " + json.dumps(p).encode() + b"\n\n" for p in payloads)

    outcome = run_both([framing, first, b": keep-alive\n\n", last, b"data: [DONE]\n\n"])

    assert outcome.error is None, outcome
    assert outcome.chunks == payloads


# -- garbage in: a typed error or a clean end -----------------------------------------------------

# Pieces of SSE syntax (and half a UTF-8 character), for random bytes that look like a stream.
SSE_ATOMS = [b"data: ", b"data:", b":", b"\n", b"\r", b"{", b"}", b"[DONE]", b'"', b"\xe4\xbd",
             b"\xa0", b"null", b"1"]  # fmt: skip


@PROPERTY
@given(
    body=st.one_of(
        st.binary(max_size=600),
        st.binary(max_size=300).map(lambda b: b"data: " + b + b"\n\n"),
        st.lists(st.sampled_from(SSE_ATOMS), max_size=60).map(b"".join),
    ),
    data=st.data(),
)
@example(body=b"data: [DONE]\n\n", data=None)
@example(body=b"\xff\xfe\n\n", data=None)
def test_random_bytes_end_in_a_typed_error_or_a_clean_end(
    body: bytes, data: st.DataObject | None
) -> None:
    points = data.draw(cut_points(body)) if data is not None else []

    run_both(cut(body, points))  # raises AssertionError on an untyped exception


@st.composite
def mutated_sample(draw: st.DrawFn) -> bytes:
    """A sample with a few byte-level edits: flips, deletions, insertions, duplications."""
    raw = bytearray(SAMPLES[draw(st.sampled_from(sorted(SAMPLES)))])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(raw) - 1))
        end = draw(st.integers(at, min(len(raw), at + 40)))
        edit = draw(st.sampled_from(["flip", "delete", "insert", "duplicate"]))
        if edit == "flip":
            raw[at] = draw(st.integers(0, 255))
        elif edit == "delete":
            del raw[at:end]
        elif edit == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            raw[at:at] = raw[at:end]
        if not raw:
            break
    return bytes(raw)


@PROPERTY
@given(body=mutated_sample(), data=st.data())
def test_mutated_samples_end_in_a_typed_error_or_a_clean_end(
    body: bytes, data: st.DataObject
) -> None:
    run_both(cut(body, data.draw(cut_points(body))))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


@st.composite
def reshaped_payloads(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A valid stream in which one field of one chunk holds a value of the wrong shape."""
    payloads = draw(chunk_payloads())
    victim = draw(st.integers(0, len(payloads) - 1))
    paths = [p for p in _paths(payloads[victim]) if p]
    path = draw(st.sampled_from(paths))
    mutated = copy.deepcopy(payloads)
    target: Any = mutated[victim]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = draw(JSON_VALUES)
    return mutated


@settings(PROPERTY, derandomize=True)
@given(payloads=reshaped_payloads())
def test_chunks_of_the_wrong_shape_end_in_a_typed_error_or_a_clean_end(
    payloads: list[dict[str, Any]],
) -> None:
    body = b"".join(b"data: " + json.dumps(p).encode() + b"\n\n" for p in payloads)

    run_both([body + b"data: [DONE]\n\n"])


@pytest.mark.parametrize("status", ["abc", [500], {"code": 500}, "5xx"])
def test_in_band_error_with_a_malformed_status_is_typed(status: Any) -> None:
    event = {"error": {"message": "Server Error", "type": "server_error", "status": status}}
    body = b"data: " + json.dumps(event).encode() + b"\n\n"

    outcome = run_both([body])

    assert outcome.error is not None


def _data(payload: Any) -> bytes:
    return b"data: " + json.dumps(payload).encode() + b"\n\n"


def test_hundreds_of_events_in_one_read_are_all_delivered_in_order() -> None:
    words = [f"w{i} " for i in range(300)]
    body = b"".join(_data(_delta({"content": word})) for word in words)
    end = _data(_delta({}, "stop")) + b"data: [DONE]\n\n"
    outcome = run_both([body + end])
    assert [c["choices"][0]["delta"].get("content") for c in outcome.chunks] == [*words, None]
    assert outcome.final is not None
    assert outcome.final["choices"][0]["message"]["content"] == "".join(words)


@pytest.mark.parametrize("bad", [b"data: {not json}\n\n", b"data: [1]\n\n", b'data: {"a":1}x\n\n'])
def test_a_bad_event_in_a_read_stops_the_stream_after_the_good_ones_before_it(bad: bytes) -> None:
    good = _data(_delta({"content": "a"})) + _data(_delta({"content": "b"}))
    later = _data(_delta({"content": "c"}, "stop")) + b"data: [DONE]\n\n"
    outcome = run_both([good + bad + later])
    assert [c["choices"][0]["delta"]["content"] for c in outcome.chunks] == ["a", "b"]
    assert outcome.error == "APIResponseValidationError"
    assert outcome.partial is not None
    assert outcome.partial["choices"][0]["message"]["content"] == "ab"
