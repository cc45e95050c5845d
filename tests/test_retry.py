"""The retry policy: pure decision and wait functions, then attempt counts and waits end to end."""

from __future__ import annotations

from email.utils import formatdate
from typing import Any

import httpx
import pytest
import respx

from litellm_py import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    RateLimitError,
    ServiceUnavailableError,
)
from litellm_py._retry import (
    MAX_RETRY_AFTER,
    backoff,
    parse_retry_after,
    retry_wait,
    status_is_retryable,
)
from tests.support import call_completion, fixture_json

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Hi"}]
OK_BODY = fixture_json("chat_official_2026_10.json")


def error_body(message: str = "Server Error") -> dict[str, Any]:
    return {"error": {"message": message, "type": "server_error", "param": None, "code": None}}


def status(code: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(code, json=error_body(f"HTTP {code}"), headers=headers)


def ok() -> httpx.Response:
    return httpx.Response(200, json=OK_BODY)


# -- status_is_retryable -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (400, False),
        (401, False),
        (402, False),
        (403, False),
        (404, False),
        (408, True),
        (409, True),
        (422, False),
        (429, True),
        (500, True),
        (502, True),
        (503, True),
        (504, True),
        (599, True),
    ],
)
def test_status_is_retryable_by_status(code: int, expected: bool) -> None:
    assert status_is_retryable(code, {}) is expected


def test_x_should_retry_overrides_the_status() -> None:
    assert status_is_retryable(400, {"x-should-retry": "true"}) is True
    assert status_is_retryable(500, {"x-should-retry": "false"}) is False
    assert status_is_retryable(400, httpx.Headers({"X-Should-Retry": "true"})) is True
    assert status_is_retryable(503, httpx.Headers({"X-Should-Retry": "false"})) is False
    # Anything but "true"/"false" leaves the status rule in charge.
    assert status_is_retryable(500, {"x-should-retry": "maybe"}) is True
    assert status_is_retryable(400, {"x-should-retry": "maybe"}) is False


# -- parse_retry_after -------------------------------------------------------------------------

NOW = 1_780_000_000.0


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "0"}, 0.0),
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "2.5"}, 2.5),
        ({"retry-after": "120"}, 120.0),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),  # milliseconds win
        ({"retry-after-ms": "soon", "retry-after": "4"}, 4.0),  # bad ms falls back
        ({"retry-after": "soon"}, None),
        ({"retry-after": ""}, None),
        ({"retry-after": "Tuesday, someday"}, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(headers, now=NOW) == expected


def test_parse_retry_after_http_date() -> None:
    headers = {"retry-after": formatdate(NOW + 30, usegmt=True)}
    assert parse_retry_after(headers, now=NOW) == pytest.approx(30.0)
    past = {"retry-after": formatdate(NOW - 10, usegmt=True)}
    assert parse_retry_after(past, now=NOW) == 0.0  # a date in the past means now, never < 0


def test_parse_retry_after_reads_httpx_headers_case_insensitively() -> None:
    assert parse_retry_after(httpx.Headers({"Retry-After": "5"})) == 5.0
    assert parse_retry_after(httpx.Headers({"Retry-After-Ms": "750"})) == 0.75


# -- backoff -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retry_number", "no_jitter"),
    [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 8.0), (6, 8.0), (20, 8.0)],
)
def test_backoff_bounds(retry_number: int, no_jitter: float) -> None:
    assert backoff(retry_number, jitter=lambda: 0.0) == no_jitter
    full = backoff(retry_number, jitter=lambda: 1.0)
    assert full == pytest.approx(no_jitter * 0.75)
    assert 0 < full < no_jitter
    for _ in range(50):
        assert full <= backoff(retry_number) <= no_jitter


# -- retry_wait --------------------------------------------------------------------------------


def test_retry_wait_decisions() -> None:
    assert retry_wait(ValueError("not ours"), 1) is None
    assert retry_wait(BadRequestError("bad"), 1) is None
    assert retry_wait(AuthenticationError("who"), 1) is None
    assert retry_wait(RateLimitError("slow", retry_after=3.0), 1) == 3.0
    assert retry_wait(RateLimitError("slow", retry_after=0.0), 1) == 0.0
    assert retry_wait(RateLimitError("slow", retry_after=MAX_RETRY_AFTER), 1) == MAX_RETRY_AFTER
    assert retry_wait(RateLimitError("slow", retry_after=MAX_RETRY_AFTER + 1), 1) is None
    # A date in the past (negative) falls back to backoff.
    wait = retry_wait(RateLimitError("slow", retry_after=-5.0), 2)
    assert wait is not None
    assert 0.75 <= wait <= 1.0
    wait = retry_wait(InternalServerError("boom"), 1)
    assert wait is not None
    assert 0.375 <= wait <= 0.5
    wait = retry_wait(APIConnectionError("reset"), 3)
    assert wait is not None
    assert 1.5 <= wait <= 2.0
    assert retry_wait(InternalServerError("boom", is_retryable=False), 1) is None


# -- behaviour through completion ----------------------------------------------------------------


async def fail(mode: str, **kwargs: Any) -> Exception:
    with pytest.raises(Exception) as info:  # noqa: PT011 - the type is asserted by each test
        await call_completion(mode, model=MODEL, messages=MESSAGES, **kwargs)
    return info.value


async def test_default_two_retries_means_three_requests(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = deepseek_api.post("/chat/completions").respond(500, json=error_body())
    exc = await fail(mode)
    assert type(exc) is InternalServerError
    assert route.call_count == 3
    assert len(sleeps) == 2
    assert 0.375 <= sleeps[0] <= 0.5
    assert 0.75 <= sleeps[1] <= 1.0


async def test_num_retries_zero_sends_once(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = deepseek_api.post("/chat/completions").respond(500, json=error_body())
    await fail(mode, num_retries=0)
    assert route.call_count == 1
    assert sleeps == []


@pytest.mark.parametrize("param", ["num_retries", "max_retries"])
@pytest.mark.parametrize("retries", [1, 4])
async def test_retry_count_and_alias(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float], param: str, retries: int
) -> None:
    route = deepseek_api.post("/chat/completions").respond(503, json=error_body())
    exc = await fail(mode, **{param: retries})
    assert type(exc) is ServiceUnavailableError
    assert route.call_count == retries + 1
    assert len(sleeps) == retries
    for n, wait in enumerate(sleeps, start=1):
        ceiling = min(0.5 * 2 ** (n - 1), 8.0)
        assert 0.75 * ceiling <= wait <= ceiling


@pytest.mark.parametrize(
    ("headers", "expected_wait"),
    [({"retry-after": "2"}, 2.0), ({"retry-after-ms": "250"}, 0.25), ({"retry-after": "0"}, 0.0)],
)
async def test_retry_after_is_honoured(
    mode: str,
    deepseek_api: respx.MockRouter,
    sleeps: list[float],
    headers: dict[str, str],
    expected_wait: float,
) -> None:
    route = deepseek_api.post("/chat/completions").mock(side_effect=[status(429, headers), ok()])
    resp = await call_completion(mode, model=MODEL, messages=MESSAGES)
    assert resp.choices[0].message.content == "Hello! How can I help you today?"
    assert route.call_count == 2
    assert sleeps == [expected_wait]


async def test_retry_after_on_a_later_attempt_is_honoured(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = deepseek_api.post("/chat/completions").mock(
        side_effect=[status(500), status(429, {"retry-after": "5"}), ok()]
    )
    await call_completion(mode, model=MODEL, messages=MESSAGES)
    assert route.call_count == 3
    assert len(sleeps) == 2
    assert 0.375 <= sleeps[0] <= 0.5
    assert sleeps[1] == 5.0


@pytest.mark.parametrize("code", [400, 401, 402, 403, 404, 422])
async def test_client_errors_never_retried(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float], code: int
) -> None:
    route = deepseek_api.post("/chat/completions").respond(code, json=error_body("no"))
    exc = await fail(mode, num_retries=5)
    assert isinstance(exc, APIStatusError)
    assert exc.status_code == code
    assert exc.is_retryable is False
    assert route.call_count == 1
    assert sleeps == []


@pytest.mark.parametrize("code", [408, 409, 429, 500, 502, 503, 504])
async def test_retryable_statuses_are_retried(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float], code: int
) -> None:
    route = deepseek_api.post("/chat/completions").mock(side_effect=[status(code), ok()])
    resp = await call_completion(mode, model=MODEL, messages=MESSAGES)
    assert resp.id == OK_BODY["id"]
    assert route.call_count == 2
    assert len(sleeps) == 1


async def test_x_should_retry_true_retries_a_400(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = deepseek_api.post("/chat/completions").respond(
        400, json=error_body("transient"), headers={"x-should-retry": "true"}
    )
    exc = await fail(mode)
    assert type(exc) is BadRequestError
    assert exc.is_retryable is True
    assert route.call_count == 3
    assert len(sleeps) == 2


async def test_x_should_retry_false_stops_a_500(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = deepseek_api.post("/chat/completions").respond(
        500, json=error_body(), headers={"x-should-retry": "false"}
    )
    exc = await fail(mode)
    assert type(exc) is InternalServerError
    assert exc.is_retryable is False
    assert route.call_count == 1
    assert sleeps == []


@pytest.mark.parametrize("headers", [{"retry-after": "120"}, {"retry-after-ms": "61000"}])
async def test_retry_after_over_60_s_raises_at_once(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float], headers: dict[str, str]
) -> None:
    route = deepseek_api.post("/chat/completions").respond(
        429, json=error_body("Rate Limit Reached"), headers=headers
    )
    exc = await fail(mode)
    assert type(exc) is RateLimitError
    assert exc.retry_after is not None
    assert exc.retry_after > 60
    assert exc.retry_after == parse_retry_after(headers)
    assert route.call_count == 1
    assert sleeps == []


async def test_success_after_two_503s(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = deepseek_api.post("/chat/completions").mock(
        side_effect=[status(503), status(503), ok()]
    )
    resp = await call_completion(mode, model=MODEL, messages=MESSAGES)
    assert resp.model_dump() == OK_BODY
    assert route.call_count == 3
    assert len(sleeps) == 2


async def test_third_503_exhausts_default_retries(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = deepseek_api.post("/chat/completions").mock(
        side_effect=[status(503), status(503), status(503), ok()]
    )
    exc = await fail(mode)
    assert type(exc) is ServiceUnavailableError
    assert route.call_count == 3


@pytest.mark.parametrize(
    "transport_error",
    [
        httpx.ConnectError("[Errno 111] Connection refused"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadTimeout("timed out"),
        httpx.ConnectTimeout("timed out"),
    ],
    ids=lambda e: type(e).__name__,
)
async def test_connection_errors_and_timeouts_are_retried(
    mode: str,
    deepseek_api: respx.MockRouter,
    sleeps: list[float],
    transport_error: httpx.TransportError,
) -> None:
    route = deepseek_api.post("/chat/completions").mock(
        side_effect=[transport_error, transport_error, ok()]
    )
    resp = await call_completion(mode, model=MODEL, messages=MESSAGES)
    assert resp.id == OK_BODY["id"]
    assert route.call_count == 3
    assert len(sleeps) == 2


async def test_connection_errors_exhaust_retries(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = deepseek_api.post("/chat/completions").mock(
        side_effect=httpx.ConnectError("[Errno 111] Connection refused")
    )
    exc = await fail(mode, num_retries=1)
    assert type(exc) is APIConnectionError
    assert route.call_count == 2
    assert len(sleeps) == 1


async def test_retry_resends_the_same_request(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = deepseek_api.post("/chat/completions").mock(side_effect=[status(500), ok()])
    await call_completion(mode, model=MODEL, messages=MESSAGES, max_tokens=50)
    first, second = (call.request for call in route.calls)
    assert first.content == second.content
    assert first.url == second.url
    assert first.headers["authorization"] == second.headers["authorization"]
