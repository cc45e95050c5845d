"""The `litellm-py` command line (also `python -m litellm_py`): chat, models, balance, cost.

Exit codes: 0 success, 1 an API or configuration error (one line on stderr naming the error
class and what to do), 2 bad usage, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from litellm_py._registry import DEFAULT_MODEL, DEFAULT_PROVIDER
from litellm_py.exceptions import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    ContextWindowExceededError,
    InsufficientBalanceError,
    LiteLLMError,
    NotFoundError,
    ProviderNotFoundError,
    RateLimitError,
    UnsupportedParamsError,
)

__all__ = ["build_parser", "console_main", "main"]

# What to do about each error, most specific class first.
_HINTS: tuple[tuple[type[LiteLLMError], str], ...] = (
    (AuthenticationError, "check the API key (the provider's *_API_KEY variable or --api-key)"),
    (InsufficientBalanceError, "top up the account (see `litellm-py balance`)"),
    (RateLimitError, "wait a moment and try again"),
    (ContextWindowExceededError, "shorten the prompt"),
    (UnsupportedParamsError, "change the options the message names"),
    (NotFoundError, "check the model name (see `litellm-py models`)"),
    (APITimeoutError, "try again, or raise --timeout"),
    (APIConnectionError, "check the network and --api-base"),
    (ConfigurationError, "fix the configuration the message names"),
    (ProviderNotFoundError, "use a registered <provider>/ prefix"),
)


def error_line(exc: LiteLLMError) -> str:
    """One line for stderr: the error class, its message, and what to do."""
    hint = next((h for cls, h in _HINTS if isinstance(exc, cls)), "see the message")
    message = " ".join(str(exc).split())
    return f"error: {type(exc).__name__}: {message} ({hint})"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (sub-commands chat, models, balance, cost)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--api-base", help="the API base URL (default: the provider's)")
    common.add_argument("--api-key", help="the API key (default: from the environment)")
    common.add_argument("--json", action="store_true", help="print JSON instead of text")
    common.add_argument("--timeout", type=float, help="seconds per attempt")
    common.add_argument(
        "--test-server", action="store_true", help="answer from the bundled loopback server"
    )
    parser = argparse.ArgumentParser(
        prog="litellm-py", description="Try LLM models from the terminal (litellm_py)."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chat = commands.add_parser("chat", parents=[common], help="chat with a model (streamed)")
    chat.add_argument("model", help=f'"<provider>/<model>", e.g. {DEFAULT_MODEL}')
    chat.add_argument("prompt", nargs="?", help="the prompt (default: read from stdin)")
    chat.add_argument("--system", help="a system message")
    chat.add_argument("--mock", metavar="TEXT", help="answer TEXT without any network")
    chat.add_argument("--no-thinking", action="store_true", help="turn thinking mode off")
    for name, text in (("models", "list the provider's models"), ("balance", "account balance")):
        sub = commands.add_parser(name, parents=[common], help=text)
        sub.add_argument("provider", nargs="?", default=DEFAULT_PROVIDER)
    cost = commands.add_parser("cost", parents=[common], help="estimate a call's cost in USD")
    cost.add_argument("model")
    cost.add_argument("--prompt-tokens", type=int, default=None)
    cost.add_argument("--completion-tokens", type=int, default=0)
    cost.add_argument("--cache-hit-tokens", type=int, default=0)
    cost.add_argument("--prompt", help="count the prompt tokens of this text (tokenizer extra)")
    return parser


def _connection(args: argparse.Namespace) -> dict[str, Any]:
    conn = {"api_base": args.api_base, "api_key": args.api_key, "timeout": args.timeout}
    return {k: v for k, v in conn.items() if v is not None}


@contextlib.contextmanager
def _endpoint(args: argparse.Namespace) -> Iterator[dict[str, Any]]:
    if not args.test_server:
        yield _connection(args)
        return
    from litellm_py.testing import DeepSeekTestServer

    with DeepSeekTestServer() as server:
        yield {**_connection(args), "api_base": server.url, "api_key": server.api_key}


def _chat(args: argparse.Namespace, conn: dict[str, Any], out: TextIO, err: TextIO) -> int:
    from litellm_py._api import completion

    prompt = args.prompt if args.prompt is not None else sys.stdin.read()
    messages = [{"role": "user", "content": prompt}]
    if args.system:
        messages.insert(0, {"role": "system", "content": args.system})
    params: dict[str, Any] = dict(conn)
    if args.mock is not None:
        params["mock_response"] = args.mock
    if args.no_thinking:
        params["thinking"] = False
    if args.json:
        out.write(completion(args.model, messages, **params).model_dump_json(indent=2) + "\n")
        return 0
    stream = completion(args.model, messages, stream=True, **params)
    with stream:
        _print_stream(stream, out, err)
    return 0


def _print_stream(stream: Any, out: TextIO, err: TextIO) -> None:
    """Answer text to `out`; reasoning to `err` under a "[thinking]" label, so they stay apart."""
    thinking = answering = False
    for chunk in stream:
        delta = chunk.choices[0].delta if chunk.choices else None
        if delta is None:
            continue
        if delta.reasoning_content:
            if not thinking:
                err.write("[thinking] ")
                thinking = True
            err.write(delta.reasoning_content)
            err.flush()
        if delta.content:
            if thinking and not answering:
                err.write("\n")
            answering = True
            out.write(delta.content)
            out.flush()
    out.write("\n")


def _models(args: argparse.Namespace, conn: dict[str, Any], out: TextIO, err: TextIO) -> int:
    from litellm_py._account import list_models

    infos = list_models(args.provider, **conn)
    if args.json:
        rows = [{"id": i.id, "status": i.status, "context_window": i.context_window} for i in infos]
        out.write(json.dumps(rows, indent=2) + "\n")
    else:
        out.writelines(f"{info.provider}/{info.id}\n" for info in infos)
    return 0


def _balance(args: argparse.Namespace, conn: dict[str, Any], out: TextIO, err: TextIO) -> int:
    from litellm_py._account import get_balance

    balance = get_balance(args.provider, **conn)
    if args.json:
        rows = [
            {"currency": b.currency, "total_balance": str(b.total_balance)}
            for b in balance.balances
        ]
        out.write(json.dumps({"is_available": balance.is_available, "balances": rows}) + "\n")
        return 0
    out.write(f"available: {'yes' if balance.is_available else 'no'}\n")
    out.writelines(f"{b.total_balance} {b.currency}\n" for b in balance.balances)
    return 0


def _cost(args: argparse.Namespace, conn: dict[str, Any], out: TextIO, err: TextIO) -> int:
    from litellm_py.cost import cost_per_token

    prompt_tokens = args.prompt_tokens
    if args.prompt is not None:
        from litellm_py.tokens import token_counter

        prompt = [{"role": "user", "content": args.prompt}]
        prompt_tokens = token_counter(args.model, messages=prompt)
    if prompt_tokens is None:
        raise UnsupportedParamsError(
            "cost needs --prompt-tokens N or --prompt TEXT", param="prompt_tokens"
        )
    try:
        prompt_usd, completion_usd = cost_per_token(
            args.model,
            prompt_tokens=prompt_tokens,
            completion_tokens=args.completion_tokens,
            cache_hit_tokens=args.cache_hit_tokens,
        )
    except ValueError as exc:
        raise UnsupportedParamsError(f"cannot price {args.model!r}: {exc}", param="model") from None
    total = prompt_usd + completion_usd
    if args.json:
        row = {
            "model": args.model,
            "prompt_tokens": prompt_tokens,
            "prompt_usd": prompt_usd,
            "completion_tokens": args.completion_tokens,
            "completion_usd": completion_usd,
            "total_usd": total,
        }
        out.write(json.dumps(row) + "\n")
    else:
        out.write(f"${total:.8f} ({prompt_tokens} prompt + {args.completion_tokens} completion)\n")
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, dict[str, Any], TextIO, TextIO], int]] = {
    "chat": _chat,
    "models": _models,
    "balance": _balance,
    "cost": _cost,
}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (argparse exits 2 itself on bad usage)."""
    args = build_parser().parse_args(argv)
    out, err = sys.stdout, sys.stderr
    if args.command == "chat" and args.prompt is None and sys.stdin.isatty():
        err.write("error: give a PROMPT, or pipe one on stdin\n")
        return 2
    try:
        with _endpoint(args) as conn:
            return _COMMANDS[args.command](args, conn, out, err)
    except KeyboardInterrupt:
        err.write("\ninterrupted\n")
        return 130
    except LiteLLMError as exc:
        err.write(error_line(exc) + "\n")
        return 1
    finally:
        from litellm_py._lifecycle import close

        close()


def console_main() -> None:
    """The `litellm-py` console script."""
    raise SystemExit(main())
