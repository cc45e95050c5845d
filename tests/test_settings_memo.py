"""The per-provider settings memo: found by the keys' hashes, checked against the wrapped keys.

A call reads the environment only for what it does not give itself, and a memo entry never
answers for another key (not even one whose hash is the same).
"""

from __future__ import annotations

import pytest

from litellm_py import _settings_memo
from litellm_py._registry import get_provider
from tests.support import TEST_KEY
from tests.test_secrets import dump

KEY_A = "sk-memo-aaaaaaaaaaaaaaaaaaaaaaaa"
KEY_B = "sk-memo-bbbbbbbbbbbbbbbbbbbbbbbb"


def test_the_environment_key_is_read_on_every_call_that_gives_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    provider = get_provider("deepseek")
    assert provider.settings().key() == TEST_KEY
    monkeypatch.setenv("DEEPSEEK_API_KEY", KEY_A)
    assert provider.settings().key() == KEY_A
    monkeypatch.setenv("DEEPSEEK_API_BASE", "https://env.example/v1")
    assert provider.settings().api_base == "https://env.example/v1"


def test_a_given_key_and_base_win_over_the_environment_whatever_it_holds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    provider = get_provider("deepseek")
    first = provider.settings(api_key=KEY_A, api_base="https://call.example")
    monkeypatch.setenv("DEEPSEEK_API_KEY", KEY_B)
    monkeypatch.setenv("DEEPSEEK_API_BASE", "https://env.example/v1")
    again = provider.settings(api_key=KEY_A, api_base="https://call.example")
    assert again is first  # the memo answered
    assert (again.key(), again.api_base) == (KEY_A, "https://call.example")


def test_each_key_gets_its_own_settings() -> None:
    provider = get_provider("deepseek")
    a, b = provider.settings(api_key=KEY_A), provider.settings(api_key=KEY_B)
    assert (a.key(), b.key()) == (KEY_A, KEY_B)
    assert provider.settings(api_key=KEY_A) is a


def test_an_entry_with_the_same_hash_never_answers_for_another_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        _settings_memo, "hash", lambda value: 0, raising=False
    )  # every key collides
    provider = get_provider("deepseek")
    assert provider.settings(api_key=KEY_A).key() == KEY_A
    assert provider.settings(api_key=KEY_B).key() == KEY_B
    assert provider.settings(api_key=KEY_A).key() == KEY_A
    monkeypatch.setenv("DEEPSEEK_API_KEY", KEY_B)
    assert provider.settings().key() == KEY_B


def test_the_memo_never_shows_a_key() -> None:
    provider = get_provider("deepseek")
    provider.settings(api_key=KEY_A)
    provider.settings()
    shown = dump(provider) + repr(vars(provider))
    for key in (KEY_A, TEST_KEY):
        assert key not in shown


def test_an_unhashable_argument_is_refused_by_the_settings_check() -> None:
    from litellm_py import ConfigurationError

    with pytest.raises(ConfigurationError):
        get_provider("deepseek").settings(api_key=["not", "a", "key"])  # type: ignore[arg-type]
