"""Helpers of the observability tests (fixtures are in conftest.py)."""

from __future__ import annotations

from typing import Any

import litellm_py
from litellm_py.testing import DeepSeekTestServer

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Hi"}]


def auth(server: DeepSeekTestServer) -> dict[str, Any]:
    """The arguments pointing a call at the loopback server."""
    return {"api_base": server.url, "api_key": server.api_key}


async def call(flavour: str, **kwargs: Any) -> Any:
    """`completion` or `await acompletion`, per flavour."""
    if flavour == "sync":
        return litellm_py.completion(**kwargs)
    return await litellm_py.acompletion(**kwargs)


async def drain(flavour: str, stream: Any, limit: int | None = None) -> list[Any]:
    """Read a stream (at most `limit` chunks, then close it) inside its context manager."""
    chunks: list[Any] = []
    if flavour == "sync":
        with stream:
            for chunk in stream:
                chunks.append(chunk)
                if limit is not None and len(chunks) >= limit:
                    break
    else:
        async with stream:
            async for chunk in stream:
                chunks.append(chunk)
                if limit is not None and len(chunks) >= limit:
                    break
    return chunks
