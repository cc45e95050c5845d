"""Non-chat endpoints of the loopback server: models, balance, FIM, unknown routes."""

from __future__ import annotations

import httpx
import pytest

from litellm_py.testing import DeepSeekTestServer

CURRENT_FLASH = {
    "id": "deepseek-flash",
    "object": "model",
    "owned_by": "deepseek",
    "name": "DeepSeek-V4.1-Flash",
    "context_window": 1048576,
    "max_output_tokens": 393216,
    "input_modalities": ["text", "image"],
    "output_modalities": ["text"],
    "effort": {"supported_levels": ["low", "high", "max"], "default_level": "high"},
    "api_capabilities": {"anthropic_messages": {"system_prompt_update": "in-history"}},
}


@pytest.mark.parametrize("path", ["/models", "/v1/models"])
def test_current_models(client: httpx.Client, path: str) -> None:
    body = client.get(path).json()
    assert body["object"] == "list"
    assert [model["id"] for model in body["data"]] == ["deepseek-flash", "deepseek-v4-pro"]
    assert body["data"][0] == CURRENT_FLASH
    assert body["data"][1]["input_modalities"] == ["text"]
    assert body["data"][1]["api_capabilities"]["anthropic_messages"] == {
        "system_prompt_update": "leading-only"
    }


def test_legacy_models_and_extra_ids() -> None:
    with DeepSeekTestServer(models_format="legacy", extra_models=["custom"]) as server:
        headers = {"Authorization": "Bearer sk-test"}
        with httpx.Client(base_url=server.url, headers=headers, verify=False) as http:
            body = http.get("/models").json()
    assert body == {
        "object": "list",
        "data": [
            {"id": "deepseek-flash", "object": "model", "owned_by": "deepseek"},
            {"id": "deepseek-v4-pro", "object": "model", "owned_by": "deepseek"},
            {"id": "custom", "object": "model", "owned_by": "deepseek"},
        ],
    }


def test_invalid_models_format() -> None:
    with pytest.raises(ValueError, match="models_format"):
        DeepSeekTestServer(models_format="new")  # type: ignore[arg-type]


def test_single_model(client: httpx.Client) -> None:
    assert client.get("/models/deepseek-flash").json() == CURRENT_FLASH
    missing = client.get("/models/deepseek-chat")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "Model Not Exist"


def test_default_balance(client: httpx.Client) -> None:
    assert client.get("/user/balance").json() == {
        "is_available": True,
        "balance_infos": [
            {
                "currency": "CNY",
                "total_balance": "110.00",
                "granted_balance": "10.00",
                "topped_up_balance": "100.00",
            }
        ],
    }


def test_configured_balance() -> None:
    balance = {"is_available": False, "balance_infos": []}
    with DeepSeekTestServer(balance=balance) as server:
        headers = {"Authorization": "Bearer sk-test"}
        with httpx.Client(base_url=server.url, headers=headers, verify=False) as http:
            assert http.get("/user/balance").json() == balance


def test_fim(client: httpx.Client) -> None:
    body = {"model": "deepseek-flash", "prompt": "def fib(a):", "suffix": "    return 1"}
    response = client.post("/beta/completions", json=body).json()
    assert response["object"] == "text_completion"
    assert response["model"] == "deepseek-flash"
    assert response["choices"] == [
        {"text": "<fim between 11 and 12>", "index": 0, "logprobs": None, "finish_reason": "stop"}
    ]
    usage = response["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert (
        usage["prompt_cache_hit_tokens"] + usage["prompt_cache_miss_tokens"]
        == (usage["prompt_tokens"])
    )


def test_fim_echo(client: httpx.Client) -> None:
    body = {"model": "deepseek-v4-pro", "prompt": "Once upon a time, ", "echo": True}
    text = client.post("/beta/completions", json=body).json()["choices"][0]["text"]
    assert text == "Once upon a time, <fim between 18 and 0>"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/embeddings", 404),
        ("POST", "/batches", 404),
        ("GET", "/chat/completions", 405),
        ("POST", "/models", 405),
    ],
)
def test_unknown_routes(client: httpx.Client, method: str, path: str, status: int) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert "message" in response.json()["error"]
