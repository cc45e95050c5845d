"""No provider knowledge outside its package: the core never names a provider or its facts.

Checked in code (string literals and identifiers; docstrings and comments may cite examples):
provider names, their environment variables, API hosts and model ids. Allowed outside a
provider's package: the registry table (`_registry.py`), the public re-exports in the top-level
`__init__.py` (API.md names `DeepSeekConfig`, `Balance`), and `litellm_py.testing` (a fake of
DeepSeek's wire, shipped as a test aid). "openai" is also the wire's name, so only its facts count.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import litellm_py
from litellm_py._registry import all_providers, get_provider

SRC = Path(litellm_py.__file__).parent
EXEMPT = ("_registry.py", "__init__.py", "testing/", "providers/")
WIRE_NAMES = {"openai", "openai_compatible"}


def provider_facts() -> dict[str, str]:
    """Each forbidden word -> the provider it belongs to."""
    facts: dict[str, str] = {}
    for name in all_providers():
        provider = get_provider(name)
        if name not in WIRE_NAMES:
            facts[name] = name
        env = provider.env
        facts[env.api_key] = facts[env.api_base] = name
        host = urlparse(env.default_api_base).hostname or ""
        if host and host != "localhost":
            facts[host] = name
        registry = provider.model_registry()
        for info in registry.models() if registry is not None else ():
            if len(info.id) >= 5:
                facts[info.id] = name
    return facts


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def code_words(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every string literal (not docstrings, not module paths) and identifier."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if not node.value.startswith("litellm_py."):
                yield node.lineno, node.value
        elif isinstance(node, ast.Name):
            yield node.lineno, node.id
        elif isinstance(node, ast.Attribute):
            yield node.lineno, node.attr
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.lineno, node.name
        elif isinstance(node, ast.arg):
            yield node.lineno, node.arg


def violations(source: str, facts: dict[str, str]) -> list[str]:
    patterns = {
        word: re.compile(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", re.IGNORECASE)
        for word in facts
    }
    found = []
    for line, text in code_words(source):
        for word, pattern in patterns.items():
            if pattern.search(text):
                found.append(f"line {line}: {text!r} names {facts[word]} ({word})")
    return found


def test_core_modules_hold_no_provider_knowledge() -> None:
    facts = provider_facts()
    assert {"deepseek", "DEEPSEEK_API_KEY", "api.deepseek.com", "OPENAI_API_KEY"} <= set(facts)
    assert "groq" in facts
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative == "__init__.py" or relative.startswith(EXEMPT[2:]) or relative in EXEMPT:
            continue
        problems += [f"{relative} {v}" for v in violations(path.read_text("utf-8"), facts)]
    assert problems == []


def test_the_guard_catches_a_mention() -> None:
    facts = {"deepseek": "deepseek", "DEEPSEEK_API_KEY": "deepseek", "gpt-4.1": "openai"}
    source = (
        '"""Docstrings may say deepseek."""\n'
        'DEFAULT = "deepseek"\n'
        "key = os.environ['DEEPSEEK_API_KEY']\n"
        "def deepseek_only(): return 'gpt-4.1-mini'\n"
        "path = 'litellm_py.providers.deepseek.config'\n"
    )
    found = violations(source, facts)
    assert {f.split(":")[0] for f in found} == {"line 2", "line 3", "line 4"}
    assert any("'deepseek_only'" in f for f in found)
    assert any("(gpt-4.1)" in f for f in found)
