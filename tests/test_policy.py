"""One policy per decision: the same error object is classified the same way wherever it
arrives, and the "retry-after above 60 s" rule gives one answer on every path."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from litellm_py import _retry
from litellm_py._inband import inband_status
from litellm_py.exceptions import (
    APIError,
    BadRequestError,
    InsufficientBalanceError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    ServiceUnavailableError,
)
from litellm_py.providers.openai_compatible.errors import status_error
from tests.support import call_completion

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Hi"}]

ERROR_OBJECTS: dict[str, tuple[dict[str, Any], type[APIError]]] = {
    "no type": ({"message": "Server Error"}, InternalServerError),
    "server_error": ({"message": "Server Error", "type": "server_error"}, InternalServerError),
    "invalid request": ({"message": "bad", "type": "invalid_request_error"}, BadRequestError),
    "rate limit": ({"message": "slow down", "type": "rate_limit_error"}, RateLimitError),
    "overloaded": ({"message": "busy", "type": "overloaded_error"}, ServiceUnavailableError),
    "numeric code": ({"message": "Model Not Exist", "code": 404}, NotFoundError),
    "status field": ({"message": "busy", "status": "503"}, ServiceUnavailableError),
    "balance": ({"message": "Insufficient Balance"}, InsufficientBalanceError),
}


async def error_in_body(mode: str, api: respx.MockRouter, error: dict[str, Any]) -> APIError:
    api.post("/chat/completions").respond(200, json={"error": error})
    with pytest.raises(APIError) as caught:
        await call_completion(mode, model=MODEL, messages=MESSAGES, num_retries=0)
    return caught.value


async def error_in_stream(mode: str, api: respx.MockRouter, error: dict[str, Any]) -> APIError:
    body = f"data: {httpx.Response(200, json={'error': error}).text}\n\n".encode()
    api.post("/chat/completions").respond(
        200, content=body, headers={"content-type": "text/event-stream"}
    )
    # An error before any chunk is raised when the stream opens (and retried like a status).
    with pytest.raises(APIError) as caught:
        await call_completion(mode, model=MODEL, messages=MESSAGES, stream=True, num_retries=0)
    return caught.value


@pytest.mark.parametrize("case", sorted(ERROR_OBJECTS))
async def test_an_error_object_is_the_same_error_in_a_body_and_in_a_stream(
    mode: str, deepseek_api: respx.MockRouter, case: str
) -> None:
    error, expected = ERROR_OBJECTS[case]
    in_body = await error_in_body(mode, deepseek_api, error)
    deepseek_api.reset()
    deepseek_api.routes.clear()
    in_stream = await error_in_stream(mode, deepseek_api, error)

    assert type(in_body) is type(in_stream) is expected
    assert in_body.is_retryable == in_stream.is_retryable
    assert getattr(in_body, "status_code", None) == getattr(in_stream, "status_code", None)


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"status": 429}, 429),
        ({"http_status": "502"}, 502),
        ({"code": 401, "type": "server_error"}, 401),
        ({"code": "invalid_request_error", "type": "invalid_request_error"}, 400),
        ({"status": "abc", "type": "permission_error"}, 403),
        ({"status": True}, 500),
        ({}, 500),
    ],
)
def test_inband_status(fields: dict[str, Any], status: int) -> None:
    assert inband_status(fields) == status


@pytest.mark.parametrize(
    ("retry_after", "waits_too_long"), [(None, False), (0.0, False), (60.0, False), (60.5, True)]
)
def test_the_sixty_second_rule_is_one_function(
    retry_after: float | None, waits_too_long: bool
) -> None:
    assert _retry.waits_too_long(retry_after) is waits_too_long
    assert _retry.should_retry_status(429, {}, retry_after) is not waits_too_long
    assert _retry.should_retry_status(400, {}, retry_after) is False
    error = status_error(
        status_code=429, headers={} if retry_after is None else {"retry-after": str(retry_after)},
        payload={"error": {"message": "Rate Limit Reached"}}, api_key=None, provider="deepseek",
        model="m",
    )  # fmt: skip
    assert error.is_retryable is not waits_too_long
    wait = _retry.retry_wait(error, 1)
    assert (wait is None) is waits_too_long
