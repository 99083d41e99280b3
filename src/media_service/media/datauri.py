"""`data:` URIs: parsed and size-checked before anything is decoded."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import PayloadTooLargeError, ValidationError

__all__ = ["DataURI", "parse_data_uri"]

_HEADER = re.compile(r"data:(?P<mime>[\w.+-]+/[\w.+-]+)?(?P<params>(?:;[\w.+-]+=[^;,]*)*)(?P<b64>;base64)?,",
                     re.IGNORECASE)
_B64_CHARS = re.compile(r"[A-Za-z0-9+/_-]*={0,2}")


@dataclass(frozen=True, slots=True)
class DataURI:
    """A base64 `data:` URI whose payload size is known and within the limit; decode on demand."""

    declared_mime: str | None
    payload: str
    size_bytes: int

    def head(self, n: int = 4096) -> bytes:
        """The first `n` decoded bytes (for sniffing) without decoding the whole payload."""
        chars = -(-n // 3) * 4
        return _b64decode(self.payload[:chars])[:n]

    def decode(self) -> bytes:
        return _b64decode(self.payload)

    def write_to(self, path: Path) -> Path:
        """Decode into `path` in slices so the decoded copy is never held twice in memory."""
        step = 4 * 256 * 1024  # a multiple of 4 base64 characters: slices decode independently
        with path.open("wb") as out:
            for i in range(0, len(self.payload), step):
                out.write(_b64decode(self.payload[i:i + step]))
        return path


def _b64decode(chunk: str) -> bytes:
    chunk = chunk.replace("-", "+").replace("_", "/")
    return base64.b64decode(chunk + "=" * (-len(chunk) % 4), validate=True)


def parse_data_uri(value: str, *, max_bytes: int, field: str | None = None) -> DataURI:
    """Parse a base64 `data:` URI; its decoded size is computed from the length before decoding.

    Raises ValidationError for a malformed or non-base64 URI and PayloadTooLargeError when the
    payload exceeds `max_bytes`.
    """
    match = _HEADER.match(value)
    if match is None:
        raise ValidationError("malformed data: URI", field=field)
    if not match.group("b64"):
        raise ValidationError("data: URIs must be base64-encoded (data:<type>;base64,...)", field=field)
    payload = value[match.end():].strip()
    stripped = payload.rstrip("=")
    if len(payload) - len(stripped) > 2 or len(stripped) % 4 == 1:
        raise ValidationError("data: URI payload is not valid base64", field=field)
    size = len(stripped) * 3 // 4
    if size > max_bytes:
        raise PayloadTooLargeError(
            f"data: URI payload is {size} bytes; the limit is {max_bytes} bytes (MAX_FILE_SIZE_MB)",
            details={"field": field, "size_bytes": size, "limit_bytes": max_bytes})
    if size == 0:
        raise ValidationError("data: URI payload is empty", field=field)
    if not _B64_CHARS.fullmatch(payload):
        raise ValidationError("data: URI payload is not valid base64", field=field)
    return DataURI(declared_mime=match.group("mime"), payload=payload, size_bytes=size)
