"""Messages API errors map onto the library's error tree; the key never leaks."""

from __future__ import annotations

import logging

import pytest

import litellm_py
from litellm_py.exceptions import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServiceUnavailableError,
    UnprocessableEntityError,
)
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.anthropic.conftest import ANTHROPIC_KEY, call, kwargs

CASES = [
    (400, BadRequestError, False),
    (401, AuthenticationError, False),
    (402, InsufficientBalanceError, False),
    (403, PermissionDeniedError, False),
    (404, NotFoundError, False),
    (413, BadRequestError, False),
    (422, UnprocessableEntityError, False),
    (429, RateLimitError, True),
    (500, InternalServerError, True),
    (529, ServiceUnavailableError, True),
]


@pytest.mark.parametrize(("status", "cls", "retried"), CASES)
async def test_status_maps_to_typed_error(
    mode: str,
    server: DeepSeekTestServer,
    sleeps: list[float],
    status: int,
    cls: type[APIStatusError],
    retried: bool,
) -> None:
    server.enqueue(Reply(status=status, repeat=3))
    with pytest.raises(cls) as info:
        await call(mode, **kwargs(server))
    error = info.value
    assert type(error) is cls
    assert error.status_code == status
    assert error.provider == "anthropic"
    assert error.model == "claude-haiku-4-5"
    assert error.is_retryable is retried
    assert error.request_id is not None
    assert error.request_id.startswith("req_")
    assert len(server.requests) == (3 if retried else 1)
    assert isinstance(error.body, dict)
    assert error.body["type"] == "error"


async def test_overloaded_then_success_is_retried(
    mode: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(Reply(status=529))
    resp = await call(mode, **kwargs(server))
    assert resp.choices[0].message.content == "You said: Hi"
    assert len(sleeps) == 1


async def test_in_band_overloaded_error_in_a_stream(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(
        Reply(
            stream_error={"type": "overloaded_error", "message": "Overloaded"}, stream_error_after=4
        )
    )
    with pytest.raises(ServiceUnavailableError, match="Overloaded") as info:
        await call(mode, **kwargs(server, stream=True))
    assert info.value.status_code == 529
    assert info.value.type == "overloaded_error"


async def test_wrong_key_is_a_redacted_authentication_error(
    mode: str, server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "sk-ant-wrong-0123456789abcdefSECRET"
    echo = {
        "type": "error",
        "error": {"type": "authentication_error", "message": f"bad key {wrong}"},
    }
    server.enqueue(Reply(status=401, json=echo))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(AuthenticationError) as info:
        await call(mode, **kwargs(server, api_key=wrong))
    error = info.value
    for text in (str(error), repr(error), repr(error.body), repr(vars(error))):
        assert wrong not in text
    assert "ANTHROPIC_API_KEY" in str(error)
    for record in caplog.records:
        assert wrong not in record.getMessage()


async def test_server_refuses_a_wrong_key(mode: str, server: DeepSeekTestServer) -> None:
    with pytest.raises(AuthenticationError, match="x-api-key"):
        await call(mode, **kwargs(server, api_key="sk-ant-not-the-right-one"))


async def test_prompt_too_long_is_a_context_window_error(
    mode: str, server: DeepSeekTestServer
) -> None:
    body = {
        "type": "error",
        "error": {"type": "invalid_request_error", "message": "prompt is too long: 210000 tokens"},
    }
    server.enqueue(Reply(status=400, json=body))
    with pytest.raises(ContextWindowExceededError, match="prompt is too long"):
        await call(mode, **kwargs(server))


def test_key_never_in_settings_repr(server: DeepSeekTestServer) -> None:
    params = kwargs(server)
    model, messages = params.pop("model"), params.pop("messages")
    provider, call_ = litellm_py._api.prepare_call("chat", model, params, messages)
    assert ANTHROPIC_KEY not in repr(call_)
    assert ANTHROPIC_KEY not in repr(call_.settings)
    request = provider.build_request(call_)
    assert request.headers["x-api-key"] == ANTHROPIC_KEY  # only on the wire
