"""Token counts before sending, with DeepSeek V4's real vocabulary (needs the tokenizer extra).

Run: pip install 'litellm_py[tokenizer]' && python examples/tokens.py
"""

from __future__ import annotations

import litellm_py

MODEL = "deepseek/deepseek-flash"


def main() -> None:
    messages = [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Explain context caching in one paragraph."},
    ]
    prompt_tokens = litellm_py.token_counter(MODEL, messages=messages)
    print("prompt tokens:", prompt_tokens)
    tools = [
        {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object"}}}
    ]
    with_tools = litellm_py.token_counter(MODEL, messages=messages, tools=tools)
    print("with one tool (the template's tools section):", with_tools)
    ids = litellm_py.encode(MODEL, "Hello, DeepSeek!")
    print("ids:", ids, "->", repr(litellm_py.decode(MODEL, ids)))
    prompt_usd, _ = litellm_py.cost_per_token(
        MODEL, prompt_tokens=prompt_tokens, completion_tokens=0
    )
    print(f"prompt cost at today's price: ${prompt_usd:.8f}")


if __name__ == "__main__":
    main()
