"""The Anthropic provider: Messages API client, errors, models, translation and streaming.

Imported only when an ``anthropic/`` model is first called (the registry names it lazily).
"""

from litellm_py.providers.anthropic.models import get_anthropic_registry
from litellm_py.providers.anthropic.provider import AnthropicProvider

__all__ = ["AnthropicProvider", "get_anthropic_registry"]
