"""The command line: in-process through `main(argv)`, and end to end in a subprocess."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import litellm_py
from litellm_py import cli
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import TEST_KEY

MODEL = "deepseek/deepseek-flash"


def run(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    stdin: str | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def on(server: DeepSeekTestServer) -> list[str]:
    return ["--api-base", server.url, "--api-key", server.api_key]


def test_chat_streams_answer_and_keeps_reasoning_apart(
    server: DeepSeekTestServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["chat", MODEL, "Hello there", *on(server)], capsys)
    assert code == 0
    assert out == "You said: Hello there\n"
    assert err.startswith("[thinking] The user wrote 11 characters")
    assert server.last_request.json["stream"] is True


def test_chat_reads_stdin_and_turns_thinking_off(
    server: DeepSeekTestServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        ["chat", MODEL, "--no-thinking", "--system", "Be brief.", *on(server)],
        capsys,
        stdin="from stdin",
        monkeypatch=monkeypatch,
    )
    assert (code, out, err) == (0, "You said: from stdin\n", "")
    body = server.last_request.json
    assert body["thinking"] == {"type": "disabled"}
    assert body["messages"][0] == {"role": "system", "content": "Be brief."}


def test_chat_json_and_mock_need_no_network(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["chat", MODEL, "hi", "--mock", "canned", "--json"], capsys)
    assert code == 0
    assert json.loads(out)["choices"][0]["message"]["content"] == "canned"


def test_models_balance_cost(
    server: DeepSeekTestServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["models", *on(server)], capsys)
    assert code == 0
    assert "deepseek/deepseek-flash" in out.splitlines()
    code, out, _ = run(["models", "--json", *on(server)], capsys)
    assert "deepseek-flash" in {row["id"] for row in json.loads(out)}
    code, out, _ = run(["balance", *on(server)], capsys)
    assert code == 0
    assert out.startswith("available: yes\n")
    code, out, _ = run(["balance", "--json", *on(server)], capsys)
    assert json.loads(out)["is_available"] is True
    prompt_usd, completion_usd = litellm_py.cost_per_token(
        MODEL, prompt_tokens=1000, completion_tokens=200
    )
    args = ["cost", MODEL, "--prompt-tokens", "1000", "--completion-tokens", "200", "--json"]
    code, out, _ = run(args, capsys)
    assert code == 0
    assert json.loads(out)["total_usd"] == pytest.approx(prompt_usd + completion_usd)
    code, out, _ = run(args[:-1], capsys)
    assert out.startswith(f"${prompt_usd + completion_usd:.8f}")
    code, out, _ = run(["cost", MODEL, "--prompt", "Hi", "--json"], capsys)
    assert json.loads(out)["prompt_tokens"] == litellm_py.token_counter(
        MODEL, messages=[{"role": "user", "content": "Hi"}]
    )


def test_test_server_mode(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["chat", MODEL, "offline", "--test-server", "--no-thinking"], capsys)
    assert (code, out) == (0, "You said: offline\n")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["cost", "nobody/unknown-model", "--prompt-tokens", "1"], "UnsupportedParamsError"),
        (["cost", MODEL], "UnsupportedParamsError: cost needs --prompt-tokens"),
        (["chat", "nobody/x", "hi"], "ProviderNotFoundError"),
    ],
)
def test_errors_are_one_line_with_exit_1(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(argv, capsys)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"error: {expected}")


def test_api_errors_name_the_class_and_the_fix(
    server: DeepSeekTestServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["chat", MODEL, "hi", "--api-base", server.url, "--api-key", TEST_KEY], capsys
    )
    assert code == 1
    assert err.startswith("error: AuthenticationError:")
    assert err.rstrip().endswith(
        "(check the API key (the provider's *_API_KEY variable or --api-key))"
    )
    assert TEST_KEY not in err
    server.enqueue(Reply(status=429, headers={"x-should-retry": "false"}))
    code, _, err = run(["balance", *on(server)], capsys)
    assert (code, err.split(":")[1].strip()) == (1, "RateLimitError")


def test_bad_usage_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["frobnicate"])
    assert caught.value.code == 2
    monkeypatch.setattr(sys, "stdin", _Tty())
    assert cli.main(["chat", MODEL]) == 2
    assert "give a PROMPT" in capsys.readouterr().err


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


# -- end to end, in a subprocess -----------------------------------------------------------------


def _env(**extra: str) -> dict[str, str]:
    src = str(Path(litellm_py.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("DEEPSEEK_API_KEY", None)
    return {**env, **extra}


def _cli(*args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "litellm_py", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
        **kw,
    )


def test_subprocess_exit_codes(server: DeepSeekTestServer) -> None:
    done = _cli("chat", MODEL, "Hi", *on(server))
    assert (done.returncode, done.stdout) == (0, "You said: Hi\n")
    assert "[thinking]" in done.stderr
    piped = _cli("chat", MODEL, "--no-thinking", *on(server), input="from a pipe")
    assert (piped.returncode, piped.stdout) == (0, "You said: from a pipe\n")
    failed = _cli("chat", MODEL, "Hi", "--api-base", server.url)  # no key anywhere
    assert failed.returncode == 1
    assert failed.stderr.startswith("error: ConfigurationError:")
    assert failed.stderr.count("\n") == 1
    assert _cli("nonsense").returncode == 2


def test_subprocess_ctrl_c_stops_cleanly(server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(fault="keepalive_forever"))
    process = subprocess.Popen(
        [sys.executable, "-m", "litellm_py", "chat", MODEL, "Hi", *on(server)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        deadline = time.monotonic() + 30
        while not server.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.requests, "the CLI never reached the server"
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130
    assert err.strip().endswith("interrupted")
    assert "Traceback" not in err
