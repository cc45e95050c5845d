"""`RedisServer`: a throwaway `redis-server` process on a free loopback port (no persistence),
for testing and benchmarking code that uses `Router(redis_url=...)` or `RedisCache`."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time

from litellm_py.testing._start_stop import StartStop

__all__ = ["RedisServer"]

_START_TIMEOUT = 10.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer(StartStop):
    """A `redis-server` child process. `stop()` then `start()` keeps the port, so clients see
    an outage and a recovery.

    Example:
        >>> with RedisServer() as redis_server:
        ...     router = Router(model_list=..., redis_url=redis_server.url)
    """

    def __init__(self, binary: str | None = None) -> None:
        """Find the binary (default: `redis-server` on PATH) and pick a port; nothing runs yet."""
        found = binary or shutil.which("redis-server")
        if found is None:
            raise FileNotFoundError("redis-server is not on PATH (apt-get install redis-server)")
        self.binary = found
        self.port = _free_port()
        self.dir = tempfile.mkdtemp(prefix="litellm-py-redis-")
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The `redis://` URL of database 0."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start the process and wait until it answers PING."""
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        args += ["--appendonly", "no", "--dir", self.dir, "--loglevel", "warning"]
        self._proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + _START_TIMEOUT
        while not _answers_ping(self.port):
            if time.monotonic() > deadline or self._proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.02)

    def stop(self) -> None:
        """Terminate the process (idempotent)."""
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(_START_TIMEOUT)
            self._proc = None
