"""Stream a chat completion: print reasoning and answer tokens as they arrive, then the usage.

Uses api.deepseek.com when DEEPSEEK_API_KEY is set; otherwise the bundled loopback server from
`litellm_py.testing`, so it runs offline. Run: python examples/stream.py
"""

from __future__ import annotations

from typing import Any

from _endpoint import deepseek_endpoint

import litellm_py

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "In two sentences, why do LLM APIs stream tokens?"}]


def print_delta(delta: Any, phase: str | None) -> str | None:
    """Print one delta's text under a "thinking" / "answer" heading; returns the current phase."""
    for name, text in (("thinking", delta.reasoning_content), ("answer", delta.content)):
        if text:
            if name != phase:
                print(f"\n[{name}] ", end="")
                phase = name
            print(text, end="", flush=True)
    return phase


def print_summary(response: Any) -> None:
    """The assembled response's finish reason, token usage and cost."""
    usage = response.usage
    reasoning = (usage.completion_tokens_details or {}).get("reasoning_tokens", 0)
    print(f"\n\nfinish:  {response.choices[0].finish_reason}")
    print(f"tokens:  {usage.prompt_tokens} in ({usage.cache_hit_tokens} cached) / "
          f"{usage.completion_tokens} out ({reasoning} reasoning)")  # fmt: skip
    if response.cost is not None:
        print(f"cost:    ${response.cost:.8f}")


def main() -> None:
    with deepseek_endpoint() as endpoint:
        stream = litellm_py.completion(model=MODEL, messages=MESSAGES, stream=True, **endpoint)
        phase = None
        with stream:  # closing always releases the connection, even on an early break
            for chunk in stream:
                if chunk.choices:  # a trailing usage-only chunk has none
                    phase = print_delta(chunk.choices[0].delta, phase)
            response = stream.get_final_response()  # everything above, assembled
        print_summary(response)
    litellm_py.close()


if __name__ == "__main__":
    main()
