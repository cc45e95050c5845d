"""The secret scan: every scenario at DEBUG, with callbacks, LiteLLM function lists and the
OpenTelemetry SDK (message content capture on) all recording; the API key appears nowhere in
what they captured: log records, span names, attributes and events, metric attributes, and
callback payloads."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.metrics import _internal as metrics_internal
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import litellm_py
from litellm_py.exceptions import APIError
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.observability.support import MESSAGES, MODEL, Recorder, call, drain
from tests.support import TEST_KEY


@pytest.fixture
def keyed_server() -> Iterator[DeepSeekTestServer]:
    with DeepSeekTestServer(api_key=TEST_KEY) as running:
        yield running


async def scenarios(flavour: str, server: DeepSeekTestServer) -> None:
    """Success, retry, failure, stream end / cut / abandon, fallback: every event kind."""
    kw: dict[str, Any] = {
        "model": MODEL, "messages": MESSAGES, "api_base": server.url, "api_key": TEST_KEY,
        "extra_headers": {"x-api-key": TEST_KEY}, "metadata": {"run": "scan"},
    }  # fmt: skip
    await call(flavour, **kw)
    server.enqueue(Reply(status=500), Reply())
    await call(flavour, **kw)
    server.enqueue(Reply(status=400))
    with pytest.raises(APIError):
        await call(flavour, **kw)
    await drain(flavour, await call(flavour, **kw, stream=True))
    server.enqueue(Reply(content="cut off early", disconnect_after_chunks=2))
    with pytest.raises(APIError):
        await drain(flavour, await call(flavour, **kw, stream=True))
    await drain(flavour, await call(flavour, **kw, stream=True), limit=1)
    server.enqueue(Reply(status=503, repeat=3), Reply())
    await call(flavour, **kw, fallbacks=["deepseek/deepseek-v4-pro"])


async def test_the_key_appears_in_nothing_observability_captured(
    flavour: str,
    keyed_server: DeepSeekTestServer,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    sleeps: list[float],
) -> None:
    spans = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    reader = InMemoryMetricReader()
    monkeypatch.setattr(trace, "_TRACER_PROVIDER", tracer_provider)
    monkeypatch.setattr(metrics_internal, "_METER_PROVIDER", MeterProvider(metric_readers=[reader]))
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true")
    caplog.set_level(logging.DEBUG)
    recorder = Recorder()
    litellm_py.callbacks.append(recorder)
    payloads: list[Any] = []
    litellm_py.success_callback.append(lambda *args: payloads.append(args))
    litellm_py.failure_callback.append(lambda *args: payloads.append(args))

    await scenarios(flavour, keyed_server)

    assert {"request", "retry", "success", "failure", "stream_start", "stream_first_chunk"} == set(
        recorder.kinds
    )
    captured: list[str] = []
    for record in caplog.records:
        captured.append(record.getMessage())
        captured.append(repr(record.__dict__))
    finished = spans.get_finished_spans()
    assert len(finished) == 7
    for span in finished:
        captured.append(span.name)
        captured.append(repr(dict(span.attributes or {})))
        captured.extend(repr((e.name, dict(e.attributes or {}))) for e in span.events)
        captured.append(repr(span.status.description))
    data = reader.get_metrics_data()
    assert data is not None
    for resource in data.resource_metrics:
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                captured.extend(repr(dict(p.attributes or {})) for p in metric.data.data_points)
    captured.extend(repr(event) for event in recorder.events)
    captured.extend(repr(args) for args in payloads)
    text = "\n".join(captured)
    assert "gen_ai.input.messages" in text  # content capture was on
    assert "Hi" in text
    assert TEST_KEY not in text
    assert TEST_KEY[:-4] not in text
