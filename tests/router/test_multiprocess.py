"""Many processes, one account: Routers in 8 processes share an account limit through Redis;
a process SIGKILLed while holding slots cannot keep them past their lease.

The assertions count (peak in flight on the server, successes, 429s); none depends on speed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import redis

from litellm_py.testing import DeepSeekTestServer, Reply

ROOT = Path(__file__).resolve().parents[2]
GENEROUS = 240.0  # seconds: a bound for a loaded CI machine, never a measured expectation
LEASE = 10.0


def spawn(backend: str, **options: Any) -> subprocess.Popen[str]:
    options.setdefault("timeout", GENEROUS)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    env["LITELLM_PY_HTTP_BACKEND"] = backend
    return subprocess.Popen(
        [sys.executable, "-m", "tests.router.worker", json.dumps(options)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def outcome(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = proc.communicate(timeout=GENEROUS)
    assert proc.returncode == 0, err[-2000:]
    return dict(json.loads(out.strip().splitlines()[-1]))


@pytest.fixture(params=["httpx", "aiohttp"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "aiohttp":
        pytest.importorskip("aiohttp")
    return str(request.param)


def test_eight_processes_never_exceed_the_shared_account_limit(
    backend: str, redis_url: str
) -> None:
    with DeepSeekTestServer(max_in_flight=20) as server:
        # Each answer is held 0.1 s: with 400 calls gathered at once in 8 processes, requests
        # overlap on the server however slowly the processes run (peak > 1 below).
        server.enqueue(Reply(delay=0.1, repeat=400))
        options = {"api_base": server.url, "api_key": server.api_key, "redis_url": redis_url}
        workers = [spawn(backend, **options, calls=50, limit=20) for _ in range(8)]
        results = [outcome(w) for w in workers]
        assert [r["errors"] for r in results] == [[]] * 8
        assert sum(r["ok"] for r in results) == 400
        assert len(server.requests) == 400
        assert server.in_flight.refused == 0  # no 429 reached the server's limit
        assert server.in_flight.peak <= 20
        assert server.in_flight.peak > 1  # the calls did run concurrently


def test_slots_of_a_killed_process_lapse_and_the_others_finish(
    backend: str, redis_url: str
) -> None:
    with DeepSeekTestServer(max_in_flight=5 + 5) as server:
        # The first 5 requests (the victim's) hang; everything after answers at once.
        server.enqueue(Reply(delay=GENEROUS, repeat=5), Reply(repeat=20))
        options = {"api_base": server.url, "api_key": server.api_key, "redis_url": redis_url}
        # The victim's calls would wait "forever"; its slots are leases of LEASE seconds.
        victim = spawn(backend, **options, calls=5, limit=5, timeout=GENEROUS, lease_ttl=LEASE)
        deadline = time.monotonic() + GENEROUS
        while len(server.requests) < 5 and victim.poll() is None:
            assert time.monotonic() < deadline, "the victim never sent its requests"
            time.sleep(0.05)
        victim.send_signal(signal.SIGKILL)
        victim.communicate(timeout=30)  # reaps it and closes its pipes
        client = redis.Redis.from_url(redis_url)
        try:
            (account,) = client.keys("litellm_py:router:account:*")
            # The dead process still "holds" every slot (for LEASE seconds after taking them).
            assert client.zcard(account) == 5
            others = [spawn(backend, **options, calls=10, limit=5) for _ in range(2)]
            results = [outcome(w) for w in others]
            assert [r["errors"] for r in results] == [[], []]
            assert sum(r["ok"] for r in results) == 20
            assert client.zcard(account) == 0  # the lapsed leases were purged, none leaked
        finally:
            client.close()
        assert len(server.requests) == 25
        assert server.in_flight.refused == 0
