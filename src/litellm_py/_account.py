"""Provider-level calls: live model discovery, account balance, and health checks."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from litellm_py._call import Call
from litellm_py._registry import DEFAULT_PROVIDER, all_providers, get_provider, resolve_model
from litellm_py.exceptions import AuthenticationError, LiteLLMError, UnsupportedEndpointError

if TYPE_CHECKING:
    from litellm_py._model_info import ModelInfo
    from litellm_py.providers.base import BaseProvider

__all__ = [
    "HealthStatus",
    "aget_balance",
    "ahealth_check",
    "alist_models",
    "get_balance",
    "health_check",
    "list_models",
]

SLOW_MS = 3000.0


@dataclass(frozen=True, slots=True)
class HealthStatus:
    """The outcome of a health check; `error` says what failed, `latency_ms` the time it took."""

    provider: str
    status: Literal["healthy", "degraded", "unhealthy"]
    latency_ms: float
    error: str | None = None
    models: list[str] = field(default_factory=list)
    balance: Any = None
    """The provider's balance object, when it has a balance endpoint."""


def _account_call(provider: BaseProvider, endpoint: str, auth: dict[str, Any]) -> Call:
    if endpoint not in provider.account_endpoints:
        offered = ", ".join(sorted(provider.account_endpoints)) or "none"
        raise UnsupportedEndpointError(
            f"{provider.name} has no {endpoint} endpoint (its account endpoints: {offered}); "
            "nothing was sent",
            param=endpoint,
            provider=provider.name,
        )
    base = auth.pop("api_base", None) or auth.pop("base_url", None)
    retries = auth.pop("num_retries", None)
    retries = auth.pop("max_retries", None) if retries is None else retries
    settings = provider.settings(
        api_key=auth.pop("api_key", None),
        api_base=base,
        timeout=auth.pop("timeout", None),
        max_retries=retries,
    )
    call = Call(provider=provider.name, model="", endpoint=endpoint, settings=settings)
    call.extra_headers = auth.pop("extra_headers", None)
    if auth:
        raise TypeError(f"unexpected argument(s): {', '.join(sorted(auth))}")
    return call


def list_models(provider: str = DEFAULT_PROVIDER, **auth: Any) -> list[ModelInfo]:
    """Live `GET /models`, merged into the provider's registry.

    Args:
        provider: the provider name.
        **auth: api_key, api_base (alias base_url), timeout, num_retries, extra_headers.

    Returns:
        The models the server lists, with the capabilities it reports.
    """
    p = get_provider(provider)
    result: list[ModelInfo] = p.send(_account_call(p, "models", auth))
    return result


async def alist_models(provider: str = DEFAULT_PROVIDER, **auth: Any) -> list[ModelInfo]:
    """Async twin of `list_models`."""
    p = get_provider(provider)
    result: list[ModelInfo] = await p.asend(_account_call(p, "models", auth))
    return result


def get_balance(provider: str = DEFAULT_PROVIDER, **auth: Any) -> Any:
    """Live account balance, in the provider's own type (e.g. DeepSeek's `Balance`).

    Raises:
        UnsupportedEndpointError: the provider has no balance endpoint (nothing is sent).
    """
    p = get_provider(provider)
    return p.send(_account_call(p, "balance", auth))


async def aget_balance(provider: str = DEFAULT_PROVIDER, **auth: Any) -> Any:
    """Async twin of `get_balance`."""
    p = get_provider(provider)
    return await p.asend(_account_call(p, "balance", auth))


class _HealthProbe:
    """Pure bookkeeping of one health check; the twins below only send its calls."""

    def __init__(self, provider_or_model: str, auth: dict[str, Any]) -> None:
        self.target = provider_or_model
        self.slow_ms = float(auth.pop("slow_ms", SLOW_MS))
        self.auth = {"timeout": 10.0, "num_retries": 0, **auth}
        self.started = time.perf_counter()
        self.outcomes: dict[str, Any] = {}
        self.provider: BaseProvider | None = None
        try:
            self.provider = get_provider(provider_or_model)
        except LiteLLMError:
            with contextlib.suppress(LiteLLMError):
                self.provider = resolve_model(provider_or_model)[0]

    def calls(self) -> Iterator[tuple[str, BaseProvider, Call]]:
        """The models call, then the balance call unless the first failed (those it offers)."""
        if self.provider is None:
            return
        if not {"models", "balance"} & self.provider.account_endpoints:
            name = self.provider.name
            raise UnsupportedEndpointError(
                f"{name} has no models or balance endpoint, so health_check has nothing to "
                "probe; nothing was sent (check it with a cheap completion instead)",
                param="health_check",
                provider=name,
            )
        for endpoint in ("models", "balance"):
            if endpoint not in self.provider.account_endpoints:
                continue
            if any(isinstance(o, BaseException) for o in self.outcomes.values()):
                return
            yield endpoint, self.provider, _account_call(self.provider, endpoint, dict(self.auth))

    def verdict(self) -> HealthStatus:
        """The status from what happened (a value or the exception, per call)."""
        latency = (time.perf_counter() - self.started) * 1000.0
        if self.provider is None:
            known = ", ".join(all_providers())
            error = f"no provider for {self.target!r} (registered: {known})"
            return HealthStatus(self.target, "unhealthy", latency, error)
        name = self.provider.name
        models, balance = self.outcomes.get("models"), self.outcomes.get("balance")
        if isinstance(models, BaseException):
            return HealthStatus(name, "unhealthy", latency, f"{type(models).__name__}: {models}")
        ids = [m.id for m in models or ()]
        if isinstance(balance, AuthenticationError):
            error = f"{type(balance).__name__}: {balance}"
            return HealthStatus(name, "unhealthy", latency, error, ids)
        if isinstance(balance, BaseException):
            error = f"balance unavailable: {type(balance).__name__}: {balance}"
            return HealthStatus(name, "degraded", latency, error, ids)
        if balance is not None and not getattr(balance, "is_available", True):
            return HealthStatus(name, "degraded", latency, "balance not available", ids, balance)
        if latency > self.slow_ms:
            error = f"slow: {latency:.0f} ms > {self.slow_ms:.0f} ms"
            return HealthStatus(name, "degraded", latency, error, ids, balance)
        return HealthStatus(name, "healthy", latency, None, ids, balance)


def health_check(provider_or_model: str, **auth: Any) -> HealthStatus:
    """A real, cheap probe (model list, then balance, those the provider offers); never raises
    because the provider is down.

    Raises:
        UnsupportedEndpointError: the provider has neither endpoint to probe (nothing is sent).

    Args:
        provider_or_model: a provider name or a model string ("<provider>/<model>").
        **auth: as for `list_models`; `slow_ms` (default 3000) marks a slow answer degraded.
    """
    probe = _HealthProbe(provider_or_model, auth)
    for endpoint, provider, call in probe.calls():
        try:
            probe.outcomes[endpoint] = provider.send(call)
        except LiteLLMError as exc:
            probe.outcomes[endpoint] = exc
    return probe.verdict()


async def ahealth_check(provider_or_model: str, **auth: Any) -> HealthStatus:
    """Async twin of `health_check`."""
    probe = _HealthProbe(provider_or_model, auth)
    for endpoint, provider, call in probe.calls():
        try:
            probe.outcomes[endpoint] = await provider.asend(call)
        except LiteLLMError as exc:
            probe.outcomes[endpoint] = exc
    return probe.verdict()
