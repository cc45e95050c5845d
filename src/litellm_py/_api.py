"""The call entry points: resolve "<provider>/<model>", gather the call, hand it to the provider.

No provider knowledge lives here; every function has an async twin with the same parameters.
"""

from __future__ import annotations

from collections.abc import Awaitable
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, overload

from litellm_py._cache_hook import BYPASS, arun_cached, prepare_cache, run_cached
from litellm_py._fallbacks import Candidate, FallbackPlan, final_error, mark_answered
from litellm_py._observe import aobserved, arun, fell_back, observed, run
from litellm_py._prepare import prepare_call
from litellm_py._registry import resolve_model, with_provider
from litellm_py._validate import is_structured
from litellm_py.exceptions import APIError

if TYPE_CHECKING:
    from litellm_py._observer import Observer
    from litellm_py.streaming import AsyncStream, Stream
    from litellm_py.types import ChatCompletion, ChatCompletionChunk, TextCompletion

__all__ = [
    "achat",
    "acompletion",
    "atext_completion",
    "chat",
    "completion",
    "get_supported_openai_params",
    "prepare_call",
    "text_completion",
]


# Closures are built with `partial`, not lambdas: a lambda makes every variable it names a cell
# for the whole call, so a call would hold more objects while it waits on the network.


# The overloads give type checkers the result type from `stream` (see API.md §11); the
# implementations take `**params` so that `completion(**config)` keeps working.
@overload
def completion(
    model: str, messages: list[Any], *, stream: Literal[False] | None = None, **params: Any
) -> ChatCompletion: ...
@overload
def completion(
    model: str, messages: list[Any], *, stream: Literal[True], **params: Any
) -> Stream[ChatCompletionChunk]: ...
@overload
def completion(
    model: str, messages: list[Any], *, stream: bool, **params: Any
) -> ChatCompletion | Stream[ChatCompletionChunk]: ...
@overload
def completion(model: str, messages: list[Any], **params: Any) -> Any: ...  # `**config` dicts
def completion(model: str, messages: list[Any], **params: Any) -> Any:
    """Call a chat model; see `litellm_py.completion` for the parameters."""
    if is_structured(params):
        from litellm_py import structured

        return structured.complete(model, messages, params)
    return chat(model, messages, params)


def chat(model: str, messages: list[Any], params: dict[str, Any]) -> Any:
    """`completion` after the structured-output layer: mock, fallbacks, the provider call."""
    return observed("chat", model, params, messages, partial(_chat, model, messages, params))


def _chat(
    model: str, messages: list[Any], params: dict[str, Any], cid: str, observer: Observer | None
) -> Any:
    if params.get("mock_response") is not None:
        run(observer.request(None) if observer else [])
        from litellm_py._mock import mock_answer

        return mock_answer(model, messages, params, is_async=False)
    params.pop("mock_response", None)
    cached = prepare_cache(params, None, "chat", model, {"messages": messages})
    if cached is not None:
        return run_cached(cached, partial(chat, model, messages, {**params, "cache": BYPASS}))
    plan = FallbackPlan(model, params)
    errors: list[tuple[str, APIError]] = []
    candidate: Candidate | None = plan.first
    while candidate is not None:
        try:
            provider, call = prepare_call(
                "chat", candidate.model, candidate.params(params), messages, cid, observer
            )
            if observer is not None:
                run(observer.request(call))
            return mark_answered(provider.send(call), candidate.model, errors)
        except APIError as exc:
            errors.append((candidate.model, exc))
            candidate = plan.next_after(candidate, exc)
            if candidate is not None:
                run(fell_back(exc, candidate.model, cid, observer))
    raise final_error(errors)


@overload
async def acompletion(
    model: str, messages: list[Any], *, stream: Literal[False] | None = None, **params: Any
) -> ChatCompletion: ...
@overload
async def acompletion(
    model: str, messages: list[Any], *, stream: Literal[True], **params: Any
) -> AsyncStream[ChatCompletionChunk]: ...
@overload
async def acompletion(
    model: str, messages: list[Any], *, stream: bool, **params: Any
) -> ChatCompletion | AsyncStream[ChatCompletionChunk]: ...
@overload
async def acompletion(
    model: str, messages: list[Any], **params: Any
) -> Any: ...  # `**config` dicts
async def acompletion(model: str, messages: list[Any], **params: Any) -> Any:
    """Async twin of `completion`."""
    if is_structured(params):
        from litellm_py import structured

        return await structured.acomplete(model, messages, params)
    return await achat(model, messages, params)


def achat(model: str, messages: list[Any], params: dict[str, Any]) -> Awaitable[Any]:
    """Async twin of `chat` (returns the observed call's coroutine: one layer fewer to await)."""
    return aobserved("chat", model, params, messages, partial(_achat, model, messages, params))


async def _achat(
    model: str, messages: list[Any], params: dict[str, Any], cid: str, observer: Observer | None
) -> Any:
    if params.get("mock_response") is not None:
        await arun(observer.request(None) if observer else [])
        from litellm_py._mock import mock_answer

        return mock_answer(model, messages, params, is_async=True)
    params.pop("mock_response", None)
    cached = prepare_cache(params, None, "chat", model, {"messages": messages})
    if cached is not None:
        bypass = {**params, "cache": BYPASS}
        return await arun_cached(cached, partial(achat, model, messages, bypass))
    plan = FallbackPlan(model, params)
    errors: list[tuple[str, APIError]] = []
    candidate: Candidate | None = plan.first
    while candidate is not None:
        try:
            provider, call = prepare_call(
                "chat", candidate.model, candidate.params(params), messages, cid, observer
            )
            if observer is not None:
                await arun(observer.request(call))
            return mark_answered(await provider.asend(call), candidate.model, errors)
        except APIError as exc:
            errors.append((candidate.model, exc))
            candidate = plan.next_after(candidate, exc)
            if candidate is not None:
                await arun(fell_back(exc, candidate.model, cid, observer))
    raise final_error(errors)


@overload
def text_completion(
    model: str,
    prompt: str,
    suffix: str | None = None,
    *,
    stream: Literal[False] | None = None,
    **params: Any,
) -> TextCompletion: ...
@overload
def text_completion(
    model: str, prompt: str, suffix: str | None = None, *, stream: Literal[True], **params: Any
) -> Stream[TextCompletion]: ...
@overload
def text_completion(
    model: str, prompt: str, suffix: str | None = None, *, stream: bool, **params: Any
) -> TextCompletion | Stream[TextCompletion]: ...
@overload
def text_completion(
    model: str, prompt: str, suffix: str | None = None, **params: Any
) -> Any: ...  # `**config` dicts
def text_completion(model: str, prompt: str, suffix: str | None = None, **params: Any) -> Any:
    """FIM completion: the model writes what goes between `prompt` and `suffix`.

    Returns a `TextCompletion` (`resp.choices[0].text`), or a stream with `stream=True`.
    """

    def send(cid: str, observer: Observer | None) -> Any:
        if params.get("mock_response") is not None:
            run(observer.request(None) if observer else [])
            from litellm_py._mock import mock_answer

            return mock_answer(model, prompt, params, is_async=False, endpoint="text")
        params.pop("mock_response", None)
        cached = prepare_cache(params, None, "text", model, {"prompt": prompt, "suffix": suffix})
        if cached is not None:
            retry = {**params, "cache": BYPASS}
            return run_cached(cached, lambda: text_completion(model, prompt, suffix, **retry))
        fim = {**params, "prompt": prompt, "suffix": suffix}
        provider, call = prepare_call("text", model, fim, None, cid, observer)
        run(observer.request(call) if observer else [])
        return provider.send(call)

    return observed("text", model, params, prompt, send)


@overload
async def atext_completion(
    model: str,
    prompt: str,
    suffix: str | None = None,
    *,
    stream: Literal[False] | None = None,
    **params: Any,
) -> TextCompletion: ...
@overload
async def atext_completion(
    model: str, prompt: str, suffix: str | None = None, *, stream: Literal[True], **params: Any
) -> AsyncStream[TextCompletion]: ...
@overload
async def atext_completion(
    model: str, prompt: str, suffix: str | None = None, *, stream: bool, **params: Any
) -> TextCompletion | AsyncStream[TextCompletion]: ...
@overload
async def atext_completion(
    model: str, prompt: str, suffix: str | None = None, **params: Any
) -> Any: ...  # `**config` dicts
async def atext_completion(
    model: str, prompt: str, suffix: str | None = None, **params: Any
) -> Any:
    """Async twin of `text_completion`."""

    async def send(cid: str, observer: Observer | None) -> Any:
        if params.get("mock_response") is not None:
            await arun(observer.request(None) if observer else [])
            from litellm_py._mock import mock_answer

            return mock_answer(model, prompt, params, is_async=True, endpoint="text")
        params.pop("mock_response", None)
        cached = prepare_cache(params, None, "text", model, {"prompt": prompt, "suffix": suffix})
        if cached is not None:
            again = {**params, "cache": BYPASS}
            ask = lambda: atext_completion(model, prompt, suffix, **again)  # noqa: E731
            return await arun_cached(cached, ask)
        fim = {**params, "prompt": prompt, "suffix": suffix}
        provider, call = prepare_call("text", model, fim, None, cid, observer)
        await arun(observer.request(call) if observer else [])
        return await provider.asend(call)

    return await aobserved("text", model, params, prompt, send)


def get_supported_openai_params(model: str, custom_llm_provider: str | None = None) -> list[str]:
    """The OpenAI-style per-call parameters `model` accepts (LiteLLM's `custom_llm_provider=`
    names the provider of a bare id)."""
    provider, model_id = resolve_model(with_provider(model, custom_llm_provider))
    return provider.supported_params(model_id)
