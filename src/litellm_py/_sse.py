"""Server-sent events from raw body bytes: lines split on bytes, `data:` joined, no text pass.

Owned here rather than taken from httpx-sse: its decoders are private (`httpx_sse._decoders`,
new in 0.4.2) and work on text, which costs a decoding pass and an object per line. This one
follows the WHATWG event-stream rules the library needs (CRLF, LF or CR line ends; comments;
`event:`; multi-line `data:`; one leading BOM) and bounds memory: a line or an event longer than
its limit raises `ResponseTooLargeError` before it is all in memory.
"""

from __future__ import annotations

from litellm_py.exceptions import ResponseTooLargeError

__all__ = ["SSEParser"]

_BOM = b"\xef\xbb\xbf"


class SSEParser:
    """Feed body bytes, get `(event type, data)` pairs of complete events (no I/O)."""

    __slots__ = (
        "_data", "_event", "_head", "_idle", "_max_event", "_max_line", "_size", "_started",
        "_tail",
    )  # fmt: skip

    def __init__(self, max_line: int, max_event: int) -> None:
        self._max_line = max_line
        self._max_event = max_event
        self._tail = b""  # an incomplete last line
        self._data: list[bytes] = []
        self._size = 0
        self._event = b""
        self._started = False
        self._head = b""  # the first bytes, until they tell whether a BOM starts the body
        self._idle = False  # between events, past the BOM check: the fast path may run

    def feed(self, chunk: bytes) -> list[tuple[bytes, bytes]]:
        """The events completed by `chunk`."""
        if b"\r" in chunk or not self._started:
            return self._feed_lines(chunk)
        # Most reads hold whole `data: ...` events: those are taken without walking lines. A read
        # that starts inside an event finishes it line by line first, which leaves it idle.
        if not self._idle:
            end = chunk.find(b"\n\n") + 2
            if end < 2 or end == len(chunk):
                return self._feed_lines(chunk)
            return self._plain_events(chunk[end:], self._feed_lines(chunk[:end]))
        if chunk.find(b"\n") == len(chunk) - 2 and chunk.endswith(b"\n\n"):  # one line
            if chunk.startswith(b"data: ") and len(chunk) - 7 <= self._max_event:
                return [(b"", chunk[6:-2])]
            return self._feed_lines(chunk)
        return self._plain_events(chunk, [])

    def _plain_events(
        self, chunk: bytes, events: list[tuple[bytes, bytes]]
    ) -> list[tuple[bytes, bytes]]:
        """`events` and then those `chunk` completes, read from between two events."""
        blocks = chunk.split(b"\n\n")
        rest = blocks.pop()  # the start of an event, or nothing
        limit = self._max_event + 5  # data plus its line end, as `_line` counts it
        for i, block in enumerate(blocks):
            if not block.startswith(b"data: ") or b"\n" in block or len(block) > limit:
                # Not one plain `data:` line: from here on, line by line.
                events += [(b"", plain[6:]) for plain in blocks[:i]]
                return events + self._feed_lines(b"\n\n".join([*blocks[i:], rest]))
        events += [(b"", block[6:]) for block in blocks]
        return events + self._feed_lines(rest) if rest else events

    def _feed_lines(self, chunk: bytes) -> list[tuple[bytes, bytes]]:
        if not self._started:
            chunk = self._head + chunk
            if len(chunk) < len(_BOM) and _BOM.startswith(chunk):
                self._head = chunk
                return []
            self._started, self._head = True, b""
            if chunk.startswith(_BOM):
                chunk = chunk[len(_BOM) :]
        if self._tail:
            chunk = self._tail + chunk
        if b"\r" in chunk:
            if chunk.endswith(b"\r"):  # maybe half of a CRLF: decide with the next chunk
                chunk, self._tail = chunk[:-1], b"\r"
            else:
                self._tail = b""
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            lines = chunk.split(b"\n")
            self._tail = lines.pop() + self._tail
        else:
            lines = chunk.split(b"\n")
            self._tail = lines.pop()
        if len(self._tail) > self._max_line:
            raise ResponseTooLargeError(
                f"a server-sent event line is longer than {self._max_line} bytes "
                "(max_event_bytes; raise it per call or in litellm_py.limits)"
            )
        events: list[tuple[bytes, bytes]] = []
        for line in lines:
            if line:
                self._line(line)
            elif self._size > 1:  # a blank line ends an event with data (empty data: none)
                events.append(self._dispatch())
            else:
                self._reset()
        self._idle = self._started and not self._tail and not self._data and not self._event
        return events

    def flush(self) -> list[tuple[bytes, bytes]]:
        """At the end of the body: an event without its closing blank line is discarded (spec)."""
        # A CR held back in case an LF followed ends its line after all.
        events = self.feed(b"\n") if self._tail.endswith(b"\r") else []
        self._head = self._tail = b""
        self._reset()
        return events

    def _line(self, line: bytes) -> None:
        if line[0] == 58:  # ":" - a comment (keep-alive)
            return
        field, sep, value = line.partition(b":")
        if sep and value[:1] == b" ":
            value = value[1:]
        if field == b"data":
            self._size += len(value) + 1
            if self._size > self._max_event:
                raise ResponseTooLargeError(
                    f"a server-sent event is larger than {self._max_event} bytes "
                    "(max_event_bytes; raise it per call or in litellm_py.limits)"
                )
            self._data.append(value)
        elif field == b"event":
            self._event = value

    def _dispatch(self) -> tuple[bytes, bytes]:
        data = self._data[0] if len(self._data) == 1 else b"\n".join(self._data)
        event = (self._event, data)
        self._reset()
        return event

    def _reset(self) -> None:
        self._data = []
        self._size = 0
        self._event = b""
