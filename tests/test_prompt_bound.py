"""The pre-flight's cheap bound: never below the rendered template; no rendering when it fits."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from litellm_py.providers.deepseek import chat_template
from litellm_py.providers.deepseek import models as deepseek_models
from litellm_py.providers.deepseek.checks import check_chat_body, check_context_window
from litellm_py.providers.deepseek.prompt_bound import FIXED, PER_MESSAGE, prompt_bytes_bound
from litellm_py.providers.deepseek.tokenizer import REQUEST_OVERHEAD
from tests.test_chat_template import TOOLS, _tool_conversation

CONVERSATIONS: list[list[Any]] = [
    [],
    [{"role": "user", "content": "Hi"}],
    [{"role": "system", "content": "Sé breve."}, {"role": "user", "content": "深圳的天气?"}],
    _tool_conversation(),
    [
        {"role": "developer", "content": "D"},
        {"role": "user", "content": [{"type": "text", "text": "two"}, {"type": "text"}]},
        {"role": "assistant", "content": "A", "reasoning_content": "推理" * 5},
        {"role": "user", "content": "again"},
        {"role": "assistant", "content": "```python\n", "prefix": True},
    ],
    [
        "not a message",
        {"role": "user", "content": 7},
        {"role": "assistant", "content": "a", "tool_calls": ["x", {"id": "i", "function": None}]},
        {"role": "tool", "tool_call_id": "i", "content": [{"type": "image_url"}, "junk"]},
        {"role": "unknown", "content": ["junk", {"type": "text", "text": "é"}]},
    ],
]


@pytest.mark.parametrize("messages", CONVERSATIONS)
@pytest.mark.parametrize("tools", [None, TOOLS])
@pytest.mark.parametrize("thinking", [True, False])
@pytest.mark.parametrize("effort", [None, "max"])
def test_bound_covers_the_rendered_prompt(
    messages: list[Any], tools: Any, thinking: bool, effort: str | None
) -> None:
    rendered = chat_template.render_prompt(
        messages, thinking=thinking, tools=tools, reasoning_effort=effort
    )
    bound = prompt_bytes_bound(messages, tools)
    assert bound >= len(rendered.encode())
    # Tight enough to matter: at most the fixed and per-message allowances above the text.
    assert bound <= len(rendered.encode()) + FIXED + PER_MESSAGE * (len(messages) + 1) + 60


def _refuse_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    def render(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("an ordinary request rendered the whole template")

    monkeypatch.setattr(chat_template, "render_prompt", render)


def test_ordinary_requests_do_not_render_the_template(monkeypatch: pytest.MonkeyPatch) -> None:
    _refuse_rendering(monkeypatch)
    registry = deepseek_models.get_deepseek_registry()
    for model in ("deepseek-chat", "deepseek-v4-pro"):
        info = registry.get(model)
        assert info is not None
        assert info.context_window
        for messages in CONVERSATIONS:
            body = {"model": model, "messages": messages, "tools": TOOLS, "max_tokens": 1000}
            check_context_window(body, info)
    check_chat_body({"model": "deepseek-chat", "messages": CONVERSATIONS[2]}, registry)


def test_a_request_near_the_window_is_still_rendered(monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[int] = []
    real = chat_template.render_prompt

    def render(*args: Any, **kwargs: Any) -> str:
        text = real(*args, **kwargs)
        rendered.append(len(text.encode()))
        return text

    monkeypatch.setattr(chat_template, "render_prompt", render)
    known = deepseek_models.get_deepseek_registry().get("deepseek-flash")
    assert known is not None
    body = {"model": "deepseek-flash", "messages": _tool_conversation(), "tools": TOOLS}
    bound = prompt_bytes_bound(body["messages"], TOOLS)
    # The bound overshoots this window, the rendered bytes (and so the tokens) do not.
    window = bound + REQUEST_OVERHEAD
    check_context_window(body, dataclasses.replace(known, context_window=window))
    assert rendered == []
    check_context_window(body, dataclasses.replace(known, context_window=window - 1))
    assert len(rendered) == 1
    assert rendered[0] < bound - 10
