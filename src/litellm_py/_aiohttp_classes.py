"""The aiohttp classes the aiohttp backend sends through: its connector, protocol and request.

The connection's protocol tells which pooled connection each request went out on (and whether
any byte of an answer arrived on it since), so a request failed by a stale keep-alive connection
can be sent again; the request class adds none of aiohttp's default headers, so a request goes
out exactly as built.
"""

from __future__ import annotations

import contextvars
import functools
from typing import Any, ClassVar

__all__ = ["USED", "connector_class", "request_class"]

# The connection the current task's request went out on: (protocol, reused, bytes seen before).
# Set by the connection's protocol inside `session.request()`, which runs in the caller's task
# and context.
USED: contextvars.ContextVar[tuple[Any, bool, int] | None] = contextvars.ContextVar(
    "litellm_py_aiohttp_connection", default=None
)


@functools.cache
def connector_class(aiohttp: Any) -> Any:
    """aiohttp's TCP connector, telling which connection each request went out on."""
    from aiohttp.client_proto import ResponseHandler

    class Protocol(ResponseHandler):
        bytes_seen = 0

        def data_received(self, data: bytes) -> None:
            self.bytes_seen += len(data)
            super().data_received(data)

        def set_response_params(self, **kwargs: Any) -> None:
            # aiohttp calls this in the requesting task once it has this connection for a
            # request. A pooled connection has received at least one whole answer; a new one
            # nothing.
            USED.set((self, self.bytes_seen > 0, self.bytes_seen))
            super().set_response_params(**kwargs)

    class Connector(aiohttp.TCPConnector):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self._factory = functools.partial(Protocol, loop=self._loop)

    return Connector


@functools.cache
def request_class(aiohttp: Any) -> Any:
    """aiohttp's request, adding none of aiohttp's default headers (`Accept`, `User-Agent`...).

    The session's `skip_auto_headers` says so, but applying it builds two header maps per
    request. With no defaults to add, a request that brings its own `User-Agent` and
    `Content-Type` (every JSON call does) has nothing to skip, and takes aiohttp's path for
    that: nothing is built. Any other request keeps the skip list, so a body sent without a
    Content-Type gets none (aiohttp would label it `application/octet-stream`). aiohttp versions
    before that path (no `_skip_auto_headers` default) keep the plain request class.
    """
    if getattr(aiohttp.ClientRequest, "_skip_auto_headers", False) is not None:
        return aiohttp.ClientRequest

    class Request(aiohttp.ClientRequest):  # type: ignore[misc]
        DEFAULT_HEADERS: ClassVar[dict[str, str]] = {}

        def update_auto_headers(self, skip_auto_headers: Any) -> None:
            headers = self.headers
            if "User-Agent" in headers and "Content-Type" in headers:
                skip_auto_headers = None
            super().update_auto_headers(skip_auto_headers)

    return Request
