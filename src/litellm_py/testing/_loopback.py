"""`LoopbackServer`: an asyncio HTTP/1.1 server on its own loop in one daemon thread.

It reads requests, records them, and writes whatever plan its router makes; the dialects
(`DeepSeekTestServer`, `OpenAITestServer`) differ only in their router.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
import uuid
import weakref
from typing import ClassVar

from litellm_py.testing._concurrency import InFlight
from litellm_py.testing._errors import ApiError
from litellm_py.testing._plan import error_plan
from litellm_py.testing._replies import RecordedRequest, Reply, ReplyQueue
from litellm_py.testing._respond import Responder
from litellm_py.testing._router import Incoming, Router
from litellm_py.testing._start_stop import StartStop
from litellm_py.testing._wire import HttpRequest, MalformedRequestError, read_request

__all__ = ["LoopbackServer"]

_START_TIMEOUT = 10.0
_BACKLOG = 4096
_ACCEPT_TURNS = 5
_SERVER_HEADER = "litellm-py-testing"


class LoopbackServer(StartStop):
    """The transport, recording and scripting shared by the test servers' dialects."""

    base_path: ClassVar[str] = ""
    """The path a client's base URL ends with (`"/v1"` for OpenAI's)."""
    trace_headers: ClassVar[tuple[str, ...]] = ("x-request-id",)
    """Response headers that carry the request id."""

    def __init__(
        self,
        router: Router,
        queue: ReplyQueue,
        *,
        api_key: str,
        host: str,
        port: int,
        max_in_flight: int | None,
    ) -> None:
        self.api_key = api_key
        self.host = host
        self._port = port
        self._queue = queue
        self._router = router
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._open = 0
        self.in_flight = InFlight(max_in_flight)
        self._tasks: set[asyncio.Task[None]] = set()
        self._transports: weakref.WeakSet[asyncio.WriteTransport] = weakref.WeakSet()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None

    @property
    def origin(self) -> str:
        """`http://<host>:<port>`, without any base path (valid after `start()`)."""
        return f"http://{self.host}:{self.port}"

    # -- public surface ------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The bound port (valid after `start()`)."""
        if self._server is None:
            raise RuntimeError("the server is not running; call start() first")
        return self._port

    @property
    def url(self) -> str:
        """The base URL to give a client, e.g. `http://127.0.0.1:54321` (plus the dialect's
        base path, if it has one)."""
        return self.origin + self.base_path

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def last_request(self) -> RecordedRequest:
        """The most recent request; raises `LookupError` when none was received."""
        with self._lock:
            if not self._requests:
                raise LookupError("the server has not received any request")
            return self._requests[-1]

    @property
    def open_connections(self) -> int:
        """Client connections currently open on the server side."""
        return self._open

    @property
    def pending_replies(self) -> int:
        """Scripted responses not yet consumed (a reply with `repeat=3` counts 3)."""
        return len(self._queue)

    def enqueue(self, reply: Reply, *more: Reply) -> None:
        """Script the next responses; each request takes the first pending reply that matches."""
        self._queue.put([reply, *more])

    def reset(self) -> None:
        """Forget recorded requests, pending replies and prompts seen (cache hits)."""
        with self._lock:
            self._requests.clear()
        self._queue.clear()
        self._router.forget_prompts()

    def wait_connections_closed(self, timeout: float = 2.0) -> bool:
        """Wait until `open_connections` is 0; returns whether it got there in time."""
        deadline = time.monotonic() + timeout
        while self._open:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)
        return True

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Bind and serve from a background thread; returns once the port is listening."""
        if self._thread is not None:
            raise RuntimeError("the server is already running")
        loop = asyncio.new_event_loop()
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._listen())
            except BaseException as exc:  # reported to start()'s caller
                errors.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        thread = threading.Thread(target=run, name=type(self).__name__, daemon=True)
        self._loop, self._thread = loop, thread
        thread.start()
        ready.wait(_START_TIMEOUT)
        if errors or self._server is None:
            thread.join(_START_TIMEOUT)
            self._loop = self._thread = None
            cause = errors[0] if errors else None
            raise RuntimeError(f"{type(self).__name__} failed to start") from cause

    def stop(self) -> None:
        """Close every client connection and the listener, then end the thread. Idempotent."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        future = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
        future.result(_START_TIMEOUT)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(_START_TIMEOUT)
        self._loop = self._thread = self._server = None

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "stopped"
        return f"<{type(self).__name__} {where}>"

    # -- server loop side --------------------------------------------------------------------

    async def _listen(self) -> None:
        server = await asyncio.start_server(
            self._on_connection, self.host, self._port, backlog=_BACKLOG
        )
        self._port = server.sockets[0].getsockname()[1]
        self._server = server

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._stop_accepting(self._server)
            # An accepted socket reaches _on_connection a few loop turns later; closing the
            # server before that leaks it (asyncio asserts in Server._attach), so wait first.
            for _ in range(_ACCEPT_TURNS):
                await asyncio.sleep(0)
            self._server.close()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for transport in list(self._transports):
            transport.abort()
        await asyncio.sleep(0)  # let the aborted transports run connection_lost
        if self._server is not None:
            await self._server.wait_closed()

    @staticmethod
    def _stop_accepting(server: asyncio.Server) -> None:
        loop = asyncio.get_running_loop()
        for sock in server.sockets:
            with contextlib.suppress(NotImplementedError, ValueError):
                loop.remove_reader(sock.fileno())

    def _on_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._transports.add(writer.transport)
        task = asyncio.get_running_loop().create_task(self._serve(reader, writer))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._open += 1
        try:
            while True:
                try:
                    request = await read_request(reader, writer)
                except MalformedRequestError as exc:
                    plan = error_plan(ApiError(400, f"Invalid HTTP request: {exc}"))
                    await Responder(writer, plan, self._headers(str(uuid.uuid4()))).send(False)
                    break
                if request is None or not await self._answer(request, writer):
                    break
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            pass  # the client went away; nothing to answer
        finally:
            self._open -= 1
            writer.close()

    async def _answer(self, request: HttpRequest, writer: asyncio.StreamWriter) -> bool:
        request_id = str(uuid.uuid4())
        with self._lock:
            self._requests.append(
                RecordedRequest.received(
                    request.method, request.target, request.headers, request.body, request_id
                )
            )
        incoming = Incoming.of(request)
        with self.in_flight.track() as refusal:
            try:
                if refusal is not None:  # worded as the dialect words its 429
                    plan = error_plan(self._router.status_error(refusal.status))
                else:
                    plan = self._router.plan(incoming)
            except Exception as exc:  # a bug here must surface as a response, not a hang
                plan = error_plan(ApiError(500, f"Server Error: {exc!r}", "api_error"))
            responder = Responder(writer, plan, self._headers(request_id))
            return await responder.send(request.keep_alive)

    def _headers(self, request_id: str) -> dict[str, str]:
        return {"server": _SERVER_HEADER, **dict.fromkeys(self.trace_headers, request_id)}
