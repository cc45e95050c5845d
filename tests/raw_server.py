"""A raw-socket HTTP/1.1 server for connection-level faults the protocol server cannot script.

Each accepted connection is served by a thread; the `behaviour` decides, per request, what the
server writes and whether it then closes. It counts connections and requests, and can close every
idle keep-alive connection on demand (what servers and load balancers do after an idle timeout).
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable
from typing import Any

# (connection index, request index on that connection) -> what to do:
#   "answer"       a complete keep-alive answer (no `Connection: close`)
#   "answer-close" the same answer, then close the socket (still no `Connection: close`)
#   "silent-close" read the request, close without writing a byte
#   "partial"      write half a status line, then close
#   bytes          write these bytes as the whole answer, then close
#   a callable     called with the socket and the server's "stopping" event; then close
Behaviour = Callable[[int, int], "str | bytes | Callable[[socket.socket, threading.Event], None]"]

CHAT = {
    "id": "raw-1",
    "object": "chat.completion",
    "created": 1767225600,
    "model": "deepseek-flash",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "raw answer"},
            "finish_reason": "stop",
        }
    ],
    "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
}


def _chat_body(stream: bool) -> tuple[bytes, str]:
    if not stream:
        return json.dumps(CHAT).encode(), "application/json"
    delta = {**CHAT, "object": "chat.completion.chunk"}
    delta["choices"] = [
        {"index": 0, "delta": {"role": "assistant", "content": "raw answer"}, "finish_reason": None}
    ]
    end = {**delta, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
    events = [json.dumps(delta), json.dumps(end), "[DONE]"]
    return "".join(f"data: {e}\n\n" for e in events).encode(), "text/event-stream"


class RawServer:
    """A loopback HTTP server scripted per connection and request (see `Behaviour`)."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.connections = 0
        self.requests = 0
        self._lock = threading.Lock()
        self._idle: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stopping = threading.Event()
        self._acceptor = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> RawServer:
        self._acceptor.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stopping.set()
        self.close_idle()
        self._acceptor.join()
        self._listener.close()
        for thread in self._threads:
            thread.join(5)

    def close_idle(self) -> None:
        """Close every connection that is waiting for its next request."""
        with self._lock:
            idle, self._idle = self._idle, set()
        for sock in idle:
            _close(sock)

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            with self._lock:
                index = self.connections
                self.connections += 1
            thread = threading.Thread(target=self._serve, args=(sock, index), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket, index: int) -> None:
        buffer = b""
        served = 0
        try:
            while True:
                with self._lock:
                    self._idle.add(sock)
                head, buffer = _read_head(sock, buffer)
                with self._lock:
                    self._idle.discard(sock)
                if head is None:
                    return
                body_length = _content_length(head)
                while len(buffer) < body_length:
                    more = sock.recv(65536)
                    if not more:
                        return
                    buffer += more
                buffer = buffer[body_length:]
                with self._lock:
                    self.requests += 1
                action = self.behaviour(index, served)
                served += 1
                if callable(action):
                    action(sock, self._stopping)
                    return
                if not self._act(sock, action, b"text/event-stream" in head.lower()):
                    return
        except OSError:
            return
        finally:
            with self._lock:
                self._idle.discard(sock)
            _close(sock)

    @staticmethod
    def _act(sock: socket.socket, action: str | bytes, stream: bool) -> bool:
        """Answer per `action`; False when the connection is to be closed."""
        if isinstance(action, bytes):
            sock.sendall(action)
            return False
        if action == "silent-close":
            return False
        if action == "partial":
            sock.sendall(b"HTTP/1.1 20")
            return False
        body, content_type = _chat_body(stream)
        head = (
            f"HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\n"
            f"content-length: {len(body)}\r\nx-request-id: raw\r\n\r\n"
        )
        sock.sendall(head.encode() + body)
        return action == "answer"


def chat_args(server: RawServer) -> dict[str, Any]:
    """The arguments of a one-attempt chat call at `server`."""
    return {
        "model": "deepseek/deepseek-flash",
        "messages": [{"role": "user", "content": "hi"}],
        "api_base": server.url,
        "api_key": "sk-raw",
        "num_retries": 0,
    }


def raw_answer(body: bytes, content_type: str = "text/event-stream", **headers: str) -> bytes:
    """A complete HTTP/1.1 answer with `Connection: close`, for a bytes `Behaviour`."""
    extra = "".join(f"{name.replace('_', '-')}: {value}\r\n" for name, value in headers.items())
    head = (
        f"HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {len(body)}\r\n"
        f"connection: close\r\n{extra}\r\n"
    )
    return head.encode() + body


def _read_head(sock: socket.socket, buffer: bytes) -> tuple[bytes | None, bytes]:
    while b"\r\n\r\n" not in buffer:
        more = sock.recv(65536)
        if not more:
            return None, b""
        buffer += more
    head, _, rest = buffer.partition(b"\r\n\r\n")
    return head, rest


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
