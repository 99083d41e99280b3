"""Writing byte streams to disk under a size limit (uploads and downloads share this)."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from ..errors import PayloadTooLargeError

__all__ = ["ChunkSource", "LimitedWriter", "aiter_chunks"]

ChunkSource = AsyncIterable[bytes] | Iterable[bytes] | BinaryIO
CHUNK = 1024 * 1024


async def aiter_chunks(source: ChunkSource) -> AsyncIterator[bytes]:
    """Iterate an async iterable, a sync iterable of bytes or a binary file object."""
    if isinstance(source, AsyncIterable):
        async for chunk in source:
            yield chunk
    elif hasattr(source, "read"):
        while chunk := source.read(CHUNK):
            yield chunk
    else:
        for chunk in source:
            yield chunk


class LimitedWriter:
    """A file being written that may not grow past `limit` bytes.

    Crossing the limit closes and deletes the file, then raises PayloadTooLargeError, so a
    refused body never stays on disk and is never read further than one chunk past the limit.
    """

    def __init__(self, path: Path, limit: int, *, what: str = "file") -> None:
        self.path, self.limit, self.size = path, limit, 0
        self._what = what
        self._fh: BinaryIO | None = None

    def open(self) -> LimitedWriter:
        self._fh = self.path.open("wb")
        return self

    def write(self, chunk: bytes) -> None:
        if self._fh is None:
            self.open()
        self.size += len(chunk)
        if self.size > self.limit:
            self.discard()
            raise PayloadTooLargeError(f"{self._what} exceeds the limit of {self.limit} bytes (MAX_FILE_SIZE_MB)",
                                       details={"limit_bytes": self.limit})
        assert self._fh is not None
        self._fh.write(chunk)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def discard(self) -> None:
        """Close and delete what was written."""
        self.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> LimitedWriter:
        return self.open()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self.close()
        else:
            self.discard()
