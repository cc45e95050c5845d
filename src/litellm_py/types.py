"""Provider-neutral response and message types: lossless views over the wire JSON.

Each object wraps the decoded JSON dict it came from, so every field the server sent stays
readable (by attribute and by key) and comes back unchanged from `model_dump()`, unknown fields
included. They are plain classes rather than pydantic models: wrapping costs nothing per chunk
and keeps pydantic off the import and call path (see README, "Performance").
"""

from __future__ import annotations

from typing import Any, ClassVar

from litellm_py._ids import CallIds
from litellm_py._record import Record

__all__ = [
    "ChatCompletion",
    "ChatCompletionChunk",
    "Choice",
    "ChoiceDelta",
    "CompletionTokensDetails",
    "Delta",
    "Function",
    "Message",
    "ModelResponse",
    "PromptTokensDetails",
    "Record",
    "StreamChoice",
    "TextChoice",
    "TextCompletion",
    "ToolCall",
    "Usage",
]


class Function(Record):
    """The function a tool call invokes; `arguments` is a JSON string."""

    __slots__ = ()

    name: str | None
    arguments: str | None

    @property
    def parsed_arguments(self) -> Any:
        """For a tool given as a pydantic model: the validated arguments (else None)."""
        meta: dict[str, Any] | None = getattr(self, "_meta", None)
        return None if meta is None else meta.get("parsed_arguments")


class ToolCall(Record):
    """One tool call (whole in a message, a fragment in a stream delta)."""

    __slots__ = ()

    index: int | None
    id: str | None
    type: str | None
    function: Function | None
    _children: ClassVar[dict[str, Any]] = {"function": Function}


class Message(Record):
    """A chat message; an assistant message can be appended back to `messages` as it is."""

    __slots__ = ()

    role: str
    content: str | None
    reasoning_content: str | None
    refusal: str | None
    audio: Any
    function_call: Any
    annotations: list[Any] | None
    tool_calls: list[ToolCall] | None
    tool_call_id: str | None
    name: str | None
    prefix: bool | None
    _children: ClassVar[dict[str, Any]] = {"tool_calls": [ToolCall]}

    @property
    def parsed(self) -> Any:
        """With `response_format=<model or schema>`: the validated answer (never sent back)."""
        meta: dict[str, Any] | None = getattr(self, "_meta", None)
        return None if meta is None else meta.get("parsed")


class Delta(Message):
    """The increment a stream chunk carries for one choice."""

    __slots__ = ()


ChoiceDelta = Delta


class PromptTokensDetails(Record):
    """OpenAI's spelling of cache hits."""

    __slots__ = ()

    cached_tokens: int | None
    audio_tokens: int | None


class CompletionTokensDetails(Record):
    """Breakdown of completion tokens; reasoning tokens are part of completion_tokens."""

    __slots__ = ()

    reasoning_tokens: int | None
    audio_tokens: int | None
    accepted_prediction_tokens: int | None
    rejected_prediction_tokens: int | None


class Usage(Record):
    """Token counts for one request (`prompt_tokens` includes cache hits)."""

    __slots__ = ()

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    prompt_cache_hit_tokens: int | None
    prompt_cache_miss_tokens: int | None
    prompt_tokens_details: PromptTokensDetails | None
    completion_tokens_details: CompletionTokensDetails | None
    _children: ClassVar[dict[str, Any]] = {
        "prompt_tokens_details": PromptTokensDetails,
        "completion_tokens_details": CompletionTokensDetails,
    }

    @property
    def cache_hit_tokens(self) -> int:
        """Cache hits from either spelling (DeepSeek's field first)."""
        hits = self._data.get("prompt_cache_hit_tokens")
        if hits is None:
            details = self._data.get("prompt_tokens_details") or {}
            hits = details.get("cached_tokens")
        return int(hits or 0)


class Choice(Record):
    """One choice of a chat completion."""

    __slots__ = ()

    index: int
    message: Message
    finish_reason: str | None
    logprobs: Any
    _children: ClassVar[dict[str, Any]] = {"message": Message}


class StreamChoice(Record):
    """One choice of a stream chunk."""

    __slots__ = ()

    index: int
    delta: Delta
    finish_reason: str | None
    logprobs: Any
    _children: ClassVar[dict[str, Any]] = {"delta": Delta}


class _Priced(Record, CallIds):
    """A response whose usage can be priced (`cost` is computed on first access)."""

    __slots__ = ()

    usage: Usage | None

    def raise_for_finish_reason(self, allowed: tuple[str, ...] = ("stop", "tool_calls")) -> Any:
        """Raise if a choice stopped for another reason than `allowed`; return self otherwise.

        `content_filter` raises `ContentPolicyViolationError`; `length`, `aborted`,
        `insufficient_system_resource` (and a missing finish_reason) raise
        `IncompleteResponseError`. Both carry the response as `partial_response`.
        """
        from litellm_py._finish import finish_reason_error

        error = finish_reason_error(self, allowed)
        if error is not None:
            raise error
        return self

    @property
    def answered_by(self) -> str | None:
        """The model string that produced this response (differs from the request after a
        fallback); None for responses not returned by a call."""
        meta = getattr(self, "_meta", None)
        return None if meta is None else meta.get("answered_by")

    @property
    def cache_hit(self) -> bool:
        """True when this answer came from a cache (`litellm_py.cache`, `Router(cache=...)`)."""
        meta = getattr(self, "_meta", None)
        return bool(meta and meta.get("cache_hit"))

    @property
    def provider_payload(self) -> Any:
        """The provider's JSON exactly as received; for an OpenAI-wire provider that is the
        same dict as `model_dump()`, for a translated wire (Messages API) its own shape."""
        meta = getattr(self, "_meta", None)
        payload = None if meta is None else meta.get("provider_payload")
        return self._data if payload is None else payload

    @property
    def cost(self) -> float | None:
        """USD cost of this response per the provider's dated price list, or None if unpriced;
        0.0 for an answer served from a cache."""
        from litellm_py.cost import completion_cost  # deferred: needs the model data file

        if self.cache_hit:
            return 0.0
        if self._data.get("usage") is None:
            return None
        try:
            return float(completion_cost(self))
        except ValueError:  # unknown model, or no price at `created`: cost is optional information
            return None


class ChatCompletion(_Priced):
    """A chat completion (`object == "chat.completion"`)."""

    __slots__ = ()

    id: str
    object: str
    created: int
    model: str
    system_fingerprint: str | None
    service_tier: str | None
    choices: list[Choice]
    _children: ClassVar[dict[str, Any]] = {"choices": [Choice], "usage": Usage}


ModelResponse = ChatCompletion


class ChatCompletionChunk(Record):
    """One streamed chunk (`object == "chat.completion.chunk"`)."""

    __slots__ = ()

    id: str
    object: str
    created: int
    model: str
    system_fingerprint: str | None
    service_tier: str | None
    choices: list[StreamChoice]
    usage: Usage | None
    _children: ClassVar[dict[str, Any]] = {"choices": [StreamChoice], "usage": Usage}


class TextChoice(Record):
    """One choice of a text (FIM) completion."""

    __slots__ = ()

    index: int
    text: str
    finish_reason: str | None
    logprobs: Any


class TextCompletion(_Priced):
    """A text (FIM) completion, or one chunk of a streamed one (`object == "text_completion"`)."""

    __slots__ = ()

    id: str
    object: str
    created: int
    model: str
    system_fingerprint: str | None
    choices: list[TextChoice]
    _children: ClassVar[dict[str, Any]] = {"choices": [TextChoice], "usage": Usage}
