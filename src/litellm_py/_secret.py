"""Secrets: a string that never shows itself, and the one redaction choke point.

Every key that passes the settings check is remembered (the most recent 256), and `redact_text`
masks all of them: every error message passes through it (`LiteLLMError.__init__`), every
error body and the request headers attached to an error response too, whatever the provider.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

__all__ = [
    "Secret",
    "redact",
    "redact_bytes",
    "redact_json",
    "redact_text",
    "remember",
    "scrub_response",
    "secret_token",
    "stands_for",
]

_MIN_LENGTH = 6  # shorter values are not keys, and masking them would garble ordinary text
# Remembered keys mask every error of every provider, so placeholders such as "ollama" or
# "sk-test" (local servers take any key) must not be: real keys are far longer.
_MIN_REMEMBERED = 12
_MAX_KNOWN = 256
_KNOWN: dict[str, None] = {}  # insertion-ordered set of the secrets seen in this process


def remember(value: str) -> None:
    """Add `value` to the secrets every redaction masks."""
    if len(value) >= _MIN_REMEMBERED and value not in _KNOWN:
        if len(_KNOWN) >= _MAX_KNOWN:
            del _KNOWN[next(iter(_KNOWN))]
        _KNOWN[value] = None


class Secret:
    """Holds a secret value; only `get_secret_value()` reveals it."""

    __slots__ = ("_value",)
    _value: str

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "_value", value)

    def get_secret_value(self) -> str:
        """The secret itself; keep it out of anything that is printed or logged."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Secret is immutable")

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("Secret values are not picklable")


def secret_token(value: Any) -> Any:
    """`value` wrapped in a `Secret` when it is a string (for cache keys that hold keys)."""
    return Secret(value) if isinstance(value, str) else value


def stands_for(token: Any, value: Any) -> bool:
    """Whether `token` is `secret_token(value)` (compared without wrapping `value` again)."""
    return bool(token.get_secret_value() == value if isinstance(token, Secret) else token == value)


def _mask(text: str, secret: str) -> str:
    return text.replace(secret, "****" + secret[-4:])


def redact_text(text: str) -> str:
    """`text` with every remembered secret masked (keeping its last 4 characters)."""
    for secret in _KNOWN:
        if secret in text:
            text = _mask(text, secret)
    return text


def redact_bytes(data: bytes) -> bytes:
    """`redact_text` for raw bytes (a body as received)."""
    for secret in _KNOWN:
        raw = secret.encode()
        if raw in data:
            data = data.replace(raw, _mask(secret, secret).encode())
    return data


def redact(text: str, secret: str | None = None) -> str:
    """`text` with `secret` and every remembered secret masked."""
    if secret and len(secret) >= _MIN_LENGTH and secret in text:
        text = _mask(text, secret)
    return redact_text(text)


def redact_json(value: Any, secret: str | None = None) -> Any:
    """A copy of decoded JSON with the secrets masked in every string, at any depth."""
    if isinstance(value, str):
        return redact(value, secret)
    if isinstance(value, dict):
        return {k: redact_json(v, secret) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_json(v, secret) for v in value]
    return value


def scrub_response(response: httpx.Response | None) -> httpx.Response | None:
    """`response` with its request replaced by a copy whose secret-bearing headers are masked.

    An error keeps the response (status, headers, body) but never the key it was sent with, in
    its attributes or when pickled.
    """
    if response is None:
        return None
    try:
        request = response.request
    except RuntimeError:  # a response built without a request
        return response
    import httpx

    content = getattr(response, "_content", None)  # set once the body has been read
    if isinstance(content, bytes):
        response._content = redact_bytes(content)  # a server may echo the key back
    original = list(request.headers.multi_items())
    headers = [(k, redact_text(v)) for k, v in original]
    if headers == original and not request.url.userinfo:
        return response
    try:
        sent: bytes | None = request.content
    except httpx.RequestNotRead:
        sent = None
    safe = httpx.Request(request.method, redact_url(request.url), headers=headers, content=sent)
    safe.extensions = dict(request.extensions)
    response.request = safe
    return response


def redact_url(url: httpx.URL) -> httpx.URL:
    """`url` without its userinfo (`user:password@`), which is often a key."""
    return url.copy_with(userinfo=b"****") if url.userinfo else url
