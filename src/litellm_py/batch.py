"""`batch_completion`: many chat calls at bounded concurrency, results in input order.

One failure never loses the others' results: an error takes the place of its response.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from litellm_py.exceptions import UnsupportedParamsError

__all__ = ["DEFAULT_MAX_CONCURRENCY", "abatch_completion", "batch_completion"]

DEFAULT_MAX_CONCURRENCY = 8


def _plan(messages: Sequence[Any], params: dict[str, Any]) -> tuple[list[Any], int]:
    """Validate a batch; return the conversations and the concurrency bound (no I/O)."""
    if isinstance(messages, (str, bytes)) or not isinstance(messages, Sequence):
        raise UnsupportedParamsError(
            "batch_completion: messages must be a list of conversations (a list of message lists)",
            param="messages",
        )
    conversations = list(messages)
    for position, conversation in enumerate(conversations):
        if not isinstance(conversation, list):
            raise UnsupportedParamsError(
                f"batch_completion: messages[{position}] must be a list of messages, got "
                f"{type(conversation).__name__}; wrap a single conversation as [messages]",
                param="messages",
            )
    if params.get("stream"):
        raise UnsupportedParamsError(
            "batch_completion returns complete responses; drop stream=True "
            "(or call completion(..., stream=True) per conversation)",
            param="stream",
        )
    limit = params.pop("max_concurrency", None)
    workers = params.pop("max_workers", None)
    bound = limit if limit is not None else workers
    bound = DEFAULT_MAX_CONCURRENCY if bound is None else bound
    if not isinstance(bound, int) or isinstance(bound, bool) or bound < 1:
        raise UnsupportedParamsError(
            f"batch_completion: max_concurrency must be a positive int, got {bound!r}",
            param="max_concurrency",
        )
    return conversations, bound


def _in_place(call: Callable[[], Any]) -> Any:
    """The call's result, or the exception it raised (so one failure loses nothing else)."""
    try:
        return call()
    except Exception as exc:  # errors are results here, in their input slot
        return exc


def batch_completion(model: str, messages: Sequence[list[Any]], **params: Any) -> list[Any]:
    """Send one chat call per conversation, at most `max_concurrency` (default 8) at a time.

    Args:
        model: "<provider>/<model>", as for `completion`.
        messages: a list of conversations; each is the `messages` of one `completion` call.
        **params: `completion` parameters applied to every call, plus `max_concurrency`
            (LiteLLM's `max_workers` also works).

    Returns:
        One entry per conversation, in input order: the response, or the exception that call raised.
    """
    from litellm_py._api import completion

    conversations, bound = _plan(messages, params)
    with ThreadPoolExecutor(max_workers=min(bound, max(len(conversations), 1))) as pool:
        futures = [
            pool.submit(_in_place, partial(completion, model, c, **params)) for c in conversations
        ]
        return [future.result() for future in futures]


async def abatch_completion(model: str, messages: Sequence[list[Any]], **params: Any) -> list[Any]:
    """Async twin of `batch_completion` (an `asyncio.Semaphore` bounds the calls in flight)."""
    from litellm_py._api import acompletion

    conversations, bound = _plan(messages, params)
    gate = asyncio.Semaphore(bound)

    async def one(conversation: list[Any]) -> Any:
        async with gate:
            try:
                return await acompletion(model, conversation, **params)
            except Exception as exc:  # errors are results, in their input slot
                return exc

    return list(await asyncio.gather(*(one(c) for c in conversations)))
