"""httpcore network streams bound by `_io_deadline`, and shut down (not only closed) on close.

`_httpcore_pool.patch_client` wraps a pool's network backend in `Backend` / `AsyncBackend`.
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any

import httpcore

from litellm_py._io_deadline import bounded

__all__ = ["AsyncBackend", "Backend"]


class _Stream(httpcore.NetworkStream):
    """A socket stream whose reads and writes stop at the current `_io_deadline`.

    `close()` shuts the socket down first, so a read blocked in another thread returns at once
    (a plain close does not wake it): `close()` from another thread ends in-flight calls.
    """

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, bounded(timeout))

    def close(self) -> None:
        sock = self._inner.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:  # fmt: skip
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, bounded(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _AsyncStream(httpcore.AsyncNetworkStream):
    """Async twin of `_Stream`."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, bounded(timeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, bounded(timeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:  # fmt: skip
        inner = await self._inner.start_tls(ssl_context, server_hostname, bounded(timeout))
        return _AsyncStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class Backend(httpcore.NetworkBackend):
    """Opens `_Stream`s over the pool's own network backend."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Any = None,
                    ) -> httpcore.NetworkStream:  # fmt: skip
        return _Stream(
            self._inner.connect_tcp(host, port, bounded(timeout), local_address, socket_options)
        )

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:  # fmt: skip
        return _Stream(self._inner.connect_unix_socket(path, bounded(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class AsyncBackend(httpcore.AsyncNetworkBackend):
    """Async twin of `Backend`."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None, socket_options: Any = None,
                          ) -> httpcore.AsyncNetworkStream:  # fmt: skip
        inner = await self._inner.connect_tcp(
            host, port, bounded(timeout), local_address, socket_options
        )
        return _AsyncStream(inner)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Any = None,
                                  ) -> httpcore.AsyncNetworkStream:  # fmt: skip
        inner = await self._inner.connect_unix_socket(path, bounded(timeout), socket_options)
        return _AsyncStream(inner)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
