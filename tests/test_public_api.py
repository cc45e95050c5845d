"""The public surface: `__all__` complete and sorted, lazy import, sync/async parity."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import os
import pkgutil
import re
import subprocess
import sys

import pytest

import litellm_py
import litellm_py.exceptions
from litellm_py.testing import DeepSeekTestServer

CONTRACT = {
    # API.md §1-§7
    "completion", "acompletion", "text_completion", "atext_completion", "stream_chunk_builder",
    "completion_cost", "cost_per_token", "get_model_info", "supports_reasoning",
    "supports_function_calling", "supports_vision", "supports_json_mode",
    "get_supported_openai_params", "list_models", "alist_models", "get_balance", "aget_balance",
    "health_check", "ahealth_check", "register_provider", "load_config", "ModelFeature",
    "ModelInfo", "Balance", "BalanceInfo", "HealthStatus", "DeepSeekConfig",
    # API.md §4
    "LiteLLMError", "ConfigurationError", "ProviderNotFoundError", "APIError",
    "APIConnectionError", "APITimeoutError", "Timeout", "StreamInterruptedError",
    "APIResponseValidationError", "APIStatusError", "BadRequestError",
    "ContextWindowExceededError", "ContentPolicyViolationError", "UnsupportedParamsError",
    "AuthenticationError", "InsufficientBalanceError", "PermissionDeniedError", "NotFoundError",
    "UnprocessableEntityError", "RateLimitError", "InternalServerError",
    "ServiceUnavailableError",
}  # fmt: skip


def test_all_is_sorted_and_unique() -> None:
    assert litellm_py.__all__ == sorted(set(litellm_py.__all__))


def test_all_names_resolve_to_their_definitions() -> None:
    for name in litellm_py.__all__:
        value = getattr(litellm_py, name)
        home = value.__module__
        assert home.startswith("litellm_py"), f"{name} comes from {home}"
        assert getattr(importlib.import_module(home), name) is value, name
        assert name in dir(litellm_py)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'completoin'"):
        _ = litellm_py.completoin  # type: ignore[attr-defined]


def test_contract_names_exported() -> None:
    missing = CONTRACT - set(litellm_py.__all__)
    assert not missing, f"API.md names missing from litellm_py.__all__: {sorted(missing)}"


def test_exceptions_module_exports_the_tree() -> None:
    errors = {n for n in CONTRACT if n.endswith(("Error", "Timeout"))}
    assert errors <= set(litellm_py.exceptions.__all__)
    for name in errors:
        assert getattr(litellm_py, name) is getattr(litellm_py.exceptions, name)


def test_every_error_is_importable_from_the_top() -> None:
    missing = set(litellm_py.exceptions.__all__) - set(litellm_py.__all__)
    assert not missing, f"exported by litellm_py.exceptions only: {sorted(missing)}"
    for name in litellm_py.exceptions.__all__:
        assert getattr(litellm_py, name) is getattr(litellm_py.exceptions, name), name


def drawn_tree() -> dict[str, str | None]:
    """class name -> parent name, read from the tree drawn in `litellm_py.exceptions`."""
    doc = litellm_py.exceptions.__doc__ or ""
    drawing = doc.split("```")[1]
    parents: dict[str, str | None] = {}
    stack: list[tuple[int, str]] = []
    for line in drawing.strip("\n").splitlines():
        match = re.match(r"^([\s│├└─]*)(\w+)", line)
        assert match, line
        depth, name = len(match.group(1)), match.group(2)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parents[name] = stack[-1][1] if stack else None
        stack.append((depth, name))
    return parents


def library_error_classes() -> set[type[BaseException]]:
    """Every `LiteLLMError` subclass defined anywhere in litellm_py (all modules imported)."""
    for module in pkgutil.walk_packages(litellm_py.__path__, "litellm_py."):
        if module.name.endswith("__main__"):  # running it would start a program
            continue
        with contextlib.suppress(ImportError):  # an optional extra that is not installed
            importlib.import_module(module.name)
    found: set[type[BaseException]] = set()
    todo: list[type[BaseException]] = [litellm_py.LiteLLMError]
    while todo:
        cls = todo.pop()
        if cls.__module__.startswith("litellm_py"):
            found.add(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_the_drawn_tree_lists_every_error_class_under_its_parent() -> None:
    parents = drawn_tree()
    classes = library_error_classes()
    assert {cls.__name__ for cls in classes} == set(parents), "tree and classes differ"
    for cls in classes:
        assert getattr(litellm_py.exceptions, cls.__name__) is cls, f"{cls} not in exceptions"
        parent = parents[cls.__name__]
        if parent is not None:
            assert getattr(litellm_py.exceptions, parent) in cls.__bases__, cls


# Fails the child process on any socket connect or file open after the guard is installed.
NO_IO_GUARD = """
import builtins, io, os, socket, sys
def no_io(*args, **kwargs):
    raise AssertionError(f"I/O during import: {args!r}")
socket.socket.connect = no_io
builtins.open = io.open = os.open = no_io
"""


def run_guarded(code: str) -> subprocess.CompletedProcess[str]:
    program = NO_IO_GUARD + code
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)


def test_import_is_lazy_and_does_no_io() -> None:
    result = run_guarded(
        "import litellm_py\n"
        "heavy = [m for m in ('httpx', 'pydantic', 'tenacity', 'litellm_py.providers.deepseek',"
        " 'litellm_py._api') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    assert result.returncode == 0, result.stderr


def test_the_io_guard_catches_file_reads() -> None:
    """The guard above is real: reading the model data file under it fails."""
    result = run_guarded("import litellm_py\nlitellm_py.get_model_info('deepseek-flash')\n")
    assert result.returncode != 0
    assert "I/O during import" in result.stderr


FIRST_CALL = """
import asyncio, sys
import litellm_py
kw = dict(model="deepseek/deepseek-flash", messages=[{"role": "user", "content": "Hi"}],
          api_base=sys.argv[1], api_key="sk-test")
assert litellm_py.completion(**kw).choices[0].message.content
sync_only = [m for m in ("importlib.util",) if m in sys.modules]  # the async backend's probe
assert asyncio.run(litellm_py.acompletion(**kw)).choices[0].message.content
unneeded = ("pydantic", "litellm_py._mock", "litellm_py._structured_spec",
            "litellm_py.structured", "litellm_py.providers.deepseek.balance",
            "litellm_py.providers.deepseek.errors", "litellm_py.providers.openai_compatible.errors",
            "litellm_py.providers.deepseek.fim")
print(sync_only + [m for m in unneeded if m in sys.modules])
"""


@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
def test_a_plain_first_call_imports_only_what_it_uses(
    server: DeepSeekTestServer, backend: str
) -> None:
    """Cold start: mocks, structured output, balances, FIM, error mapping load when first used."""
    if backend == "aiohttp":
        pytest.importorskip("aiohttp")
    env = {**os.environ, "LITELLM_PY_HTTP_BACKEND": backend}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_CALL, server.url],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    assert done.stdout.strip() == "[]", done.stdout


SYNC_ASYNC = [
    ("completion", "acompletion"),
    ("text_completion", "atext_completion"),
    ("list_models", "alist_models"),
    ("get_balance", "aget_balance"),
    ("health_check", "ahealth_check"),
    ("batch_completion", "abatch_completion"),
    ("responses", "aresponses"),
    ("create_file", "acreate_file"),
    ("list_files", "alist_files"),
    ("retrieve_file", "aretrieve_file"),
    ("delete_file", "adelete_file"),
]


def test_every_sync_entry_point_has_an_async_twin() -> None:
    for sync_name, async_name in SYNC_ASYNC:
        sync_fn = getattr(litellm_py, sync_name)
        async_fn = getattr(litellm_py, async_name)
        assert inspect.iscoroutinefunction(async_fn), async_name
        assert not inspect.iscoroutinefunction(sync_fn), sync_name
        assert inspect.signature(sync_fn).parameters.keys() == (
            inspect.signature(async_fn).parameters.keys()
        ), f"{sync_name} and {async_name} differ"
        for name, param in inspect.signature(sync_fn).parameters.items():
            twin = inspect.signature(async_fn).parameters[name]
            assert (param.kind, param.default) == (twin.kind, twin.default), name
