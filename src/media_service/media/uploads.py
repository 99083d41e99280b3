"""Uploaded files: streamed to disk under a size limit, typed by content, expiring after UPLOAD_TTL.

Layout: `UPLOAD_DIR/<id>/data.<ext>` plus `meta.json` (an `UploadInfo`). An upload is written in
a hidden `.<id>.partial` directory and renamed into place when complete, so readers never see a
half-written upload and a crash leaves only a partial directory for the sweep.
"""

from __future__ import annotations

import base64
import re
import secrets
import shutil
import time
from collections.abc import AsyncIterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio.to_thread
from pydantic import BaseModel
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from ..errors import NotFoundError, PayloadTooLargeError, ValidationError
from ..logs import get_logger
from .config import MediaConfig
from .datauri import DataURI
from .paths import safe_filename
from .sniff import detect_media
from .stream import ChunkSource, LimitedWriter, aiter_chunks

__all__ = ["UPLOAD_ID_PATTERN", "UploadInfo", "UploadStore", "is_upload_id", "new_upload_id"]

UPLOAD_ID_PATTERN = re.compile(r"upl_[a-z2-7]{26}")
_MULTIPART_OVERHEAD = 64 * 1024  # headers and boundaries a multipart body may add to the file
_log = get_logger(__name__)


def new_upload_id() -> str:
    """`upl_` + 26 base32 characters (128 random bits)."""
    return "upl_" + base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=").lower()


def is_upload_id(value: str) -> bool:
    return UPLOAD_ID_PATTERN.fullmatch(value) is not None


class UploadInfo(BaseModel):
    """An upload as the API reports it (POST/GET /api/v1/uploads)."""

    id: str
    filename: str
    size_bytes: int
    mime: str
    kind: str
    created_at: datetime
    expires_at: datetime


class UploadStore:
    """Uploads in one directory. Reads are synchronous; saving is async because it consumes a
    request body; detection (PyAV) runs in a worker thread.
    """

    def __init__(self, cfg: MediaConfig) -> None:
        self._dir = cfg.upload_dir
        self._ttl = cfg.upload_ttl_seconds
        self._max_bytes = cfg.max_file_size_bytes

    async def save_stream(self, chunks: ChunkSource, *, filename: str | None,
                          max_bytes: int | None = None, now: float | None = None) -> UploadInfo:
        """Store one file from an async or sync byte iterable or a binary file object.

        Raises PayloadTooLargeError past `max_bytes` (default MAX_FILE_SIZE_MB) and
        ValidationError/UnsupportedMediaError for empty, unrecognised or corrupt content; nothing
        is left on disk in either case.
        """
        upload_id, partial = self._begin()
        try:
            writer = LimitedWriter(partial / "data", max_bytes or self._max_bytes, what="upload")
            with writer:
                async for chunk in aiter_chunks(chunks):
                    writer.write(chunk)
            return await self._commit(upload_id, partial, filename, writer.size, now)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise

    async def save_multipart(self, body: AsyncIterable[bytes], content_type: str, *,
                             content_length: int | None = None, max_bytes: int | None = None,
                             now: float | None = None) -> UploadInfo:
        """Store the `file` part of a multipart/form-data body while it streams in.

        The router passes `request.stream()` and the request's Content-Type (and Content-Length
        when present, so that an oversized body is refused before it is read).
        """
        limit = max_bytes or self._max_bytes
        if content_length is not None and content_length > limit + _MULTIPART_OVERHEAD:
            raise PayloadTooLargeError(f"upload exceeds the limit of {limit} bytes (MAX_FILE_SIZE_MB)",
                                       details={"limit_bytes": limit})
        ctype, params = parse_options_header(content_type)
        boundary = params.get(b"boundary")
        if ctype != b"multipart/form-data" or not boundary:
            raise ValidationError("expected a multipart/form-data body with a 'file' part", field="file")
        upload_id, partial = self._begin()
        sink = _FilePartSink(partial / "data", limit)
        try:
            parser = MultipartParser(boundary, sink.callbacks())
            async for chunk in body:
                _feed(parser, chunk)
            _feed(parser, None)
            if sink.writer is None:
                raise ValidationError("multipart body has no 'file' part", field="file")
            if not sink.complete:
                raise ValidationError("multipart body ended before the file part was complete", field="file")
            return await self._commit(upload_id, partial, sink.filename, sink.writer.size, now)
        except BaseException:
            sink.close()
            shutil.rmtree(partial, ignore_errors=True)
            raise

    def get(self, upload_id: str, *, now: float | None = None) -> UploadInfo:
        """The upload's metadata; NotFoundError for unknown, malformed or expired ids."""
        meta = self._meta_path(upload_id)
        try:
            info = UploadInfo.model_validate_json(meta.read_bytes())
        except (OSError, ValueError):
            raise NotFoundError(f"upload {upload_id!r} not found or expired") from None
        if info.expires_at.timestamp() <= (time.time() if now is None else now):
            raise NotFoundError(f"upload {upload_id!r} not found or expired")
        return info

    def path(self, upload_id: str, *, now: float | None = None) -> Path:
        """The stored file of a live upload (NotFoundError otherwise)."""
        self.get(upload_id, now=now)
        matches = sorted((self._dir / upload_id).glob("data.*"))
        if not matches:
            raise NotFoundError(f"upload {upload_id!r} not found or expired")
        return matches[0]

    def delete(self, upload_id: str) -> None:
        """Remove an upload; NotFoundError when there is none."""
        target = self._meta_path(upload_id).parent
        if not target.is_dir():
            raise NotFoundError(f"upload {upload_id!r} not found or expired")
        shutil.rmtree(target, ignore_errors=True)

    def sweep_expired(self, now: float | None = None) -> int:
        """Remove expired uploads and partial uploads older than the TTL; returns how many."""
        now = time.time() if now is None else now
        removed = 0
        if not self._dir.is_dir():
            return 0
        for entry in self._dir.iterdir():
            if entry.name.startswith(".") and entry.name.endswith(".partial"):
                expired = entry.stat().st_mtime + self._ttl <= now
            elif is_upload_id(entry.name):
                try:
                    self.get(entry.name, now=now)
                    expired = False
                except NotFoundError:
                    expired = True
            else:
                continue
            if expired:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        return removed

    def _meta_path(self, upload_id: str) -> Path:
        if not is_upload_id(upload_id):
            raise NotFoundError(f"upload {upload_id!r} not found or expired")
        return self._dir / upload_id / "meta.json"

    def _begin(self) -> tuple[str, Path]:
        upload_id = new_upload_id()
        partial = self._dir / f".{upload_id}.partial"
        partial.mkdir(parents=True)
        return upload_id, partial

    def save_data_uri(self, uri: DataURI, *, field: str, ttl_seconds: int | None = None) -> UploadInfo:
        """Store a parsed `data:` URI as an upload (synchronously: submission runs in a thread).

        Job submission keeps inline payloads out of the job store this way; `ttl_seconds` (default
        UPLOAD_TTL) lets such an upload live as long as the job that refers to it. Content errors name `field`.
        """
        upload_id, partial = self._begin()
        try:
            uri.write_to(partial / "data")
            return self._finish(upload_id, partial, None, uri.size_bytes, None, field=field, ttl=ttl_seconds)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise

    async def _commit(self, upload_id: str, partial: Path, filename: str | None, size: int,
                      now: float | None) -> UploadInfo:
        return await anyio.to_thread.run_sync(lambda: self._finish(upload_id, partial, filename, size, now))

    def _finish(self, upload_id: str, partial: Path, filename: str | None, size: int, now: float | None, *,
                field: str = "file", ttl: int | None = None) -> UploadInfo:
        data = partial / "data"
        detected = detect_media(data, field=field)
        data.rename(partial / f"data.{detected.ext}")
        created = time.time() if now is None else now
        info = UploadInfo(id=upload_id, filename=safe_filename(filename, default=f"upload.{detected.ext}"),
                          size_bytes=size, mime=detected.mime, kind=detected.kind.value,
                          created_at=datetime.fromtimestamp(created, UTC),
                          expires_at=datetime.fromtimestamp(created + (ttl or self._ttl), UTC))
        (partial / "meta.json").write_text(info.model_dump_json())
        partial.rename(self._dir / upload_id)
        _log.info("media.upload.saved", upload_id=upload_id, size_bytes=size, mime=info.mime)
        return info


def _feed(parser: MultipartParser, chunk: bytes | None) -> None:
    try:
        if chunk is None:
            parser.finalize()
        else:
            parser.write(chunk)
    except MultipartParseError as exc:
        raise ValidationError(f"malformed multipart body: {exc}", field="file") from None


class _FilePartSink:
    """python-multipart callbacks that stream the `file` part into a LimitedWriter."""

    def __init__(self, target: Path, limit: int) -> None:
        self._target, self._limit = target, limit
        self._field, self._value = bytearray(), bytearray()
        self._headers: dict[bytes, bytes] = {}
        self._in_file = False
        self.writer: LimitedWriter | None = None
        self.filename: str | None = None
        self.complete = False

    def callbacks(self) -> Any:
        return {"on_part_begin": self._part_begin, "on_header_field": self._header_field,
                "on_header_value": self._header_value, "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished, "on_part_data": self._part_data,
                "on_part_end": self._part_end}

    def _part_begin(self) -> None:
        self._headers, self._in_file = {}, False

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[bytes(self._field).lower()] = bytes(self._value)
        self._field, self._value = bytearray(), bytearray()

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        if params.get(b"name") != b"file":
            return
        if self.writer is not None:
            raise ValidationError("send one 'file' part per upload", field="file")
        self.filename = params.get(b"filename", b"").decode("utf-8", "replace") or None
        self.writer = LimitedWriter(self._target, self._limit, what="upload").open()
        self._in_file = True

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._in_file and self.writer is not None:
            self.writer.write(data[start:end])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    def _part_end(self) -> None:
        if self._in_file and self.writer is not None:
            self.writer.close()
            self.complete, self._in_file = True, False

