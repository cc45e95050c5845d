"""Pools across `os.fork()` and event-loop lifetimes: no shared sockets, nothing left behind.

The fork tests fork the test process after a call (as gunicorn with a preloaded app does) and
check that parent and child each get their own answer; the leak tests run hundreds of
`asyncio.run(acompletion(...))` and count the process's open file descriptors.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import pytest

import litellm_py
from litellm_py import _registry
from litellm_py.testing import DeepSeekTestServer

MODEL = "deepseek/deepseek-flash"
BACKENDS = ["httpx", "aiohttp"]
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "aiohttp":
        pytest.importorskip("aiohttp")
    monkeypatch.setenv("LITELLM_PY_HTTP_BACKEND", request.param)
    return str(request.param)


def _kwargs(server: DeepSeekTestServer, text: str) -> dict[str, Any]:
    return {
        "model": MODEL,
        "messages": [{"role": "user", "content": text}],
        "api_base": server.url,
        "api_key": server.api_key,
        "thinking": False,
        "timeout": 10,
        "num_retries": 0,
    }


def _ask(server: DeepSeekTestServer, text: str) -> str:
    return str(litellm_py.completion(**_kwargs(server, text)).choices[0].message.content)


async def _aask(server: DeepSeekTestServer, text: str) -> str:
    resp = await litellm_py.acompletion(**_kwargs(server, text))
    return str(resp.choices[0].message.content)


def _fork(child: Callable[[], bool]) -> int:
    """Fork; the child runs `child` and exits 0 when it returned True (never returns there)."""
    with warnings.catch_warnings():  # Python 3.12+ warns about forking a threaded process
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which exits without reporting coverage
        code = 3
        try:
            code = 0 if child() else 1
        except BaseException as exc:
            sys.stderr.write(f"child failed: {exc!r}\n")
            code = 2
        finally:
            os._exit(code)
    return pid


def _exit_code(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


# -- fork ------------------------------------------------------------------------------------


@needs_fork
def test_sync_parent_and_child_each_get_their_own_answer(server: DeepSeekTestServer) -> None:
    assert _ask(server, "warm up the pool") == "You said: warm up the pool"
    for i in range(15):

        def child(i: int = i) -> bool:
            answers = [_ask(server, f"child {i}.{n}") for n in range(3)]
            return answers == [f"You said: child {i}.{n}" for n in range(3)]

        pid = _fork(child)
        answers = [_ask(server, f"parent {i}.{n}") for n in range(3)]
        assert answers == [f"You said: parent {i}.{n}" for n in range(3)]
        assert _exit_code(pid) == 0, f"iteration {i}: the child got a wrong answer or failed"


@needs_fork
def test_async_parent_and_child_each_get_their_own_answer(
    server: DeepSeekTestServer, backend: str
) -> None:
    loop = asyncio.new_event_loop()  # the parent's loop outlives the fork, with a pooled client
    try:
        assert loop.run_until_complete(_aask(server, "warm up")) == "You said: warm up"
        for i in range(10):

            def child(i: int = i) -> bool:
                return asyncio.run(_aask(server, f"child {i}")) == f"You said: child {i}"

            pid = _fork(child)
            assert loop.run_until_complete(_aask(server, f"parent {i}")) == f"You said: parent {i}"
            assert _exit_code(pid) == 0, f"iteration {i}: the child got a wrong answer or failed"
        loop.run_until_complete(litellm_py.aclose())
    finally:
        loop.close()


@needs_fork
def test_a_child_starts_with_empty_pools_and_leaves_the_parents_open(
    server: DeepSeekTestServer, backend: str
) -> None:
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(_aask(server, "async warm up"))
        _ask(server, "sync warm up")
        pool = _registry.get_provider("deepseek")._pool
        sync_client, async_client = pool._sync, pool._async[loop]
        assert sync_client is not None

        def child() -> bool:
            fresh = pool._sync is None and len(pool._async) == 0
            untouched = not sync_client.is_closed and not async_client.is_closed
            return fresh and untouched and _ask(server, "in child") == "You said: in child"

        assert _exit_code(_fork(child)) == 0
        assert pool._sync is sync_client  # the parent keeps its clients
        assert pool._async[loop] is async_client
        loop.run_until_complete(litellm_py.aclose())
    finally:
        loop.close()


def test_a_pool_that_sees_a_new_pid_drops_its_clients_without_closing_them(
    server: DeepSeekTestServer,
) -> None:
    """A fork that bypassed Python's at-fork hooks is noticed by the pid check."""
    _ask(server, "first")
    pool = _registry.get_provider("deepseek")._pool
    inherited = pool._sync
    assert inherited is not None
    pool._pid = -1  # as if this process had been forked without the hooks running
    assert _ask(server, "second") == "You said: second"
    assert pool._sync is not inherited
    assert not inherited.is_closed
    assert pool._pid == os.getpid()


# -- event loops -----------------------------------------------------------------------------


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _settled_fds(limit: int) -> int:
    """The fd count once closed connections have been reaped by both ends (at most 30 s)."""
    deadline = time.monotonic() + 30
    count = _open_fds()
    while count > limit and time.monotonic() < deadline:
        gc.collect()
        time.sleep(0.05)
        count = _open_fds()
    return count


@needs_proc
def test_asyncio_run_per_call_leaves_no_socket_loop_or_client_behind(
    server: DeepSeekTestServer, backend: str
) -> None:
    asyncio.run(_aask(server, "warm up"))  # imports, the server's own first connection
    gc.collect()
    before = _open_fds()
    for i in range(250):
        assert asyncio.run(_aask(server, f"call {i}")) == f"You said: call {i}"
    after = _settled_fds(before + 10)
    assert after <= before + 10, f"{after - before} file descriptors leaked by 250 calls"
    assert len(_registry.get_provider("deepseek")._pool._async) == 0


def test_a_loop_closed_without_shutdown_releases_its_client_on_the_next_call(
    server: DeepSeekTestServer, backend: str
) -> None:
    loop = asyncio.new_event_loop()
    loop.run_until_complete(_aask(server, "old loop"))
    pool = _registry.get_provider("deepseek")._pool
    old_client = pool._async[loop]
    loop.run_until_complete(old_client.aclose())  # the careful user closed the client...
    loop.close()  # ...but closed the loop without shutting down its async generators
    assert asyncio.run(_aask(server, "new loop")) == "You said: new loop"
    assert loop not in pool._async
    assert len(pool._async) == 0


async def test_aclose_closes_the_loops_client_and_the_next_call_opens_another(
    server: DeepSeekTestServer, backend: str
) -> None:
    assert await _aask(server, "one") == "You said: one"
    pool = _registry.get_provider("deepseek")._pool
    client = pool._async[asyncio.get_running_loop()]
    await litellm_py.aclose()
    assert client.is_closed
    assert len(pool._async) == 0
    assert await _aask(server, "two") == "You said: two"
    assert pool._async[asyncio.get_running_loop()] is not client
    await litellm_py.aclose()
