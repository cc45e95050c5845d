"""Loopback HTTP servers speaking DeepSeek's or OpenAI's API, for tests, examples and quickstarts.

Start one with `DeepSeekTestServer()` or `OpenAITestServer()`, point a client at `server.url`
with `server.api_key`, script responses and faults with `server.enqueue(Reply(...))`, and
inspect `server.requests`.
"""

from litellm_py.testing._openai_server import OpenAITestServer
from litellm_py.testing._redis_server import RedisServer
from litellm_py.testing._replies import Fault, RecordedRequest, Reply
from litellm_py.testing._server import DeepSeekTestServer

__all__ = [
    "DeepSeekTestServer",
    "Fault",
    "OpenAITestServer",
    "RecordedRequest",
    "RedisServer",
    "Reply",
]
