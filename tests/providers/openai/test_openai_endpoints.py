"""openai/ Responses and Files APIs against the OpenAI dialect of the bundled server.

Sync and async (both async backends), stream and non-stream; openai-python's `Response` and
`FileObject` types accept the dumps unchanged; errors are typed and keyless.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from openai.types import FileObject as OpenAIFileObject
from openai.types.responses import Response as OpenAIResponse
from pydantic import BaseModel

from litellm_py import exceptions as ex
from litellm_py._responses import Response
from litellm_py.testing import OpenAITestServer, Reply
from tests.support import TEST_KEY, call_entry, collect, server_auth

MODEL = "openai/gpt-4.1-mini"


def same_under_openai(dumped: dict[str, Any], openai_type: Any) -> None:
    assert openai_type.model_validate(dumped).model_dump(exclude_unset=True) == dumped


async def respond(
    mode: str, server: OpenAITestServer, model: str = MODEL, text: str = "Hello", **kw: Any
) -> Any:
    kw = {**server_auth(server), "num_retries": 0, **kw}
    return await call_entry(mode, "responses", model, text, **kw)


@pytest.mark.parametrize("model", [MODEL, "openai/o4-mini"])
async def test_response_object(mode: str, openai_server: OpenAITestServer, model: str) -> None:
    resp = await respond(mode, openai_server, model, "Hello", instructions="Be brief.")
    assert isinstance(resp, Response)
    assert resp.status == "completed"
    assert resp.output_text == "You said: Hello"
    usage = resp.usage
    assert usage is not None
    assert usage.total_tokens == usage.input_tokens + usage.output_tokens
    reasoning = [item.type for item in resp.output] == ["reasoning", "message"]
    assert reasoning == (model == "openai/o4-mini")
    assert resp.cost is not None
    assert resp.cost > 0
    same_under_openai(resp.model_dump(), OpenAIResponse)
    request = openai_server.last_request
    assert request.path == "/v1/responses"
    assert request.json["instructions"] == "Be brief."
    assert request.headers["authorization"] == f"Bearer {TEST_KEY}"


async def test_stream_of_semantic_events(mode: str, openai_server: OpenAITestServer) -> None:
    stream = await respond(mode, openai_server, "openai/o4-mini", "Hello", stream=True,
                           reasoning_effort="low")  # fmt: skip
    events = await collect(mode, stream)
    kinds = [event.type for event in events]
    assert kinds[0] == "response.created"
    assert kinds[-1] == "response.completed"
    assert "[DONE]" not in kinds
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert text == "You said: Hello"
    final = events[-1].response
    assert final.output_text == text
    same_under_openai(final.model_dump(), OpenAIResponse)
    assert openai_server.last_request.json["reasoning"] == {"effort": "low"}


class Scored(BaseModel):
    """An answer with a score."""

    answer: str
    score: int


async def test_json_schema_output_is_parsed(mode: str, openai_server: OpenAITestServer) -> None:
    resp = await respond(mode, openai_server, text_format=Scored)
    assert resp.output_parsed == Scored(answer="test", score=0)
    assert openai_server.last_request.json["text"]["format"]["type"] == "json_schema"


async def test_responses_errors_are_typed(
    mode: str, openai_server: OpenAITestServer, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(ex.BadRequestError, match=r"'reasoning\.effort' is not supported") as bad:
        await respond(mode, openai_server, reasoning_effort="low")
    assert bad.value.provider == "openai"
    with pytest.raises(ex.NotFoundError, match="does not exist"):
        await respond(mode, openai_server, "openai/gpt-0", "Hi")
    openai_server.enqueue(Reply(status=429))
    with pytest.raises(ex.RateLimitError) as limited:
        await respond(mode, openai_server)
    with pytest.raises(ex.AuthenticationError) as denied:
        await respond(mode, openai_server, api_key=TEST_KEY[::-1])
    for error in (bad.value, limited.value, denied.value):
        assert TEST_KEY not in f"{error} {error!r} {vars(error)!r}"
    assert all(TEST_KEY not in record.getMessage() for record in caplog.records)


async def test_files_round_trip(mode: str, openai_server: OpenAITestServer) -> None:
    auth = {**server_auth(openai_server), "model": MODEL}
    created = await call_entry(mode, "create_file", io.BytesIO(b"a,b\n1,2\n"),
                               filename="t.csv", purpose="batch", **auth)  # fmt: skip
    assert created.id.startswith("file-")
    assert (created.bytes, created.purpose, created.filename) == (8, "batch", "t.csv")
    same_under_openai(created.model_dump(), OpenAIFileObject)
    assert openai_server.last_request.path == "/v1/files"
    listed = await call_entry(mode, "list_files", purpose="batch", **auth)
    assert [f.id for f in listed.data] == [created.id]
    fetched = await call_entry(mode, "retrieve_file", created.id, **auth)
    assert fetched.model_dump() == created.model_dump()
    deleted = await call_entry(mode, "delete_file", created.id, **auth)
    assert deleted.deleted is True
    with pytest.raises(ex.NotFoundError):
        await call_entry(mode, "retrieve_file", created.id, **auth)


async def test_purposes_are_the_providers(mode: str, openai_server: OpenAITestServer) -> None:
    auth = server_auth(openai_server)
    with pytest.raises(ex.UnsupportedParamsError, match="purpose 'bogus'"):
        await call_entry(mode, "create_file", b"x", purpose="bogus", model=MODEL, **auth)
    with pytest.raises(ex.UnsupportedParamsError, match="purpose 'batch'"):
        await call_entry(mode, "create_file", b"x", purpose="batch", model="deepseek/x", **auth)
    assert openai_server.requests == []
