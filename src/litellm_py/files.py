"""The Files API: upload images (and other user data) once, then reference them by id.

`create_file` streams a multipart upload from a path, bytes or a binary file object (never read
whole into memory; 128 MiB checked locally); `list_files`, `retrieve_file`, `delete_file`; each
has an `a`-prefixed async twin. Shapes: deepseek-api.md §10 (OpenAI-compatible `/files`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from litellm_py._files_wire import FileDeleted, FileList, FileObject, FilesWire
from litellm_py._registry import DEFAULT_MODEL
from litellm_py.exceptions import APIConnectionError, UnsupportedParamsError

if TYPE_CHECKING:
    from litellm_py._call import Call

__all__ = [
    "FileDeleted",
    "FileList",
    "FileObject",
    "acreate_file",
    "adelete_file",
    "alist_files",
    "aretrieve_file",
    "create_file",
    "delete_file",
    "list_files",
    "retrieve_file",
]

_T = TypeVar("_T")

DEFAULT_PURPOSES = frozenset({"user_data"})
"""What `create_file` accepts unless the provider class lists its own `file_purposes`."""
MIN_EXPIRY, MAX_EXPIRY = 3600, 2_592_000  # seconds: one hour .. 30 days


def _refuse(message: str, param: str) -> UnsupportedParamsError:
    return UnsupportedParamsError(message, param=param)


def _expiry_fields(expires_after: Any) -> list[tuple[str, str]]:
    if expires_after is None:
        return []
    if isinstance(expires_after, int) and not isinstance(expires_after, bool):
        expires_after = {"anchor": "created_at", "seconds": expires_after}
    if not isinstance(expires_after, Mapping) or expires_after.get("anchor") != "created_at":
        raise _refuse(
            'expires_after must be seconds or {"anchor": "created_at", "seconds": N}',
            "expires_after",
        )
    seconds = expires_after.get("seconds")
    if not isinstance(seconds, int) or not MIN_EXPIRY <= seconds <= MAX_EXPIRY:
        raise _refuse(
            f"expires_after seconds must be an int from {MIN_EXPIRY} (1 hour) to {MAX_EXPIRY} "
            f"(30 days), got {seconds!r}",
            "expires_after",
        )
    return [("expires_after[anchor]", "created_at"), ("expires_after[seconds]", str(seconds))]


def _call(model: str, op: str, params: dict[str, Any], auth: dict[str, Any]) -> tuple[Any, Any]:
    from litellm_py._api import prepare_call
    from litellm_py._endpoint_shell import shell_for

    unknown = sorted(set(auth) - _AUTH)
    if unknown:
        raise _refuse(f"unknown Files API argument(s) {', '.join(unknown)}", unknown[0])
    provider, call = prepare_call("files", model, {**auth, **params, "op": op})
    shell = shell_for(provider, FilesWire())
    if op == "create":
        _check_purpose(params["purpose"], getattr(provider, "file_purposes", DEFAULT_PURPOSES))
    return shell, call


def _send(kind: type[_T], model: str, op: str, params: dict[str, Any], auth: dict[str, Any]) -> _T:
    """One Files API request: its call built, sent, and the answer of the expected kind."""
    shell, call = _call(model, op, params, auth)
    result = shell.send(call)
    assert isinstance(result, kind)  # parse_response maps each op to its kind
    return result


async def _asend(
    kind: type[_T], model: str, op: str, params: dict[str, Any], auth: dict[str, Any]
) -> _T:
    """Async twin of `_send`."""
    shell, call = _call(model, op, params, auth)
    result = await shell.asend(call)
    assert isinstance(result, kind)
    return result


def _check_purpose(purpose: str, accepted: frozenset[str]) -> None:
    if purpose not in accepted:
        raise _refuse(
            f"purpose {purpose!r} is not accepted; use one of {sorted(accepted)}", "purpose"
        )


_AUTH = frozenset(
    {
        "api_key",
        "api_base",
        "base_url",
        "timeout",
        "num_retries",
        "max_retries",
        "extra_headers",
        "metadata",
    }
)


def _create(file: Any, purpose: str, expires_after: Any, filename: str | None) -> Any:
    from litellm_py._multipart import MultipartStream, file_source

    if not isinstance(purpose, str):
        raise _refuse(f"purpose must be a string, got {type(purpose).__name__}", "purpose")
    fields = [("purpose", purpose), *_expiry_fields(expires_after)]
    return MultipartStream(fields, file_source(file, filename))


def _upload_call(
    file: Any, purpose: str, expires_after: Any, model: str, filename: str | None, auth: Any
) -> tuple[Any, Any]:
    body = _create(file, purpose, expires_after, filename)
    if not body.source.rereadable:  # a one-shot stream cannot be sent twice
        auth = {**auth, "num_retries": 0}
    return _call(model, "create", {"body": body, "purpose": purpose}, auth)


def create_file(
    file: Any,
    *,
    purpose: str = "user_data",
    expires_after: Any = None,
    model: str = DEFAULT_MODEL,
    filename: str | None = None,
    **auth: Any,
) -> FileObject:
    """Upload `file` (a path, bytes or a binary file object), streamed in 64 KiB pieces.

    Args:
        file: what to upload; at most 128 MiB (checked before sending when the size is known).
        purpose: one the provider accepts (`file_purposes`; "user_data" everywhere).
        expires_after: seconds (3600-2592000) or {"anchor": "created_at", "seconds": N}.
        model: selects the provider ("<provider>/<model>").
        filename: the name to send (default: the path's or file object's name).
        **auth: `api_key`, `api_base`, `timeout`, `num_retries`, `extra_headers`.
    """
    shell, call = _upload_call(file, purpose, expires_after, model, filename, auth)
    try:
        return shell.send(call)  # type: ignore[no-any-return]
    except APIConnectionError as exc:
        _raise_local_cause(call, exc)
        raise


async def acreate_file(
    file: Any,
    *,
    purpose: str = "user_data",
    expires_after: Any = None,
    model: str = DEFAULT_MODEL,
    filename: str | None = None,
    **auth: Any,
) -> FileObject:
    """Async twin of `create_file`."""
    shell, call = _upload_call(file, purpose, expires_after, model, filename, auth)
    try:
        return await shell.asend(call)  # type: ignore[no-any-return]
    except APIConnectionError as exc:
        _raise_local_cause(call, exc)
        raise


def _raise_local_cause(call: Call, exc: APIConnectionError) -> None:
    """Raise the size refusal behind a transport error (aiohttp wraps what the body raised)."""
    error = call.params["body"].source.error
    if error is not None:
        raise error from exc


def _list_query(
    purpose: str | None, after: str | None, limit: int | None, order: str | None
) -> Any:
    return {"purpose": purpose, "after": after, "limit": limit, "order": order}


def list_files(
    *,
    purpose: str | None = None,
    after: str | None = None,
    limit: int | None = None,
    order: str | None = None,
    model: str = DEFAULT_MODEL,
    **auth: Any,
) -> FileList:
    """List uploaded files (a page; `has_more` and `after=last_id` page on)."""
    return _send(
        FileList, model, "list", {"query": _list_query(purpose, after, limit, order)}, auth
    )


async def alist_files(
    *,
    purpose: str | None = None,
    after: str | None = None,
    limit: int | None = None,
    order: str | None = None,
    model: str = DEFAULT_MODEL,
    **auth: Any,
) -> FileList:
    """Async twin of `list_files`."""
    query = _list_query(purpose, after, limit, order)
    return await _asend(FileList, model, "list", {"query": query}, auth)


def retrieve_file(file_id: str, *, model: str = DEFAULT_MODEL, **auth: Any) -> FileObject:
    """One file's metadata."""
    return _send(FileObject, model, "retrieve", {"file_id": file_id}, auth)


async def aretrieve_file(file_id: str, *, model: str = DEFAULT_MODEL, **auth: Any) -> FileObject:
    """Async twin of `retrieve_file`."""
    return await _asend(FileObject, model, "retrieve", {"file_id": file_id}, auth)


def delete_file(file_id: str, *, model: str = DEFAULT_MODEL, **auth: Any) -> FileDeleted:
    """Delete a file."""
    return _send(FileDeleted, model, "delete", {"file_id": file_id}, auth)


async def adelete_file(file_id: str, *, model: str = DEFAULT_MODEL, **auth: Any) -> FileDeleted:
    """Async twin of `delete_file`."""
    return await _asend(FileDeleted, model, "delete", {"file_id": file_id}, auth)
