"""FIM (fill in the middle): the model writes the code between a prefix and a suffix.

Run: python examples/fim.py (offline against the bundled server without DEEPSEEK_API_KEY).
"""

from __future__ import annotations

from _endpoint import deepseek_endpoint

import litellm_py


def main() -> None:
    with deepseek_endpoint() as endpoint:
        resp = litellm_py.text_completion(
            "deepseek/deepseek-flash",
            "def fib(a):\n",
            suffix="    return fib(a-1) + fib(a-2)",
            max_tokens=128,
            **endpoint,
        )
        print("middle:", resp.choices[0].text)
        print("finish:", resp.choices[0].finish_reason, "| tokens:", resp.usage.total_tokens)
    litellm_py.close()


if __name__ == "__main__":
    main()
