"""Adding a provider: an OpenAI-compatible host in a few lines, no change to litellm_py.

Runs offline against the bundled test server: python examples/custom_provider.py
"""

from __future__ import annotations

from typing import ClassVar

import litellm_py
from litellm_py.providers import ChatRules, EnvNames, OpenAICompatibleProvider
from litellm_py.testing import DeepSeekTestServer


class AcmeProvider(OpenAICompatibleProvider):
    """Acme's inference API: bearer key from ACME_API_KEY, base URL from ACME_API_BASE."""

    name: ClassVar[str] = "acme"
    label: ClassVar[str] = "Acme"
    env = EnvNames("ACME_API_KEY", "ACME_API_BASE", default_api_base="https://api.acme.example")
    rules: ClassVar[ChatRules | None] = ChatRules(
        label="Acme", provider="acme", refused={"logit_bias": "Acme has no logit bias"}
    )


def main() -> None:
    litellm_py.register_provider("acme", AcmeProvider)
    with DeepSeekTestServer(extra_models=["acme-large"]) as server:
        endpoint = {"api_base": server.url, "api_key": server.api_key}
        messages = [{"role": "user", "content": "Say hello"}]
        resp = litellm_py.completion("acme/acme-large", messages, **endpoint)
        print("acme says:", resp.choices[0].message.content)
        for chunk in litellm_py.completion("acme/acme-large", messages, stream=True, **endpoint):
            print(chunk.choices[0].delta.content or "", end="")
        print()
    litellm_py.close()


if __name__ == "__main__":
    main()
