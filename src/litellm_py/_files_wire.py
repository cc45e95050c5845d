"""How the Files API is spoken: its records and the `/files` requests and answers (no I/O).

`files.py` holds the public functions; shapes: deepseek-api.md §10 (OpenAI-compatible `/files`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote, urlencode

from litellm_py._record import Record

if TYPE_CHECKING:
    import httpx

    from litellm_py._call import Call

__all__ = ["FileDeleted", "FileList", "FileObject", "FilesWire"]


class FileObject(Record):
    """An uploaded file (`object == "file"`)."""

    id: str
    object: str
    bytes: int
    created_at: int
    filename: str
    purpose: str
    expires_at: int | None

    def as_content_part(self) -> dict[str, Any]:
        """The chat content part that shows this image to a vision model."""
        return {"type": "file", "file_id": self.id}


class FileList(Record):
    """A page of files: `data`, `first_id`, `last_id`, `has_more`."""

    object: str
    data: list[FileObject]
    first_id: str | None
    last_id: str | None
    has_more: bool
    _children: ClassVar[dict[str, Any]] = {"data": [FileObject]}


class FileDeleted(Record):
    """The answer to a delete: `id`, `deleted`."""

    id: str
    object: str
    deleted: bool


class FilesWire:
    """`EndpointWire` for `/files`: the operation is `call.params["op"]`."""

    endpoint = "files"

    def build_request(self, call: Call) -> httpx.Request:
        from litellm_py._endpoint_shell import bearer_request

        params = call.params
        url = call.settings.api_base.rstrip("/") + "/files"
        op = params["op"]
        if op == "create":
            return bearer_request("POST", url, call, upload=params["body"])
        if op == "list":
            query = {k: v for k, v in params["query"].items() if v is not None}
            return bearer_request("GET", url + ("?" + urlencode(query) if query else ""), call)
        method = "DELETE" if op == "delete" else "GET"
        return bearer_request(method, f"{url}/{quote(params['file_id'], safe='')}", call)

    def parse_response(self, call: Call, payload: dict[str, Any]) -> Any:
        kind = {"list": FileList, "delete": FileDeleted}.get(call.params["op"], FileObject)
        return kind(payload)

    def parse_event(self, call: Call, payload: dict[str, Any]) -> Any:  # pragma: no cover
        raise AssertionError("the Files API does not stream")

    def stream_accumulator(self, call: Call) -> Any:  # pragma: no cover
        raise AssertionError("the Files API does not stream")
