"""`fallbacks=[...]`: when one model cannot answer, the next one is asked.

The next model is tried after a retryable error has used up its retries, or at once after a
context-window error; never after an error another model cannot fix (401, 400, 402, 422). The
response (or stream) says which model answered; when every model fails, the final error keeps
every failed attempt. Requests per model are counted from what the loopback server received.
"""

from __future__ import annotations

from typing import Any

import pytest

from litellm_py import stream_chunk_builder
from litellm_py.exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ContentPolicyViolationError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    InternalServerError,
    RateLimitError,
    ServiceUnavailableError,
    StreamInterruptedError,
    UnprocessableEntityError,
)
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import call_completion, collect

PRIMARY = "deepseek/deepseek-flash"
FALLBACK = "deepseek/deepseek-v4-pro"
MESSAGES = [{"role": "user", "content": "Hi"}]
ANSWER = "Answered by the fallback."
# DeepSeek's context overflow, verbatim (reference: error messages).
CONTEXT_OVERFLOW = Reply(
    status=400,
    json={
        "error": {
            "message": "This model's maximum context length is 1048576 tokens. However, you "
            "requested 1049647 tokens (985647 in the messages, 64000 in the completion). Please "
            "reduce the length of the messages or completion.",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_request_error",
        }
    },
)


pytestmark = pytest.mark.usefixtures("no_leaks")


@pytest.fixture(params=[False, True], ids=["json", "stream"])
def stream(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


async def ask(
    mode: str, server: DeepSeekTestServer, *, stream: bool, model: str = PRIMARY, **kwargs: Any
) -> tuple[Any, str | None]:
    """(the assembled response, `answered_by` of the response or stream)."""
    result = await call_completion(
        mode, model=model, messages=MESSAGES, api_base=server.url, api_key=server.api_key,
        stream=stream, **kwargs,
    )  # fmt: skip
    answered_by = result.answered_by
    if stream:
        result = stream_chunk_builder(await collect(mode, result))
    return result, answered_by


def models_asked(server: DeepSeekTestServer) -> list[str]:
    """The `model` of every request the server received, in order."""
    return [request.json["model"] for request in server.requests]


RETRYABLE_FAILURES = {
    "429": (Reply(status=429), RateLimitError),
    "500": (Reply(status=500), InternalServerError),
    "503-retry-after": (Reply(status=503, headers={"retry-after": "2"}), ServiceUnavailableError),
    "html-502": (Reply(fault="html_error"), InternalServerError),
    "reset": (Reply(fault="reset_before_headers"), APIConnectionError),
}


@pytest.mark.parametrize("failure", sorted(RETRYABLE_FAILURES))
async def test_retryable_error_falls_back_once_its_retries_are_used_up(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float], failure: str
) -> None:
    reply, _ = RETRYABLE_FAILURES[failure]
    server.enqueue(reply, reply, Reply(content=ANSWER))

    response, answered_by = await ask(
        mode, server, stream=stream, fallbacks=[FALLBACK], num_retries=1
    )

    assert response.choices[0].message.content == ANSWER
    assert answered_by == FALLBACK
    assert models_asked(server) == ["deepseek-flash", "deepseek-flash", "deepseek-v4-pro"]
    assert len(sleeps) == 1  # one retry of the primary; the fallback is asked without a wait


async def test_the_failed_attempts_are_recorded_on_the_answer(
    mode: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(Reply(status=429), Reply(content=ANSWER))

    response = await call_completion(
        mode, model=PRIMARY, messages=MESSAGES, api_base=server.url, api_key=server.api_key,
        fallbacks=[FALLBACK], num_retries=0,
    )  # fmt: skip

    assert response.answered_by == FALLBACK
    [failed] = response._meta["failed_attempts"]
    assert isinstance(failed, RateLimitError)
    assert failed.model == "deepseek-flash"


async def test_context_window_exceeded_falls_back_at_once(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    server.enqueue(CONTEXT_OVERFLOW, Reply(content=ANSWER))

    response, answered_by = await ask(
        mode, server, stream=stream, fallbacks=[FALLBACK], num_retries=2
    )

    assert response.choices[0].message.content == ANSWER
    assert answered_by == FALLBACK
    assert models_asked(server) == ["deepseek-flash", "deepseek-v4-pro"]  # never retried
    assert sleeps == []


async def test_long_retry_after_skips_the_retries_but_still_falls_back(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    server.enqueue(Reply(status=429, headers={"retry-after": "3600"}), Reply(content=ANSWER))

    response, answered_by = await ask(
        mode, server, stream=stream, fallbacks=[FALLBACK], num_retries=2
    )

    assert response.choices[0].message.content == ANSWER
    assert answered_by == FALLBACK
    assert models_asked(server) == ["deepseek-flash", "deepseek-v4-pro"]
    assert sleeps == []


NOT_FIXED_BY_ANOTHER_MODEL = {
    "401": (Reply(status=401), AuthenticationError),
    "400": (Reply(status=400), BadRequestError),
    "402": (Reply(status=402), InsufficientBalanceError),
    "422": (Reply(status=422), UnprocessableEntityError),
    "503-should-not-retry": (
        Reply(status=503, headers={"x-should-retry": "false"}),
        ServiceUnavailableError,
    ),
}


@pytest.mark.parametrize("failure", sorted(NOT_FIXED_BY_ANOTHER_MODEL))
async def test_non_retryable_error_does_not_fall_back(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float], failure: str
) -> None:
    reply, error_class = NOT_FIXED_BY_ANOTHER_MODEL[failure]
    server.enqueue(reply, Reply(content=ANSWER))

    with pytest.raises(APIStatusError) as caught:
        await ask(mode, server, stream=stream, fallbacks=[FALLBACK], num_retries=2)

    assert type(caught.value) is error_class
    assert caught.value.attempts == []
    assert "models tried" not in str(caught.value)
    assert models_asked(server) == ["deepseek-flash"]
    assert server.pending_replies == 1


async def test_no_fallback_needed_answers_with_the_requested_model(
    mode: str, server: DeepSeekTestServer, stream: bool
) -> None:
    server.enqueue(Reply(content=ANSWER))

    response, answered_by = await ask(mode, server, stream=stream, fallbacks=[FALLBACK])

    assert response.choices[0].message.content == ANSWER
    assert answered_by == PRIMARY
    assert models_asked(server) == ["deepseek-flash"]


async def test_a_bare_fallback_name_is_resolved_and_reported_as_given(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    server.enqueue(CONTEXT_OVERFLOW, Reply(content=ANSWER))

    _, answered_by = await ask(mode, server, stream=stream, fallbacks=["deepseek-v4-pro"])

    assert answered_by == "deepseek-v4-pro"
    assert models_asked(server) == ["deepseek-flash", "deepseek-v4-pro"]


async def test_when_every_model_fails_the_error_keeps_every_attempt(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    third = "deepseek/deepseek-flash"
    server.enqueue(
        Reply(status=429, repeat=2),  # primary: tried twice
        CONTEXT_OVERFLOW,  # first fallback: too small a context, not retried
        Reply(status=503, repeat=2),  # second fallback: tried twice
        Reply(content="not asked"),
    )

    with pytest.raises(ServiceUnavailableError) as caught:
        await ask(mode, server, stream=stream, fallbacks=[FALLBACK, third], num_retries=1)

    error = caught.value
    attempts: list[APIError] = [*error.attempts, error]
    assert [type(a) for a in attempts] == [
        RateLimitError,
        ContextWindowExceededError,
        ServiceUnavailableError,
    ]
    assert [a.model for a in attempts] == ["deepseek-flash", "deepseek-v4-pro", "deepseek-flash"]
    for model in (PRIMARY, FALLBACK):
        assert model in str(error)
    assert "RateLimitError" in str(error)
    assert "ContextWindowExceededError" in str(error)
    assert models_asked(server) == [
        "deepseek-flash", "deepseek-flash", "deepseek-v4-pro", "deepseek-flash", "deepseek-flash",
    ]  # fmt: skip
    assert server.pending_replies == 1


async def test_a_fallback_failing_for_good_ends_the_chain(
    mode: str, server: DeepSeekTestServer, stream: bool, sleeps: list[float]
) -> None:
    server.enqueue(Reply(status=503), Reply(status=401), Reply(content="not asked"))

    with pytest.raises(AuthenticationError) as caught:
        await ask(mode, server, stream=stream, fallbacks=[FALLBACK, PRIMARY], num_retries=0)

    assert [type(a) for a in caught.value.attempts] == [ServiceUnavailableError]
    assert "2 models tried, none answered" in str(caught.value)
    assert models_asked(server) == ["deepseek-flash", "deepseek-v4-pro"]
    assert server.pending_replies == 1


async def test_a_stream_that_broke_after_output_does_not_fall_back(
    mode: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(
        Reply(content="Half an answer", reasoning="Hmm", chunk_size=2, disconnect_after_chunks=4),
        Reply(content=ANSWER),
    )

    with pytest.raises(StreamInterruptedError) as caught:
        await ask(mode, server, stream=True, fallbacks=[FALLBACK], num_retries=2)

    message = caught.value.partial_response.choices[0].message
    assert (message.content, message.reasoning_content) == ("Ha", "Hmm")
    assert models_asked(server) == ["deepseek-flash"]  # the output already given is not redone
    assert server.pending_replies == 1


async def test_fallbacks_must_be_a_list_of_model_strings(
    mode: str, server: DeepSeekTestServer
) -> None:
    with pytest.raises(BadRequestError, match="list of model strings"):
        await ask(mode, server, stream=False, fallbacks=FALLBACK)
    assert server.requests == []


# -- after a model that does not exist, auth errors, and LiteLLM's error-specific lists ----------

MODEL_NOT_EXIST = Reply(
    status=400,
    json={"error": {"message": "Model Not Exist", "type": "invalid_request_error", "param": None,
                    "code": "invalid_request_error"}},
)  # fmt: skip
CONTENT_RISK = Reply(
    status=400,
    json={"error": {"message": "Content Exists Risk", "type": "invalid_request_error",
                    "param": None, "code": "invalid_request_error"}},
)  # fmt: skip


@pytest.mark.parametrize("missing", [MODEL_NOT_EXIST, Reply(status=404)], ids=["400", "404"])
async def test_a_model_that_does_not_exist_falls_back(
    net_mode: str, server: DeepSeekTestServer, stream: bool, missing: Reply
) -> None:
    server.enqueue(missing, Reply(content=ANSWER))

    response, answered_by = await ask(net_mode, server, stream=stream, fallbacks=[FALLBACK])

    assert response.choices[0].message.content == ANSWER
    assert answered_by == FALLBACK
    assert models_asked(server) == ["deepseek-flash", "deepseek-v4-pro"]


async def test_an_auth_error_falls_back_to_a_model_with_its_own_key(
    net_mode: str, server: DeepSeekTestServer
) -> None:
    own_key = {"model": FALLBACK, "api_key": server.api_key}
    response = await call_completion(
        net_mode, model=PRIMARY, messages=MESSAGES, api_base=server.url, api_key="sk-wrong-key",
        fallbacks=[own_key],
    )  # fmt: skip

    assert response.answered_by == FALLBACK
    assert [r.headers["authorization"] for r in server.requests] == [
        "Bearer sk-wrong-key", f"Bearer {server.api_key}",
    ]  # fmt: skip


def test_auth_errors_fall_back_only_to_other_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    from litellm_py import _fallbacks
    from litellm_py._fallbacks import Candidate, should_fall_back

    providers = {"deepseek": object(), "other": object()}
    monkeypatch.setattr(
        _fallbacks, "resolve_model", lambda model: (providers[model.partition("/")[0]], model)
    )
    error = AuthenticationError("bad key", provider="deepseek")
    same = Candidate("deepseek/deepseek-flash")
    assert not should_fall_back(error, same, Candidate("deepseek/deepseek-v4-pro"))
    assert should_fall_back(error, same, Candidate("other/model"))
    assert should_fall_back(error, same, Candidate("deepseek/deepseek-v4-pro", {"api_key": "k2"}))


@pytest.mark.parametrize(
    "spec", [[FALLBACK], [{PRIMARY: [FALLBACK]}]], ids=["list", "litellm-dicts"]
)
async def test_context_window_fallbacks(
    net_mode: str, server: DeepSeekTestServer, stream: bool, spec: list[Any]
) -> None:
    server.enqueue(CONTEXT_OVERFLOW, Reply(content=ANSWER))

    _, answered_by = await ask(
        net_mode, server, stream=stream, context_window_fallbacks=spec, fallbacks=["deepseek-flash"]
    )

    assert answered_by == FALLBACK  # the context list first, not the general one
    assert models_asked(server) == ["deepseek-flash", "deepseek-v4-pro"]


async def test_content_policy_fallbacks(
    net_mode: str, server: DeepSeekTestServer, stream: bool
) -> None:
    server.enqueue(CONTENT_RISK, Reply(content=ANSWER))

    _, answered_by = await ask(net_mode, server, stream=stream, content_policy_fallbacks=[FALLBACK])

    assert answered_by == FALLBACK


async def test_content_policy_error_does_not_use_the_general_fallbacks(
    net_mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(CONTENT_RISK, Reply(content=ANSWER))

    with pytest.raises(ContentPolicyViolationError):
        await ask(net_mode, server, stream=False, fallbacks=[FALLBACK])

    assert models_asked(server) == ["deepseek-flash"]
