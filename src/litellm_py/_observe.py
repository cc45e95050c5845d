"""The hook points observability has in the call path, each a line or two at its call site.

`begin` gives every call its correlation id and, only when something is registered (a callback,
INFO logging, an OpenTelemetry provider), an `Observer`. With nothing registered a call pays for
one id, one header and a few attribute reads.
"""

from __future__ import annotations

import contextvars
import logging
import random
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from litellm_py import _callbacks
from litellm_py._defaults import package
from litellm_py._ids import meta_of
from litellm_py._logging import CORRELATION_ID, LOGGER
from litellm_py._observer import Observer, tag_error
from litellm_py._redact import Redactor
from litellm_py._retry import RetryHook
from litellm_py._secret import redact_url
from litellm_py._watch import WATCHERS, poll
from litellm_py._wire_request import set_header

if TYPE_CHECKING:
    import httpx

    from litellm_py._call import Call
    from litellm_py._callbacks import Invocation
    from litellm_py._stream_core import StreamCore
    from litellm_py.exceptions import APIError

__all__ = [
    "HEADER",
    "aobserved",
    "aretry_hook",
    "arun",
    "begin",
    "failed",
    "fell_back",
    "new_correlation_id",
    "observed",
    "retry_hook",
    "run",
    "stamp",
    "stream_closed",
    "stream_ended",
    "stream_failed",
    "succeeded",
]

T = TypeVar("T")
_bits = random.getrandbits
HEADER = "x-client-request-id"
run = _callbacks.run
arun = _callbacks.arun


def new_correlation_id() -> str:
    """A fresh correlation id in `uuid4().hex` form.

    Drawn from `random.getrandbits` rather than `uuid.uuid4()`: an id names a call, it guards
    nothing, and `os.urandom` costs a system call (~10 µs on a busy machine) on every call.
    """
    n = _bits(128)
    n = (n & ~(0xC000 << 48)) | (0x8000 << 48)  # RFC 4122 variant
    n = (n & ~(0xF000 << 64)) | (4 << 76)  # version 4
    return f"{n:032x}"


def _otel_on() -> bool:
    # sys.modules first: an application that never imported OpenTelemetry has no provider set,
    # and litellm_py must not import it on its behalf.
    if "opentelemetry.trace" not in sys.modules and "opentelemetry.metrics" not in sys.modules:
        return False
    from litellm_py import _otel

    return _otel.active()


def begin(
    endpoint: str, model: str, params: dict[str, Any], messages: Any, *, is_async: bool = False
) -> tuple[str, Observer | None]:
    """The call's correlation id, and its observer when anything is registered.

    Per-call `callbacks` are read from `params` (and left there: `prepare_call` drops them).
    """
    open_call = _OPEN.get()
    if open_call is not None:
        return open_call
    if WATCHERS:  # load_config(..., watch=True)
        poll()
    metadata = params.get("metadata")
    cid = metadata.get("correlation_id") if isinstance(metadata, dict) else None
    cid = str(cid) if cid else new_correlation_id()
    CORRELATION_ID.set(cid)
    per_call = params.get("callbacks")
    module = package()
    otel = _otel_on()
    if not (
        per_call
        or module.callbacks
        or module.success_callback
        or module.failure_callback
        or otel
        or LOGGER.isEnabledFor(logging.INFO)
    ):
        return cid, None
    observer = Observer(endpoint, model, params, messages, cid, per_call, otel)
    observer.is_async = is_async
    return cid, observer


_OPEN: contextvars.ContextVar[tuple[str, Observer | None] | None] = contextvars.ContextVar(
    "litellm_py_open_call", default=None
)
"""The call being observed in this context: a call made inside it (the cache layer asking the
provider on a miss) is part of it, with the same id and observer."""


def observed(
    endpoint: str,
    model: str,
    params: dict[str, Any],
    messages: Any,
    body: Callable[[str, Observer | None], T],
) -> T:
    """Run `body(correlation_id, observer)` as one observed call: id, events, tags."""
    cid, observer = begin(endpoint, model, params, messages)
    token = _OPEN.set((cid, observer))
    try:
        result = body(cid, observer)
    except BaseException as exc:
        run(failed(exc, cid, observer))
        raise
    finally:
        _OPEN.reset(token)
    run(succeeded(result, cid, observer))
    return result


async def aobserved(
    endpoint: str,
    model: str,
    params: dict[str, Any],
    messages: Any,
    body: Callable[[str, Observer | None], Awaitable[T]],
) -> T:
    """Async twin of `observed` (async callbacks are awaited)."""
    cid, observer = begin(endpoint, model, params, messages, is_async=True)
    token = _OPEN.set((cid, observer))
    try:
        result = await body(cid, observer)
    except BaseException as exc:
        await arun(failed(exc, cid, observer))
        raise
    finally:
        _OPEN.reset(token)
    invocations = succeeded(result, cid, observer)
    if invocations:  # nothing registered: no coroutine to await
        await arun(invocations)
    return result


def succeeded(result: Any, cid: str, observer: Observer | None) -> list[Invocation]:
    """Tag the result with the correlation id; a stream reports its end later, itself."""
    _tag(result, cid)
    if observer is None:
        return []
    attach = getattr(result, "attach_observer", None)
    if callable(attach):
        if getattr(result, "_obs", None) is observer:  # a call inside the call attached it
            return []
        attach(observer)
        return observer.stream_started()
    return observer.finish(result, None)


def failed(error: BaseException, cid: str, observer: Observer | None) -> list[Invocation]:
    """Tag the error with the correlation id and report the failure."""
    tag_error(error, cid)
    return [] if observer is None else observer.finish(None, error)


def fell_back(
    error: APIError, next_model: str, cid: str, observer: Observer | None
) -> list[Invocation]:
    """Warn that the next model is asked; a retry event with `next_model` set."""
    _warn(cid, f"falling back to {next_model}", error, 0.0, observer)
    return [] if observer is None else observer.retry(error, 0.0, next_model)


def _warn(
    cid: str, what: str, error: BaseException, wait: float, observer: Observer | None
) -> None:
    if not LOGGER.isEnabledFor(logging.WARNING):
        return
    where = f"{getattr(error, 'provider', None)}/{getattr(error, 'model', None)}"
    message = Redactor([observer.call.settings.key()] if observer and observer.call else []).text(
        str(error)[:300]
    )
    LOGGER.warning(
        "%s after %s from %s (%s); waiting %.2f s",
        what, type(error).__name__, where, message, wait,
        extra={"correlation_id": cid, "error_type": type(error).__name__, "wait_s": wait},
    )  # fmt: skip


def retry_hook(call: Call) -> RetryHook:
    """What runs before each retry of `call`: a WARNING record and the retry event."""

    def hook(error: APIError, number: int, wait: float) -> None:
        run(_retried(call, error, number, wait))

    return hook


def aretry_hook(call: Call) -> Callable[[APIError, int, float], Awaitable[None]]:
    """Async twin of `retry_hook` (async callbacks are awaited)."""

    async def hook(error: APIError, number: int, wait: float) -> None:
        await arun(_retried(call, error, number, wait))

    return hook


def _retried(call: Call, error: APIError, number: int, wait: float) -> list[Invocation]:
    tag_error(error, call.correlation_id)
    what = f"retry {number} of {call.settings.max_retries}"
    _warn(call.correlation_id, what, error, wait, call.observer)
    return [] if call.observer is None else call.observer.retry(error, wait, None)


def stamp(call: Call, request: httpx.Request) -> None:
    """Put the correlation id (and the span's `traceparent`) on the request; log it at DEBUG."""
    set_header(request, HEADER, call.correlation_id)  # no httpx headers made for it
    observer = call.observer
    if observer is not None and observer.span is not None:
        observer.span.inject(request.headers)
    if LOGGER.isEnabledFor(logging.DEBUG):
        _log_request(call, request)


def _log_request(call: Call, request: httpx.Request) -> None:
    import json

    import httpx

    redactor = Redactor([call.settings.key()])
    try:
        body = json.loads(request.content) if request.content else None
    except ValueError:
        body = request.content.decode("utf-8", "replace")
    except httpx.RequestNotRead:  # an upload streamed from a file: never read it here
        body = "<streamed body>"
    LOGGER.debug(
        "request: %s %s headers=%s body=%s",
        request.method, redactor.text(str(redact_url(request.url))),
        redactor.headers(request.headers.items()), redactor.json(body),
        extra={"correlation_id": call.correlation_id},
    )  # fmt: skip


def stream_failed(call: Any, observer: Observer | None, error: BaseException) -> list[Invocation]:
    """A stream raised while iterating: tag the error, report the failure."""
    cid = getattr(call, "correlation_id", None) or (observer.correlation_id if observer else None)
    if cid:
        tag_error(error, cid)
    return [] if observer is None else observer.finish(None, error)


def stream_ended(observer: Observer | None, core: StreamCore) -> list[Invocation]:
    """A stream reached its end: success, with the assembled response."""
    return [] if observer is None else observer.finish(core.final_response(), None)


def stream_closed(observer: Observer | None, core: StreamCore) -> list[Invocation]:
    """A stream was closed: abandoned, unless it had already ended or failed."""
    return [] if observer is None or observer.finished else observer.abandoned(core)


def _tag(result: Any, cid: str) -> None:
    meta = meta_of(result)
    if meta is not None:
        meta["correlation_id"] = cid
