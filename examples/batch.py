"""Batch: several conversations at bounded concurrency; results (or errors) in input order.

Uses api.deepseek.com when DEEPSEEK_API_KEY is set, else the bundled test server.
Run: python examples/batch.py
"""

from __future__ import annotations

from _endpoint import deepseek_endpoint

import litellm_py


def main() -> None:
    questions = ["What is 2 + 2?", "Name a prime above 10.", "Spell 'cat' backwards."]
    batch = [[{"role": "user", "content": q}] for q in questions]
    with deepseek_endpoint() as endpoint:
        results = litellm_py.batch_completion(
            "deepseek/deepseek-flash", batch, max_concurrency=2, thinking=False, **endpoint
        )
    for question, result in zip(questions, results, strict=True):
        if isinstance(result, Exception):
            print(f"{question!r} failed: {type(result).__name__}: {result}")
        else:
            print(f"{question!r} -> {result.choices[0].message.content}")
    litellm_py.close()


if __name__ == "__main__":
    main()
