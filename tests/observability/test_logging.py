"""Logging under the "litellm_py" logger: one INFO line per call, a WARNING per retry, redacted
DEBUG bodies, and a correlation id on every record."""

from __future__ import annotations

import logging

import pytest

import litellm_py
from litellm_py import _observe
from litellm_py.exceptions import AuthenticationError, StreamInterruptedError
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.observability.support import MESSAGES, MODEL, auth, call, drain


def ours(
    caplog: pytest.LogCaptureFixture,
    level: int | None = None,
    server: DeepSeekTestServer | None = None,
) -> list[logging.LogRecord]:
    """Our records (of this test's calls to `server`: a stream an earlier test left open may
    be collected, and report itself abandoned, at any time)."""
    ids = None if server is None else {r.headers["x-client-request-id"] for r in server.requests}
    return [
        r for r in caplog.records
        if r.name.startswith("litellm_py") and (level is None or r.levelno == level)
        and (ids is None or getattr(r, "correlation_id", None) in ids)
    ]  # fmt: skip


async def test_one_info_line_per_call(
    flavour: str, server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    resp = await call(flavour, model=MODEL, messages=MESSAGES, **auth(server))
    (line,) = ours(caplog, logging.INFO, server)
    fields = line.__dict__
    assert fields["correlation_id"] == resp.correlation_id
    assert (fields["provider"], fields["model"], fields["operation"]) == (
        "deepseek", "deepseek-flash", "chat"
    )  # fmt: skip
    assert (fields["outcome"], fields["status"], fields["attempts"]) == ("success", "ok", 1)
    assert fields["input_tokens"] == resp.usage.prompt_tokens
    assert fields["output_tokens"] == resp.usage.completion_tokens
    assert fields["cost"] == resp.cost
    assert 0 < fields["latency_ms"] < 30_000
    assert fields["ttfc_ms"] is None
    message = line.getMessage()
    assert message.startswith("chat deepseek/deepseek-flash provider=deepseek")
    assert f"correlation_id={resp.correlation_id}" in message
    assert "outcome=success" in message
    assert f"input_tokens={resp.usage.prompt_tokens}" in message


async def test_stream_line_has_time_to_first_chunk(
    flavour: str, server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    stream = await call(flavour, model=MODEL, messages=MESSAGES, stream=True, **auth(server))
    assert ours(caplog, logging.INFO, server) == []  # logged at the stream's end, not its start
    await drain(flavour, stream)
    (line,) = ours(caplog, logging.INFO, server)
    assert line.__dict__["outcome"] == "success"
    assert 0 <= line.__dict__["ttfc_ms"] <= line.__dict__["latency_ms"]


async def test_failures_and_cut_streams_are_logged(
    flavour: str, server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(AuthenticationError):
        await call(flavour, model=MODEL, messages=MESSAGES, api_base=server.url, api_key="sk-no1")
    server.enqueue(Reply(content="cut short here", disconnect_after_chunks=2))
    stream = await call(flavour, model=MODEL, messages=MESSAGES, stream=True, **auth(server))
    with pytest.raises(StreamInterruptedError):
        await drain(flavour, stream)
    server.enqueue(Reply(content="left early by the caller"))
    stream = await call(flavour, model=MODEL, messages=MESSAGES, stream=True, **auth(server))
    await drain(flavour, stream, limit=1)
    lines = [r.__dict__ for r in ours(caplog, logging.INFO, server)]
    assert [(r["outcome"], r["status"], r["error_type"]) for r in lines] == [
        ("failure", 401, "AuthenticationError"),
        ("failure", "error", "StreamInterruptedError"),
        ("abandoned", "error", "StreamInterruptedError"),
    ]
    assert lines[0]["request_id"] == server.requests[0].request_id


async def test_a_warning_per_retry_with_reason_and_wait(
    flavour: str, server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture,
    sleeps: list[float],
) -> None:  # fmt: skip
    server.enqueue(Reply(status=503), Reply(status=429, headers={"retry-after": "2"}), Reply())
    resp = await call(flavour, model=MODEL, messages=MESSAGES, **auth(server))
    warnings = ours(caplog, logging.WARNING, server)
    assert [w.__dict__["error_type"] for w in warnings] == [
        "ServiceUnavailableError", "RateLimitError"
    ]  # fmt: skip
    assert [w.__dict__["wait_s"] for w in warnings] == sleeps
    assert sleeps[1] == 2.0
    assert warnings[1].getMessage().startswith("retry 2 of 2 after RateLimitError")
    assert "waiting 2.00 s" in warnings[1].getMessage()
    assert {w.__dict__["correlation_id"] for w in warnings} == {resp.correlation_id}
    (line,) = ours(caplog, logging.INFO, server)
    assert line.__dict__["attempts"] == 3


async def test_debug_bodies_are_redacted(
    flavour: str, server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    litellm_py.secret_keys = {"Session_Token"}
    await call(
        flavour, model=MODEL, messages=MESSAGES, extra_body={"session_token": "s3cr3t-value"},
        extra_headers={"X-Api-Key": "other-secret-1"}, **auth(server),
    )  # fmt: skip
    debug = [r.getMessage() for r in ours(caplog, logging.DEBUG, server)]
    request = next(m for m in debug if m.startswith("request: POST"))
    response = next(m for m in debug if m.startswith("response body:"))
    assert "'authorization': '[REDACTED]'" in request
    assert "'x-api-key': '[REDACTED]'" in request
    assert "'session_token': '[REDACTED]'" in request
    assert "'messages': [{'role': 'user', 'content': 'Hi'}]" in request
    assert "chat.completion" in response
    text = "\n".join(debug)
    for secret in (server.api_key, "s3cr3t-value", "other-secret-1"):
        assert secret not in text


async def test_every_record_has_a_correlation_id(
    server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("litellm_py.some_module").warning("logged by another module")
    litellm_py.completion(model=MODEL, messages=MESSAGES, **auth(server))
    logging.getLogger("litellm_py.some_module").warning("and again")
    records = ours(caplog)
    assert records
    assert all(hasattr(r, "correlation_id") for r in records)
    (line,) = ours(caplog, logging.INFO, server)
    again = next(r for r in records if r.getMessage() == "and again")
    assert again.__dict__["correlation_id"] == line.__dict__["correlation_id"]


def test_nothing_registered_means_no_observer(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="litellm_py")
    cid, observer = _observe.begin("chat", MODEL, {}, MESSAGES)
    assert observer is None
    assert len(cid) == 32
    caplog.set_level(logging.INFO, logger="litellm_py")
    assert _observe.begin("chat", MODEL, {}, MESSAGES)[1] is not None


def test_retries_warn_even_without_an_observer(
    server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture, sleeps: list[float]
) -> None:
    caplog.set_level(logging.WARNING, logger="litellm_py")
    server.enqueue(Reply(status=500), Reply())
    litellm_py.completion(model=MODEL, messages=MESSAGES, **auth(server))
    (warning,) = ours(caplog, logging.WARNING, server)
    assert warning.getMessage().startswith("retry 1 of 2 after InternalServerError")
    assert ours(caplog, logging.INFO, server) == []
