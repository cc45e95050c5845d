"""`timeout` is a total deadline of one attempt, even while keep-alive lines keep arriving."""

from __future__ import annotations

import time

import pytest

import litellm_py
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import call_completion

MESSAGES = [{"role": "user", "content": "hi"}]


async def test_keepalive_blank_lines_before_json_parse(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(content="after the wait", keepalives=5, keepalive_interval=0.01))
    resp = await call_completion(
        mode, model="deepseek/deepseek-flash", messages=MESSAGES,
        api_base=server.url, api_key=server.api_key,
    )  # fmt: skip
    assert resp.choices[0].message.content == "after the wait"


async def test_deadline_fires_while_keepalives_flow(mode: str, server: DeepSeekTestServer) -> None:
    auth = {"api_base": server.url, "api_key": server.api_key}
    await call_completion(mode, model="deepseek/deepseek-flash", messages=MESSAGES, **auth)
    server.enqueue(Reply(fault="keepalive_forever", keepalive_interval=0.05))
    started = time.monotonic()  # on a warm pool: the first call's setup is not timed
    with pytest.raises(litellm_py.APITimeoutError, match="timed out"):
        await call_completion(
            mode, model="deepseek/deepseek-flash", messages=MESSAGES, timeout=0.5,
            num_retries=0, **auth,
        )  # fmt: skip
    elapsed = time.monotonic() - started
    # The deadline, not a per-read timeout that never fires (the server would go on forever);
    # ten times the deadline as the upper bound, for a loaded machine under coverage.
    assert 0.45 <= elapsed < 5.0, elapsed
    assert len(server.requests) == 2


async def test_timeout_is_retried_per_attempt(
    mode: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(Reply(fault="keepalive_forever", keepalive_interval=0.05))
    server.enqueue(Reply(content="second attempt"))
    # The first attempt uses up its whole timeout; the second, given a fresh one, has all of it
    # to answer: generous, since a loaded machine must not make a healthy answer late.
    resp = await call_completion(
        mode, model="deepseek/deepseek-flash", messages=MESSAGES, timeout=2.0,
        num_retries=1, api_base=server.url, api_key=server.api_key,
    )  # fmt: skip
    assert resp.choices[0].message.content == "second attempt"
    assert len(server.requests) == 2
    assert len(sleeps) == 1


async def test_silent_server_times_out(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(content="late", delay=2.0))
    with pytest.raises(litellm_py.APITimeoutError):
        await call_completion(
            mode, model="deepseek/deepseek-flash", messages=MESSAGES, timeout=0.3,
            num_retries=0, api_base=server.url, api_key=server.api_key,
        )  # fmt: skip
