"""Quickstart: one chat completion, one stream, and what the call cost.

Uses api.deepseek.com when DEEPSEEK_API_KEY is set; otherwise the bundled loopback server from
`litellm_py.testing`, so it runs offline. Run: python examples/quickstart.py
"""

from __future__ import annotations

from _endpoint import deepseek_endpoint

import litellm_py


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
