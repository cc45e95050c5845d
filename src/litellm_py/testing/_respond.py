"""Writing a `Plan` to the socket: delays, keep-alives, streaming, trickling, connection faults."""

from __future__ import annotations

import asyncio

from litellm_py.testing._plan import Plan
from litellm_py.testing._replies import Reply
from litellm_py.testing._wire import LAST_CHUNK, encode_chunk, flush, reset, response_head

_STREAM_KEEPALIVE = b": keep-alive\n\n"
_BODY_KEEPALIVE = b"\n"
_FOREVER_INTERVAL = 0.05
_RESET_MID_STREAM_AFTER = 3
_RESET_GRACE = 0.05  # lets the client read what was sent before the RST discards it


class Responder:
    """Sends one plan on one connection; `send()` says whether the connection stays usable."""

    def __init__(self, writer: asyncio.StreamWriter, plan: Plan, headers: dict[str, str]) -> None:
        self._writer = writer
        self._plan = plan
        self._reply: Reply = plan.reply
        self._base_headers = headers
        self._streaming = plan.frames is not None
        self._chunked = self._streaming or self._reply.keepalives > 0
        self._chunked = self._chunked or self._reply.fault == "keepalive_forever"
        self._pending_head = b""  # sent with the first body bytes: one segment, not two

    async def send(self, keep_alive: bool) -> bool:
        reply = self._reply
        if reply.delay > 0:
            await asyncio.sleep(reply.delay)
        if reply.fault == "reset_before_headers":
            reset(self._writer)
            return False
        self._pending_head = self._head(keep_alive)
        await self._keepalives(reply.keepalives)
        if reply.fault == "keepalive_forever":
            await self._keepalive_forever()
            return False
        if reply.fault == "reset_mid_body" or (
            reply.fault == "reset_mid_stream" and not self._streaming
        ):
            await self._reset_mid_body()
            return False
        completed = await (self._send_frames() if self._streaming else self._send_body())
        self._writer.write(self._take_head())
        await self._writer.drain()
        return completed and keep_alive

    def _head(self, keep_alive: bool) -> bytes:
        headers = {"content-type": self._plan.content_type}
        if self._chunked:
            headers["transfer-encoding"] = "chunked"
        else:
            headers["content-length"] = str(len(self._plan.body))
        if self._streaming:
            headers["cache-control"] = "no-cache"
        headers["connection"] = "keep-alive" if keep_alive else "close"
        headers.update(self._base_headers)
        headers.update({name.lower(): value for name, value in self._plan.headers.items()})
        return response_head(self._plan.status, headers)

    def _take_head(self) -> bytes:
        head, self._pending_head = self._pending_head, b""
        return head

    async def _write(self, data: bytes) -> None:
        """Write one piece of the body, framed if chunked, trickled if the fault asks for it."""
        framed = encode_chunk(data) if self._chunked and data else data
        framed = self._take_head() + framed
        if self._reply.fault != "trickle":
            self._writer.write(framed)
            await self._writer.drain()
            return
        step = self._reply.trickle_bytes
        for start in range(0, len(framed), step):
            self._writer.write(framed[start : start + step])
            await self._writer.drain()
            await asyncio.sleep(self._reply.trickle_delay)

    async def _keepalives(self, count: int) -> None:
        line = _STREAM_KEEPALIVE if self._streaming else _BODY_KEEPALIVE
        for index in range(count):
            if index and self._reply.keepalive_interval > 0:
                await asyncio.sleep(self._reply.keepalive_interval)
            await self._write(line)
        if count and self._reply.keepalive_interval > 0:
            await asyncio.sleep(self._reply.keepalive_interval)

    async def _keepalive_forever(self) -> None:
        """Keep-alives until the client goes away (a write fails) or the server stops."""
        interval = self._reply.keepalive_interval or _FOREVER_INTERVAL
        line = _STREAM_KEEPALIVE if self._streaming else _BODY_KEEPALIVE
        while not self._writer.is_closing():
            await self._write(line)
            await asyncio.sleep(interval)

    async def _reset_mid_body(self) -> None:
        whole = b"".join(self._plan.frames) if self._plan.frames is not None else self._plan.body
        await self._write(whole[: len(whole) // 2])
        await flush(self._writer)
        await asyncio.sleep(_RESET_GRACE)
        reset(self._writer)

    async def _send_body(self) -> bool:
        if self._plan.body:
            await self._write(self._plan.body)
        if self._chunked:
            self._writer.write(self._take_head() + LAST_CHUNK)
        return True

    async def _send_frames(self) -> bool:
        frames = self._plan.frames or ()
        reset_after = self._reply.disconnect_after_chunks or _RESET_MID_STREAM_AFTER
        for index, frame in enumerate(frames):
            if index:
                await self._keepalives(self._reply.keepalives_between_chunks)
            await self._write(frame)
            if self._reply.fault == "reset_mid_stream" and index + 1 >= reset_after:
                break
        self._writer.write(self._take_head())
        if self._reply.fault == "reset_mid_stream":
            await flush(self._writer)
            await asyncio.sleep(_RESET_GRACE)
            reset(self._writer)
            return False
        if self._plan.cut:
            await flush(self._writer)
            self._writer.close()
            return False
        self._writer.write(self._take_head() + LAST_CHUNK)
        return True
