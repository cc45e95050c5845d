"""Processes of a benchmark run: the server (its port and CPU time) and one-shot workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORKER_TIMEOUT = 300.0
# Keep every library off the network and quiet: LiteLLM otherwise fetches its price map.
QUIET_ENV = {
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    "LITELLM_LOG": "ERROR",
    "DEEPSEEK_API_KEY": "sk-bench-0000000000000000",
    "OPENAI_API_KEY": "sk-bench-0000000000000000",
    "NO_PROXY": "127.0.0.1,localhost",
    "PYTHONDONTWRITEBYTECODE": "1",
}
# Which async HTTP backend litellm_py uses for each of its client names.
BACKEND_OF = {"litellm_py": "httpx", "litellm_py[aiohttp]": "aiohttp"}


def child_env(client: str | None = None) -> dict[str, str]:
    """The environment of a server or worker process."""
    env = {**os.environ, **QUIET_ENV}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if client in BACKEND_OF:
        env["LITELLM_PY_HTTP_BACKEND"] = BACKEND_OF[client]
    return env


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (0.0 where /proc is missing)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    """The benchmark server in its own process, pinned to core 0."""

    proc: subprocess.Popen[str]
    port: int
    base: str = field(init=False)

    def __post_init__(self) -> None:
        self.base = f"http://127.0.0.1:{self.port}"

    @classmethod
    def start(cls) -> Server:
        proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.server", "--port", "0", "--cpu", "0"],
            stdout=subprocess.PIPE,
            text=True,
            env=child_env(),
            cwd=ROOT,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.startswith("PORT "):
            proc.kill()
            raise RuntimeError(f"benchmark server did not start: {line!r}")
        return cls(proc, int(line.split()[1]))

    def cpu(self) -> float:
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def run_worker(metric: str, client: str, server: Server | None, **opts: Any) -> dict[str, Any]:
    """Run one worker; its JSON result plus `wall` (process seconds) and `server_load`."""
    args = [f"{k}={v}" for k, v in opts.items()]
    if server is not None:
        args.append(f"base={server.base}")
    cpu_before = server.cpu() if server else 0.0
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.worker", metric, client, *args],
            capture_output=True,
            text=True,
            env=child_env(client),
            cwd=ROOT,
            timeout=WORKER_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {WORKER_TIMEOUT:g} s"}
    wall = time.perf_counter() - start
    if done.returncode != 0 or not done.stdout.strip():
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": tail[:200]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_ms"] = wall * 1e3
    if server is not None and result.get("elapsed"):
        result["server_load"] = (server.cpu() - cpu_before) / result["elapsed"]
    return result
