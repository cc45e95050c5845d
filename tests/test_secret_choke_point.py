"""Keys are checked when settings resolve, and every error passes one redaction choke point.

Servers here echo the key back (a proxy page, a 401 body, a non-SSE answer to a stream
request); whatever the provider, no error text, body, attached request or pickle shows it.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Iterator
from typing import Any, ClassVar

import httpx
import pytest

from litellm_py import _registry, _request
from litellm_py._registry import get_provider, register_provider
from litellm_py._settings import EnvNames, warn_plain_http
from litellm_py.exceptions import (
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    ConfigurationError,
)
from litellm_py.providers.base import BaseProvider
from litellm_py.testing import DeepSeekTestServer, Reply
from litellm_py.types import ChatCompletion
from tests.support import TEST_KEY, call_completion

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Hi"}]
KEY = "sk-echoed-7a6b5c4d3e2f1a0b9c8dLEAK"


class PlainProvider(BaseProvider):
    """A provider that keeps the base class's default error handling."""

    name: ClassVar[str] = "plainprov"
    env = EnvNames(
        api_key="PLAINPROV_API_KEY", api_base="PLAINPROV_API_BASE", default_api_base="http://x"
    )

    def build_request(self, call: Any) -> httpx.Request:
        return _request.build_http_request(
            "POST",
            f"{call.settings.api_base}/chat/completions",
            call.settings,
            {"model": call.model, "messages": call.messages},
            auth=("authorization", f"Bearer {call.settings.key()}"),
            stream=call.stream,
        )

    def parse_response(self, call: Any, payload: dict[str, Any]) -> Any:
        return ChatCompletion(payload)


@pytest.fixture(params=["deepseek", "plainprov"])
def provider(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The DeepSeek provider and one on the base class defaults."""
    monkeypatch.setattr(_registry, "_FACTORIES", dict(_registry._FACTORIES))
    register_provider("plainprov", PlainProvider)
    return str(request.param)


@pytest.fixture
def keyed() -> Iterator[DeepSeekTestServer]:
    """A loopback server that accepts `KEY`."""
    with DeepSeekTestServer(api_key=KEY) as running:
        yield running


def _call_kwargs(server: DeepSeekTestServer, provider: str, **extra: Any) -> dict[str, Any]:
    return {
        "model": f"{provider}/deepseek-flash",
        "messages": MESSAGES,
        "api_base": server.url,
        "api_key": KEY,
        "num_retries": 0,
        **extra,
    }


def assert_clean(exc: BaseException) -> None:
    """Nothing the error shows, holds or pickles contains the key."""
    shown = [str(exc), repr(exc), repr(exc.args), repr(vars(exc))]
    assert not [text for text in shown if KEY in text]
    data = pickle.dumps(exc)
    i = data.find(KEY.encode())
    assert i < 0, data[max(0, i - 300) : i + 40]
    response = getattr(exc, "response", None)
    if response is not None:
        assert KEY not in repr(response.request.headers)
        assert KEY not in repr(response.request.headers.raw)


# -- keys checked when settings resolve ------------------------------------------------------

BAD_KEYS = {
    "trailing newline": (KEY + "\n", "a newline", len(KEY)),
    "trailing CRLF": (KEY + "\r\n", "whitespace", len(KEY)),
    "leading space": (" " + KEY, "whitespace", 0),
    "inner tab": (KEY[:5] + "\t" + KEY[5:], "whitespace", 5),
    "escape": (KEY[:9] + "\x1b" + KEY[9:], "control character", 9),
    "DEL": (KEY + "\x7f", "control character", len(KEY)),
    "non-ASCII": ("sk-é" + KEY[4:], "non-ASCII", 3),
    "line separator": (KEY + "\u2028", "whitespace", len(KEY)),
}


@pytest.mark.parametrize("case", list(BAD_KEYS), ids=list(BAD_KEYS))
@pytest.mark.parametrize("source", ["argument", "environment"])
async def test_a_key_http_cannot_carry_is_refused_by_position_before_any_traffic(
    net_mode: str,
    server: DeepSeekTestServer,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    source: str,
) -> None:
    key, problem, position = BAD_KEYS[case]
    kwargs = {"model": MODEL, "messages": MESSAGES, "api_base": server.url, "num_retries": 0}
    if source == "argument":
        kwargs["api_key"] = key
    else:
        monkeypatch.setenv("DEEPSEEK_API_KEY", key)
    with pytest.raises(ConfigurationError) as caught:
        await call_completion(net_mode, **kwargs)
    message = str(caught.value)
    assert problem in message
    assert f"position {position} " in message
    assert "DEEPSEEK_API_KEY" in message
    assert KEY not in message
    assert KEY[4:] not in message
    assert server.requests == []


@pytest.mark.parametrize("key", [123, 4.5, b"sk-bytes-key-123456", ["sk"]])
async def test_a_key_that_is_not_a_string_is_a_configuration_error(mode: str, key: Any) -> None:
    with pytest.raises(ConfigurationError, match="api_key must be a string"):
        await call_completion(mode, model=MODEL, messages=MESSAGES, api_key=key)


def test_a_config_object_with_a_newline_key_fails_validate() -> None:
    from litellm_py import DeepSeekConfig

    with pytest.raises(ConfigurationError, match="a newline at position"):
        DeepSeekConfig(api_key=KEY + "\n").validate()


# -- one redaction choke point, for every provider -------------------------------------------


async def test_an_error_body_echoing_the_key_is_redacted_for_every_provider(
    net_mode: str, keyed: DeepSeekTestServer, provider: str
) -> None:
    body = {"error": {"message": f"Incorrect API key: Bearer {KEY}", "type": "auth"}}
    keyed.enqueue(Reply(status=401, json=body))
    with pytest.raises(AuthenticationError) as caught:
        await call_completion(net_mode, **_call_kwargs(keyed, provider))
    assert_clean(caught.value)
    assert "Incorrect API key" in str(caught.value)
    assert "LEAK" in str(caught.value)  # the masked key keeps its last characters


async def test_a_proxy_page_quoting_the_request_headers_is_redacted(
    net_mode: str, keyed: DeepSeekTestServer, provider: str
) -> None:
    page = f"<html><pre>Authorization: Bearer {KEY}</pre></html>".encode()
    keyed.enqueue(Reply(status=502, body=page, content_type="text/html"))
    with pytest.raises(APIStatusError) as caught:
        await call_completion(net_mode, **_call_kwargs(keyed, provider))
    assert_clean(caught.value)
    assert caught.value.status_code == 502


async def test_a_non_sse_answer_to_a_stream_request_is_redacted(
    net_mode: str, keyed: DeepSeekTestServer, provider: str
) -> None:
    keyed.enqueue(Reply(body=f"echo: Bearer {KEY}".encode(), content_type="text/plain"))
    with pytest.raises(APIResponseValidationError) as caught:
        await call_completion(net_mode, **_call_kwargs(keyed, provider, stream=True))
    assert_clean(caught.value)
    assert "echo: Bearer ****" in str(caught.value)


async def test_a_2xx_body_that_is_not_json_is_redacted(
    net_mode: str, keyed: DeepSeekTestServer, provider: str
) -> None:
    keyed.enqueue(Reply(body=f"you sent {KEY}".encode(), content_type="text/plain"))
    with pytest.raises(APIResponseValidationError) as caught:
        await call_completion(net_mode, **_call_kwargs(keyed, provider))
    assert_clean(caught.value)
    assert KEY not in str(caught.value.body)


async def test_a_status_errors_response_is_readable_and_keyless(
    net_mode: str, keyed: DeepSeekTestServer
) -> None:
    body = {"error": {"message": "Authentication Fails", "type": "authentication_error"}}
    keyed.enqueue(Reply(status=401, json=body))
    with pytest.raises(AuthenticationError) as caught:
        await call_completion(net_mode, **_call_kwargs(keyed, "deepseek"))
    response = caught.value.response
    assert response is not None
    assert response.json() == body  # no httpx.ResponseNotRead
    assert "Authentication Fails" in response.text
    assert response.request.headers["authorization"] == "Bearer ****LEAK"
    assert response.request.url.path == "/chat/completions"
    assert_clean(caught.value)
    restored = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(restored, AuthenticationError)
    assert str(restored) == str(caught.value)


# -- nothing else holds the key in clear -----------------------------------------------------


async def test_provider_attributes_and_header_caches_hold_no_key(
    mode: str, keyed: DeepSeekTestServer
) -> None:
    await call_completion(mode, **_call_kwargs(keyed, "deepseek"))
    provider = get_provider("deepseek")
    assert KEY not in repr(vars(provider))
    assert TEST_KEY not in repr(vars(provider))  # the environment's key, also a cache key
    assert KEY not in repr(list(_request._HEADERS))


async def test_userinfo_in_api_base_never_reaches_the_log(
    mode: str, server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "userinfo-secret-0192837465"
    base = server.url.replace("http://", f"http://proxyuser:{secret}@")
    caplog.set_level(logging.DEBUG)
    resp = await call_completion(
        mode, model=MODEL, messages=MESSAGES, api_base=base, api_key=server.api_key
    )
    assert resp.choices[0].message.content == "You said: Hi"
    # The request lines (httpx 0.27 also logs its SSL set-up under "httpx", with no URL).
    messages = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    lines = [line for line in messages if "127.0.0.1" in line]
    assert lines
    assert all("****@127.0.0.1" in line for line in lines)
    assert not [r for r in caplog.records if secret in r.getMessage()]


# -- plain http ------------------------------------------------------------------------------


def test_a_key_over_plain_http_to_another_host_warns_once() -> None:
    with pytest.warns(UserWarning, match="plain http://") as caught:
        get_provider("deepseek").settings(api_base="http://llm.internal.example")
    assert len(caught) == 1
    assert TEST_KEY not in str(caught[0].message)
    get_provider("deepseek").settings(api_base="http://llm.internal.example/v1")  # no warning
    warn_plain_http("http://LLM.internal.example:8080")  # same host: still no warning


@pytest.mark.parametrize(
    "base",
    ["http://127.0.0.1:8000", "http://localhost:11434", "http://[::1]:8000", "https://x.example"],
)
def test_loopback_and_https_do_not_warn(base: str) -> None:
    get_provider("deepseek").settings(api_base=base)  # filterwarnings=error: a warning fails


def test_placeholder_keys_of_local_servers_do_not_garble_error_text() -> None:
    from litellm_py._secret import redact_text, remember

    remember("ollama")  # what local servers are typically given as a key
    remember(KEY)
    assert redact_text("Connection error talking to ollama_chat") == (
        "Connection error talking to ollama_chat"
    )
    assert redact_text(f"key {KEY}") == "key ****LEAK"
