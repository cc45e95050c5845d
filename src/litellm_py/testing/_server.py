"""`DeepSeekTestServer`: the loopback server speaking DeepSeek's dialect of the OpenAI wire."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from litellm_py.testing._catalog import DEFAULT_BALANCE, Catalog, ModelsFormat
from litellm_py.testing._loopback import LoopbackServer
from litellm_py.testing._replies import ReplyQueue
from litellm_py.testing._router import Router

__all__ = ["DeepSeekTestServer"]


class DeepSeekTestServer(LoopbackServer):
    """A loopback server speaking DeepSeek's wire protocol, for tests and offline examples.

    It answers chat completions (streaming too), FIM, `/models` and `/user/balance` the way
    DeepSeek does, validates requests like DeepSeek, records every request, and plays scripted
    `Reply` objects (including injected faults) in FIFO order.

    Example:
        >>> with DeepSeekTestServer() as server:
        ...     server.enqueue(Reply(status=429), Reply(content="hi"))
        ...     # point a client at server.url with api key server.api_key
    """

    trace_headers: ClassVar[tuple[str, ...]] = ("x-request-id", "x-ds-trace-id")

    def __init__(
        self,
        api_key: str = "sk-test",
        models_format: ModelsFormat = "current",
        chunk_size: int = 4,
        port: int = 0,
        *,
        host: str = "127.0.0.1",
        balance: Mapping[str, Any] | None = None,
        extra_models: Iterable[str] = (),
        max_in_flight: int | None = None,
    ) -> None:
        """Configure the server; nothing listens until `start()`.

        Args:
            api_key: The only key accepted (`Authorization: Bearer <key>`).
            models_format: `"current"` (with metadata) or `"legacy"` `/models` payloads.
            chunk_size: Characters per streamed content, reasoning or argument piece.
            port: Port to bind; 0 picks a free one.
            host: Address to bind.
            balance: The `/user/balance` payload (default: DeepSeek's documented sample).
            extra_models: Model ids accepted and listed in addition to DeepSeek's.
            max_in_flight: Answer 429 above this many concurrent requests (see `in_flight`).
        """
        if chunk_size < 1:
            raise ValueError("chunk_size must be >= 1")
        queue = ReplyQueue()
        router = Router(
            api_key=api_key,
            catalog=Catalog(models_format, extra_models),
            queue=queue,
            chunk_size=chunk_size,
            balance=DEFAULT_BALANCE if balance is None else balance,
        )
        super().__init__(
            router, queue, api_key=api_key, host=host, port=port, max_in_flight=max_in_flight
        )

    @property
    def beta_url(self) -> str:
        """The `/beta` base URL (FIM, chat prefix completion, strict tools)."""
        return f"{self.url}/beta"
