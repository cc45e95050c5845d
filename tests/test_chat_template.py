"""DeepSeek-V4's chat template, compared with prompt texts spelled out here by hand.

The expected texts follow the format of the DeepSeek-V4 release's encoder (encoding_dsv4.py):
its worked example, its tools section and its DSML tool-call layout. No tokenizer is needed.
"""

from __future__ import annotations

import json
from typing import Any

from litellm_py.providers.deepseek.chat_template import render_prompt
from litellm_py.types import Message

BAR = "\uff5c"
BOS = f"<{BAR}begin\u2581of\u2581sentence{BAR}>"
EOS = f"<{BAR}end\u2581of\u2581sentence{BAR}>"
USER, ASSISTANT = f"<{BAR}User{BAR}>", f"<{BAR}Assistant{BAR}>"
D = f"{BAR}DSML{BAR}"

WEATHER = {
    "name": "get_weather",
    "description": "Weather of a city, °C",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
}
TOOLS = [{"type": "function", "function": WEATHER}]


def tools_section(*schemas: dict[str, Any]) -> str:
    lines = [
        "## Tools",
        "",
        "You have access to a set of tools to help answer the user's question. You can invoke "
        f'tools by writing a "<{D}tool_calls>" block like the following:',
        "",
        f"<{D}tool_calls>",
        f'<{D}invoke name="$TOOL_NAME">',
        f'<{D}parameter name="$PARAMETER_NAME" string="true|false">$PARAMETER_VALUE</{D}parameter>',
        "...",
        f"</{D}invoke>",
        f'<{D}invoke name="$TOOL_NAME2">',
        "...",
        f"</{D}invoke>",
        f"</{D}tool_calls>",
        "",
        'String parameters should be specified as is and set `string="true"`. For all other '
        "types (numbers, booleans, arrays, objects), pass the value in JSON format and set "
        '`string="false"`.',
        "",
        "If thinking_mode is enabled (triggered by <think>), you MUST output your complete "
        "reasoning inside <think>...</think> BEFORE any tool calls or final response.",
        "",
        "Otherwise, output directly after </think> with tool calls or final response.",
        "",
        "### Available Tool Schemas",
        "",
        *(json.dumps(schema, ensure_ascii=False) for schema in schemas),
        "",
        "You MUST strictly follow the above defined tool name and parameter schemas to invoke "
        "tool calls.",
        "",
    ]
    return "\n".join(lines)


def test_the_release_worked_example() -> None:
    messages = [
        {"role": "user", "content": "hello"},
        {"role": "assistant", "content": "Hello! I am DeepSeek.", "reasoning_content": "greet"},
        {"role": "user", "content": "1+1=?"},
    ]
    assert render_prompt(messages) == (
        f"{BOS}{USER}hello{ASSISTANT}</think>Hello! I am DeepSeek.{EOS}"
        f"{USER}1+1=?{ASSISTANT}<think>"
    )


def test_system_and_user() -> None:
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]
    assert render_prompt(messages) == f"{BOS}Be brief.{USER}Hi{ASSISTANT}<think>"
    assert render_prompt(messages, thinking=False) == f"{BOS}Be brief.{USER}Hi{ASSISTANT}</think>"


def test_multi_turn_drops_earlier_reasoning() -> None:
    messages: list[Any] = [
        {"role": "system", "content": "S"},
        {"role": "user", "content": "Q1"},
        Message(role="assistant", content="A1", reasoning_content="R1").to_dict(),
        {"role": "user", "content": "Q2"},
        {"role": "assistant", "content": "A2", "reasoning_content": "R2"},
    ]
    head = f"{BOS}S{USER}Q1{ASSISTANT}</think>A1{EOS}{USER}Q2{ASSISTANT}"
    # The turn after the last user message keeps its reasoning; earlier ones lose it.
    assert render_prompt(messages) == f"{head}<think>R2</think>A2{EOS}"
    assert render_prompt(messages[:4]) == f"{head}<think>"
    # Thinking off: no reasoning anywhere, every assistant marker is followed by </think>.
    assert render_prompt(messages, thinking=False) == f"{head}</think>A2{EOS}"


def test_consecutive_user_messages_join() -> None:
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": "one"},
        {
            "role": "user",
            "content": [{"type": "text", "text": "two"}, {"type": "text", "text": "3"}],
        },
    ]
    assert render_prompt(messages) == f"{BOS}{USER}one\n\ntwo\n\n3{ASSISTANT}<think>"


def _tool_conversation() -> list[dict[str, Any]]:
    calls = [
        {
            "id": "call_a",
            "type": "function",
            "function": {
                "name": "get_weather",
                "arguments": json.dumps({"city": "深圳", "days": 3, "hourly": False}),
            },
        },
        {"id": "call_b", "type": "function", "function": {"name": "now", "arguments": "not json"}},
    ]
    return [
        {"role": "system", "content": "S"},
        {"role": "user", "content": "Weather?"},
        {"role": "assistant", "content": None, "reasoning_content": "R", "tool_calls": calls},
        {"role": "tool", "tool_call_id": "call_b", "content": "12:00"},
        {"role": "tool", "tool_call_id": "call_a", "content": "sunny"},
        {"role": "user", "content": "thanks"},
    ]


def expected_tool_prompt() -> str:
    call_block = (
        f"\n\n<{D}tool_calls>\n"
        f'<{D}invoke name="get_weather">\n'
        f'<{D}parameter name="city" string="true">深圳</{D}parameter>\n'
        f'<{D}parameter name="days" string="false">3</{D}parameter>\n'
        f'<{D}parameter name="hourly" string="false">false</{D}parameter>\n'
        f"</{D}invoke>\n"
        f'<{D}invoke name="now">\n'
        f'<{D}parameter name="arguments" string="true">not json</{D}parameter>\n'
        f"</{D}invoke>\n"
        f"</{D}tool_calls>"
    )
    # Tools keep every turn's reasoning (earlier user turns get <think> too); the results
    # are sorted into call order and share one user turn with the text that follows them.
    return (
        f"{BOS}S\n\n{tools_section(WEATHER)}"
        f"{USER}Weather?{ASSISTANT}<think>R</think>{call_block}{EOS}"
        f"{USER}<tool_result>sunny</tool_result>\n\n<tool_result>12:00</tool_result>\n\nthanks"
        f"{ASSISTANT}<think>"
    )


def test_tools_calls_and_results() -> None:
    assert render_prompt(_tool_conversation(), tools=TOOLS) == expected_tool_prompt()


def test_tools_without_a_system_message_get_an_empty_one() -> None:
    messages = [{"role": "user", "content": "Hi"}]
    prompt = render_prompt(messages, tools=TOOLS, thinking=False)
    assert prompt == f"{BOS}\n\n{tools_section(WEATHER)}{USER}Hi{ASSISTANT}</think>"


def test_tool_result_parts() -> None:
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": "go"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {"id": "x", "type": "function", "function": {"name": "f", "arguments": "{}"}}
            ],
        },
        {
            "role": "tool",
            "tool_call_id": "x",
            "content": [
                {"type": "text", "text": "a"},
                {"type": "image_url", "image_url": {"url": "u"}},
            ],
        },
    ]
    assert render_prompt(messages, thinking=False) == (
        f"{BOS}{USER}go{ASSISTANT}</think>"
        f'\n\n<{D}tool_calls>\n<{D}invoke name="f">\n\n</{D}invoke>\n</{D}tool_calls>{EOS}'
        f"{USER}<tool_result>a\n\n[Unsupported image_url]</tool_result>{ASSISTANT}</think>"
    )


MAX_EFFORT = (
    "Reasoning Effort: Absolute maximum with no shortcuts permitted.\n"
    "You MUST be very thorough in your thinking and comprehensively decompose the problem to "
    "resolve the root cause, rigorously stress-testing your logic against all potential paths, "
    "edge cases, and adversarial scenarios.\n"
    "Explicitly write out your entire deliberation process, documenting every intermediate step, "
    "considered alternative, and rejected hypothesis to ensure absolutely no assumption is left "
    "unchecked.\n\n"
)


def test_reasoning_effort_max() -> None:
    messages = [{"role": "user", "content": "Prove it."}]
    prompt = render_prompt(messages, reasoning_effort="max")
    assert prompt == f"{BOS}{MAX_EFFORT}{USER}Prove it.{ASSISTANT}<think>"
    # Only "max" and only in thinking mode change the prompt.
    plain = f"{BOS}{USER}Prove it.{ASSISTANT}"
    assert render_prompt(messages, reasoning_effort="high") == f"{plain}<think>"
    assert render_prompt(messages, reasoning_effort="max", thinking=False) == f"{plain}</think>"


def test_developer_turns_before_the_last_user_turn_go_in_thinking_mode() -> None:
    messages = [{"role": "developer", "content": "D"}, {"role": "user", "content": "Q"}]
    assert render_prompt(messages) == f"{BOS}{USER}Q{ASSISTANT}<think>"
    assert render_prompt(messages, thinking=False) == f"{BOS}{USER}D{USER}Q{ASSISTANT}</think>"


def test_prefix_completion_leaves_the_assistant_turn_open() -> None:
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": "Write code"},
        {"role": "assistant", "content": "```python\n", "prefix": True},
    ]
    assert render_prompt(messages, thinking=False) == (
        f"{BOS}{USER}Write code{ASSISTANT}</think>```python\n"
    )


def test_malformed_entries_do_not_break_the_count() -> None:
    """The server refuses these; a count or the pre-flight must not crash on them first."""
    messages: list[Any] = [
        "not a message",
        {"role": "user", "content": 7},
        {"role": "assistant", "content": "a", "tool_calls": ["x", {"id": "i", "function": None}]},
    ]
    assert render_prompt(messages, thinking=False) == (
        f"{BOS}{USER}7{ASSISTANT}</think>a\n\n<{D}tool_calls>\n"
        + "\n".join(
            [
                f'<{D}invoke name="None">\n<{D}parameter name="arguments" string="false">'
                f"null</{D}parameter>\n</{D}invoke>"
            ]
            * 2
        )
        + f"\n</{D}tool_calls>{EOS}"
    )
