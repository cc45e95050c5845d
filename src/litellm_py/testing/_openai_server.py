"""`OpenAITestServer`: the loopback server speaking OpenAI's API (chat, responses, files)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from litellm_py.testing._loopback import LoopbackServer
from litellm_py.testing._openai_router import OpenAIRouter
from litellm_py.testing._replies import ReplyQueue

__all__ = ["OpenAITestServer"]


class OpenAITestServer(LoopbackServer):
    """A loopback server speaking OpenAI's API under `/v1`, for tests and offline examples.

    It answers `/v1/chat/completions` as OpenAI does (`n` choices, streamed with per-choice
    `index`; `logprobs` / `top_logprobs`; `max_completion_tokens`; `seed`;
    `service_tier` echoed; `reasoning_effort` on reasoning models; `response_format`
    `json_schema` incl. strict-schema checks; `stream_options.include_usage` -> a last chunk
    with `"choices": []` and the usage), `/v1/responses`, `/v1/files` and `/v1/models`, and
    refuses what OpenAI refuses with its error bodies (`{"error": {"message", "type",
    "param", "code"}}`) and statuses. Requests are recorded and scripted `Reply` objects are
    played as on `DeepSeekTestServer` (a scripted answer goes to every choice; where the usage
    goes follows `stream_options.include_usage`, as at OpenAI, not `Reply.usage_placement`).

    Example:
        >>> with OpenAITestServer() as server:
        ...     # completion("openai/gpt-4.1-mini", ..., api_base=server.url,
        ...     #            api_key=server.api_key)
        ...     pass
    """

    base_path: ClassVar[str] = "/v1"

    def __init__(
        self,
        api_key: str = "sk-test",
        chunk_size: int = 4,
        port: int = 0,
        *,
        host: str = "127.0.0.1",
        extra_models: Iterable[str] = (),
        max_in_flight: int | None = None,
    ) -> None:
        """Configure the server; nothing listens until `start()`.

        Args:
            api_key: The only key accepted (`Authorization: Bearer <key>`).
            chunk_size: Characters per streamed content or argument piece.
            port: Port to bind; 0 picks a free one.
            host: Address to bind.
            extra_models: Model ids accepted and listed in addition to OpenAI's chat models.
            max_in_flight: Answer 429 above this many concurrent requests (see `in_flight`).
        """
        if chunk_size < 1:
            raise ValueError("chunk_size must be >= 1")
        queue = ReplyQueue()
        router = OpenAIRouter(
            api_key=api_key, queue=queue, chunk_size=chunk_size, extra_models=extra_models
        )
        super().__init__(
            router, queue, api_key=api_key, host=host, port=port, max_in_flight=max_in_flight
        )
