"""How far the benchmark server is from saturation: raw-socket load with pipelined requests.

`python -m benchmarks.probe PORT` (pinned to core 1) prints the request rate it reached on 8
keep-alive connections with 64 pipelined requests each, and the per-chunk time of a raw
20,000-chunk stream read; the runner reads the server's CPU time around it.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time

from benchmarks import payloads
from benchmarks.server import CHAT, stream_response

CONNECTIONS = 8
DEPTH = 64
STREAM_CHUNKS = 20000


def _request(body: bytes, extra: bytes = b"") -> bytes:
    head = (
        b"POST /chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n"
        b"content-type: application/json\r\ncontent-length: %d\r\n" % len(body)
    )
    return head + extra + b"\r\n" + body


def _read_exactly(sock: socket.socket, size: int, buf: bytearray) -> None:
    view = memoryview(buf)
    got = 0
    while got < size:
        n = sock.recv_into(view[got:size])
        if n == 0:
            raise ConnectionError("server closed the connection")
        got += n


def pipelined_rate(port: int, seconds: float) -> float:
    """Requests per second answered over pipelined keep-alive connections."""
    socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(CONNECTIONS)]
    batch = _request(payloads.request_body()) * DEPTH
    expected = len(CHAT) * DEPTH
    buf = bytearray(expected)
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for sock in socks:
            sock.sendall(batch)
        for sock in socks:
            _read_exactly(sock, expected, buf)
        done += CONNECTIONS * DEPTH
    elapsed = time.perf_counter() - start
    for sock in socks:
        sock.close()
    return done / elapsed


def raw_stream_us_per_chunk(port: int) -> float:
    """Time per chunk to receive a 20,000-chunk stream as raw bytes."""
    extra = f"{payloads.CHUNKS_HEADER}: {STREAM_CHUNKS}\r\n".encode()
    expected = len(stream_response(STREAM_CHUNKS))
    buf = bytearray(expected)
    with socket.create_connection(("127.0.0.1", port)) as sock:
        start = time.perf_counter()
        sock.sendall(_request(payloads.request_body(stream=True), extra))
        _read_exactly(sock, expected, buf)
        elapsed = time.perf_counter() - start
    return elapsed / STREAM_CHUNKS * 1e6


def main(argv: list[str]) -> None:
    port = int(argv[0])
    if hasattr(os, "sched_setaffinity") and 1 in os.sched_getaffinity(0):
        os.sched_setaffinity(0, {1})
    seconds = float(argv[1]) if len(argv) > 1 else 2.0
    start = time.perf_counter()  # the runner divides the server's CPU time by all of it
    pipelined_rate(port, 0.2)  # warm-up
    rate = pipelined_rate(port, seconds)
    stream_us = raw_stream_us_per_chunk(port)
    elapsed = time.perf_counter() - start
    print(json.dumps({"rps": rate, "elapsed": elapsed, "stream_us_per_chunk": stream_us}))


if __name__ == "__main__":
    main(sys.argv[1:])
