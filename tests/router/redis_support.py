"""The Redis tests' server: `litellm_py.testing.RedisServer`, required under CI.

Nothing is installed here: without `redis-server` on PATH the Redis tests are skipped, except
under CI (env `CI` set), where they fail, because `.ci/run` installs it.
"""

from __future__ import annotations

import os
import shutil

import pytest

from litellm_py.testing import RedisServer

# Seconds before a Redis operation counts as failed, in tests that need Redis to answer: the
# library's 0.5 s default would turn a loaded CI machine into a Redis outage (a silent fallback
# to local limits, a cache miss). Tests of a hung or dead Redis set their own short timeout.
REDIS_TIMEOUT = 30.0


def redis_server() -> RedisServer:
    """A not yet started RedisServer; skip (fail under CI) when redis-server is missing."""
    if shutil.which("redis-server") is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must provide it (.ci/run installs it)")
        pytest.skip(message)
    return RedisServer()


def flush(url: str) -> None:
    """Empty every database of the Redis at `url`."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushall()
    finally:
        client.close()
