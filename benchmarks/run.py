"""Run the whole suite: `python -m benchmarks [--quick] [--only KEY,...] [--out FILE]`.

Starts the loopback server (core 0), checks its headroom, then for each metric runs every
client in a fresh worker process (core 1), rounds interleaved between clients, and prints one
markdown table per metric with medians, ratios to the raw baselines and the issue's targets.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.metadata
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks._proc import ROOT, Server, child_env, run_worker
from benchmarks.metrics import METRICS, Metric

OPTIONAL = {
    "aiohttp": ("aiohttp", "pip install aiohttp"),
    "litellm_py[aiohttp]": ("aiohttp", "pip install 'litellm_py[aiohttp]'"),
    "openai": ("openai", "pip install openai"),
    "litellm": ("litellm", "pip install litellm"),
}
PACKAGES = ("litellm_py", "httpx", "aiohttp", "openai", "litellm", "uvloop")


def skipped_clients() -> dict[str, str]:
    """Clients whose library is not importable here, with how to add them."""
    return {
        client: f"`{module}` not installed ({hint})"
        for client, (module, hint) in OPTIONAL.items()
        if importlib.util.find_spec(module) is None
    }


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def compile_library() -> str:
    """Write litellm_py's bytecode, as `pip install` does when it installs a wheel.

    The other libraries were installed by pip with their `.pyc` files; an editable checkout run
    with `PYTHONDONTWRITEBYTECODE=1` would otherwise compile ~70 modules from source in every cold
    start and measure the compiler, not the library.
    """
    spec = importlib.util.find_spec("litellm_py")
    where = list(spec.submodule_search_locations or []) if spec else []
    for path in where:
        compileall.compile_dir(path, quiet=1)
    return ", ".join(where)


def preamble(quick: bool, skipped: dict[str, str]) -> str:
    versions = ", ".join(f"{p} {_version(p)}" for p in PACKAGES)
    lines = [
        f"## litellm_py benchmarks ({'quick' if quick else 'full'} run, "
        f"{time.strftime('%Y-%m-%d %H:%M')})",
        "",
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; "
        "server pinned to core 0, clients to core 1. Medians over interleaved rounds.",
        f"Versions: {versions}.",
        "litellm_py's bytecode written first (`compileall`, as `pip install` does): "
        f"{compile_library()}.",
    ]
    lines += [f"- skipped `{client}`: {why}" for client, why in skipped.items()]
    return "\n".join(lines) + "\n"


def headroom(server: Server, quick: bool) -> str:
    """The probe's request rate and raw stream speed, with the server's CPU use meanwhile."""
    before = server.cpu()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.probe", str(server.port), "1" if quick else "3"],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=120,
    )
    if done.returncode != 0:
        return f"### Server headroom\n\nprobe failed: {done.stderr.strip()[-300:]}\n"
    result: dict[str, Any] = json.loads(done.stdout)
    load = (server.cpu() - before) / result["elapsed"]
    return (
        "### Server headroom\n\n"
        f"- raw-socket probe (8 connections x 64 pipelined requests): **{result['rps']:,.0f} "
        f"req/s** with the server at {load:.0%} of its core\n"
        f"- raw 20,000-chunk stream read as bytes: **{result['stream_us_per_chunk']:.2f} "
        "µs/chunk** on the wire\n"
        "- the `server CPU (max)` columns below give the server's CPU use during each "
        "measured phase (CPU seconds / phase seconds)\n"
    )


def run_metric(metric: Metric, server: Server, quick: bool, skipped: dict[str, str]) -> str:
    """All rounds of one metric, interleaved between clients; its markdown section."""
    clients = [c for c in metric.clients if c not in skipped]
    opts = metric.quick_opts if quick else metric.opts
    rounds = metric.quick_rounds if quick else metric.rounds
    results: report.Results = {client: [] for client in clients}
    for r in range(rounds):
        shift = r % len(clients)
        for client in clients[shift:] + clients[:shift]:
            where = server if metric.needs_server else None
            results[client].append(run_worker(metric.key, client, where, **opts))
    return report.render(metric, results)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer rounds")
    parser.add_argument("--only", default="", help="comma-separated metric keys")
    parser.add_argument("--out", type=Path, help="also write the markdown here")
    args = parser.parse_args(argv)
    only = {key for key in args.only.split(",") if key}
    metrics = [m for m in METRICS if not only or m.key in only]
    skipped = skipped_clients()
    sections = [preamble(args.quick, skipped)]
    print(sections[0], flush=True)
    server = Server.start()
    try:
        sections.append(headroom(server, args.quick))
        print(sections[-1], flush=True)
        for metric in metrics:
            sections.append(run_metric(metric, server, args.quick, skipped))
            print(sections[-1], flush=True)
    finally:
        server.stop()
    if args.out:
        args.out.write_text("\n".join(sections), encoding="utf-8")


if __name__ == "__main__":
    main()
