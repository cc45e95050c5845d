"""Module-level defaults in LiteLLM's spellings take effect; per-call arguments win; typos raise."""

from __future__ import annotations

import logging
import sys

import pytest

import litellm_py
from litellm_py import _logging
from litellm_py.exceptions import APITimeoutError, InternalServerError, UnsupportedParamsError
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.observability.support import MESSAGES, MODEL, auth, call


async def test_num_retries_default_and_the_per_call_value_wins(
    flavour: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    litellm_py.num_retries = 0
    server.enqueue(Reply(status=500, repeat=3))
    with pytest.raises(InternalServerError):
        await call(flavour, model=MODEL, messages=MESSAGES, **auth(server))
    assert len(server.requests) == 1
    server.reset()
    server.enqueue(Reply(status=500), Reply(content="second try"))
    resp = await call(flavour, model=MODEL, messages=MESSAGES, num_retries=1, **auth(server))
    assert resp.choices[0].message.content == "second try"
    assert len(server.requests) == 2


async def test_request_timeout_default_and_the_per_call_value_wins(
    flavour: str, server: DeepSeekTestServer
) -> None:
    litellm_py.request_timeout = 0.2
    litellm_py.num_retries = 0
    server.enqueue(Reply(delay=2.0))
    with pytest.raises(APITimeoutError):
        await call(flavour, model=MODEL, messages=MESSAGES, **auth(server))
    server.enqueue(Reply(delay=0.3, content="patient"))
    resp = await call(flavour, model=MODEL, messages=MESSAGES, timeout=30, **auth(server))
    assert resp.choices[0].message.content == "patient"


async def test_api_key_and_api_base_defaults(flavour: str, server: DeepSeekTestServer) -> None:
    litellm_py.api_key = server.api_key
    litellm_py.api_base = server.url
    resp = await call(flavour, model=MODEL, messages=MESSAGES)
    assert resp.choices[0].message.content
    assert server.last_request.headers["authorization"] == f"Bearer {server.api_key}"
    # A per-call key beats the module's: the server refuses it, so it was the one sent.
    with pytest.raises(litellm_py.AuthenticationError):
        await call(flavour, model=MODEL, messages=MESSAGES, api_key="sk-per-call-wins")


async def test_drop_params_default_and_the_per_call_value_wins(
    flavour: str, server: DeepSeekTestServer
) -> None:
    litellm_py.drop_params = True
    with pytest.warns(UserWarning, match="frobnicate"):
        await call(flavour, model=MODEL, messages=MESSAGES, frobnicate=1, **auth(server))
    assert "frobnicate" not in (server.last_request.json or {})
    with pytest.raises(UnsupportedParamsError, match="frobnicate"):
        await call(
            flavour, model=MODEL, messages=MESSAGES, frobnicate=1, drop_params=False,
            **auth(server),
        )  # fmt: skip


def test_unknown_settings_raise_naming_the_known_ones() -> None:
    with pytest.raises(AttributeError, match="num_retries") as caught:
        litellm_py.num_retrys = 3  # type: ignore[attr-defined]
    assert "'num_retrys'" in str(caught.value)
    assert "request_timeout" in str(caught.value)
    with pytest.raises(AttributeError, match="no setting 'turn_off_message_logging'"):
        litellm_py.turn_off_message_logging = True  # type: ignore[attr-defined]
    assert not hasattr(litellm_py, "num_retrys")


def test_known_names_and_public_functions_can_be_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    litellm_py.cache = None
    litellm_py.success_callback = [print]
    assert litellm_py.success_callback == [print]
    marker = object()
    monkeypatch.setattr(litellm_py, "completion", marker)
    assert litellm_py.completion is marker


def test_set_verbose_is_debug_logging_to_stderr() -> None:
    litellm_py.set_verbose = True
    handlers = [h for h in _logging.LOGGER.handlers if isinstance(h, logging.StreamHandler)]
    assert [h.stream for h in handlers] == [sys.stderr]
    assert _logging.LOGGER.level == logging.DEBUG
    litellm_py.set_verbose = False
    assert not [h for h in _logging.LOGGER.handlers if type(h).__name__ == "_StderrHandler"]
    assert _logging.LOGGER.level == logging.NOTSET


@pytest.mark.parametrize(("value", "level"), [("DEBUG", 10), ("info", 20), ("WARNING", 30)])
def test_env_var_installs_a_stderr_handler(
    monkeypatch: pytest.MonkeyPatch, value: str, level: int
) -> None:
    monkeypatch.setenv(_logging.ENV_VAR, value)
    _logging.install_from_env()
    assert _logging.LOGGER.level == level
    assert len([h for h in _logging.LOGGER.handlers if type(h).__name__ == "_StderrHandler"]) == 1


def test_env_var_with_a_bad_level_warns(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(_logging.ENV_VAR, "LOUD")
    _logging.install_from_env()
    assert "LITELLM_PY_LOG='LOUD' is not a level" in caplog.text
    assert not [h for h in _logging.LOGGER.handlers if type(h).__name__ == "_StderrHandler"]
