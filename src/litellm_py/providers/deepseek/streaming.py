"""DeepSeek's stream specifics on top of the generic stream core (`litellm_py._stream_core`).

- ``: keep-alive`` comment lines arrive while the server queues a request; the SSE decoder drops
  comments and they never re-arm the progress deadline
  (https://api-docs.deepseek.com/quick_start/rate_limit).
- Usage rides on the chunk that carries ``finish_reason`` (older servers sent a trailing chunk
  with empty ``choices``); the accumulator takes either, so the final chunk always has it.
- JSON output mode may end a stream (or a plain answer) with blank content: checked here at the
  end, as for a complete body.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from litellm_py.exceptions import EmptyResponseError

if TYPE_CHECKING:
    from litellm_py._call import Call

__all__ = ["blank_json_error"]


def _json_mode(call: Call) -> bool:
    for source in (call.extra_body, call.params, call.settings.extra_params):
        fmt = source.get("response_format") if source else None
        if fmt is not None and isinstance(fmt, Mapping):
            return fmt.get("type") == "json_object"
    return False


def blank_json_error(call: Call, response: Any) -> EmptyResponseError | None:
    """JSON mode's documented blank success: non-JSON output is replaced by spaces, so
    `content` can be all spaces with finish_reason "stop" (https://api-docs.deepseek.com/guides/json_mode).
    """
    if call.endpoint != "chat" or not _json_mode(call):
        return None
    for choice in response.choices or ():
        content = choice.message.content if choice.message is not None else None
        if choice.finish_reason == "stop" and not (content or "").strip():
            return EmptyResponseError(
                "JSON output mode returned blank content (DeepSeek blanks output it cannot parse "
                "as JSON); say 'json' and give an example in the prompt. The response is in "
                ".partial_response",
                partial_response=response,
                provider=call.provider,
                model=call.model,
            )
    return None
