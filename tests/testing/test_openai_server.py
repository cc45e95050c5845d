"""The OpenAI dialect of the loopback server, spoken to over plain HTTP (no litellm_py client)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from litellm_py.testing import OpenAITestServer, Reply
from tests.support import sse_payloads

USER = {"role": "user", "content": "Hello there"}


@pytest.fixture
def openai_client() -> Iterator[tuple[OpenAITestServer, httpx.Client]]:
    with OpenAITestServer() as server:
        headers = {"Authorization": f"Bearer {server.api_key}"}
        with httpx.Client(base_url=server.url, headers=headers, timeout=5.0, verify=False) as http:
            yield server, http


def post(http: httpx.Client, **body: Any) -> httpx.Response:
    body.setdefault("model", "gpt-4.1-mini")
    body.setdefault("messages", [USER])
    return http.post("/chat/completions", json=body)


def test_base_url_ends_in_v1_and_other_paths_are_invalid(
    openai_client: tuple[OpenAITestServer, httpx.Client],
) -> None:
    server, http = openai_client
    assert server.url == f"http://127.0.0.1:{server.port}/v1"
    assert repr(server) == f"<OpenAITestServer {server.url}>"
    response = http.post(f"{server.origin}/chat/completions", json={})
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "message": "Invalid URL (POST /chat/completions)",
            "type": "invalid_request_error",
            "param": None,
            "code": None,
        }
    }
    assert http.get("/models").json()["data"][0] == {
        "id": "gpt-4.1",
        "object": "model",
        "created": 1_700_000_000,
        "owned_by": "system",
    }


def test_unrecognized_arguments_and_missing_key(
    openai_client: tuple[OpenAITestServer, httpx.Client],
) -> None:
    server, http = openai_client
    response = post(http, thinking={"type": "enabled"})  # DeepSeek's field: not OpenAI's
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Unrecognized request argument supplied: thinking"
    anonymous = httpx.post(f"{server.url}/chat/completions", json={}, timeout=5.0)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["message"].startswith("You didn't provide an API key.")


def test_stream_with_usage_ends_with_an_empty_choices_chunk(
    openai_client: tuple[OpenAITestServer, httpx.Client],
) -> None:
    _, http = openai_client
    response = post(http, n=2, stream=True, stream_options={"include_usage": True})
    assert response.headers["content-type"].startswith("text/event-stream")
    payloads = sse_payloads(response.text)
    assert payloads[-1] == "[DONE]"
    *chunks, usage_chunk = payloads[:-1]
    assert usage_chunk["choices"] == []
    assert usage_chunk["usage"]["completion_tokens"] > 0
    assert all(chunk["usage"] is None and len(chunk["choices"]) == 1 for chunk in chunks)
    finishes = [c["choices"][0]["index"] for c in chunks if c["choices"][0]["finish_reason"]]
    assert sorted(finishes) == [0, 1]


def test_stream_without_include_usage_has_no_usage(
    openai_client: tuple[OpenAITestServer, httpx.Client],
) -> None:
    _, http = openai_client
    payloads = sse_payloads(post(http, stream=True).text)[:-1]
    assert all("usage" not in chunk for chunk in payloads)
    assert payloads[-1]["choices"][0]["finish_reason"] == "stop"


def test_scripted_content_goes_to_every_choice(
    openai_client: tuple[OpenAITestServer, httpx.Client],
) -> None:
    server, http = openai_client
    server.enqueue(Reply(content="Scripted"))
    body = post(http, n=2).json()
    assert [c["message"]["content"] for c in body["choices"]] == [
        "Scripted",
        "Scripted (choice 2)",
    ]
    server.enqueue(Reply(status=429))
    limited = post(http).json()["error"]
    assert (limited["type"], limited["code"]) == ("requests", "rate_limit_exceeded")


def test_over_max_in_flight_is_openais_429() -> None:
    with OpenAITestServer(max_in_flight=0) as server:
        response = httpx.post(f"{server.url}/chat/completions", json={}, timeout=5.0)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limit_exceeded"
