"""Live-model discovery, balance and health checks against the bundled server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from decimal import Decimal

import pytest

import litellm_py
from litellm_py import ModelFeature
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import call_entry, fixture_json, server_auth


@pytest.fixture
def legacy_server() -> Iterator[DeepSeekTestServer]:
    with DeepSeekTestServer(models_format="legacy") as srv:
        yield srv


def _dead_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


async def test_list_models_current_format_merges_metadata(
    mode: str, server: DeepSeekTestServer
) -> None:
    models = await call_entry(mode, "list_models", **server_auth(server))
    by_id = {m.id: m for m in models}
    assert set(by_id) == {"deepseek-flash", "deepseek-v4-pro"}
    flash = by_id["deepseek-flash"]
    assert flash.context_window == 1048576
    assert flash.max_output_tokens == 393216
    assert "image" in flash.input_modalities
    assert ModelFeature.VISION in flash.features
    assert ModelFeature.VISION not in by_id["deepseek-v4-pro"].features
    assert server.last_request.path == "/models"
    assert server.last_request.headers["authorization"] == f"Bearer {server.api_key}"


async def test_list_models_legacy_id_only_format(
    mode: str, legacy_server: DeepSeekTestServer
) -> None:
    models = await call_entry(mode, "list_models", **server_auth(legacy_server))
    ids = {m.id for m in models}
    assert ids
    for model in models:
        assert model.provider == "deepseek"


async def test_unknown_new_model_becomes_usable(mode: str, server: DeepSeekTestServer) -> None:
    payload = fixture_json("models_current.json")
    new = dict(payload["data"][0], id="deepseek-v5-preview", input_modalities=["text"])
    payload["data"].append(new)
    server.enqueue(Reply(json=payload, path="/models"))
    models = await call_entry(mode, "list_models", **server_auth(server))
    assert "deepseek-v5-preview" in {m.id for m in models}
    assert litellm_py.get_model_info("deepseek/deepseek-v5-preview").context_window == 1048576
    assert litellm_py.supports_reasoning("deepseek-v5-preview")
    assert not litellm_py.supports_vision("deepseek-v5-preview")


async def test_balance_is_decimal(mode: str, server: DeepSeekTestServer) -> None:
    balance = await call_entry(mode, "get_balance", **server_auth(server))
    assert balance.is_available is True
    [info] = balance.balances
    assert info.currency == "CNY"
    assert info.total_balance == Decimal("110.00")
    assert info.granted_balance == Decimal("10.00")
    assert info.topped_up_balance == Decimal("100.00")
    assert server.last_request.path == "/user/balance"


async def test_balance_malformed_is_a_validation_error(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(json={"is_available": True}, path="/user/balance"))
    with pytest.raises(litellm_py.APIResponseValidationError, match="balance_infos"):
        await call_entry(mode, "get_balance", **server_auth(server))


async def test_health_check_healthy(mode: str, server: DeepSeekTestServer) -> None:
    status = await call_entry(mode, "health_check", "deepseek", **server_auth(server))
    assert status.status == "healthy"
    assert status.provider == "deepseek"
    assert status.error is None
    assert status.latency_ms > 0
    assert [r.path for r in server.requests] == ["/models", "/user/balance"]


async def test_health_check_accepts_a_model_string(mode: str, server: DeepSeekTestServer) -> None:
    status = await call_entry(
        mode, "health_check", "deepseek/deepseek-flash", **server_auth(server)
    )
    assert status.status == "healthy"


async def test_health_check_server_down_is_unhealthy_not_raised(mode: str) -> None:
    status = await call_entry(
        mode, "health_check", "deepseek", api_base=_dead_url(), api_key="sk-x"
    )
    assert status.status == "unhealthy"
    assert "APIConnectionError" in (status.error or "")


async def test_health_check_server_error_is_unhealthy(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(status=503, json={"error": {"message": "Server overloaded"}}))
    status = await call_entry(mode, "health_check", "deepseek", **server_auth(server))
    assert status.status == "unhealthy"
    assert "503" in (status.error or "")


async def test_health_check_slow_is_degraded(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(json=fixture_json("models_current.json"), delay=0.2, path="/models"))
    status = await call_entry(mode, "health_check", "deepseek", slow_ms=100, **server_auth(server))
    assert status.status == "degraded"
    assert "slow" in (status.error or "")
    assert status.latency_ms >= 100


async def test_health_check_balance_unavailable_is_degraded(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(json={"is_available": False, "balance_infos": []}, path="/user/balance"))
    status = await call_entry(mode, "health_check", "deepseek", **server_auth(server))
    assert status.status == "degraded"
    assert status.error == "balance not available"


async def test_health_check_bad_key_is_unhealthy(mode: str, server: DeepSeekTestServer) -> None:
    status = await call_entry(
        mode, "health_check", "deepseek", api_base=server.url, api_key="sk-bad"
    )
    assert status.status == "unhealthy"
    assert "AuthenticationError" in (status.error or "")


async def test_health_check_unknown_provider_is_unhealthy(mode: str) -> None:
    status = await call_entry(mode, "health_check", "nosuchprovider")
    assert status.status == "unhealthy"
    assert "deepseek" in (status.error or "")
