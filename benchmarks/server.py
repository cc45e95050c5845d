"""A loopback DeepSeek-format HTTP/1.1 server fast enough never to be the bottleneck.

A raw `asyncio.Protocol` with hand-written keep-alive request parsing and precomputed response
bytes (uvloop when importable). `POST .../chat/completions` answers a chat.completion, or with
`"stream": true` N chunk events (N from the `x-bench-chunks` header or `?chunks=N`, default 10)
then `data: [DONE]`; `GET .../models` lists models. Run: `python -m benchmarks.server --port 0`;
it prints `PORT <n>` once listening, and pins itself to one core (`--cpu`, default 0).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import os
import signal
from functools import lru_cache
from typing import cast

from benchmarks import payloads

LOOPBACK = ("127.0.0.1", "::1", "localhost")
DEFAULT_CHUNKS = 10
_HEAD_END = b"\r\n\r\n"


def _response(status: str, content_type: bytes, body: bytes) -> bytes:
    return (
        f"HTTP/1.1 {status}\r\n".encode()
        + b"content-type: "
        + content_type
        + b"\r\n"
        + b"content-length: "
        + str(len(body)).encode()
        + b"\r\n"
        + b"x-request-id: bench\r\n\r\n"
        + body
    )


CHAT = _response("200 OK", b"application/json", payloads.chat_completion())
MODELS = _response("200 OK", b"application/json", payloads.models())
NOT_FOUND = _response("404 Not Found", b"application/json", b'{"error":{"message":"not found"}}')


@lru_cache(maxsize=8)
def stream_response(n: int) -> bytes:
    """The whole chunked SSE response for `n` chunks, one HTTP chunk per event."""
    head = (
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n"
        b"cache-control: no-cache\r\ntransfer-encoding: chunked\r\nx-request-id: bench\r\n\r\n"
    )
    parts = [head]
    for event in payloads.stream_events(n):
        parts.append(b"%x\r\n%s\r\n" % (len(event), event))
    parts.append(b"0\r\n\r\n")
    return b"".join(parts)


def _chunk_count(target: bytes, headers: dict[bytes, bytes]) -> int:
    value = headers.get(payloads.CHUNKS_HEADER.encode())
    if value is None and b"chunks=" in target:
        value = target.split(b"chunks=", 1)[1].split(b"&", 1)[0]
    return int(value) if value else DEFAULT_CHUNKS


def answer(method: bytes, target: bytes, headers: dict[bytes, bytes], body: bytes) -> bytes:
    """The response bytes for one parsed request."""
    path = target.split(b"?", 1)[0]
    if method == b"POST" and path.endswith(b"/chat/completions"):
        if b'"stream":true' in body or b'"stream": true' in body:
            return stream_response(_chunk_count(target, headers))
        return CHAT
    if method == b"GET" and path.endswith(b"/models"):
        return MODELS
    return NOT_FOUND


def _parse_head(head: bytes) -> tuple[bytes, bytes, dict[bytes, bytes]]:
    lines = head.split(b"\r\n")
    method, target, _ = lines[0].split(b" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    return method, target, headers


def _body_end(buf: bytearray, start: int, headers: dict[bytes, bytes]) -> int:
    """Index just past the body, or -1 while it is incomplete (chunked bodies: no trailers)."""
    if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        end = buf.find(b"0\r\n\r\n", start)
        return -1 if end < 0 else end + 5
    end = start + int(headers.get(b"content-length", b"0"))
    return end if len(buf) >= end else -1


class BenchProtocol(asyncio.Protocol):
    """One keep-alive connection: parse requests as they complete and answer each at once."""

    def __init__(self) -> None:
        self.buf = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports do not subclass asyncio.Transport; they have the same methods.
        self.transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        buf = self.buf
        buf += data
        while self.transport is not None:
            head_end = buf.find(_HEAD_END)
            if head_end < 0:
                return
            method, target, headers = _parse_head(bytes(buf[:head_end]))
            end = _body_end(buf, head_end + 4, headers)
            if end < 0:
                return
            body = bytes(buf[head_end + 4 : end])
            del buf[:end]
            self.transport.write(answer(method, target, headers, body))
            if headers.get(b"connection", b"").lower() == b"close":
                self.transport.close()
                self.transport = None

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None


def pin_to_cpu(cpu: int) -> None:
    """Pin this process to one core where the platform allows it (no-op elsewhere).

    Also when the parent was pinned to another core (the child inherits that mask): a server
    left on the client's core would measure the two processes together.
    """
    if hasattr(os, "sched_setaffinity") and cpu < (os.cpu_count() or 1):
        with contextlib.suppress(OSError):  # a cpuset without that core: stay where we are
            os.sched_setaffinity(0, {cpu})


async def serve(host: str, port: int) -> None:
    """Listen until SIGTERM/SIGINT; print `PORT <n>` once ready."""
    if host not in LOOPBACK:
        raise SystemExit(f"refusing to listen on {host!r}: the benchmark server is loopback-only")
    loop = asyncio.get_running_loop()
    server = await loop.create_server(BenchProtocol, host, port, backlog=1024)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    await stop.wait()
    server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cpu", type=int, default=0, help="core to pin to (-1: no pinning)")
    args = parser.parse_args()
    if args.cpu >= 0:
        pin_to_cpu(args.cpu)
    try:
        uvloop = importlib.import_module("uvloop")
        uvloop.run(serve(args.host, args.port))
    except ImportError:
        asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
