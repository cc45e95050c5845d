"""The Files API for the test server: multipart uploads into memory, list, retrieve, delete.

Shapes follow deepseek-api.md §10 (`file-api-…` ids, purpose `user_data`, 128 MiB per upload).
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs

from litellm_py.testing._errors import ApiError
from litellm_py.testing._plan import Plan, json_plan
from litellm_py.testing._replies import Reply

__all__ = ["FileStore", "parse_multipart"]

MAX_BYTES = 128 * 1024 * 1024
MIN_EXPIRY, MAX_EXPIRY = 3600, 2_592_000


def parse_multipart(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """`{field: (filename or None, value bytes)}` of a `multipart/form-data` body."""
    _, _, boundary = content_type.partition("boundary=")
    boundary = boundary.split(";")[0].strip().strip('"')
    if not content_type.startswith("multipart/form-data") or not boundary:
        raise ApiError(400, "Content-Type must be multipart/form-data with a boundary")
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in body.split(b"--" + boundary.encode())[1:]:
        if part.startswith(b"--"):
            break
        head, _, value = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        disposition = _disposition(head.decode("utf-8", "replace"))
        if "name" in disposition:
            fields[disposition["name"]] = (disposition.get("filename"), value.removesuffix(b"\r\n"))
    return fields


def _disposition(head: str) -> dict[str, str]:
    for line in head.split("\r\n"):
        if line.lower().startswith("content-disposition:"):
            params = {}
            for item in line.split(";")[1:]:
                key, _, value = item.strip().partition("=")
                params[key] = value.strip('"')
            return params
    return {}


class FileStore:
    """Uploaded files' metadata (and a SHA-256 of the content), kept in memory."""

    def __init__(
        self,
        *,
        purposes: frozenset[str] = frozenset({"user_data"}),
        id_prefix: str = "file-api-",
        default_expiry: int | None = MAX_EXPIRY,
        extra_fields: Mapping[str, Any] | None = None,
    ) -> None:
        """DeepSeek's store by default; another API's purposes, ids and object fields if given."""
        self._purposes = purposes
        self._id_prefix = id_prefix
        self._default_expiry = default_expiry
        self._extra = dict(extra_fields or {})
        self._files: dict[str, dict[str, Any]] = {}
        self.digests: dict[str, str] = {}
        self._lock = threading.Lock()

    def __contains__(self, file_id: object) -> bool:
        return file_id in self._files

    def endpoint(self, method: str, route: str) -> Callable[[Any, Reply | None], Plan]:
        """The handler for a `/files` request."""
        if route == "/files":
            handlers = {"POST": self._create, "GET": self._list}
        else:
            handlers = {"GET": self._retrieve, "DELETE": self._delete}
        if method not in handlers:
            raise ApiError(405, "Method Not Allowed")
        return handlers[method]

    def _create(self, request: Any, reply: Reply | None) -> Plan:
        fields = parse_multipart(request.headers.get("content-type", ""), request.body)
        purpose = fields.get("purpose", (None, b""))[1].decode()
        if purpose not in self._purposes:
            expected = ", ".join(repr(p) for p in sorted(self._purposes))
            raise ApiError(400, f"Invalid purpose: {purpose!r}; expected one of {expected}")
        if "file" not in fields:
            raise ApiError(400, "Missing required parameter: 'file'")
        filename, data = fields["file"]
        if len(data) > MAX_BYTES:
            raise ApiError(413, "File exceeds the 128 MiB upload limit")
        created = int(time.time())
        entry: dict[str, Any] = {
            "id": f"{self._id_prefix}{uuid.uuid4().hex[:24]}",
            "object": "file",
            "bytes": len(data),
            "created_at": created,
            "filename": filename or "upload",
            "purpose": purpose,
        }
        expiry = _expiry(fields, self._default_expiry)
        entry["expires_at"] = None if expiry is None else created + expiry
        entry.update(self._extra)
        with self._lock:
            self._files[entry["id"]] = entry
            self.digests[entry["id"]] = hashlib.sha256(data).hexdigest()
        return json_plan(200, entry, reply or Reply())

    def _list(self, request: Any, reply: Reply | None) -> Plan:
        query = {k: v[-1] for k, v in parse_qs(request.query).items()}
        with self._lock:
            files = list(self._files.values())
        if query.get("order", "desc") == "desc":
            files.reverse()
        if "purpose" in query:
            files = [f for f in files if f["purpose"] == query["purpose"]]
        if "after" in query:
            ids = [f["id"] for f in files]
            files = files[ids.index(query["after"]) + 1 :] if query["after"] in ids else []
        limit = int(query.get("limit", "10000"))
        page = files[:limit]
        payload = {
            "object": "list",
            "data": page,
            "first_id": page[0]["id"] if page else None,
            "last_id": page[-1]["id"] if page else None,
            "has_more": len(files) > limit,
        }
        return json_plan(200, payload, reply or Reply())

    def _lookup(self, route: str) -> dict[str, Any]:
        entry = self._files.get(route.removeprefix("/files/"))
        if entry is None:
            raise ApiError(404, "File not found", "invalid_request_error")
        return entry

    def _retrieve(self, request: Any, reply: Reply | None) -> Plan:
        return json_plan(200, self._lookup(request.route), reply or Reply())

    def _delete(self, request: Any, reply: Reply | None) -> Plan:
        entry = self._lookup(request.route)
        with self._lock:
            self._files.pop(entry["id"], None)
        return json_plan(
            200, {"id": entry["id"], "object": "file", "deleted": True}, reply or Reply()
        )

    def check_parts(self, body: Mapping[str, Any]) -> None:
        """A chat request's `{"type": "file", "file_id": ...}` parts must name uploaded files."""
        for message in body.get("messages") or ():
            content = message.get("content") if isinstance(message, dict) else None
            for part in content if isinstance(content, list) else ():
                file_id = part.get("file_id") if isinstance(part, dict) else None
                if part.get("type") == "file" and file_id is not None and file_id not in self:
                    raise ApiError(400, f"File {file_id!r} not found")


def _expiry(fields: Mapping[str, tuple[str | None, bytes]], default: int | None) -> int | None:
    raw = fields.get("expires_after[seconds]")
    if raw is None:
        return default
    try:
        seconds = int(raw[1])
    except ValueError:
        raise ApiError(400, "expires_after[seconds] must be an integer") from None
    if not MIN_EXPIRY <= seconds <= MAX_EXPIRY:
        raise ApiError(400, f"expires_after[seconds] must be between {MIN_EXPIRY} and {MAX_EXPIRY}")
    return seconds
