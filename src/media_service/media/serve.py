"""Serving a verified file: Range, HEAD, content type and a safe Content-Disposition.

Starlette's `FileResponse` already streams in chunks and implements single and multiple byte
ranges (206 with Content-Range, 416 with `bytes */size`), If-Range, HEAD, Content-Length,
ETag and Last-Modified, so this module reuses it. It adds two things: the content type comes
from the file's content, and a Range header that is not a valid `bytes=` set is ignored (full
200) instead of answered with 400 — RFC 9110 §14.2 requires ignoring unknown range units.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from starlette.responses import FileResponse
from starlette.types import Receive, Scope, Send

from .paths import safe_filename
from .sniff import read_head, sniff_bytes

__all__ = ["content_disposition", "file_response", "guess_mime"]

_RANGE_SPEC = re.compile(r"\s*(\d+-\d*|-\d+)\s*")
_SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    # Outputs may be SVG or HTML-like; opened inline they must not run scripts on our origin.
    "content-security-policy": "sandbox; default-src 'none'",
    "cache-control": "private, max-age=300",
}


def guess_mime(path: Path) -> str:
    """The MIME type by content (magic bytes), else by extension, else application/octet-stream."""
    detected = sniff_bytes(read_head(path))
    if detected is not None:
        return detected.mime
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def content_disposition(filename: str, disposition: Literal["attachment", "inline"] = "attachment") -> str:
    """`attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / RFC 8187)."""
    name = safe_filename(filename)
    fallback = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_") or "file"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _valid_range(value: str) -> bool:
    unit, _, specs = value.partition("=")
    if unit.strip().lower() != "bytes" or not specs:
        return False
    for spec in specs.split(","):
        if not _RANGE_SPEC.fullmatch(spec):
            return False
        first, _, last = spec.strip().partition("-")
        if first and last and int(first) > int(last):
            return False
    return True


class _MediaFileResponse(FileResponse):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = scope.get("headers", [])
        if any(k == b"range" and not _valid_range(v.decode("latin-1")) for k, v in headers):
            scope = {**scope, "headers": [(k, v) for k, v in headers if k not in (b"range", b"if-range")]}
        await super().__call__(scope, receive, send)


def file_response(path: Path, *, filename: str | None = None, mime: str | None = None,
                  disposition: Literal["attachment", "inline"] = "attachment") -> FileResponse:
    """A response serving `path` (already verified) with Range/HEAD support.

    `filename` defaults to the file's own name, `mime` to `guess_mime(path)`.
    """
    headers = {"content-disposition": content_disposition(filename or path.name, disposition),
               **_SECURITY_HEADERS}
    return _MediaFileResponse(path, media_type=mime or guess_mime(path), headers=headers)
