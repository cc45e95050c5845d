"""Provider-neutral response and message types: lossless views over the wire JSON.

Each object wraps the decoded JSON dict it came from, so every field the server sent stays
readable (by attribute and by key) and comes back unchanged from `model_dump()`, unknown fields
included. They are plain classes rather than pydantic models: wrapping costs nothing per chunk
and keeps pydantic off the import and call path (see README, "Performance").
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any, ClassVar

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

_MISSING = object()


class Record:
    """A JSON object with attribute access, dict access and `model_dump()`.

    Subclasses declare the fields they know as annotations (for type checkers and readers) and
    list in `_children` which keys hold nested records (a class, or a one-element list of a class
    for arrays). Undeclared keys stay readable by attribute and by key.
    """

    __slots__ = ("_cache", "_data", "_meta")
    _children: ClassVar[dict[str, Any]] = {}

    def __init__(self, _data: dict[str, Any] | None = None, /, **fields: Any) -> None:
        data = {} if _data is None else _data
        for key, value in fields.items():
            data[key] = to_jsonable(value)
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_cache", None)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = self._lookup(name, _MISSING)
        if value is _MISSING:
            if name in _declared_fields(type(self)):
                return None
            raise AttributeError(f"{type(self).__name__!s} has no field {name!r}")
        return value

    def _lookup(self, name: str, default: Any) -> Any:
        cache = self._cache
        if cache is not None and name in cache:
            return cache[name]
        data = self._data
        if name not in data:
            return default
        raw = data[name]
        kind = self._children.get(name)
        if kind is None or raw is None:
            return raw
        if isinstance(kind, list):
            value: Any = [kind[0](item) if isinstance(item, dict) else item for item in raw]
        else:
            value = kind(raw) if isinstance(raw, dict) else raw
        if cache is None:
            cache = {}
            object.__setattr__(self, "_cache", cache)
        cache[name] = value
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        if name in Record.__slots__:  # library bookkeeping (`_meta`), never wire data
            object.__setattr__(self, name, value)
            return
        self._data[name] = to_jsonable(value)
        if self._cache is not None:
            self._cache.pop(name, None)

    def __delattr__(self, name: str) -> None:
        self.__delitem__(name)

    def __getitem__(self, key: str) -> Any:
        value = self._lookup(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        self.__setattr__(key, value)

    def __delitem__(self, key: str) -> None:
        del self._data[key]
        if self._cache is not None:
            self._cache.pop(key, None)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: str, default: Any = None) -> Any:
        """The field's value, or `default` when the server did not send it."""
        return self._lookup(key, default)

    def keys(self) -> Any:
        """The field names the object holds, in wire order."""
        return self._data.keys()

    def items(self) -> Iterator[tuple[str, Any]]:
        """(name, value) pairs, nested objects wrapped."""
        for key in self._data:
            yield key, self._lookup(key, None)

    def model_dump(self, *, exclude_none: bool = False) -> dict[str, Any]:
        """A deep, JSON-ready copy of the object: exactly the fields it holds."""
        data: dict[str, Any] = copy.deepcopy(self._data)
        return _drop_none(data) if exclude_none else data

    def model_dump_json(self, *, indent: int | None = None) -> str:
        """`model_dump()` serialised as JSON."""
        return json.dumps(self._data, ensure_ascii=False, indent=indent)

    to_dict = model_dump

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return bool(self._data == other._data)
        if isinstance(other, dict):
            return bool(self._data == other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.items())
        return f"{type(self).__name__}({fields})"

    def __copy__(self) -> Record:
        return type(self)(dict(self._data))

    def __deepcopy__(self, memo: dict[int, Any]) -> Record:
        return type(self)(copy.deepcopy(self._data, memo))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._data,))


def _declared_fields(cls: type) -> frozenset[str]:
    cached = cls.__dict__.get("_declared")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    names: set[str] = set()
    for klass in cls.__mro__:
        names.update(getattr(klass, "__annotations__", {}))
    result = frozenset(n for n in names if not n.startswith("_"))
    type.__setattr__(cls, "_declared", result)
    return result


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def to_jsonable(value: Any) -> Any:
    """Unwrap records (at any depth) into the plain JSON values they hold."""
    if isinstance(value, Record):
        return value._data
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


class Function(Record):
    """The function a tool call invokes; `arguments` is a JSON string."""

    name: str | None
    arguments: str | None


class ToolCall(Record):
    """One tool call (whole in a message, a fragment in a stream delta)."""

    index: int | None
    id: str | None
    type: str | None
    function: Function | None
    _children: ClassVar[dict[str, Any]] = {"function": Function}


class Message(Record):
    """A chat message; an assistant message can be appended back to `messages` as it is."""

    role: str
    content: Any
    reasoning_content: str | None
    tool_calls: list[ToolCall] | None
    tool_call_id: str | None
    name: str | None
    prefix: bool | None
    _children: ClassVar[dict[str, Any]] = {"tool_calls": [ToolCall]}


class Delta(Message):
    """The increment a stream chunk carries for one choice."""


ChoiceDelta = Delta


class PromptTokensDetails(Record):
    """OpenAI's spelling of cache hits."""

    cached_tokens: int | None


class CompletionTokensDetails(Record):
    """Breakdown of completion tokens; reasoning tokens are part of completion_tokens."""

    reasoning_tokens: int | None


class Usage(Record):
    """Token counts for one request (`prompt_tokens` includes cache hits)."""

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

    index: int
    message: Message
    finish_reason: str | None
    logprobs: Any
    _children: ClassVar[dict[str, Any]] = {"message": Message}


class StreamChoice(Record):
    """One choice of a stream chunk."""

    index: int
    delta: Delta
    finish_reason: str | None
    logprobs: Any
    _children: ClassVar[dict[str, Any]] = {"delta": Delta}


class _Priced(Record):
    """A response whose usage can be priced (`cost` is computed on first access)."""

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
    def cost(self) -> float | None:
        """USD cost of this response per the provider's dated price list, or None if unpriced."""
        from litellm_py.cost import completion_cost  # deferred: needs the model data file

        if self._data.get("usage") is None:
            return None
        try:
            return float(completion_cost(self))
        except Exception:  # an unknown model has no price list; cost is optional information
            return None


class ChatCompletion(_Priced):
    """A chat completion (`object == "chat.completion"`)."""

    id: str
    object: str
    created: int
    model: str
    system_fingerprint: str | None
    choices: list[Choice]
    _children: ClassVar[dict[str, Any]] = {"choices": [Choice], "usage": Usage}


ModelResponse = ChatCompletion


class ChatCompletionChunk(Record):
    """One streamed chunk (`object == "chat.completion.chunk"`)."""

    id: str
    object: str
    created: int
    model: str
    system_fingerprint: str | None
    choices: list[StreamChoice]
    usage: Usage | None
    _children: ClassVar[dict[str, Any]] = {"choices": [StreamChoice], "usage": Usage}


class TextChoice(Record):
    """One choice of a text (FIM) completion."""

    index: int
    text: str
    finish_reason: str | None
    logprobs: Any


class TextCompletion(_Priced):
    """A text (FIM) completion, or one chunk of a streamed one (`object == "text_completion"`)."""

    id: str
    object: str
    created: int
    model: str
    system_fingerprint: str | None
    choices: list[TextChoice]
    _children: ClassVar[dict[str, Any]] = {"choices": [TextChoice], "usage": Usage}
