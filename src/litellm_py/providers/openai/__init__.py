"""OpenAI's Chat Completions: the OpenAI-compatible layer plus OpenAI's env, params and prices.

The provider is `litellm_py.providers.openai.provider.OpenAIProvider` (prefix ``openai/``).
"""
