"""A streamed `multipart/form-data` body: fields, then one file read in pieces (never whole).

The body is an `httpx` byte stream for both clients and can be read again for a retry when the
source can be re-read (a path, bytes, or a seekable file object).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import IO, Any

import httpx

from litellm_py.exceptions import BadRequestError, FileTooLargeError

__all__ = ["MAX_UPLOAD_BYTES", "FileSource", "MultipartStream", "file_source"]

MAX_UPLOAD_BYTES = 128 * 1024 * 1024  # DeepSeek's per-upload limit (128 MiB)
PIECE = 64 * 1024


class FileSource:
    """Where the file's bytes come from, its name and (when knowable) its size."""

    def __init__(
        self,
        reader: Callable[[], Iterator[bytes]],
        filename: str,
        size: int | None,
        rereadable: bool,
    ) -> None:
        self.reader = reader
        self.filename = filename
        self.size = size
        self.rereadable = rereadable
        self.error: FileTooLargeError | None = None
        """Set when reading stopped at the limit (a transport may wrap the raised error)."""

    def pieces(self) -> Iterator[bytes]:
        """The file's bytes in pieces of at most 64 KiB, counted against the limit."""
        seen = 0
        for piece in self.reader():
            seen += len(piece)
            if seen > MAX_UPLOAD_BYTES:
                self.error = too_large(seen, self.filename)
                raise self.error
            yield piece


def _read(handle: IO[bytes]) -> Iterator[bytes]:
    while piece := handle.read(PIECE):
        yield piece


def _path_pieces(path: str) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        yield from _read(handle)


def _bytes_pieces(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), PIECE):
        yield data[start : start + PIECE]


def too_large(size: int, filename: str) -> FileTooLargeError:
    return FileTooLargeError(
        f"{filename!r} is {size / 2**20:.1f} MiB; uploads are limited to 128 MiB "
        "(split or compress it)",
        param="file",
    )


def _from_file_object(file: IO[bytes]) -> FileSource:
    name = os.path.basename(str(getattr(file, "name", "") or "")) or "upload.bin"
    start = size = None
    try:
        if file.seekable():
            start = file.tell()
            size = file.seek(0, os.SEEK_END) - start
            file.seek(start)
    except (OSError, AttributeError, ValueError):
        start = size = None

    def reader() -> Iterator[bytes]:
        if start is not None:
            file.seek(start)
        return _read(file)

    return FileSource(reader, name, size, start is not None)


def file_source(file: Any, filename: str | None = None) -> FileSource:
    """A `FileSource` for a path, bytes or a binary file object; the size is checked here."""
    if isinstance(file, str | os.PathLike):
        path = os.fspath(file)
        if not os.path.isfile(path):
            raise BadRequestError(f"file {path!r} does not exist or is not a file", param="file")
        size = os.path.getsize(path)
        source = FileSource(lambda: _path_pieces(path), os.path.basename(path), size, True)
    elif isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
        source = FileSource(lambda: _bytes_pieces(data), "upload.bin", len(data), True)
    elif hasattr(file, "read"):
        source = _from_file_object(file)
    else:
        raise BadRequestError(
            f"file must be a path, bytes or a binary file object, got {type(file).__name__}",
            param="file",
        )
    if filename:
        source.filename = filename
    if source.size is not None and source.size > MAX_UPLOAD_BYTES:
        raise too_large(source.size, source.filename)
    return source


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "")


class MultipartStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """`multipart/form-data` with text `fields` and the file last, streamed piece by piece."""

    def __init__(self, fields: list[tuple[str, str]], source: FileSource, field: str = "file"):
        self.boundary = uuid.uuid4().hex
        self.source = source
        head = b"".join(
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="{_quote(k)}"\r\n\r\n'
            f"{v}\r\n".encode()
            for k, v in fields
        )
        head += (
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{_quote(source.filename)}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        self.head = head
        self.tail = f"\r\n--{self.boundary}--\r\n".encode()
        self.sent = False

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def content_length(self) -> int | None:
        size = self.source.size
        return None if size is None else len(self.head) + size + len(self.tail)

    def __iter__(self) -> Iterator[bytes]:
        if self.sent and not self.source.rereadable:
            raise httpx.StreamConsumed()
        self.sent = True
        yield self.head
        yield from self.source.pieces()
        yield self.tail

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self:
            yield piece
