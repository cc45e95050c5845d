"""The Files API against the bundled test server: streamed uploads, listing, deleting, refusals."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest

import litellm_py
from litellm_py import _multipart
from litellm_py.exceptions import (
    BadRequestError,
    NotFoundError,
    UnsupportedEndpointError,
    UnsupportedParamsError,
)
from litellm_py.files import FileDeleted, FileList, FileObject
from litellm_py.providers.deepseek.provider import DeepSeekProvider
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import call_entry, server_auth

IMAGE = bytes(range(256)) * 1024  # 256 KiB: several 64 KiB pieces


@pytest.fixture
def mode(net_mode: str) -> str:
    """Every test here runs sync, async over httpx and async over aiohttp."""
    return net_mode


class Trickle(io.RawIOBase):
    """A non-seekable binary stream that records the size of every read."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.reads: list[int] = []

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.reads.append(size)
        return self._data.read(size)


async def upload(mode: str, server: DeepSeekTestServer, file: Any, **kw: Any) -> Any:
    return await call_entry(mode, "create_file", file, **server_auth(server), **kw)


def digest(server: DeepSeekTestServer, file_id: str) -> str:
    return server._router.files.digests[file_id]


async def test_upload_from_a_path(mode: str, server: DeepSeekTestServer, tmp_path: Path) -> None:
    path = tmp_path / "cat.png"
    path.write_bytes(IMAGE)
    obj = await upload(mode, server, path, expires_after=7200)
    assert isinstance(obj, FileObject)
    assert obj.id.startswith("file-api-")
    assert (obj.bytes, obj.filename, obj.purpose) == (len(IMAGE), "cat.png", "user_data")
    assert obj.expires_at == obj.created_at + 7200
    assert digest(server, obj.id) == hashlib.sha256(IMAGE).hexdigest()
    request = server.last_request
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert int(request.headers["content-length"]) == len(request.body)


async def test_upload_bytes_and_file_objects(mode: str, server: DeepSeekTestServer) -> None:
    named = io.BytesIO(IMAGE)
    named.name = "/somewhere/dog.jpg"
    for source, name in ((IMAGE, "upload.bin"), (named, "dog.jpg")):
        obj = await upload(mode, server, source)
        assert obj.filename == name
        assert digest(server, obj.id) == hashlib.sha256(IMAGE).hexdigest()
    obj = await upload(mode, server, IMAGE, filename="x.webp")
    assert obj.filename == "x.webp"


async def test_a_stream_is_read_in_pieces_never_whole(
    mode: str, server: DeepSeekTestServer
) -> None:
    stream = Trickle(IMAGE)
    obj = await upload(mode, server, stream)
    assert obj.bytes == len(IMAGE)
    assert digest(server, obj.id) == hashlib.sha256(IMAGE).hexdigest()
    assert max(stream.reads) <= _multipart.PIECE
    headers = server.last_request.headers
    assert "chunked" in headers.get("transfer-encoding", "")
    assert "content-length" not in headers


async def test_upload_is_resent_whole_on_retry(
    mode: str, server: DeepSeekTestServer, sleeps: list[float], tmp_path: Path
) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(IMAGE)
    server.enqueue(Reply(status=503))
    obj = await upload(mode, server, path)
    assert len(server.requests) == 2
    assert digest(server, obj.id) == hashlib.sha256(IMAGE).hexdigest()


async def test_list_retrieve_delete(mode: str, server: DeepSeekTestServer) -> None:
    auth = server_auth(server)
    first = await upload(mode, server, b"one")
    second = await upload(mode, server, b"two")
    page = await call_entry(mode, "list_files", purpose="user_data", limit=1, **auth)
    assert isinstance(page, FileList)
    assert [f.id for f in page.data] == [second.id]
    assert page.has_more is True
    rest = await call_entry(mode, "list_files", after=page.last_id, **auth)
    assert [f.id for f in rest.data] == [first.id]
    assert "purpose=user_data" in server.requests[2].query
    got = await call_entry(mode, "retrieve_file", first.id, **auth)
    assert got == first
    gone = await call_entry(mode, "delete_file", first.id, **auth)
    assert isinstance(gone, FileDeleted)
    assert gone.deleted is True
    with pytest.raises(NotFoundError):
        await call_entry(mode, "retrieve_file", first.id, **auth)


async def test_image_part_by_file_id_on_a_vision_model(
    mode: str, server: DeepSeekTestServer
) -> None:
    obj = await upload(mode, server, IMAGE)
    content = [{"type": "text", "text": "What is this?"}, obj.as_content_part()]
    messages = [{"role": "user", "content": content}]
    auth = server_auth(server)
    resp = await call_entry(mode, "completion", model="deepseek/deepseek-flash",
                            messages=messages, **auth)  # fmt: skip
    assert resp.choices[0].message.content == "You said: What is this?"
    assert server.last_request.json["messages"][0]["content"][1] == {
        "type": "file", "file_id": obj.id,
    }  # fmt: skip
    with pytest.raises(UnsupportedParamsError, match="cannot read images"):
        await call_entry(mode, "completion", model="deepseek/deepseek-v4-pro",
                         messages=messages, **auth)  # fmt: skip
    missing = [{"role": "user", "content": [{"type": "file", "file_id": "file-api-nope"}]}]
    with pytest.raises(BadRequestError, match="not found"):
        await call_entry(mode, "completion", model="deepseek/deepseek-flash",
                         messages=missing, **auth)  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"purpose": "assistants"}, "purpose"),
        ({"expires_after": 10}, "expires_after"),
        ({"expires_after": {"anchor": "last_active_at", "seconds": 7200}}, "expires_after"),
        ({"bogus": True}, "bogus"),
    ],
)
async def test_refusals_send_nothing(
    mode: str, server: DeepSeekTestServer, kwargs: dict[str, Any], param: str
) -> None:
    with pytest.raises(UnsupportedParamsError) as caught:
        await upload(mode, server, b"x", **kwargs)
    assert caught.value.param == param
    assert server.requests == []


async def test_too_big_is_refused_locally(
    mode: str, server: DeepSeekTestServer, tmp_path: Path
) -> None:
    path = tmp_path / "huge.bin"
    with path.open("wb") as handle:  # sparse: costs no disk
        handle.truncate(128 * 1024 * 1024 + 1)
    with pytest.raises(BadRequestError, match="128 MiB"):
        await upload(mode, server, path)
    with pytest.raises(BadRequestError, match="does not exist"):
        await upload(mode, server, tmp_path / "missing.png")
    with pytest.raises(BadRequestError, match="path, bytes or a binary file object"):
        await upload(mode, server, 12)
    assert server.requests == []


async def test_too_big_stream_is_stopped_while_sending(
    mode: str, server: DeepSeekTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_multipart, "MAX_UPLOAD_BYTES", 100_000)
    with pytest.raises(BadRequestError, match="uploads are limited"):
        await upload(mode, server, Trickle(IMAGE))


async def test_provider_without_files(
    mode: str, server: DeepSeekTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DeepSeekProvider, "extra_endpoints", frozenset())
    with pytest.raises(UnsupportedEndpointError):
        await call_entry(mode, "list_files", **server_auth(server))


def test_exported() -> None:
    assert litellm_py.FileObject is FileObject
