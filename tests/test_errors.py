"""The error tree: every status, DeepSeek's special bodies, bad 2xx bodies, transport failures."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import respx

import litellm_py
import litellm_py.exceptions
from litellm_py import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ContentPolicyViolationError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    InternalServerError,
    LiteLLMError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServiceUnavailableError,
    UnprocessableEntityError,
    UnsupportedParamsError,
)
from tests.support import call_completion, fixture_json

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Hi"}]
REQUEST_ID = "7f3e2a1c-0b9d-4c8e-a6f5-1d2c3b4a5e6f"


def synthetic(message: str, type_: str, code: str | None = None) -> dict[str, Any]:
    """An OpenAI-style error body for statuses the reference has no verbatim sample of."""
    return {"error": {"message": message, "type": type_, "param": "model", "code": code}}


# status, body, expected class (exact), retried by default
STATUS_CASES: list[tuple[int, Any, type[APIStatusError], bool]] = [
    (400, fixture_json("error_max_tokens_400.json"), BadRequestError, False),
    (400, fixture_json("error_reasoning_replay_400.json"), BadRequestError, False),
    (400, fixture_json("error_successive_400.json"), BadRequestError, False),
    (400, fixture_json("error_presence_penalty_400.json"), BadRequestError, False),
    (401, fixture_json("error_auth_401.json"), AuthenticationError, False),
    (402, fixture_json("error_insufficient_balance_402.json"), InsufficientBalanceError, False),
    (403, synthetic("Forbidden", "permission_error", "forbidden"), PermissionDeniedError, False),
    (404, synthetic("Not Found", "invalid_request_error", "not_found"), NotFoundError, False),
    (408, synthetic("Request Timeout", "timeout_error"), APIStatusError, True),
    (409, synthetic("Conflict", "conflict_error"), APIStatusError, True),
    (
        422,
        synthetic("expected struct ThinkingOptions", "invalid_request_error"),
        UnprocessableEntityError,
        False,
    ),
    (429, synthetic("Rate Limit Reached", "rate_limit_error"), RateLimitError, True),
    (500, synthetic("Server Error", "server_error"), InternalServerError, True),
    (502, synthetic("Bad Gateway", "server_error"), InternalServerError, True),
    (503, synthetic("Server Overloaded", "server_error"), ServiceUnavailableError, True),
    (504, synthetic("Gateway Timeout", "server_error"), InternalServerError, True),
]


async def raised(mode: str, **kwargs: Any) -> APIError:
    """The APIError a completion call raises (fails the test if it returns)."""
    kwargs.setdefault("model", MODEL)
    kwargs.setdefault("messages", MESSAGES)
    with pytest.raises(APIError) as info:
        await call_completion(mode, **kwargs)
    return info.value


# -- the tree itself (pure) --------------------------------------------------------------------


def test_tree_shape() -> None:
    parents = {
        litellm_py.ConfigurationError: LiteLLMError,
        litellm_py.ProviderNotFoundError: LiteLLMError,
        APIError: LiteLLMError,
        APIConnectionError: APIError,
        APITimeoutError: APIConnectionError,
        litellm_py.StreamInterruptedError: APIConnectionError,
        APIResponseValidationError: APIError,
        APIStatusError: APIError,
        BadRequestError: APIStatusError,
        ContextWindowExceededError: BadRequestError,
        ContentPolicyViolationError: BadRequestError,
        UnsupportedParamsError: BadRequestError,
        AuthenticationError: APIStatusError,
        InsufficientBalanceError: APIStatusError,
        PermissionDeniedError: APIStatusError,
        NotFoundError: APIStatusError,
        UnprocessableEntityError: APIStatusError,
        RateLimitError: APIStatusError,
        InternalServerError: APIStatusError,
        ServiceUnavailableError: InternalServerError,
    }
    for child, parent in parents.items():
        assert issubclass(child, parent), (child, parent)
    assert issubclass(LiteLLMError, Exception)


def test_timeout_alias_is_the_same_class() -> None:
    assert litellm_py.Timeout is APITimeoutError
    assert litellm_py.exceptions.Timeout is APITimeoutError


# -- every status ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "cls", "retryable"),
    STATUS_CASES,
    ids=[f"{c[0]}-{c[2].__name__}-{i}" for i, c in enumerate(STATUS_CASES)],
)
async def test_status_maps_to_class_with_all_attributes(
    mode: str,
    deepseek_api: respx.MockRouter,
    status: int,
    body: dict[str, Any],
    cls: type[APIStatusError],
    retryable: bool,
) -> None:
    route = deepseek_api.post("/chat/completions").respond(
        status, json=body, headers={"x-request-id": REQUEST_ID}
    )
    exc = await raised(mode, num_retries=0)

    assert type(exc) is cls
    assert isinstance(exc, APIStatusError)
    assert exc.status_code == status
    assert isinstance(exc.response, httpx.Response)
    assert exc.response.status_code == status
    assert exc.body == body
    fields = body["error"]
    assert exc.code == fields.get("code")
    assert exc.param == fields.get("param")
    assert exc.type == fields.get("type")
    assert exc.retry_after is None
    assert exc.provider == "deepseek"
    assert exc.model == "deepseek-flash"
    assert exc.request_id == REQUEST_ID
    assert fields["message"] in exc.message
    assert str(exc) == exc.message
    assert exc.is_retryable is retryable
    assert route.call_count == 1


async def test_retry_after_header_is_exposed(mode: str, deepseek_api: respx.MockRouter) -> None:
    deepseek_api.post("/chat/completions").respond(
        429, json=synthetic("Rate Limit Reached", "rate_limit_error"), headers={"retry-after": "7"}
    )
    exc = await raised(mode, num_retries=0)
    assert isinstance(exc, RateLimitError)
    assert exc.retry_after == 7.0


# -- DeepSeek's special bodies -------------------------------------------------------------------


async def test_model_not_exist_400_is_not_found(mode: str, deepseek_api: respx.MockRouter) -> None:
    body = {"error": {"message": "Model Not Exist", "type": "invalid_request_error"}}
    deepseek_api.post("/chat/completions").respond(400, json=body)
    exc = await raised(mode, model="deepseek/deepseek-nonexistent")
    assert type(exc) is NotFoundError
    assert exc.status_code == 400
    assert exc.model == "deepseek-nonexistent"
    assert "Model Not Exist" in exc.message
    assert exc.is_retryable is False


CONTEXT_LONG = (
    "This model's maximum context length is 1048576 tokens. However, you requested 1049647 "
    "tokens (985647 in the messages, 64000 in the completion). Please reduce the length of the "
    "messages or completion."
)


async def test_context_length_message_is_context_window_error(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    body = {
        "error": {
            "message": CONTEXT_LONG,
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_request_error",
        }
    }
    route = deepseek_api.post("/chat/completions").respond(400, json=body)
    exc = await raised(mode)
    assert type(exc) is ContextWindowExceededError
    assert isinstance(exc, BadRequestError)
    assert exc.status_code == 400
    assert CONTEXT_LONG in exc.message
    assert exc.is_retryable is False
    assert route.call_count == 1


@pytest.mark.parametrize("status", [400, 429])
async def test_terse_input_token_exceed_is_context_window_error(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float], status: int
) -> None:
    message = "Input token exceed the limit (request id: 0a1b2c3d-4e5f)"
    body = {
        "error": {
            "message": message,
            "type": "api_error",
            "param": "",
            "code": "quota_limit_reached",
        }
    }
    route = deepseek_api.post("/chat/completions").respond(status, json=body)
    exc = await raised(mode)
    assert type(exc) is ContextWindowExceededError
    assert isinstance(exc, APIStatusError)
    assert exc.status_code == status
    assert exc.code == "quota_limit_reached"
    assert exc.param == ""
    assert exc.type == "api_error"
    # No x-request-id header: the id the message carries is used.
    assert exc.request_id == "0a1b2c3d-4e5f"
    # Resending the same oversized prompt cannot succeed.
    assert exc.is_retryable is False
    assert route.call_count == 1
    assert sleeps == []


async def test_insufficient_balance_402_never_retried(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    body = fixture_json("error_insufficient_balance_402.json")
    route = deepseek_api.post("/chat/completions").respond(402, json=body)
    exc = await raised(mode)  # default num_retries=2
    assert type(exc) is InsufficientBalanceError
    assert exc.status_code == 402
    assert "Insufficient Balance" in exc.message
    assert exc.type == "unknown_error"
    assert exc.is_retryable is False
    assert route.call_count == 1
    assert sleeps == []


async def test_503_is_service_unavailable(mode: str, deepseek_api: respx.MockRouter) -> None:
    deepseek_api.post("/chat/completions").respond(
        503, json=synthetic("Server Overloaded", "server_error")
    )
    exc = await raised(mode, num_retries=0)
    assert type(exc) is ServiceUnavailableError
    assert isinstance(exc, InternalServerError)
    assert exc.status_code == 503
    assert exc.is_retryable is True


async def test_error_body_that_is_not_json(mode: str, deepseek_api: respx.MockRouter) -> None:
    deepseek_api.post("/chat/completions").respond(
        502, text="<html>502 Bad Gateway</html>", headers={"x-request-id": REQUEST_ID}
    )
    exc = await raised(mode, num_retries=0)
    assert type(exc) is InternalServerError
    assert exc.status_code == 502
    assert exc.body == "<html>502 Bad Gateway</html>"
    assert "502 Bad Gateway" in exc.message
    assert exc.code is None
    assert exc.request_id == REQUEST_ID


# -- unparseable 2xx bodies ----------------------------------------------------------------------


async def test_2xx_body_not_json_is_validation_error(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    deepseek_api.post("/chat/completions").respond(
        200, text="<html>maintenance</html>", headers={"x-request-id": REQUEST_ID}
    )
    exc = await raised(mode)
    assert type(exc) is APIResponseValidationError
    assert exc.provider == "deepseek"
    assert exc.model == "deepseek-flash"
    assert exc.request_id == REQUEST_ID
    assert exc.is_retryable is False
    assert "maintenance" in exc.message


@pytest.mark.parametrize("content", [b"[1, 2, 3]", b'"text"', b"42", b"null"])
async def test_2xx_json_not_an_object_is_validation_error(
    mode: str, deepseek_api: respx.MockRouter, content: bytes
) -> None:
    deepseek_api.post("/chat/completions").respond(
        200, content=content, headers={"content-type": "application/json"}
    )
    exc = await raised(mode)
    assert type(exc) is APIResponseValidationError
    assert exc.provider == "deepseek"
    assert exc.model == "deepseek-flash"


async def test_2xx_carrying_an_error_object_raises_it(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    body = fixture_json("error_reasoning_replay_400.json")
    deepseek_api.post("/chat/completions").respond(200, json=body)
    exc = await raised(mode)
    assert isinstance(exc, BadRequestError)
    assert "reasoning_content" in exc.message


# -- transport failures --------------------------------------------------------------------------


async def test_connection_refused_is_connection_error(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    deepseek_api.post("/chat/completions").mock(
        side_effect=httpx.ConnectError("[Errno 111] Connection refused")
    )
    exc = await raised(mode, num_retries=0)
    assert type(exc) is APIConnectionError
    assert not isinstance(exc, APITimeoutError)
    assert exc.provider == "deepseek"
    assert exc.model == "deepseek-flash"
    assert exc.is_retryable is True
    assert isinstance(exc.__cause__, httpx.ConnectError)


@pytest.mark.parametrize(
    "timeout_exc", [httpx.ConnectTimeout, httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout]
)
async def test_transport_timeouts_are_timeout_errors(
    mode: str, deepseek_api: respx.MockRouter, timeout_exc: type[httpx.TimeoutException]
) -> None:
    deepseek_api.post("/chat/completions").mock(side_effect=timeout_exc("timed out"))
    exc = await raised(mode, num_retries=0)
    assert type(exc) is APITimeoutError
    assert isinstance(exc, litellm_py.Timeout)
    assert isinstance(exc, APIConnectionError)
    assert exc.provider == "deepseek"
    assert exc.is_retryable is True


class KeepAliveForever(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A non-streaming body that only ever sends the blank keep-alive lines of a queued request."""

    def __iter__(self) -> Iterator[bytes]:
        while True:
            time.sleep(0.005)
            yield b"\n"

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            await asyncio.sleep(0.005)
            yield b"\n"


async def test_total_deadline_fires_while_keep_alive_lines_arrive(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    deepseek_api.post("/chat/completions").mock(
        return_value=httpx.Response(200, stream=KeepAliveForever())
    )
    started = time.monotonic()
    exc = await raised(mode, timeout=0.1, num_retries=0)
    assert type(exc) is APITimeoutError
    assert time.monotonic() - started < 10.0  # the body never ends: only the deadline ends it
