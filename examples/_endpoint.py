"""Shared by the examples: the real API when DEEPSEEK_API_KEY is set, else the bundled server."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from litellm_py.testing import DeepSeekTestServer


@contextlib.contextmanager
def deepseek_endpoint() -> Iterator[dict[str, str]]:
    """Arguments for api.deepseek.com, or for a local test server when there is no key."""
    if os.environ.get("DEEPSEEK_API_KEY"):
        print("Using api.deepseek.com (DEEPSEEK_API_KEY is set)")
        yield {}
        return
    with DeepSeekTestServer() as server:
        print(f"No DEEPSEEK_API_KEY: using the bundled test server at {server.url}")
        yield {"api_base": server.url, "api_key": server.api_key}
