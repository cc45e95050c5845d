"""HTTP/1.1 framing over asyncio streams: reading requests, writing heads, chunks and resets."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from dataclasses import dataclass
from http import HTTPStatus

LAST_CHUNK = b"0\r\n\r\n"
_MAX_HEAD = 64 * 1024


class MalformedRequestError(Exception):
    """The bytes on the connection are not an HTTP/1.x request we can answer."""


@dataclass(frozen=True)
class HttpRequest:
    """A request as read off the wire, body decoded from Content-Length or chunked framing."""

    method: str
    target: str
    version: str
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> str:
        return self.target.partition("?")[2]

    @property
    def keep_alive(self) -> bool:
        tokens = {token.strip().lower() for token in self.headers.get("connection", "").split(",")}
        if self.version == "HTTP/1.0":
            return "keep-alive" in tokens
        return "close" not in tokens


def _parse_head(head: bytes) -> tuple[str, str, str, dict[str, str]]:
    try:
        lines = head.decode("latin-1").split("\r\n")
        method, target, version = lines[0].split(" ")
    except ValueError:
        raise MalformedRequestError("malformed request line") from None
    if not version.startswith("HTTP/1.") or not target.startswith("/"):
        raise MalformedRequestError("unsupported request target or version")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep or not name.strip():
            raise MalformedRequestError("malformed header line")
        key = name.strip().lower()
        value = value.strip()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return method, target, version, headers


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size_line = await reader.readuntil(b"\r\n")
        try:
            size = int(size_line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise MalformedRequestError("malformed chunk size") from None
        if size < 0:
            raise MalformedRequestError("malformed chunk size")
        if size == 0:
            break
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)
    while await reader.readuntil(b"\r\n") != b"\r\n":  # trailer fields, ignored
        pass
    return b"".join(parts)


async def read_request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> HttpRequest | None:
    """Read one request; `None` when the client closed the connection between requests."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if exc.partial.strip():
            raise MalformedRequestError("connection closed inside the request head") from None
        return None
    except asyncio.LimitOverrunError:
        raise MalformedRequestError("request head too large") from None
    if len(head) > _MAX_HEAD:
        raise MalformedRequestError("request head too large")
    method, target, version, headers = _parse_head(head[:-4])
    if headers.get("expect", "").lower() == "100-continue":
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    if "chunked" in headers.get("transfer-encoding", "").lower():
        try:
            body = await _read_chunked(reader)
        except asyncio.LimitOverrunError:
            raise MalformedRequestError("chunk size line too long") from None
    else:
        try:
            length = int(headers.get("content-length", "0"))
        except ValueError:
            raise MalformedRequestError("malformed content-length") from None
        if length < 0:
            raise MalformedRequestError("malformed content-length")
        body = await reader.readexactly(length) if length > 0 else b""
    return HttpRequest(method.upper(), target, version, headers, body)


def response_head(status: int, headers: dict[str, str]) -> bytes:
    """The status line and header block of a response."""
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines.extend(f"{name}: {value}" for name, value in headers.items())
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def encode_chunk(data: bytes) -> bytes:
    """One `Transfer-Encoding: chunked` frame."""
    return b"%x\r\n%b\r\n" % (len(data), data)


async def flush(writer: asyncio.StreamWriter) -> None:
    """Wait until the transport has handed every buffered byte to the kernel."""
    writer.transport.set_write_buffer_limits(high=0)  # drain() now waits for an empty buffer
    await writer.drain()


def reset(writer: asyncio.StreamWriter) -> None:
    """Close the connection abruptly: RST rather than FIN (SO_LINGER 0), dropping buffered data."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
