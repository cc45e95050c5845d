"""OpenTelemetry: one CLIENT span per call with GenAI attributes, retries as events, the four
GenAI client metrics, W3C traceparent on the request; checked with the SDK's in-memory exporter
and metric reader (a fresh tracer and meter provider per test)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from opentelemetry import metrics, trace
from opentelemetry.metrics import _internal as metrics_internal
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from litellm_py import _observe
from litellm_py.exceptions import AuthenticationError, StreamInterruptedError
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.observability.support import MESSAGES, MODEL, auth, call, drain
from tests.support import TEST_KEY


@dataclass
class Telemetry:
    spans: InMemorySpanExporter
    reader: InMemoryMetricReader

    def span(self) -> ReadableSpan:
        (span,) = self.spans.get_finished_spans()
        return span

    def points(self, name: str) -> list[Any]:
        data = self.reader.get_metrics_data()
        found: list[Any] = []
        for resource in data.resource_metrics if data else []:
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    if metric.name == name:
                        found.extend(metric.data.data_points)
        return found


@pytest.fixture
def otel(monkeypatch: pytest.MonkeyPatch) -> Iterator[Telemetry]:
    """A fresh SDK tracer and meter provider, installed as the globals for this test only."""
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    monkeypatch.setattr(trace, "_TRACER_PROVIDER", tracer_provider)
    monkeypatch.setattr(metrics_internal, "_METER_PROVIDER", meter_provider)
    yield Telemetry(exporter, reader)
    tracer_provider.shutdown()
    meter_provider.shutdown()


def base_attributes(server: DeepSeekTestServer) -> dict[str, Any]:
    return {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "deepseek",
        "gen_ai.request.model": "deepseek-flash",
        "server.address": "127.0.0.1",
        "server.port": server.port,
    }


def traceparent(span: ReadableSpan) -> str:
    context = span.get_span_context()
    assert context is not None
    return f"00-{context.trace_id:032x}-{context.span_id:016x}-{int(context.trace_flags):02x}"


async def test_success_span_and_metrics(
    flavour: str, server: DeepSeekTestServer, otel: Telemetry
) -> None:
    resp = await call(
        flavour, model=MODEL, messages=MESSAGES, max_tokens=50, top_p=0.9, thinking=False,
        **auth(server),
    )  # fmt: skip
    span = otel.span()
    assert span.name == "chat deepseek-flash"
    assert span.kind is SpanKind.CLIENT
    assert dict(span.attributes or {}) == {
        **base_attributes(server),
        "gen_ai.request.max_tokens": 50,
        "gen_ai.request.top_p": 0.9,
        "litellm_py.correlation_id": resp.correlation_id,
        "gen_ai.response.id": resp.id,
        "gen_ai.response.model": resp.model,
        "gen_ai.response.finish_reasons": ("stop",),
        "gen_ai.usage.input_tokens": resp.usage.prompt_tokens,
        "gen_ai.usage.output_tokens": resp.usage.completion_tokens,
    }
    assert span.status.status_code is StatusCode.UNSET
    assert server.last_request.headers["traceparent"] == traceparent(span)
    metric_attributes = {**base_attributes(server), "gen_ai.response.model": resp.model}
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert dict(duration.attributes) == metric_attributes
    assert duration.count == 1
    assert 0 < duration.sum < 30
    tokens = {
        p.attributes["gen_ai.token.type"]: p for p in otel.points("gen_ai.client.token.usage")
    }
    assert tokens["input"].sum == resp.usage.prompt_tokens
    assert tokens["output"].sum == resp.usage.completion_tokens
    assert dict(tokens["input"].attributes) == {**metric_attributes, "gen_ai.token.type": "input"}
    assert otel.points("gen_ai.client.operation.time_to_first_chunk") == []


async def test_retry_is_a_span_event(
    flavour: str, server: DeepSeekTestServer, otel: Telemetry, sleeps: list[float]
) -> None:
    server.enqueue(Reply(status=500), Reply(content="ok"))
    await call(flavour, model=MODEL, messages=MESSAGES, **auth(server))
    (event,) = otel.span().events
    assert event.name == "gen_ai.client.retry"
    assert dict(event.attributes or {}) == {
        "error.type": "InternalServerError",
        "retry.attempt": 2,
        "retry.wait_s": sleeps[0],
    }
    headers = {r.headers["traceparent"] for r in server.requests}
    assert headers == {traceparent(otel.span())}


async def test_failure_sets_error_type(
    flavour: str, server: DeepSeekTestServer, otel: Telemetry
) -> None:
    with pytest.raises(AuthenticationError):
        await call(flavour, model=MODEL, messages=MESSAGES, api_base=server.url, api_key="sk-bad9")
    span = otel.span()
    assert span.attributes is not None
    assert span.attributes["error.type"] == "AuthenticationError"
    assert "gen_ai.response.id" not in span.attributes
    assert span.status.status_code is StatusCode.ERROR
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert dict(duration.attributes) == {
        **base_attributes(server),
        "error.type": "AuthenticationError",
    }
    assert otel.points("gen_ai.client.token.usage") == []


async def test_stream_success_records_chunk_timings(
    flavour: str, server: DeepSeekTestServer, otel: Telemetry
) -> None:
    server.enqueue(Reply(content="a streamed answer"))
    stream = await call(flavour, model=MODEL, messages=MESSAGES, stream=True, **auth(server))
    assert otel.spans.get_finished_spans() == ()  # the span lasts as long as the stream
    chunks = await drain(flavour, stream)
    span = otel.span()
    assert span.attributes is not None
    assert span.attributes["gen_ai.response.finish_reasons"] == ("stop",)
    assert span.attributes["gen_ai.usage.output_tokens"] == chunks[-1].usage.completion_tokens
    (first,) = otel.points("gen_ai.client.operation.time_to_first_chunk")
    assert first.count == 1
    (per_chunk,) = otel.points("gen_ai.client.operation.time_per_output_chunk")
    assert per_chunk.count == len(chunks) - 1
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert first.sum <= duration.sum


@pytest.mark.parametrize("how", ["cut", "abandoned"])
async def test_stream_cut_or_abandoned_is_an_error(
    flavour: str, server: DeepSeekTestServer, otel: Telemetry, how: str
) -> None:
    server.enqueue(Reply(content="an answer that stops early", disconnect_after_chunks=3))
    stream = await call(flavour, model=MODEL, messages=MESSAGES, stream=True, **auth(server))
    if how == "cut":
        with pytest.raises(StreamInterruptedError):
            await drain(flavour, stream)
    else:
        await drain(flavour, stream, limit=1)
    span = otel.span()
    assert span.attributes is not None
    assert span.attributes["error.type"] == "StreamInterruptedError"
    assert span.status.status_code is StatusCode.ERROR


async def test_fallback_is_a_span_event(
    flavour: str, server: DeepSeekTestServer, otel: Telemetry, sleeps: list[float]
) -> None:
    server.enqueue(Reply(status=503), Reply(content="fallback"))
    resp = await call(
        flavour, model=MODEL, messages=MESSAGES, num_retries=0,
        fallbacks=["deepseek/deepseek-v4-pro"], **auth(server),
    )  # fmt: skip
    span = otel.span()
    (event,) = span.events
    assert event.name == "gen_ai.client.fallback"
    assert dict(event.attributes or {}) == {
        "error.type": "ServiceUnavailableError",
        "retry.attempt": 2,
        "retry.wait_s": 0.0,
        "gen_ai.request.model": "deepseek/deepseek-v4-pro",
    }
    assert span.attributes is not None
    assert span.attributes["gen_ai.request.model"] == "deepseek-flash"
    assert span.attributes["gen_ai.response.model"] == resp.model


async def test_message_content_only_when_asked(
    server: DeepSeekTestServer, otel: Telemetry, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = [{"role": "user", "content": f"key {TEST_KEY} inside"}]
    await call("sync", model=MODEL, messages=messages, **auth(server))
    assert "gen_ai.input.messages" not in (otel.span().attributes or {})
    otel.spans.clear()
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true")
    monkeypatch.setattr("litellm_py.api_key", TEST_KEY)  # a key litellm_py knows to mask
    resp = await call("sync", model=MODEL, messages=messages, **auth(server))
    attributes = otel.span().attributes or {}
    sent = json.loads(str(attributes["gen_ai.input.messages"]))
    assert sent == [{"role": "user", "content": f"key ****{TEST_KEY[-4:]} inside"}]
    output = json.loads(str(attributes["gen_ai.output.messages"]))
    masked = resp.choices[0].message.content.replace(TEST_KEY, "****" + TEST_KEY[-4:])
    assert TEST_KEY in resp.choices[0].message.content  # the server echoes it back
    assert output["choices"][0]["message"]["content"] == masked


def test_the_span_is_a_child_of_the_current_one(
    server: DeepSeekTestServer, otel: Telemetry
) -> None:
    tracer = trace.get_tracer("app")
    with tracer.start_as_current_span("handler") as parent:
        call_sync(server)
    ours, handler = sorted(otel.spans.get_finished_spans(), key=lambda s: s.name)
    assert handler.name == "handler"
    assert ours.parent is not None
    assert ours.parent.span_id == parent.get_span_context().span_id
    assert ours.context is not None
    assert ours.context.trace_id == parent.get_span_context().trace_id


def call_sync(server: DeepSeekTestServer) -> Any:
    import litellm_py

    return litellm_py.completion(model=MODEL, messages=MESSAGES, **auth(server))


def test_no_provider_no_observer() -> None:
    # The API is imported in this process, but no SDK provider is set: nothing is observed.
    assert isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)
    assert not isinstance(metrics.get_meter_provider(), MeterProvider)
    assert not _observe._otel_on()


def test_nothing_of_opentelemetry_is_imported_by_a_call() -> None:
    code = (
        "import sys, litellm_py\n"
        "litellm_py.completion(model='deepseek/deepseek-flash', messages=[], mock_response='x')\n"
        "litellm_py.completion(model='deepseek/deepseek-flash', messages=[], mock_response='x',"
        " callbacks=[litellm_py.Callback()])\n"
        "assert not [m for m in sys.modules if m.startswith('opentelemetry')], 'imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
