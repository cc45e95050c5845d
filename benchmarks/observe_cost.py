"""What observability costs: a sync call and a stream chunk with nothing registered, with a no-op
callback, with INFO logging to a handler, and with the OpenTelemetry SDK recording spans and
metrics; optionally against a checkout from before observability existed (`--before SRC`).

    python -m benchmarks.observe_cost [--rounds 5] [--calls 1000] [--chunks 5000] [--before SRC]

Each measurement runs in a fresh process pinned to core 1 against the benchmark server (core 0);
rounds interleave the variants; the table gives medians and ratios to "nothing registered".
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from benchmarks import payloads
from benchmarks._proc import ROOT, Server, child_env

VARIANTS = ("nothing registered", "no-op callback", "INFO logging", "OpenTelemetry SDK")
BEFORE = "before observability"


def _setup(variant: str) -> None:
    import litellm_py

    if variant == "no-op callback":
        litellm_py.callbacks.append(litellm_py.Callback())
    elif variant == "INFO logging":
        import io
        import logging

        logger = logging.getLogger("litellm_py")
        logger.addHandler(logging.StreamHandler(io.StringIO()))
        logger.setLevel(logging.INFO)
    elif variant == "OpenTelemetry SDK":
        from opentelemetry import metrics, trace
        from opentelemetry.sdk.metrics import MeterProvider
        from opentelemetry.sdk.metrics.export import InMemoryMetricReader
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import SimpleSpanProcessor
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

        tracer_provider = TracerProvider()
        tracer_provider.add_span_processor(SimpleSpanProcessor(InMemorySpanExporter()))
        trace.set_tracer_provider(tracer_provider)
        metrics.set_meter_provider(MeterProvider(metric_readers=[InMemoryMetricReader()]))


def worker(variant: str, base: str, calls: int, chunks: int) -> dict[str, float]:
    """One measurement: µs per sync call and µs per stream chunk."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {1 % (os.cpu_count() or 1)})
    import litellm_py

    _setup(variant)
    kw: dict[str, Any] = {"model": f"deepseek/{payloads.MODEL}", "messages": payloads.MESSAGES,
                          "api_base": base, "api_key": payloads.API_KEY}  # fmt: skip
    for _ in range(100):
        litellm_py.completion(**kw)
    started = time.perf_counter()
    content = None
    for _ in range(calls):
        content = litellm_py.completion(**kw).choices[0].message.content
    assert content
    per_call = (time.perf_counter() - started) / calls
    headers = {payloads.CHUNKS_HEADER: str(chunks)}
    seen = 0
    with litellm_py.completion(**kw, stream=True, extra_headers=headers) as stream:
        for chunk in stream:
            if seen == 200:
                started = time.perf_counter()
            seen += 1
            chunk.choices[0].delta.content if chunk.choices else None
    per_chunk = (time.perf_counter() - started) / (seen - 200)
    return {"call_us": per_call * 1e6, "chunk_us": per_chunk * 1e6}


def _run(variant: str, server: Server, args: argparse.Namespace) -> dict[str, float]:
    env = child_env()
    worker_variant = variant
    if variant == BEFORE:
        env["PYTHONPATH"] = os.pathsep.join([args.before, str(ROOT)])
        worker_variant = VARIANTS[0]
    else:
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    command = [
        sys.executable, "-m", "benchmarks.observe_cost", "--worker", worker_variant,
        "--base", server.base, "--calls", str(args.calls), "--chunks", str(args.chunks),
    ]  # fmt: skip
    out = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--chunks", type=int, default=5000)
    parser.add_argument("--before", help="src/ of a checkout from before observability")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.base, args.calls, args.chunks)))
        return
    variants = ([BEFORE] if args.before else []) + list(VARIANTS)
    results: dict[str, list[dict[str, float]]] = {v: [] for v in variants}
    server = Server.start()
    try:
        for round_number in range(args.rounds):
            order = (
                variants[round_number % len(variants) :] + variants[: round_number % len(variants)]
            )
            for variant in order:
                results[variant].append(_run(variant, server, args))
    finally:
        server.stop()
    print(_table(results, args))


def _table(results: dict[str, list[dict[str, float]]], args: argparse.Namespace) -> str:
    median = {v: {k: statistics.median(r[k] for r in rs) for k in ("call_us", "chunk_us")}
              for v, rs in results.items()}  # fmt: skip
    base = median[VARIANTS[0]]
    lines = [
        f"{args.rounds} interleaved rounds; {args.calls} sync calls and a {args.chunks}-chunk "
        "stream per round, medians",
        "",
        "| variant | sync call | vs nothing registered | per chunk | vs nothing registered |",
        "|---|---|---|---|---|",
    ]
    for variant, m in median.items():
        lines.append(
            f"| {variant} | {m['call_us']:.0f} µs | {m['call_us'] / base['call_us']:.2f}x "
            f"(+{m['call_us'] - base['call_us']:.0f} µs) | {m['chunk_us']:.1f} µs | "
            f"{m['chunk_us'] / base['chunk_us']:.2f}x |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
