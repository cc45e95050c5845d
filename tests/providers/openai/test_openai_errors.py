"""openai/ errors against the OpenAI dialect of the bundled server: typed, OpenAI's bodies kept,
the key absent from every message, repr, body and log line."""

from __future__ import annotations

import json
from typing import Any

import pytest

from litellm_py import exceptions as ex
from litellm_py.testing import OpenAITestServer, Reply
from tests.support import TEST_KEY, call_entry, collect, server_auth

MODEL = "openai/gpt-4.1-mini"
MESSAGES = [{"role": "user", "content": "Hi"}]
STATUS_ERRORS = {
    400: ex.BadRequestError,
    401: ex.AuthenticationError,
    403: ex.PermissionDeniedError,
    404: ex.NotFoundError,
    422: ex.UnprocessableEntityError,
    429: ex.RateLimitError,
    500: ex.InternalServerError,
    503: ex.ServiceUnavailableError,
}


def assert_key_absent(error: BaseException, caplog: pytest.LogCaptureFixture) -> None:
    shown = [str(error), repr(error), repr(vars(error)), json.dumps(getattr(error, "body", None))]
    assert all(TEST_KEY not in text for text in shown)
    assert all(TEST_KEY not in record.getMessage() for record in caplog.records)


async def ask(mode: str, server: OpenAITestServer, stream: bool = False, **kw: Any) -> Any:
    kw = {**server_auth(server), "num_retries": 0, **kw}
    resp = await call_entry(mode, "completion", kw.pop("model", MODEL), MESSAGES, stream=stream,
                            **kw)  # fmt: skip
    return await collect(mode, resp) if stream else resp


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
@pytest.mark.parametrize("status", sorted(STATUS_ERRORS))
async def test_scripted_statuses_are_typed_with_openai_bodies(
    mode: str,
    openai_server: OpenAITestServer,
    status: int,
    stream: bool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    openai_server.enqueue(Reply(status=status))
    with pytest.raises(STATUS_ERRORS[status]) as caught:
        await ask(mode, openai_server, stream=stream)
    error = caught.value
    assert type(error) is STATUS_ERRORS[status]
    assert (error.status_code, error.provider, error.model) == (status, "openai", "gpt-4.1-mini")
    assert set(error.body["error"]) == {"message", "type", "param", "code"}
    assert str(error).startswith(f"OpenAI {status}: {error.body['error']['message']}")
    assert error.request_id == openai_server.last_request.request_id
    assert_key_absent(error, caplog)


@pytest.mark.parametrize(
    ("params", "param", "code"),
    [
        ({"n": 0}, "n", "integer_below_min_value"),
        ({"top_logprobs": 21, "logprobs": True}, "top_logprobs", "integer_above_max_value"),
        ({"service_tier": "gold"}, "service_tier", "invalid_value"),
        ({"reasoning_effort": "low"}, "reasoning_effort", "unsupported_parameter"),
        ({"temperature": 3}, "temperature", "decimal_above_max_value"),
    ],
)
async def test_server_refusals_are_bad_requests_naming_the_param(
    mode: str, openai_server: OpenAITestServer, params: dict[str, Any], param: str, code: str
) -> None:
    with pytest.raises(ex.BadRequestError) as caught:
        await ask(mode, openai_server, **params)
    assert (caught.value.param, caught.value.code) == (param, code)
    assert caught.value.type == "invalid_request_error"


async def test_reasoning_models_refuse_what_openai_refuses(
    mode: str, openai_server: OpenAITestServer
) -> None:
    with pytest.raises(ex.BadRequestError, match="'logprobs' is not supported") as caught:
        await ask(mode, openai_server, model="openai/o3", logprobs=True)
    assert caught.value.code == "unsupported_parameter"
    with pytest.raises(ex.BadRequestError, match="Only the default \\(1\\) value"):
        await ask(mode, openai_server, model="openai/gpt-5-mini", temperature=0.2)


async def test_strict_schema_must_close_objects(mode: str, openai_server: OpenAITestServer) -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    fmt = {"type": "json_schema", "json_schema": {"name": "s", "strict": True, "schema": schema}}
    with pytest.raises(ex.BadRequestError, match="'additionalProperties' is required") as caught:
        await ask(mode, openai_server, response_format=fmt)
    assert caught.value.code == "invalid_json_schema"


async def test_json_mode_needs_the_word_json(mode: str, openai_server: OpenAITestServer) -> None:
    with pytest.raises(ex.BadRequestError, match="must contain the word 'json'"):
        await ask(mode, openai_server, response_format={"type": "json_object"})


async def test_wrong_key_and_unknown_model(
    mode: str, openai_server: OpenAITestServer, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = TEST_KEY[::-1]
    with pytest.raises(ex.AuthenticationError) as caught:
        await ask(mode, openai_server, api_key=wrong)
    assert caught.value.code == "invalid_api_key"
    assert wrong not in str(caught.value)
    assert "OPENAI_API_KEY" in str(caught.value)
    with pytest.raises(ex.NotFoundError, match="does not exist") as missing:
        await ask(mode, openai_server, model="openai/gpt-0")
    assert missing.value.code == "model_not_found"
    assert_key_absent(missing.value, caplog)


async def test_rate_limit_is_retried_then_answered(
    mode: str, openai_server: OpenAITestServer, sleeps: list[float]
) -> None:
    openai_server.enqueue(Reply(status=429, headers={"retry-after": "0"}), Reply(status=503))
    resp = await ask(mode, openai_server, num_retries=2)
    assert resp.choices[0].message.content == "You said: Hi"
    assert len(openai_server.requests) == 3


async def test_exhausted_quota_429_is_a_balance_error_and_not_retried(
    mode: str, openai_server: OpenAITestServer, caplog: pytest.LogCaptureFixture
) -> None:
    body = {
        "error": {
            "message": "You exceeded your current quota, please check your plan.",
            "type": "insufficient_quota",
            "param": None,
            "code": "insufficient_quota",
        }
    }
    openai_server.enqueue(Reply(status=429, json=body, repeat=3))
    with pytest.raises(ex.InsufficientBalanceError) as caught:
        await ask(mode, openai_server, num_retries=2)
    assert caught.value.status_code == 429
    assert "retrying will not help" in str(caught.value)
    assert len(openai_server.requests) == 1
    assert_key_absent(caught.value, caplog)
