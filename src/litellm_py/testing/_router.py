"""Turning a request into a `Plan`: authentication, routes, scripted replies and validation."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from litellm_py.testing._catalog import Catalog
from litellm_py.testing._chat import (
    ResponseMeta,
    answer_usage,
    completion_body,
    completion_chunks,
    default_answer,
    large_answer,
    scripted_answer,
)
from litellm_py.testing._errors import ApiError, status_error
from litellm_py.testing._files import FileStore
from litellm_py.testing._fim import fim_body, fim_chunks, fim_text, fim_usage
from litellm_py.testing._messages_api import MessagesEndpoint, is_messages_request
from litellm_py.testing._plan import Plan, error_plan, finish_plan, json_plan, raw_plan, stream_plan
from litellm_py.testing._replies import Reply, ReplyQueue
from litellm_py.testing._request import (
    as_object,
    count_tokens,
    parse_json_body,
    prompt_text,
    thinking_enabled,
)
from litellm_py.testing._responses import responses_plan
from litellm_py.testing._validation import BETA_ONLY_COMPLETIONS, validate_chat, validate_fim

_PREFIXES = ("/v1", "/beta")
_LARGE_CHUNK = 64 * 1024
_CACHE_UNIT = 64  # DeepSeek's historic cache storage unit, in tokens


def split_prefix(path: str) -> tuple[str, str]:
    """`"/beta/chat/completions"` -> `("/beta", "/chat/completions")`."""
    for prefix in _PREFIXES:
        if path.startswith(prefix + "/"):
            return prefix, path[len(prefix) :]
    return "", path


@dataclass(frozen=True)
class Incoming:
    """The parts of a request the endpoints look at."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes
    query: str = ""

    @classmethod
    def of(cls, request: Any) -> Incoming:
        """The parts of a wire request (`HttpRequest`) the endpoints look at."""
        return cls(request.method, request.path, request.headers, request.body, request.query)

    @property
    def prefix(self) -> str:
        return split_prefix(self.path)[0]

    @property
    def route(self) -> str:
        return split_prefix(self.path)[1].rstrip("/") or "/"


Endpoint = Callable[[Incoming, "Reply | None"], Plan]


def _stream_options(body: dict[str, Any]) -> tuple[bool, bool]:
    options = body.get("stream_options")
    include = isinstance(options, dict) and options.get("include_usage") is True
    stream = body.get("stream") is True
    return stream, stream and include


def _lenient_body(raw: bytes) -> dict[str, Any]:
    """The body as an object for scripted replies, which answer whatever was sent."""
    try:
        return as_object(json.loads(raw))
    except ValueError:
        return {}


class Router:
    """Answers requests like DeepSeek; a scripted `Reply` replaces validation and defaults."""

    def __init__(
        self,
        *,
        api_key: str,
        catalog: Catalog,
        queue: ReplyQueue,
        chunk_size: int,
        balance: Mapping[str, Any],
    ) -> None:
        self._api_key = api_key
        self._catalog = catalog
        self._queue = queue
        self._chunk_size = chunk_size
        self._balance = dict(balance)
        self._seen_prompts: set[str] = set()
        self._lock = threading.Lock()
        self.files = FileStore()
        self._messages = MessagesEndpoint(api_key=api_key, queue=queue, chunk_size=chunk_size)

    def forget_prompts(self) -> None:
        """Forget earlier prompts, so cache hits start from zero again."""
        with self._lock:
            self._seen_prompts.clear()
        self._messages.forget_prompts()

    def plan(self, request: Incoming) -> Plan:
        if is_messages_request(request.path, request.headers):  # Anthropic's wire, any prefix
            return self._messages.plan(request.path, request.headers, request.body)
        try:
            self._check_auth(request.headers)
            reply = self._queue.take(request.path, request.route)
            if reply is not None:
                plan = raw_plan(reply, self.status_error) or self._endpoint(request)(request, reply)
                return finish_plan(plan, reply)
            return self._endpoint(request)(request, None)
        except ApiError as error:
            return error_plan(error)

    def _check_auth(self, headers: Mapping[str, str]) -> None:
        scheme, _, key = headers.get("authorization", "").strip().partition(" ")
        key = key.strip() if scheme.lower() == "bearer" else ""
        if key == self._api_key:
            return
        shown = key[-4:] if len(key) > 4 else ""
        message = f"Authentication Fails, Your api key: ****{shown} is invalid"
        raise ApiError(401, message, "authentication_error")

    @staticmethod
    def status_error(status: int) -> ApiError:
        """The error body of a scripted error status (`Reply(status=...)`)."""
        return status_error(status)

    def routes(self) -> dict[str, tuple[str, Endpoint]]:
        """Route (without the `/v1` or `/beta` prefix) -> (method, endpoint)."""
        return {
            "/chat/completions": ("POST", self._chat),
            "/completions": ("POST", self._fim),
            "/models": ("GET", self._models),
            "/user/balance": ("GET", self._user_balance),
            "/responses": ("POST", self._responses),
        }

    def model_not_found(self, model_id: str) -> ApiError:
        """The error for a model id the API does not know."""
        return ApiError(404, "Model Not Exist")

    def not_found(self, request: Incoming) -> ApiError:
        """The error for a path the API does not serve."""
        return ApiError(404, "Not Found")

    def _endpoint(self, request: Incoming) -> Endpoint:
        routes = self.routes()
        route = request.route
        if route == "/files" or route.startswith("/files/"):
            return self.files.endpoint(request.method, route)
        if route.startswith("/models/"):
            route = "/models"
        if route not in routes:
            raise self.not_found(request)
        method, endpoint = routes[route]
        if request.method != method:
            raise ApiError(405, "Method Not Allowed")
        return endpoint

    cache_unit = _CACHE_UNIT
    cache_minimum = 0
    """Prompts shorter than this many tokens are never cached."""

    def _cache_hit(self, body: dict[str, Any], prompt_tokens: int) -> int:
        """0 the first time a prompt is seen, then its whole cache units (deterministic)."""
        canonical = json.dumps([body.get("model"), body.get("messages")], sort_keys=True)
        key = hashlib.sha256(canonical.encode()).hexdigest()
        with self._lock:
            seen = key in self._seen_prompts
            self._seen_prompts.add(key)
        if not seen or prompt_tokens < self.cache_minimum:
            return 0
        return prompt_tokens // self.cache_unit * self.cache_unit

    def _chat(self, request: Incoming, reply: Reply | None) -> Plan:
        body = self._chat_body(request) if reply is None else _lenient_body(request.body)
        knobs = reply or Reply()
        answer = default_answer(body, thinking=thinking_enabled(body))
        if reply is not None:
            answer = scripted_answer(reply, answer)
        if knobs.fault == "large":
            answer = large_answer(answer, knobs.large_size)
        stream, include_usage = _stream_options(body)
        meta = ResponseMeta(self._served_model(body), include_usage)
        if knobs.usage is not None:
            usage = dict(knobs.usage)
        else:
            prompt_tokens = count_tokens(prompt_text(body))
            usage = answer_usage(answer, prompt_tokens, self._cache_hit(body, prompt_tokens))
        if not stream:
            return json_plan(knobs.status, completion_body(meta, answer, usage), knobs)
        trailing = knobs.usage_placement == "trailing"
        chunk_size = self._chunk_size_for(knobs)
        chunks = completion_chunks(
            meta, answer, usage, chunk_size=chunk_size, trailing_usage=trailing
        )
        return stream_plan(chunks, knobs)

    def _fim(self, request: Incoming, reply: Reply | None) -> Plan:
        body = self._fim_body(request) if reply is None else _lenient_body(request.body)
        knobs = reply or Reply()
        scripted = knobs.content
        if knobs.fault == "large":
            scripted = large_answer(default_answer({}, thinking=False), knobs.large_size).content
        text = fim_text(body, scripted)
        usage = dict(knobs.usage) if knobs.usage is not None else fim_usage(body, text)
        finish = knobs.finish_reason or "stop"
        stream, include_usage = _stream_options(body)
        meta = ResponseMeta(self._served_model(body), include_usage)
        if not stream:
            return json_plan(knobs.status, fim_body(meta, text, usage, finish), knobs)
        chunk_size = self._chunk_size_for(knobs)
        chunks = fim_chunks(meta, text, usage, chunk_size=chunk_size, finish_reason=finish)
        return stream_plan(chunks, knobs)

    def _models(self, request: Incoming, reply: Reply | None) -> Plan:
        if request.route == "/models":
            return json_plan(200, self._catalog.models_payload(), reply or Reply())
        model_id = request.route.removeprefix("/models/")
        payload = self._catalog.model_payload(model_id)
        if payload is None:
            raise self.model_not_found(model_id)
        return json_plan(200, payload, reply or Reply())

    def _responses(self, request: Incoming, reply: Reply | None) -> Plan:
        raw = parse_json_body(request.body) if reply is None else _lenient_body(request.body)
        model = self._served_model(as_object(raw))
        if reply is None and not self._catalog.accepts(str(as_object(raw).get("model"))):
            raise ApiError(400, "Model Not Exist")
        plan = responses_plan(
            raw, reply, model=model, chunk_size=self._chunk_size_for(reply or Reply())
        )
        return plan

    def _user_balance(self, request: Incoming, reply: Reply | None) -> Plan:
        return json_plan(200, self._balance, reply or Reply())

    def _chat_body(self, request: Incoming) -> dict[str, Any]:
        raw = parse_json_body(request.body)
        validate_chat(raw, beta=request.prefix == "/beta", catalog=self._catalog)
        self.files.check_parts(as_object(raw))
        return as_object(raw)

    def _fim_body(self, request: Incoming) -> dict[str, Any]:
        if request.prefix != "/beta":
            raise ApiError(400, BETA_ONLY_COMPLETIONS)
        raw = parse_json_body(request.body)
        validate_fim(raw, catalog=self._catalog)
        return as_object(raw)

    def _served_model(self, body: dict[str, Any]) -> str:
        model = body.get("model")
        return self._catalog.served_name(model) if isinstance(model, str) else "deepseek-flash"

    def _chunk_size_for(self, knobs: Reply) -> int:
        if knobs.chunk_size is not None:
            return knobs.chunk_size
        return max(self._chunk_size, _LARGE_CHUNK) if knobs.fault == "large" else self._chunk_size
