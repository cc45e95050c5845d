"""The Responses API: one call, a stream of semantic events, and a function-call loop.

Uses api.deepseek.com when DEEPSEEK_API_KEY is set, else the bundled test server.
Run: python examples/responses.py
"""

from __future__ import annotations

import json

from _endpoint import deepseek_endpoint

import litellm_py

WEATHER_TOOL = {
    "type": "function",
    "name": "get_weather",
    "description": "Current weather for a city",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
    },
}


def main() -> None:
    model = "deepseek/deepseek-flash"
    with deepseek_endpoint() as endpoint:
        resp = litellm_py.responses(
            model, "Say hello in French.", instructions="Be brief.", **endpoint
        )
        print("text:", resp.output_text, "| status:", resp.status, "| cost:", resp.cost)

        stream = litellm_py.responses(model, "Count to five.", stream=True, **endpoint)
        with stream:
            for event in stream:
                if event.type == "response.output_text.delta":
                    print(event.delta, end="", flush=True)
                elif event.type == "response.completed":
                    print("\nusage:", event.response.usage.model_dump())

        question = {"type": "message", "role": "user", "content": "Weather in Paris?"}
        first = litellm_py.responses(model, [question], tools=[WEATHER_TOOL], **endpoint)
        for call in first.function_calls:
            result = {"city": json.loads(call.arguments).get("city"), "sky": "sunny"}
            output = {
                "type": "function_call_output",
                "call_id": call.call_id,
                "output": json.dumps(result),
            }
            second = litellm_py.responses(
                model, [question, call.model_dump(), output], tools=[WEATHER_TOOL], **endpoint
            )
            print("after the tool:", second.output_text)
    litellm_py.close()


if __name__ == "__main__":
    main()
