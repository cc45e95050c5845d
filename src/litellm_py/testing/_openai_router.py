"""The test server's OpenAI dialect: Bearer auth, routes under `/v1`, OpenAI's chat checks and
answers, its `/models`, `/responses` and `/files` shapes, and its error bodies and statuses.

Error shapes: https://platform.openai.com/docs/guides/error-codes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from litellm_py.testing._catalog import Catalog
from litellm_py.testing._chat import large_answer, scripted_answer
from litellm_py.testing._errors import ApiError
from litellm_py.testing._files import FileStore
from litellm_py.testing._openai_chat import (
    OpenAIMeta,
    openai_answers,
    openai_body,
    openai_chunks,
    openai_usage,
    reasoning_tokens,
)
from litellm_py.testing._openai_validation import invalid, validate_openai_chat
from litellm_py.testing._plan import Plan, json_plan, stream_plan
from litellm_py.testing._replies import Reply, ReplyQueue
from litellm_py.testing._request import as_object, count_tokens, parse_json_body, prompt_text
from litellm_py.testing._responses import responses_plan
from litellm_py.testing._router import Endpoint, Incoming, Router

__all__ = ["OpenAICatalog", "OpenAIRouter"]

# Model aliases -> the dated snapshot that answers (and is named in the response's `model`).
SNAPSHOTS: dict[str, str] = {
    "gpt-4.1": "gpt-4.1-2025-04-14",
    "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
    "gpt-4.1-nano": "gpt-4.1-nano-2025-04-14",
    "gpt-4o": "gpt-4o-2024-08-06",
    "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
    "gpt-5": "gpt-5-2025-08-07",
    "gpt-5-mini": "gpt-5-mini-2025-08-07",
    "gpt-5-nano": "gpt-5-nano-2025-08-07",
    "o3": "o3-2025-04-16",
    "o3-mini": "o3-mini-2025-01-31",
    "o4-mini": "o4-mini-2025-04-16",
}
_REASONING = ("o1", "o3", "o4", "gpt-5")
_KEYS_PAGE = "https://platform.openai.com/account/api-keys"
_PURPOSES = frozenset({"assistants", "batch", "fine-tune", "vision", "user_data", "evals"})
# Scripted error statuses: (message, type, code) as OpenAI sends them.
_STATUS_ERRORS: dict[int, tuple[str, str, str | None]] = {
    400: ("Invalid request.", "invalid_request_error", None),
    401: (f"Incorrect API key provided. You can find your API key at {_KEYS_PAGE}.",
          "invalid_request_error", "invalid_api_key"),
    403: ("Country, region, or territory not supported", "request_forbidden",
          "unsupported_country_region_territory"),
    404: ("The model does not exist or you do not have access to it.", "invalid_request_error",
          "model_not_found"),
    409: ("The request conflicts with the current state.", "invalid_request_error", None),
    422: ("The request could not be processed.", "invalid_request_error", None),
    429: ("Rate limit reached for requests. Please try again in 1s.", "requests",
          "rate_limit_exceeded"),
    500: ("The server had an error while processing your request. Sorry about that!",
          "server_error", None),
    503: ("The engine is currently overloaded, please try again later.", "server_error", None),
}  # fmt: skip


class OpenAICatalog(Catalog):
    """OpenAI's chat models (aliases and dated snapshots) plus any extra ids."""

    def __init__(self, extra_models: Iterable[str] = ()) -> None:
        super().__init__("legacy", extra_models)

    def accepts(self, model: str) -> bool:
        return model in SNAPSHOTS or model in SNAPSHOTS.values() or model in self.extra_models

    @staticmethod
    def served_name(model: str) -> str:
        return SNAPSHOTS.get(model, model)

    @staticmethod
    def is_reasoning(model: str) -> bool:
        """o-series and gpt-5 models reason (and take OpenAI's reasoning-model rules)."""
        return model.startswith(_REASONING)

    def _ids(self) -> list[str]:
        return [*SNAPSHOTS, *SNAPSHOTS.values(), *self.extra_models]

    def models_payload(self) -> dict[str, Any]:
        return {"object": "list", "data": [_model_entry(i) for i in self._ids()]}

    def model_payload(self, model_id: str) -> dict[str, Any] | None:
        return _model_entry(model_id) if model_id in self._ids() else None


def _model_entry(model_id: str) -> dict[str, Any]:
    return {"id": model_id, "object": "model", "created": 1_700_000_000, "owned_by": "system"}


def _openai_status_error(status: int) -> ApiError:
    message, kind, code = _STATUS_ERRORS.get(status, (f"HTTP {status}", "server_error", None))
    return ApiError(status, message, kind, code=code)


def _parse(raw: bytes) -> Any:
    try:
        return parse_json_body(raw)
    except ApiError:
        raise invalid(
            "We could not parse the JSON body of your request. (HINT: This likely means you "
            "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)"
        ) from None


def _lenient(raw: bytes) -> dict[str, Any]:
    try:
        return as_object(parse_json_body(raw))
    except ApiError:
        return {}


class OpenAIRouter(Router):
    """Answers under `/v1` the way OpenAI does; scripted `Reply` objects work as on DeepSeek's."""

    cache_unit = 128  # OpenAI caches prompts of 1024+ tokens in 128-token steps
    cache_minimum = 1024

    def __init__(
        self, *, api_key: str, queue: ReplyQueue, chunk_size: int, extra_models: Iterable[str]
    ) -> None:
        catalog = OpenAICatalog(extra_models)
        super().__init__(
            api_key=api_key, catalog=catalog, queue=queue, chunk_size=chunk_size, balance={}
        )
        self.files = FileStore(
            purposes=_PURPOSES,
            id_prefix="file-",
            default_expiry=None,
            extra_fields={"status": "processed", "status_details": None},
        )

    @staticmethod
    def status_error(status: int) -> ApiError:
        return _openai_status_error(status)

    def routes(self) -> dict[str, tuple[str, Endpoint]]:
        return {
            "/chat/completions": ("POST", self._chat),
            "/models": ("GET", self._models),
            "/responses": ("POST", self._responses),
        }

    def not_found(self, request: Incoming) -> ApiError:
        return ApiError(404, f"Invalid URL ({request.method} {request.path})", code=None)

    def model_not_found(self, model_id: str) -> ApiError:
        return ApiError(
            404,
            f"The model `{model_id}` does not exist or you do not have access to it.",
            param=None,
            code="model_not_found",
        )

    def _endpoint(self, request: Incoming) -> Endpoint:
        if request.prefix != "/v1":  # OpenAI serves everything under /v1
            raise self.not_found(request)
        return super()._endpoint(request)

    def _check_auth(self, headers: Mapping[str, str]) -> None:
        scheme, _, key = headers.get("authorization", "").strip().partition(" ")
        key = key.strip() if scheme.lower() == "bearer" else ""
        if key == self._api_key:
            return
        if not key:
            message = (
                "You didn't provide an API key. You need to provide your API key in an "
                "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). "
                f"You can obtain an API key from {_KEYS_PAGE}."
            )
            raise ApiError(401, message, code=None)
        shown = f"{key[:3]}{'*' * 8}{key[-4:]}" if len(key) > 8 else "****"
        message = f"Incorrect API key provided: {shown}. You can find your API key at {_KEYS_PAGE}."
        raise ApiError(401, message, code="invalid_api_key")

    def _chat_request(self, request: Incoming, reply: Reply | None) -> dict[str, Any]:
        if reply is not None:
            return _lenient(request.body)
        raw = _parse(request.body)
        model = as_object(raw).get("model")
        if isinstance(model, str) and not self._catalog.accepts(model):
            raise self.model_not_found(model)
        reasoning = isinstance(model, str) and OpenAICatalog.is_reasoning(model)
        body = validate_openai_chat(raw, reasoning=reasoning)
        self.files.check_parts(body)
        return body

    def _chat(self, request: Incoming, reply: Reply | None) -> Plan:
        body = self._chat_request(request, reply)
        knobs = reply or Reply()
        model = str(body.get("model") or "gpt-4.1-mini")
        hidden = reasoning_tokens(body, OpenAICatalog.is_reasoning(model))
        answers = openai_answers(
            body, hidden, None if reply is None else (lambda a: scripted_answer(reply, a))
        )
        if knobs.fault == "large":
            answers = [large_answer(a, knobs.large_size) for a in answers]
        if knobs.usage is not None:
            usage = dict(knobs.usage)
        else:
            prompt = count_tokens(prompt_text(body))
            usage = openai_usage(answers, prompt, self._cache_hit(body, prompt), hidden)
        meta = self._meta(body, model)
        if body.get("stream") is not True:
            return json_plan(knobs.status, openai_body(meta, answers, usage), knobs)
        size = self._chunk_size_for(knobs)
        return stream_plan(openai_chunks(meta, answers, usage, chunk_size=size), knobs)

    def _meta(self, body: dict[str, Any], model: str) -> OpenAIMeta:
        served = self._catalog.served_name(model)
        tier = body.get("service_tier")
        options = body.get("stream_options")
        include = isinstance(options, dict) and options.get("include_usage") is True
        top = body.get("top_logprobs")
        seed = body.get("seed")
        return OpenAIMeta(
            model=served,
            fingerprint="fp_" + hashlib.sha256(served.encode()).hexdigest()[:10],
            service_tier="default" if tier in (None, "auto") else str(tier),
            include_usage=include and body.get("stream") is True,
            logprobs=body.get("logprobs") is True,
            top_logprobs=top if isinstance(top, int) else 0,
            seed=seed if isinstance(seed, int) else None,
        )

    def _responses(self, request: Incoming, reply: Reply | None) -> Plan:
        raw = _parse(request.body) if reply is None else _lenient(request.body)
        body = as_object(raw)
        model = str(body.get("model") or "gpt-4.1-mini")
        if reply is None and not self._catalog.accepts(model):
            raise self.model_not_found(model)
        reasoning = OpenAICatalog.is_reasoning(model)
        effort = (body.get("reasoning") or {}).get("effort")
        if reply is None and effort is not None and not reasoning:
            raise invalid(
                "Unsupported parameter: 'reasoning.effort' is not supported with this model.",
                "reasoning.effort",
                "unsupported_parameter",
            )
        size = self._chunk_size_for(reply or Reply())
        return responses_plan(
            raw,
            reply,
            model=self._catalog.served_name(model),
            chunk_size=size,
            thinking=reasoning and effort != "none",
            finish=_openai_response,
        )


def _openai_response(body: dict[str, Any], final: dict[str, Any]) -> dict[str, Any]:
    """The response object with every field OpenAI returns; reasoning items carry no text."""
    output = [
        {"type": "reasoning", "id": item["id"], "summary": []}
        if item["type"] == "reasoning"
        else item
        for item in final["output"]
    ]
    effort = (body.get("reasoning") or {}).get("effort")
    usage = final.get("usage")
    if isinstance(usage, dict) and isinstance(usage.get("input_tokens_details"), dict):
        details = usage["input_tokens_details"]
        usage = {**usage, "input_tokens_details": {"cache_write_tokens": 0, **details}}
    return {
        **final,
        "usage": usage,
        "output": output,
        "background": False,
        "max_output_tokens": body.get("max_output_tokens"),
        "metadata": body.get("metadata") or {},
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "previous_response_id": body.get("previous_response_id"),
        "reasoning": {"effort": effort, "summary": None},
        "service_tier": "default",
        "store": body.get("store", True),
        "temperature": body.get("temperature", 1.0),
        "text": body.get("text") or {"format": {"type": "text"}},
        "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools") or [],
        "top_p": body.get("top_p", 1.0),
        "truncation": "disabled",
        "user": body.get("user"),
    }
