"""Helpers for the router tests."""

from __future__ import annotations

from typing import Any

from litellm_py.testing import DeepSeekTestServer

MESSAGES = [{"role": "user", "content": "Hi"}]


def deployment(
    server: DeepSeekTestServer, dep_id: str, name: str = "fast", **limits: Any
) -> dict[str, Any]:
    """A model_list entry pointing at a loopback server."""
    params = {"model": "deepseek/deepseek-flash", "api_base": server.url, "api_key": server.api_key}
    info = {"id": dep_id}
    return {"model_name": name, "litellm_params": {**params, **limits}, "model_info": info}


async def routed(mode: str, router: Any, model: str = "fast", **kwargs: Any) -> Any:
    """`router.completion` or `await router.acompletion`."""
    kwargs.setdefault("messages", MESSAGES)
    if mode == "sync":
        return router.completion(model=model, **kwargs)
    return await router.acompletion(model=model, **kwargs)


async def drain(mode: str, stream: Any) -> list[Any]:
    """Every chunk of a stream, read inside `with` / `async with`."""
    if mode == "sync":
        with stream:
            return list(stream)
    async with stream:
        return [chunk async for chunk in stream]


async def close(mode: str, stream: Any) -> None:
    """Close a stream without reading it."""
    if mode == "sync":
        stream.close()
    else:
        await stream.aclose()
