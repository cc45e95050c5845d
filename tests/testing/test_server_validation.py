"""Requests the loopback server rejects the way DeepSeek does: status codes and exact bodies."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from litellm_py.testing import DeepSeekTestServer

USER = {"role": "user", "content": "Hi"}
TOOL = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
BETA = 'when using beta api (set base_url="https://api.deepseek.com/beta")'
DESERIALIZE = "Failed to deserialize the JSON body into the target type: "
IMAGE = {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}
TOOL_TURN = {
    "role": "assistant",
    "content": None,
    "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
}
RESULT = {"role": "tool", "tool_call_id": "c1", "content": "ok"}


def error_body(message: str, error_type: str = "invalid_request_error") -> dict[str, Any]:
    return {
        "error": {
            "message": message,
            "type": error_type,
            "param": None,
            "code": "invalid_request_error",
        }
    }


CHAT_CASES: list[tuple[str, dict[str, Any], int, str]] = [
    (
        "thinking-bool",
        {"thinking": False},
        422,
        DESERIALIZE + "thinking: invalid type: boolean `false`, expected struct ThinkingOptions",
    ),
    (
        "thinking-type",
        {"thinking": {"type": "auto"}},
        422,
        DESERIALIZE + "thinking.type: unknown variant `auto`, expected `enabled` or `disabled`",
    ),
    ("missing-model", {"model": None}, 422, DESERIALIZE + "missing field `model`"),
    ("missing-messages", {"messages": None}, 422, DESERIALIZE + "missing field `messages`"),
    ("n", {"n": 2}, 400, "Invalid n value (currently only n = 1 is supported)"),
    (
        "stream-options",
        {"stream_options": {"include_usage": True}},
        400,
        "stream_options should be set along with stream = true",
    ),
    ("unknown-model", {"model": "gpt-4o"}, 400, "Model Not Exist"),
    ("retired-chat", {"model": "deepseek-chat"}, 400, "Model Not Exist"),
    ("retired-reasoner", {"model": "deepseek-reasoner"}, 400, "Model Not Exist"),
    ("retired-coder", {"model": "deepseek-coder"}, 400, "Model Not Exist"),
    (
        "max-tokens-low",
        {"max_tokens": 0},
        400,
        "Invalid max_tokens value, the valid range of max_tokens is [1, 393216]",
    ),
    (
        "max-tokens-high",
        {"max_tokens": 393217},
        400,
        "Invalid max_tokens value, the valid range of max_tokens is [1, 393216]",
    ),
    (
        "tool-type",
        {"tools": [TOOL, {"type": "namespace", "name": "x"}]},
        400,
        DESERIALIZE + "tools[1].type: unknown variant `namespace`, expected `function`",
    ),
    (
        "strict-outside-beta",
        {"tools": [{"type": "function", "function": {"name": "f", "strict": True}}]},
        400,
        "The `strict` mode of function calling (tools[0].function.strict) is only available "
        + BETA,
    ),
    (
        "prefix-outside-beta",
        {"messages": [USER, {"role": "assistant", "content": "x", "prefix": True}]},
        400,
        "chat prefix completion is only available " + BETA,
    ),
    (
        "image-on-pro",
        {"model": "deepseek-v4-pro", "messages": [{"role": "user", "content": [IMAGE]}]},
        400,
        "Model deepseek-v4-pro does not support image input (messages[0])",
    ),
    (
        "reasoning-replay",
        {"tools": [TOOL], "messages": [USER, TOOL_TURN, RESULT]},
        400,
        "The `reasoning_content` in the thinking mode must be passed back to the API.",
    ),
]


@pytest.mark.parametrize(
    ("extra", "status", "message"),
    [case[1:] for case in CHAT_CASES],
    ids=[case[0] for case in CHAT_CASES],
)
def test_chat_validation(
    client: httpx.Client, extra: dict[str, Any], status: int, message: str
) -> None:
    body = {"model": "deepseek-flash", "messages": [USER], **extra}
    body = {key: value for key, value in body.items() if value is not None}
    response = client.post("/chat/completions", json=body)
    assert response.status_code == status
    assert response.json() == error_body(message)


def test_reasoning_replay_body_is_byte_exact(client: httpx.Client) -> None:
    body = {"model": "deepseek-flash", "tools": [TOOL], "messages": [USER, TOOL_TURN, RESULT]}
    response = client.post("/chat/completions", json=body)
    assert response.content == (
        b'{"error":{"message":"The `reasoning_content` in the thinking mode must be passed back'
        b' to the API.","type":"invalid_request_error","param":null,'
        b'"code":"invalid_request_error"}}'
    )


@pytest.mark.parametrize(
    "extra",
    [
        {"messages": [USER, {**TOOL_TURN, "reasoning_content": ""}, RESULT]},
        {"messages": [USER, TOOL_TURN, RESULT], "thinking": {"type": "disabled"}},
        {"messages": [USER, {"role": "assistant", "content": "hi"}, USER], "tools": None},
    ],
    ids=["replayed", "thinking-off", "no-tools"],
)
def test_reasoning_replay_is_satisfied(client: httpx.Client, extra: dict[str, Any]) -> None:
    body = {"model": "deepseek-flash", "tools": [TOOL], **extra}
    body = {key: value for key, value in body.items() if value is not None}
    assert client.post("/chat/completions", json=body).status_code == 200


@pytest.mark.parametrize("choice", ["required", {"type": "function", "function": {"name": "f"}}])
def test_forced_tool_choice_needs_thinking_off(client: httpx.Client, choice: Any) -> None:
    body = {"model": "deepseek-flash", "messages": [USER], "tools": [TOOL], "tool_choice": choice}
    response = client.post("/chat/completions", json=body)
    assert response.status_code == 400
    assert "Thinking mode does not support `tool_choice`" in response.json()["error"]["message"]
    body["thinking"] = {"type": "disabled"}
    assert client.post("/chat/completions", json=body).status_code == 200


def test_strict_tools_are_fine_on_beta(client: httpx.Client) -> None:
    tool = {"type": "function", "function": {"name": "f", "strict": True}}
    body = {"model": "deepseek-flash", "messages": [USER], "tools": [tool]}
    assert client.post("/beta/chat/completions", json=body).status_code == 200


def test_image_in_assistant_message_is_rejected(client: httpx.Client) -> None:
    messages = [USER, {"role": "assistant", "content": [IMAGE]}, USER]
    response = client.post(
        "/chat/completions", json={"model": "deepseek-flash", "messages": messages}
    )
    assert response.status_code == 400


def test_image_on_flash_is_accepted(client: httpx.Client) -> None:
    content = [{"type": "text", "text": "what is this"}, IMAGE]
    body = {"model": "deepseek-flash", "messages": [{"role": "user", "content": content}]}
    assert client.post("/chat/completions", json=body).status_code == 200


def test_invalid_json_body(client: httpx.Client) -> None:
    response = client.post("/chat/completions", content=b"{not json")
    assert response.status_code == 400
    assert response.json() == error_body("Invalid request body format.")


def test_non_object_body(client: httpx.Client) -> None:
    response = client.post("/chat/completions", json=[1, 2])
    assert response.status_code == 422
    assert response.json()["error"]["message"] == (
        DESERIALIZE + "invalid type: sequence, expected struct ChatCompletionRequest"
    )


def test_unknown_role(client: httpx.Client) -> None:
    body = {"model": "deepseek-flash", "messages": [{"role": "robot", "content": "x"}]}
    response = client.post("/chat/completions", json=body)
    assert response.status_code == 422
    assert "messages[0].role: unknown variant `robot`" in response.json()["error"]["message"]


def test_empty_messages(client: httpx.Client) -> None:
    response = client.post("/chat/completions", json={"model": "deepseek-flash", "messages": []})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("authorization", "shown"),
    [
        (None, "****"),
        ("Bearer sk-wrong-key-e78f", "****e78f"),
        ("Basic sk-test", "****"),
        ("Bearer abc", "****"),
    ],
)
def test_bad_auth(server: DeepSeekTestServer, authorization: str | None, shown: str) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    with httpx.Client(base_url=server.url, headers=headers, verify=False) as http:
        response = http.post(
            "/chat/completions", json={"model": "deepseek-flash", "messages": [USER]}
        )
        assert http.get("/models").status_code == 401
    assert response.status_code == 401
    message = f"Authentication Fails, Your api key: {shown} is invalid"
    assert response.json() == error_body(message, "authentication_error")
    assert "sk-wrong-key" not in response.text
    assert [request.path for request in server.requests] == ["/chat/completions", "/models"]


def test_custom_api_key() -> None:
    with DeepSeekTestServer(api_key="sk-other") as server:
        assert server.api_key == "sk-other"
        with httpx.Client(base_url=server.url, verify=False) as http:
            good = http.get("/models", headers={"Authorization": "Bearer sk-other"})
            bad = http.get("/models", headers={"Authorization": "Bearer sk-test"})
    assert (good.status_code, bad.status_code) == (200, 401)


def test_completions_need_beta(client: httpx.Client) -> None:
    for path in ("/completions", "/v1/completions"):
        response = client.post(path, json={"model": "deepseek-flash", "prompt": "x"})
        assert response.status_code == 400
        assert response.json() == error_body("completions api is only available " + BETA)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"model": "deepseek-flash"}, 422),
        ({"prompt": "x"}, 422),
        ({"model": "deepseek-chat", "prompt": "x"}, 400),
        ({"model": "deepseek-flash", "prompt": "x", "echo": True, "suffix": "y"}, 400),
        ({"model": "deepseek-flash", "prompt": "x", "stream_options": {}}, 400),
        ({"model": "deepseek-flash", "prompt": "x", "max_tokens": "many"}, 422),
    ],
)
def test_fim_validation(client: httpx.Client, body: dict[str, Any], status: int) -> None:
    response = client.post("/beta/completions", json=body)
    assert response.status_code == status
    assert set(response.json()["error"]) == {"message", "type", "param", "code"}


def test_errors_are_recorded(client: httpx.Client, server: DeepSeekTestServer) -> None:
    client.post("/chat/completions", content=b"nope")
    client.post("/chat/completions", json={"model": "deepseek-flash", "messages": [USER], "n": 3})
    recorded = server.requests
    assert [request.json for request in recorded] == [
        None,
        {"model": "deepseek-flash", "messages": [USER], "n": 3},
    ]
    assert recorded[0].body == b"nope"
