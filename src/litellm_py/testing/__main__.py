"""`python -m litellm_py.testing`: serve the DeepSeek (or, with `--openai`, the OpenAI) test
server until Ctrl-C."""

from __future__ import annotations

import argparse
import threading

from litellm_py.testing._loopback import LoopbackServer
from litellm_py.testing._openai_server import OpenAITestServer
from litellm_py.testing._server import DeepSeekTestServer


def _wait_forever() -> None:
    threading.Event().wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m litellm_py.testing",
        description="Serve a loopback HTTP server that speaks DeepSeek's (or OpenAI's) API.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--api-key", default="sk-test")
    parser.add_argument(
        "--legacy-models", action="store_true", help="answer /models with id/object/owned_by only"
    )
    parser.add_argument(
        "--openai", action="store_true", help="speak OpenAI's API under /v1 instead"
    )
    args = parser.parse_args(argv)
    server: LoopbackServer
    if args.openai:
        server = OpenAITestServer(api_key=args.api_key, port=args.port, host=args.host)
    else:
        server = DeepSeekTestServer(
            api_key=args.api_key,
            models_format="legacy" if args.legacy_models else "current",
            port=args.port,
            host=args.host,
        )
    server.start()
    dialect = "OpenAI" if args.openai else "DeepSeek"
    print(f"{dialect} test server listening on {server.url}", flush=True)
    print(f"API key: {server.api_key}", flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    try:
        _wait_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
