"""OpenTelemetry GenAI spans and metrics (extra `otel`: opentelemetry-api only).

Imported only when the application has imported OpenTelemetry itself (`active()` is checked
through `sys.modules` first), so without the extra, or without a configured provider, nothing of
OpenTelemetry is loaded. Attribute names follow the GenAI semantic conventions.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from opentelemetry import metrics, propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

__all__ = ["CAPTURE_ENV", "SpanRecorder", "active"]

CAPTURE_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
_SCOPE = "litellm_py"
_OPERATIONS = {"chat": "chat", "text": "text_completion"}
_REQUEST_ATTRIBUTES = {
    "max_tokens": "gen_ai.request.max_tokens",
    "max_completion_tokens": "gen_ai.request.max_tokens",
    "temperature": "gen_ai.request.temperature",
    "top_p": "gen_ai.request.top_p",
}
# Bucket advice from the GenAI semantic conventions.
_DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48,
                     40.96, 81.92]  # fmt: skip
_TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304,
                  16777216, 67108864]  # fmt: skip


def active() -> bool:
    """Whether a real tracer or meter provider is configured (not the API's default proxy)."""
    tracer_provider = trace.get_tracer_provider()
    if not isinstance(tracer_provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider):
        return True
    meter_provider = metrics.get_meter_provider()
    return type(meter_provider).__name__ not in ("_ProxyMeterProvider", "NoOpMeterProvider")


@lru_cache(maxsize=64)
def _server(api_base: str) -> tuple[str, int]:
    parts = urlsplit(api_base)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname or "", port


_METRICS = {
    "duration": ("gen_ai.client.operation.duration", "s", "GenAI operation duration"),
    "tokens": ("gen_ai.client.token.usage", "{token}", "Number of input and output tokens used"),
    "first_chunk": ("gen_ai.client.operation.time_to_first_chunk", "s",
                    "Time to receive the first chunk of a streamed response"),
    "per_chunk": ("gen_ai.client.operation.time_per_output_chunk", "s",
                  "Time between consecutive chunks of a streamed response"),
}  # fmt: skip


class _Instruments:
    """The four GenAI client metrics (histograms) of one meter provider."""

    def __init__(self, provider: Any) -> None:
        self.provider = provider
        meter = metrics.get_meter(_SCOPE)
        made = {
            attr: meter.create_histogram(
                name,
                unit=unit,
                description=description,
                explicit_bucket_boundaries_advisory=_DURATION_BUCKETS
                if unit == "s"
                else _TOKEN_BUCKETS,
            )
            for attr, (name, unit, description) in _METRICS.items()
        }
        self.duration = made["duration"]
        self.tokens = made["tokens"]
        self.first_chunk = made["first_chunk"]
        self.per_chunk = made["per_chunk"]


_INSTRUMENTS: list[_Instruments] = []


def _instruments() -> _Instruments:
    provider = metrics.get_meter_provider()
    if not _INSTRUMENTS or _INSTRUMENTS[0].provider is not provider:
        _INSTRUMENTS[:] = [_Instruments(provider)]
    return _INSTRUMENTS[0]


class SpanRecorder:
    """One CLIENT span and the metric attributes of one call."""

    def __init__(
        self, endpoint: str, provider: str, model: str, api_base: str, params: dict[str, Any]
    ) -> None:
        operation = _OPERATIONS.get(endpoint, endpoint)
        address, port = _server(api_base)
        self.base: dict[str, Any] = {
            "gen_ai.operation.name": operation,
            "gen_ai.provider.name": provider,
            "gen_ai.request.model": model,
            "server.address": address,
            "server.port": port,
        }
        attributes = dict(self.base)
        for name, key in _REQUEST_ATTRIBUTES.items():
            value = params.get(name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                attributes[key] = value
        tracer = trace.get_tracer(_SCOPE)
        self.span = tracer.start_span(f"{operation} {model}", kind=SpanKind.CLIENT,
                                      attributes=attributes)  # fmt: skip
        self.instruments = _instruments()
        self.capture = os.environ.get(CAPTURE_ENV, "").strip().lower() == "true"

    def inject(self, headers: Any) -> None:
        """Put the span's W3C `traceparent` (and other propagated fields) on a request."""
        carrier: dict[str, str] = {}
        propagate.inject(carrier, context=trace.set_span_in_context(self.span))
        for key, value in carrier.items():
            headers[key] = value

    def set(self, key: str, value: Any) -> None:
        """Set a span attribute."""
        self.span.set_attribute(key, value)

    def messages(self, key: str, redacted: Any) -> None:
        """Record message content, only when the capture environment variable says so."""
        if self.capture and redacted is not None:
            self.span.set_attribute(key, json.dumps(redacted, ensure_ascii=False, default=str))

    def event(self, name: str, attributes: dict[str, Any]) -> None:
        """A span event (retries, fallbacks)."""
        self.span.add_event(name, {k: v for k, v in attributes.items() if v is not None})

    def first_chunk(self, seconds: float, response_model: str | None) -> None:
        """Record the time to the first chunk."""
        self.instruments.first_chunk.record(seconds, self._metric_attributes(response_model))

    def next_chunk(self, seconds: float, response_model: str | None) -> None:
        """Record the time between two chunks."""
        self.instruments.per_chunk.record(seconds, self._metric_attributes(response_model))

    def _metric_attributes(self, response_model: str | None) -> dict[str, Any]:
        if response_model is None:
            return self.base
        return {**self.base, "gen_ai.response.model": response_model}

    def end(self, seconds: float, response: Any, error: BaseException | None) -> None:
        """Finish the span and record duration and token usage."""
        attributes = self._metric_attributes(_get(response, "model"))
        if response is not None:
            self._response_attributes(response)
        if error is not None:
            error_type = type(error).__name__
            attributes = {**attributes, "error.type": error_type}
            self.span.set_attribute("error.type", error_type)
            self.span.set_status(Status(StatusCode.ERROR, str(error)[:200]))
        self.instruments.duration.record(seconds, attributes)
        usage = _get(response, "usage")
        for token_type, field in (("input", "prompt_tokens"), ("output", "completion_tokens")):
            count = _get(usage, field)
            if isinstance(count, int):
                self.instruments.tokens.record(
                    count, {**attributes, "gen_ai.token.type": token_type}
                )
        self.span.end()

    def _response_attributes(self, response: Any) -> None:
        span = self.span
        for key, field in (("gen_ai.response.id", "id"), ("gen_ai.response.model", "model")):
            value = _get(response, field)
            if isinstance(value, str):
                span.set_attribute(key, value)
        reasons = [
            str(_get(choice, "finish_reason"))
            for choice in _get(response, "choices") or ()
            if _get(choice, "finish_reason") is not None
        ]
        if reasons:
            span.set_attribute("gen_ai.response.finish_reasons", reasons)
        usage = _get(response, "usage")
        for key, field in (
            ("gen_ai.usage.input_tokens", "prompt_tokens"),
            ("gen_ai.usage.output_tokens", "completion_tokens"),
        ):
            count = _get(usage, field)
            if isinstance(count, int):
                span.set_attribute(key, count)


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(name)
    getter = getattr(obj, "get", None)
    return getter(name) if callable(getter) else getattr(obj, name, None)
