"""Quickstart: one chat completion, one stream, and what the call cost.

Uses api.deepseek.com when DEEPSEEK_API_KEY is set; otherwise the bundled loopback server from
`litellm_py.testing`, so it runs offline. Run: python examples/quickstart.py
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import litellm_py
from litellm_py.testing import DeepSeekTestServer


@contextlib.contextmanager
def deepseek_endpoint() -> Iterator[dict[str, str]]:
    """Connection arguments for the real API, or for a local test server when there is no key."""
    if os.environ.get("DEEPSEEK_API_KEY"):
        print("Using api.deepseek.com (DEEPSEEK_API_KEY is set)")
        yield {}
        return
    with DeepSeekTestServer() as server:
        print(f"No DEEPSEEK_API_KEY: using the bundled test server at {server.url}")
        yield {"api_base": server.url, "api_key": server.api_key}


def main() -> None:
    with deepseek_endpoint() as endpoint:
        messages = [{"role": "user", "content": "In one sentence, what is a context window?"}]
        resp = litellm_py.completion(model="deepseek/deepseek-flash", messages=messages, **endpoint)
        message = resp.choices[0].message
        print("answer:   ", message.content)
        print("reasoning:", (message.reasoning_content or "")[:80])
        print("tokens:   ", resp.usage.prompt_tokens, "in /", resp.usage.completion_tokens, "out")
        print(f"cost:      ${resp.cost:.8f}")

        print("stream:   ", end=" ", flush=True)
        stream = litellm_py.completion(
            model="deepseek/deepseek-flash", messages=messages, stream=True, **endpoint
        )
        with stream:
            for chunk in stream:
                if chunk.choices and chunk.choices[0].delta.content:
                    print(chunk.choices[0].delta.content, end="", flush=True)
        print()
    litellm_py.close()


if __name__ == "__main__":
    main()
