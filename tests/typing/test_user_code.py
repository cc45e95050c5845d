"""The typing examples run as they are typed, and mypy reveals the types users see.

`user_chat.py` is type-checked by the main `mypy` run; here its functions run, and a user module
is checked by mypy in a subprocess to compare `reveal_type` output and the expected errors.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import litellm_py
from litellm_py.testing import DeepSeekTestServer
from tests.typing import user_chat

ROOT = Path(__file__).resolve().parents[2]


def test_the_typed_examples_run() -> None:
    assert user_chat.plain_call() == "Hello"
    user_chat.typos_are_type_errors()
    user_chat.openai_fields_read_as_none()
    user_chat.misspelt_module_names_are_errors()
    user_chat.dumps()
    assert user_chat.streamed() == "Hello"
    assert isinstance(user_chat.stream_flag_from_a_variable(False), litellm_py.ChatCompletion)
    assert isinstance(user_chat.stream_flag_from_a_variable(True), litellm_py.Stream)


async def test_the_async_example_runs() -> None:
    assert await user_chat.async_calls() == "Hi"


def test_config_dicts_work(server: DeepSeekTestServer) -> None:
    config: dict[str, Any] = {
        "model": user_chat.MODEL, "messages": user_chat.MESSAGES,
        "api_base": server.url, "api_key": server.api_key,
    }  # fmt: skip
    assert isinstance(user_chat.config_dict_call(config), litellm_py.ChatCompletion)
    streamed = user_chat.config_dict_call({**config, "stream": True})
    assert isinstance(streamed, litellm_py.Stream)
    streamed.close()
    extra = {"api_base": server.url, "api_key": server.api_key}
    assert user_chat.config_dict_of_strings(extra).choices[0].message.content == "Hi"


def test_text_completion_example(server: DeepSeekTestServer) -> None:
    user_chat.text_completion_types(server.url, server.api_key)


def test_undeclared_fields_read_by_key_and_by_attribute_at_run_time() -> None:
    resp = litellm_py.ChatCompletion({"id": "x", "choices": [], "x_vendor_field": {"a": 1}})
    assert user_chat.undeclared_server_fields(resp) == {"a": 1}
    untyped: Any = resp
    assert untyped.x_vendor_field == {"a": 1}  # code that is not type-checked keeps working
    with pytest.raises(AttributeError, match="no field 'x_missing'"):
        _ = untyped.x_missing


USER_MODULE = """
import litellm_py
from litellm_py import completion, acompletion, text_completion, stream_chunk_builder

M = [{"role": "user", "content": "Hi"}]
resp = completion(model="deepseek/deepseek-flash", messages=M)
reveal_type(resp)
reveal_type(resp.choices[0].message)
reveal_type(resp.choices[0].message.content)
reveal_type(resp.choices[0].message.tool_calls)
reveal_type(resp.usage)
stream = completion(model="deepseek/deepseek-flash", messages=M, stream=True)
reveal_type(stream)
for chunk in stream:
    reveal_type(chunk.choices[0].delta)
reveal_type(stream_chunk_builder(list(stream)))
reveal_type(text_completion("deepseek/deepseek-flash", "def f("))
reveal_type(text_completion("deepseek/deepseek-flash", "def f(", stream=True))

async def main() -> None:
    reveal_type(await acompletion(model="deepseek/deepseek-flash", messages=M, stream=True))

resp.choises
resp.choices[0].mesage
litellm_py.completoin
"""

EXPECTED_REVEALS = [
    "litellm_py.types.ChatCompletion",
    "litellm_py.types.Message",
    "str | None",
    "list[litellm_py.types.ToolCall] | None",
    "litellm_py.types.Usage | None",
    "litellm_py.streaming.Stream[litellm_py.types.ChatCompletionChunk]",
    "litellm_py.types.Delta",
    "litellm_py.types.ChatCompletion",
    "litellm_py.types.TextCompletion",
    "litellm_py.streaming.Stream[litellm_py.types.TextCompletion]",
    "litellm_py.streaming.AsyncStream[litellm_py.types.ChatCompletionChunk]",
]
EXPECTED_ERRORS = [
    '"ChatCompletion" has no attribute "choises"',
    '"Choice" has no attribute "mesage"',
    'Module has no attribute "completoin"',
]


def _normalise(revealed: str) -> str:
    """mypy spells optionals `X | None` or `Union[X, None]` depending on its version."""
    revealed = revealed.replace("builtins.", "")
    match = re.fullmatch(r"Union\[(.+), None\]", revealed)
    return f"{match.group(1)} | None" if match else revealed


def test_mypy_sees_the_types_a_user_sees(tmp_path: Path) -> None:
    module = tmp_path / "user_code.py"
    module.write_text(textwrap.dedent(USER_MODULE), encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
         "--cache-dir", str(ROOT / ".mypy_cache"), "--python-version", "3.10", str(module)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600,
    )  # fmt: skip
    lines = result.stdout.splitlines()
    revealed = [
        _normalise(line.split('Revealed type is "', 1)[1].rstrip('"'))
        for line in lines
        if "Revealed type is" in line
    ]
    assert revealed == [_normalise(t) for t in EXPECTED_REVEALS], result.stdout
    errors = [line for line in lines if ": error:" in line]
    for expected in EXPECTED_ERRORS:
        assert any(expected in line for line in errors), (expected, result.stdout)
    assert len(errors) == len(EXPECTED_ERRORS), result.stdout
