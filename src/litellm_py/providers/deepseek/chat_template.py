"""DeepSeek-V4's chat template: the prompt text the model reads for a chat request.

The format is the one the DeepSeek-V4 release defines in its encoder (encoding/encoding_dsv4.py
in the DeepSeek-V4 model repositories, MIT licence). The template strings below are that wire
format, character for character; the code is written here from its documented behaviour:

- BOS, then each turn (markers named as the constants below): a system turn is its text
  (+ "\\n\\n" + the tools section); a user turn is USER + its text; tool results join the user
  turn they precede as `<tool_result>` blocks (in the order of the assistant's tool calls),
  separated by "\\n\\n"; an assistant turn is [reasoning + END_THINK] + content
  + ["\\n\\n" + DSML tool-call block] + EOS.
- A user turn that ends the list or is answered by an assistant turn is followed by
  ASSISTANT and THINK (thinking mode, last user turn) or END_THINK.
- In thinking mode, without tools, turns before the last user turn lose their reasoning.
- `reasoning_effort="max"` in thinking mode prefixes the first turn with a fixed paragraph.

Assumptions (the encoder takes them as given; the API's mapping is not published): the request's
`tools` are attached to the first message when it is a system (or developer) message, else to an
empty system message put in front (two independent V4 serving adapters do the same). Text parts
of a list `content` are joined by "\\n\\n" (the encoder's rule for tool results); image parts are
not counted. A final assistant message with `prefix: True` (chat prefix completion) is left
open, without EOS (the encoder's `wo_eos`). The encoder's `response_format` section is not
rendered: the chat API has no `json_schema` format (API reference, `response_format`), and JSON
mode sends no schema to place there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "ASSISTANT",
    "BOS",
    "DSML",
    "END_THINK",
    "EOS",
    "REASONING_EFFORT_MAX",
    "THINK",
    "TOOLS_TEMPLATE",
    "USER",
    "render_prompt",
    "render_tool_calls",
    "render_tools",
]

_BAR, _SP = "\uff5c", "\u2581"  # the fullwidth bar and the "lower one eighth block" of the markers
BOS, EOS = f"<{_BAR}begin{_SP}of{_SP}sentence{_BAR}>", f"<{_BAR}end{_SP}of{_SP}sentence{_BAR}>"
USER, ASSISTANT = f"<{_BAR}User{_BAR}>", f"<{_BAR}Assistant{_BAR}>"
THINK, END_THINK = "<think>", "</think>"
DSML = f"{_BAR}DSML{_BAR}"

TOOLS_TEMPLATE = """## Tools

You have access to a set of tools to help answer the user's question. You can invoke tools by \
writing a "<{dsml}tool_calls>" block like the following:

<{dsml}tool_calls>
<{dsml}invoke name="$TOOL_NAME">
<{dsml}parameter name="$PARAMETER_NAME" string="true|false">$PARAMETER_VALUE</{dsml}parameter>
...
</{dsml}invoke>
<{dsml}invoke name="$TOOL_NAME2">
...
</{dsml}invoke>
</{dsml}tool_calls>

String parameters should be specified as is and set `string="true"`. For all other types \
(numbers, booleans, arrays, objects), pass the value in JSON format and set `string="false"`.

If thinking_mode is enabled (triggered by {think}), you MUST output your complete reasoning \
inside {think}...{end_think} BEFORE any tool calls or final response.

Otherwise, output directly after {end_think} with tool calls or final response.

### Available Tool Schemas

{schemas}

You MUST strictly follow the above defined tool name and parameter schemas to invoke tool calls.
"""
"""The tools section of the system turn (fields: dsml, think, end_think, schemas)."""

REASONING_EFFORT_MAX = (
    "Reasoning Effort: Absolute maximum with no shortcuts permitted.\n"
    "You MUST be very thorough in your thinking and comprehensively decompose the problem to "
    "resolve the root cause, rigorously stress-testing your logic against all potential paths, "
    "edge cases, and adversarial scenarios.\n"
    "Explicitly write out your entire deliberation process, documenting every intermediate "
    "step, considered alternative, and rejected hypothesis to ensure absolutely no assumption "
    "is left unchecked.\n\n"
)
"""Prefix of the first turn in thinking mode with `reasoning_effort="max"`."""

_Turn = dict[str, Any]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n\n".join(
            str(part.get("text") or "")
            for part in content
            if isinstance(part, Mapping) and part.get("type") == "text"
        )
    return str(content)


def _tool_result_text(content: Any) -> str:
    if not isinstance(content, list):
        return _text(content)
    return "\n\n".join(
        str(part.get("text") or "")
        if part.get("type") == "text"
        else f"[Unsupported {part.get('type')}]"
        for part in content
        if isinstance(part, Mapping)
    )


def render_tools(tools: Sequence[Any]) -> str:
    """The tools section for OpenAI-style tools (one JSON schema per line)."""
    schemas = "\n".join(
        _json(tool["function"] if isinstance(tool, Mapping) and "function" in tool else tool)
        for tool in tools
    )
    return TOOLS_TEMPLATE.format(dsml=DSML, think=THINK, end_think=END_THINK, schemas=schemas)


def _arguments(raw: Any) -> str:
    if isinstance(raw, Mapping):
        arguments: Any = raw
    else:
        try:
            arguments = json.loads(raw)
        except (TypeError, ValueError):
            arguments = None
        if not isinstance(arguments, dict):
            arguments = {"arguments": raw}
    return "\n".join(
        f'<{DSML}parameter name="{key}" string="{"true" if isinstance(value, str) else "false"}">'
        f"{value if isinstance(value, str) else _json(value)}</{DSML}parameter>"
        for key, value in arguments.items()
    )


def render_tool_calls(calls: Sequence[Any]) -> str:
    """An assistant turn's DSML tool-call block, with the blank line before it."""
    invokes = []
    for call in calls:
        function = (call.get("function") if isinstance(call, Mapping) else None) or {}
        invokes.append(
            f'<{DSML}invoke name="{function.get("name")}">\n'
            f"{_arguments(function.get('arguments'))}\n</{DSML}invoke>"
        )
    return f"\n\n<{DSML}tool_calls>\n" + "\n".join(invokes) + f"\n</{DSML}tool_calls>"


def _with_tools(turns: list[_Turn], tools: Any) -> list[_Turn]:
    if not tools:
        return turns
    if turns and turns[0].get("role") in ("system", "developer"):
        return [{**turns[0], "tools": tools}, *turns[1:]]
    return [{"role": "system", "content": "", "tools": tools}, *turns]


def _merge_user_turns(turns: list[_Turn]) -> list[_Turn]:
    """Tool results and user texts that follow each other become one user turn of blocks."""
    merged: list[_Turn] = []
    order: dict[str, int] = {}
    for turn in turns:
        role = turn.get("role")
        if role in ("system", "developer", "assistant"):
            merged.append(turn)
            if role == "assistant" and turn.get("tool_calls"):
                calls = enumerate(turn["tool_calls"])
                order = {
                    str(c["id"]): i for i, c in calls if isinstance(c, Mapping) and c.get("id")
                }
            continue
        if role == "tool":
            block = ("tool", str(turn.get("tool_call_id") or ""), turn.get("content"))
        else:  # user (and any role the template does not know)
            block = ("text", "", turn.get("content"))
        if merged and merged[-1].get("role") == "user":
            merged[-1]["blocks"].append(block)
        else:
            merged.append({"role": "user", "blocks": [block], "order": order})
    for turn in merged:
        if turn.get("role") == "user":
            turn["blocks"] = _sorted_results(turn["blocks"], turn.pop("order"))
    return merged


def _sorted_results(blocks: list[Any], order: dict[str, int]) -> list[Any]:
    """Tool results in the order of the assistant's calls; text blocks keep their places."""
    results = [b for b in blocks if b[0] == "tool"]
    if len(results) < 2 or not order:
        return blocks
    ranked = iter(sorted(results, key=lambda b: order.get(b[1], 0)))
    return [next(ranked) if b[0] == "tool" else b for b in blocks]


def _last_user(turns: Sequence[_Turn]) -> int:
    return max(
        (i for i, t in enumerate(turns) if t.get("role") in ("user", "developer")), default=-1
    )


def _drop_old_reasoning(turns: list[_Turn]) -> list[_Turn]:
    """Before the last user turn: assistant turns lose reasoning, developer turns go."""
    last = _last_user(turns)
    kept: list[_Turn] = []
    for i, turn in enumerate(turns):
        role = turn.get("role")
        if i >= last or role in ("user", "system"):
            kept.append(turn)
        elif role == "assistant":
            kept.append({k: v for k, v in turn.items() if k != "reasoning_content"})
    return kept


def _render_turn(turn: _Turn, keep_reasoning: bool, thinking: bool) -> str:
    role = turn.get("role")
    if role == "assistant":
        reasoning = ""
        if thinking and keep_reasoning:
            reasoning = _text(turn.get("reasoning_content")) + END_THINK
        calls = render_tool_calls(turn["tool_calls"]) if turn.get("tool_calls") else ""
        end = "" if turn.get("prefix") is True else EOS  # a prefix to continue stays open
        return reasoning + _text(turn.get("content")) + calls + end
    if role == "user":
        return USER + "\n\n".join(
            f"<tool_result>{_tool_result_text(content)}</tool_result>"
            if kind == "tool"
            else _text(content)
            for kind, _, content in turn["blocks"]
        )
    text = _text(turn.get("content"))
    if turn.get("tools"):
        text += "\n\n" + render_tools(turn["tools"])
    return USER + text if role == "developer" else text


def render_prompt(
    messages: Sequence[Mapping[str, Any]],
    *,
    thinking: bool = True,
    tools: Any = None,
    reasoning_effort: str | None = None,
) -> str:
    """The prompt text DeepSeek-V4 reads for a chat request (special tokens as their text)."""
    given = [dict(m) for m in messages if isinstance(m, Mapping)]  # the server refuses others
    turns = _merge_user_turns(_with_tools(given, tools))
    drop = thinking and not any(t.get("tools") for t in turns)
    if drop:
        turns = _drop_old_reasoning(turns)
    last = _last_user(turns)
    parts = [BOS]
    if thinking and reasoning_effort == "max" and turns:
        parts.append(REASONING_EFFORT_MAX)
    for i, turn in enumerate(turns):
        parts.append(_render_turn(turn, not drop or i > last, thinking))
        following = turns[i + 1].get("role") if i + 1 < len(turns) else "assistant"
        if following == "assistant" and turn.get("role") in ("user", "developer"):
            parts.append(ASSISTANT + (THINK if thinking and (not drop or i >= last) else END_THINK))
    return "".join(parts)
