"""The per-chunk fast paths of a stream agree with the general code they skip (no HTTP).

The SSE parser takes reads of whole `data:` events without walking lines, event data that is
one JSON object is decoded without `json.loads`' encoding sniffing, and nested records are
wrapped on first read and then kept. Each case here compares a fast path with the general one
(byte-by-byte reads, `json.loads`) or checks what the cache must not change.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from litellm_py._sse import SSEParser
from litellm_py._stream_core import _BROKEN, _decode
from litellm_py.exceptions import ResponseTooLargeError
from litellm_py.types import ChatCompletion, ChatCompletionChunk, StreamChoice

LIMIT = 64


def parse(reads: list[bytes], limit: int = LIMIT) -> list[tuple[bytes, bytes]]:
    parser = SSEParser(limit, limit)
    events: list[tuple[bytes, bytes]] = []
    for read in reads:
        events.extend(parser.feed(read))
    return events + parser.flush()


def bytewise(body: bytes, limit: int = LIMIT) -> list[tuple[bytes, bytes]]:
    """The general line-by-line path only: no read ever holds a whole event."""
    return parse([body[i : i + 1] for i in range(len(body))], limit)


BODIES = {
    "one event per read": [b'data: {"a":1}\n\n', b'data: {"b":2}\n\n', b"data: [DONE]\n\n"],
    "several events in one read": [b"data: 1\n\ndata: 2\n\ndata: 3\n\n"],
    "whole events then half of one": [b"data: 1\n\ndata: 2\n\ndata: 3", b"4\n\ndata: 5\n\n"],
    "half an event then whole ones": [b"data: 1", b"2\n\ndata: 3\n\n", b"data: 4\n\n"],
    "a comment between events": [b"data: 1\n\n: keep-alive\n\ndata: 2\n\n"],
    "a comment alone": [b": keep-alive\n\n", b"data: 1\n\n"],
    "an event field": [b"event: error\ndata: 1\n\n", b"data: 2\n\n"],
    "an event field in the middle": [b"data: 1\n\nevent: x\ndata: 2\n\ndata: 3\n\n"],
    "multi-line data": [b"data: 1\ndata: 2\n\n", b"data: 3\n\n"],
    "data without a space": [b"data:1\n\n", b"data: 2\n\n"],
    "two spaces keep one": [b"data:  1\n\n"],
    "CR line ends": [b"data: 1\r\rdata: 2\r\r"],
    "CRLF line ends": [b"data: 1\r\n\r\ndata: 2\r\n\r\n"],
    "a CR inside a read of whole events": [b"data: 1\n\ndata: 2\rdata: 3\n\n"],
    "three line ends": [b"data: 1\n\n\ndata: 2\n\n"],
    "blank reads": [b"\n\n", b"data: 1\n\n", b"\n\n"],
    "empty data": [b"data: \n\n", b"data: 1\n\n"],
    "a BOM first": [b"\xef\xbb\xbfdata: 1\n\n", b"data: 2\n\n"],
    "no closing blank line": [b"data: 1\n\ndata: 2\n"],
}


@pytest.mark.parametrize("reads", BODIES.values(), ids=BODIES.keys())
def test_whole_event_reads_give_what_line_by_line_parsing_gives(reads: list[bytes]) -> None:
    assert parse(reads) == bytewise(b"".join(reads))


MIXED = (
    b'data: {"a":1}\n\ndata: 22\n\n: keep-alive\n\ndata: 3\n\nevent: error\ndata: 4\n\n'
    b"data: 5\ndata: 6\n\ndata:7\n\n\ndata: 8\r\n\r\ndata: 9\n\ndata: 10\n\n"
)


def test_any_cut_into_reads_gives_what_line_by_line_parsing_gives() -> None:
    expected = bytewise(MIXED)
    assert [data for _, data in expected][-3:] == [b"8", b"9", b"10"]
    for cut in range(len(MIXED)):
        assert parse([MIXED[:cut], MIXED[cut:]]) == expected, cut
    for step in (3, 7, 16, 40):
        assert parse([MIXED[i : i + step] for i in range(0, len(MIXED), step)]) == expected


def test_a_read_of_several_events_yields_each_in_order() -> None:
    events = parse([b"data: 1\n\ndata: 22\n\n", b"data: 333\n\n"])
    assert events == [(b"", b"1"), (b"", b"22"), (b"", b"333")]


@pytest.mark.parametrize("body", [b"data: %s\n\n", b"data: 1\n\ndata: %s\n\n"])
def test_the_event_limit_holds_for_whole_event_reads(body: bytes) -> None:
    fits = b"x" * (LIMIT - 1)  # the limit counts the data and its line end
    assert parse([b"data: 0\n\n", body % fits])[-1] == (b"", fits)
    with pytest.raises(ResponseTooLargeError):
        parse([b"data: 0\n\n", body % (fits + b"x")])
    with pytest.raises(ResponseTooLargeError):
        bytewise(b"data: 0\n\n" + body % (fits + b"x"))


DATA = [
    b'{"a":1}',
    '{"content":"héllo 你好 🙂"}'.encode(),
    b'{"a":"}"}',
    b'{"a":{"b":[1,2,{}]}}',
    b"{}",
    b' {"a":1}',
    b'{"a":1} ',
    b'{"a":1}\n',
    b'{"a":1}{"b":2}',
    b'{"a":1},{"b":2}',
    b'{"a":1',
    b'{"a":}',
    b'\xef\xbb\xbf{"a":1}',
    '{"a":"é"}'.encode("utf-16-le"),
    '{"a":"é"}'.encode("utf-16"),
    b'{"a":"\xff"}',
    b'{"a":"\xed\xa0\x80"}',  # a lone surrogate in UTF-8: json.loads lets it through
    b"[1,2]",
    b'"text"',
    b"null",
    b"",
]


@pytest.mark.parametrize("data", DATA, ids=[repr(d) for d in DATA])
def test_event_data_decodes_as_json_loads_does(data: bytes) -> None:
    try:
        expected: Any = json.loads(data)
    except ValueError:
        expected = _BROKEN
    assert _decode(data, None) == expected


def test_a_declared_charset_decodes_the_event_first() -> None:
    assert _decode('{"a":"é"}'.encode("latin-1"), "latin-1") == {"a": "é"}
    assert _decode(b'{"a":"\xe9"}', None) is _BROKEN  # not UTF-8: a malformed event


def _chunk() -> ChatCompletionChunk:
    return ChatCompletionChunk(
        {
            "id": "c",
            "choices": [{"index": 0, "delta": {"content": "a", "tool_calls": [{"index": 0}]}}],
            "usage": {"prompt_tokens": 1},
        }
    )


def test_nested_records_are_wrapped_once_and_kept() -> None:
    chunk = _chunk()
    assert chunk.choices is chunk.choices
    assert chunk["choices"] is chunk.choices
    assert chunk.get("choices") is chunk.choices
    assert chunk.choices[0].delta is chunk.choices[0].delta
    assert chunk.choices[0].delta.tool_calls is chunk.choices[0].delta.tool_calls
    assert chunk.usage is chunk.usage
    assert chunk.choices[0].delta.content == "a"


def test_setting_or_deleting_a_nested_field_drops_the_kept_wrapper() -> None:
    chunk = _chunk()
    assert chunk.choices[0].delta.content == "a"
    chunk.choices = [
        StreamChoice({"index": 0, "delta": {"content": "b"}}),
        StreamChoice({"index": 1, "delta": {}}),
    ]
    assert [c.delta.content for c in chunk.choices] == ["b", None]
    chunk["choices"] = [{"index": 0, "delta": {"content": "c"}}]
    assert chunk.choices[0].delta.content == "c"
    assert chunk.usage is not None
    del chunk["usage"]
    assert chunk.usage is None
    assert "usage" not in chunk.model_dump()
    chunk.usage = {"prompt_tokens": 2}
    assert chunk.usage is not None
    assert chunk.usage.prompt_tokens == 2


def test_bookkeeping_on_a_nested_record_survives_later_reads() -> None:
    response = ChatCompletion({"choices": [{"index": 0, "message": {"content": "{}"}}]})
    response.choices[0].message._meta = {"parsed": {"ok": True}}
    assert response.choices[0].message.parsed == {"ok": True}
    assert "_meta" not in response.model_dump()["choices"][0]["message"]


def test_the_cache_is_not_wire_data() -> None:
    chunk = _chunk()
    before = chunk.model_dump()
    chunk.choices[0].delta.content  # noqa: B018 - fills the cache
    assert chunk.model_dump() == before
    assert list(chunk) == ["id", "choices", "usage"]
    assert len(chunk) == 3
    assert json.loads(chunk.model_dump_json()) == before


def test_pydantic_dump_options_that_change_nothing_are_accepted() -> None:
    chunk = _chunk()
    options: dict[str, Any] = {
        "by_alias": True,
        "exclude_unset": True,
        "exclude_defaults": True,
        "round_trip": True,
        "warnings": False,
    }
    assert chunk.model_dump(**options) == chunk.model_dump()
    assert chunk.model_dump_json(**options) == chunk.model_dump_json()
    assert chunk.model_dump(include={"id"}, **options) == {"id": "c"}
    with pytest.raises(TypeError):
        chunk.model_dump(no_such_option=True)  # type: ignore[call-arg]
