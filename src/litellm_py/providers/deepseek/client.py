"""Who we talk to: DeepSeek's base URLs and environment variables (requests: the OpenAI layer).

Docs: https://api-docs.deepseek.com/ (base URL and beta base: quick_start, api/create-completion).
"""

from __future__ import annotations

from litellm_py._settings import EnvNames

__all__ = ["DEFAULT_API_BASE", "ENV", "endpoint_url"]

DEFAULT_API_BASE = "https://api.deepseek.com"
ENV = EnvNames(
    api_key="DEEPSEEK_API_KEY", api_base="DEEPSEEK_API_BASE", default_api_base=DEFAULT_API_BASE
)


def endpoint_url(api_base: str, path: str, *, beta: bool = False) -> str:
    """The URL of `path` under `api_base`, moved under `/beta` when a beta feature needs it.

    FIM, chat prefix completion and strict tools only work on the beta base
    (https://api-docs.deepseek.com/guides/chat_prefix_completion).
    """
    base = api_base.rstrip("/")
    if beta and not base.endswith("/beta"):
        base = base.removesuffix("/v1") + "/beta"
    return base + path
