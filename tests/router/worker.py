"""A worker process for the multi-process router tests: N concurrent calls through a Router
that shares its state through Redis; prints one JSON line with the outcome.

Run as `python -m tests.router.worker '<json options>'`.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from litellm_py import Router


async def run(options: dict[str, Any]) -> dict[str, Any]:
    params = {"model": "deepseek/deepseek-flash", "api_base": options["api_base"]}
    params["api_key"] = options["api_key"]
    router = Router(
        model_list=[{"model_name": "fast", "litellm_params": params}],
        redis_url=options["redis_url"],
        account_limits={"deepseek": options["limit"]},
        redis_failure="closed",
        redis_timeout=30.0,  # a loaded CI machine must not turn into a Redis outage
        num_retries=0,
        lease_ttl=options.get("lease_ttl"),
    )
    messages = [{"role": "user", "content": "Hi"}]
    calls = [
        router.acompletion(model="fast", messages=messages, timeout=options["timeout"])
        for _ in range(options["calls"])
    ]
    print(json.dumps({"started": True}), flush=True)
    results = await asyncio.gather(*calls, return_exceptions=True)
    await router.aclose()
    errors = [f"{type(r).__name__}: {r}" for r in results if isinstance(r, BaseException)]
    return {"ok": len(results) - len(errors), "errors": errors[:5]}


def main() -> None:
    outcome = asyncio.run(run(json.loads(sys.argv[1])))
    print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main()
