"""Every warning the library emits points at the user's line (`_warn.warn_user`), through
`completion()` / `acompletion()` and `text_completion()` / `atext_completion()` alike."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

import litellm_py
from litellm_py.providers.deepseek import models
from tests.support import fixture_json

FLASH = "deepseek/deepseek-flash"
USER = {"role": "user", "content": "Hi"}
TOOL = {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}
# An assistant turn with a tool call but no reasoning_content, as a hand-written history has.
HISTORY = [
    USER,
    {"role": "assistant", "content": None, "tool_calls": [
        {"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}},
    ]},
    {"role": "tool", "tool_call_id": "c1", "content": "sunny"},
]  # fmt: skip

CASES: dict[str, tuple[type[Warning], str, dict[str, Any]]] = {
    "unknown param dropped": (UserWarning, "dropped foo", {"foo": 1, "drop_params": True}),
    "n dropped": (UserWarning, "dropped n", {"n": 2, "drop_params": True}),
    "non-function tool dropped": (
        UserWarning, "dropped tools",
        {"tools": [TOOL, {"type": "web_search"}], "drop_params": True},
    ),
    "thinking extras": (
        UserWarning, "ignores budget_tokens", {"thinking": {"type": "enabled", "budget_tokens": 9}},
    ),
    "tool_choice to auto": (
        UserWarning, "tool_choice changed to 'auto'",
        {"tools": [TOOL], "tool_choice": "required", "drop_params": True},
    ),
    "ignored in thinking mode": (UserWarning, "ignores temperature", {"temperature": 0.3}),
    "missing reasoning_content": (
        UserWarning, "had no reasoning_content", {"tools": [TOOL], "messages": HISTORY},
    ),
    "retired model": (DeprecationWarning, "retired", {"model": "deepseek/deepseek-chat"}),
}  # fmt: skip


@pytest.fixture(autouse=True)
def _forget_retirement_warnings() -> Iterator[None]:
    models._reset_warned()
    yield
    models._reset_warned()


@pytest.fixture
def answers(deepseek_api: respx.MockRouter) -> respx.MockRouter:
    chat = httpx.Response(200, json=fixture_json("chat_official_2026_10.json"))
    deepseek_api.post("/chat/completions").mock(return_value=chat)
    deepseek_api.post("/beta/completions").mock(
        return_value=httpx.Response(200, json=fixture_json("fim_schema_example.json"))
    )
    return deepseek_api


async def chat(mode: str, **kwargs: Any) -> Any:
    """The user's code: a direct call (a helper in another file would be blamed instead)."""
    args = {"model": FLASH, "messages": [USER], **kwargs}
    if mode == "sync":
        return litellm_py.completion(**args)
    return await litellm_py.acompletion(**args)


@pytest.mark.usefixtures("answers")
@pytest.mark.parametrize("case", sorted(CASES))
async def test_every_warning_points_at_the_callers_line(mode: str, case: str) -> None:
    category, match, kwargs = CASES[case]
    with pytest.warns(category, match=match) as record:
        await chat(mode, **kwargs)
    mine = [w for w in record if issubclass(w.category, category) and match in str(w.message)]
    assert mine
    assert {w.filename for w in mine} == {__file__}, [(w.filename, w.lineno) for w in mine]


async def fim(mode: str, model: str) -> Any:
    if mode == "sync":
        return litellm_py.text_completion(model, "def f(", max_tokens=8)
    return await litellm_py.atext_completion(model, "def f(", max_tokens=8)


@pytest.mark.usefixtures("answers")
async def test_retired_model_warning_through_text_completion(mode: str) -> None:
    with pytest.warns(DeprecationWarning, match="retired") as record:
        await fim(mode, "deepseek/deepseek-chat")
    assert [w.filename for w in record] == [__file__]


def test_warning_from_a_direct_call_of_a_helper_points_at_the_caller() -> None:
    with pytest.warns(DeprecationWarning, match="retired") as record:
        models.warn_if_retired("deepseek-coder")
    assert record[0].filename == __file__
