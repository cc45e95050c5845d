"""The pure chunk accumulator shared by both stream classes and `stream_chunk_builder`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, overload

from litellm_py.types import ChatCompletion, ChatCompletionChunk, Record, TextCompletion

__all__ = ["ChunkAccumulator", "stream_chunk_builder"]

_CHUNK_ONLY = frozenset({"choices", "object", "usage"})
_KNOWN_CHOICE = frozenset({"index", "delta", "finish_reason", "logprobs", "text"})
_KNOWN_DELTA = frozenset({"role", "content", "reasoning_content", "tool_calls"})


class _ChoiceState:
    __slots__ = (
        "content",
        "extra",
        "finish_reason",
        "logprobs",
        "message_extra",
        "reasoning",
        "role",
        "text",
        "tools",
    )

    def __init__(self) -> None:
        self.role: str | None = None
        self.content: list[str] | None = None
        self.reasoning: list[str] | None = None
        self.text: list[str] | None = None
        self.tools: dict[int, dict[str, Any]] = {}
        self.finish_reason: str | None = None
        self.logprobs: dict[str, list[Any]] | None = None
        self.extra: dict[str, Any] = {}
        self.message_extra: dict[str, Any] = {}  # delta fields this module does not know


class ChunkAccumulator:
    """Folds chunk payloads (dicts) into the response a non-streamed call would have returned.

    Per chunk it keeps only what the response needs (text pieces, the last non-null top-level
    values); the joining happens in `build`. Known shapes are recognised by key-set tests, so
    a chunk's keys are walked one by one only when it carries fields this module does not know.
    """

    __slots__ = ("_choices", "_top", "chunks_seen")

    def __init__(self) -> None:
        self._top: dict[str, Any] = {}  # every top-level key: its last non-null value
        self._choices: dict[int, _ChoiceState] = {}
        self.chunks_seen = 0

    @property
    def usage(self) -> dict[str, Any] | None:
        """The last usage object received (None before any)."""
        usage: dict[str, Any] | None = self._top.get("usage")
        return usage

    @property
    def finished(self) -> bool:
        """Whether some choice has received its finish_reason."""
        return any(c.finish_reason is not None for c in self._choices.values())

    @property
    def is_text(self) -> bool:
        """Whether these are text (FIM) completion chunks."""
        return any(c.text is not None for c in self._choices.values())

    def add(self, payload: dict[str, Any]) -> None:
        """Fold one chunk payload in."""
        self.chunks_seen += 1
        top = self._top
        for key, value in payload.items():
            if value is not None or key not in top:
                top[key] = value
        states = self._choices
        for choice in payload.get("choices") or ():
            index = choice.get("index", 0)
            state = states.get(index if type(index) is int else _int(index, "choice index"))
            if state is None:
                state = states[index] = _ChoiceState()
            _add_choice(state, choice)

    def build(self) -> ChatCompletion | TextCompletion:
        """The assembled response (content, reasoning, tool calls, finish_reason, usage)."""
        text = self.is_text
        data = {key: value for key, value in self._top.items() if key not in _CHUNK_ONLY}
        data["object"] = "text_completion" if text else "chat.completion"
        build = _text_choice if text else _chat_choice
        data["choices"] = [build(i, self._choices[i]) for i in sorted(self._choices)]
        usage = self.usage
        if usage is not None:
            data["usage"] = usage
        return TextCompletion(data) if text else ChatCompletion(data)


def _int(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} is {value!r}, not an integer")
    return value


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} is {type(value).__name__}, not a string")
    return value


def _add_choice(state: _ChoiceState, choice: dict[str, Any]) -> None:
    finish_reason = choice.get("finish_reason")
    if finish_reason is not None:
        state.finish_reason = finish_reason
    if not choice.keys() <= _KNOWN_CHOICE:
        for key, value in choice.items():
            if key not in _KNOWN_CHOICE:
                state.extra[key] = value
    logprobs = choice.get("logprobs")
    if logprobs is not None and isinstance(logprobs, dict):
        merged = state.logprobs if state.logprobs is not None else {}
        for key, items in logprobs.items():
            if isinstance(items, list):
                merged.setdefault(key, []).extend(items)
        state.logprobs = merged
    if "text" in choice:
        (state.text if state.text is not None else _start(state, "text")).append(
            _str(choice["text"] or "", "text")
        )
    delta = choice.get("delta")
    if delta:
        content = delta.get("content")
        if len(delta) == 1 and type(content) is str and state.content is not None:
            state.content.append(content)  # most chunks: one more piece of text
        else:
            _add_delta(state, delta)


def _start(state: _ChoiceState, field: str) -> list[str]:
    parts: list[str] = []
    setattr(state, field, parts)
    return parts


def _add_delta(state: _ChoiceState, delta: dict[str, Any]) -> None:
    role = delta.get("role")
    if role:
        state.role = role
    content = delta.get("content")
    if content is not None:
        parts = state.content if state.content is not None else _start(state, "content")
        parts.append(content if type(content) is str else _str(content, "delta.content"))
    reasoning = delta.get("reasoning_content")
    if reasoning is not None:
        parts = state.reasoning if state.reasoning is not None else _start(state, "reasoning")
        parts.append(_str(reasoning, "delta.reasoning_content"))
    tool_calls = delta.get("tool_calls")
    if tool_calls:
        for fragment in tool_calls:
            _add_tool_fragment(state.tools, fragment)
    if not delta.keys() <= _KNOWN_DELTA:
        for key, value in delta.items():
            if key not in _KNOWN_DELTA:
                _add_unknown(state.message_extra, key, value)


def _add_unknown(extra: dict[str, Any], key: str, value: Any) -> None:
    """Keep an unknown delta field: strings concatenate, other values: the last non-null wins."""
    previous = extra.get(key)
    if isinstance(value, str) and isinstance(previous, str):
        extra[key] = previous + value
    elif value is not None or key not in extra:
        extra[key] = value


def _add_tool_fragment(tools: dict[int, dict[str, Any]], fragment: dict[str, Any]) -> None:
    index = _int(fragment.get("index", len(tools)), "tool_calls index")
    call = tools.get(index)
    if call is None:
        call = tools[index] = {
            "index": index,
            "id": None,
            "type": "function",
            "function": {"name": None, "arguments": ""},
        }
    for key, value in fragment.items():
        if key == "function":
            function = call["function"]
            if value.get("name"):
                function["name"] = value["name"]
            function["arguments"] += _str(value.get("arguments") or "", "function.arguments")
        elif key != "index" and value is not None:
            call[key] = value


def _chat_choice(index: int, state: _ChoiceState) -> dict[str, Any]:
    message: dict[str, Any] = {"role": state.role or "assistant"}
    content = "".join(state.content) if state.content is not None else None
    if content == "" and state.tools:
        content = None
    message["content"] = content
    if state.reasoning is not None:
        message["reasoning_content"] = "".join(state.reasoning)
    if state.tools:
        # Copies: the accumulator keeps appending to its own, and a build is a snapshot.
        message["tool_calls"] = [
            {**call, "function": dict(call["function"])}
            for call in (state.tools[i] for i in sorted(state.tools))
        ]
    message.update(state.message_extra)
    choice = {"index": index, "message": message, "logprobs": _logprobs_copy(state)}
    choice.update(state.extra)
    choice["finish_reason"] = state.finish_reason
    return choice


def _logprobs_copy(state: _ChoiceState) -> dict[str, list[Any]] | None:
    if state.logprobs is None:
        return None
    return {key: list(items) for key, items in state.logprobs.items()}


def _text_choice(index: int, state: _ChoiceState) -> dict[str, Any]:
    choice = {"index": index, "text": "".join(state.text or ()), "logprobs": _logprobs_copy(state)}
    choice.update(state.extra)
    choice["finish_reason"] = state.finish_reason
    return choice


@overload
def stream_chunk_builder(
    chunks: Iterable[ChatCompletionChunk], messages: Sequence[Any] | None = None
) -> ChatCompletion: ...
@overload
def stream_chunk_builder(
    chunks: Iterable[TextCompletion], messages: Sequence[Any] | None = None
) -> TextCompletion: ...
@overload
def stream_chunk_builder(  # dicts: chat or text, by content
    chunks: Iterable[Any], messages: Sequence[Any] | None = None
) -> Any: ...
def stream_chunk_builder(
    chunks: Iterable[Any], messages: Sequence[Any] | None = None
) -> ChatCompletion | TextCompletion:
    """Assemble streamed chunks (objects or dicts) into one normal response.

    Args:
        chunks: the chunks of one stream, in order.
        messages: the request's messages (LiteLLM's spelling); when no chunk carried usage,
            the usage is estimated from them and the assembled text.

    Returns:
        The response a non-streamed call would have returned: joined content and
        reasoning_content, tool calls merged by index, finish_reason and usage.
    """
    accumulator = ChunkAccumulator()
    for chunk in chunks:
        accumulator.add(chunk._data if isinstance(chunk, Record) else chunk)
    response = accumulator.build()
    if messages is not None and response.get("usage") is None:
        from litellm_py._litellm_spellings import estimate_usage

        response["usage"] = estimate_usage(response, messages)
    return response
