"""Inline `data:` inputs leave the job record: submission stores each as an upload and keeps its id.

A job's input is stored once and returned on every read (GET /jobs/{id}, webhooks, listings with
`include=input`). A client that sends images as base64 `data:` URIs would otherwise put megabytes into the
job store per job and into every read of it. `spill_data_uris` walks the JSON input as it will be stored and
replaces each base64 `data:` URI of at least `min_chars` characters by the id of an upload holding its
bytes; every media field resolves upload ids the way it resolves `data:` URIs, so the job runs the same.
The upload lives as long as the job record (JOB_RETENTION_HOURS), not the shorter UPLOAD_TTL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .datauri import parse_data_uri
from .uploads import UploadStore

__all__ = ["INLINE_MAX_CHARS", "Spilled", "spill_data_uris"]

INLINE_MAX_CHARS = 2048  # a data: URI this long or longer is stored as a file (small icons stay inline)


@dataclass(frozen=True, slots=True)
class Spilled:
    """One `data:` URI moved out of the input: where it was, the upload that holds it, its size."""

    field: str
    upload_id: str
    size_bytes: int


def _is_data_uri(value: str, min_chars: int) -> bool:
    return len(value) >= min_chars and value[:5].lower() == "data:" and ";base64," in value[:256]


def spill_data_uris(payload: Any, uploads: UploadStore, *, max_bytes: int, ttl_seconds: int,
                    min_chars: int = INLINE_MAX_CHARS, path: str = "") -> tuple[Any, list[Spilled]]:
    """`payload` (JSON: dicts, lists, scalars) with long base64 `data:` URIs replaced by upload ids.

    Returns a new structure (the argument is not modified) and what was moved. A URI that is malformed, too
    large or not recognisable media raises the media layer's 4xx error naming its field (`clips[2].src`).
    """
    moved: list[Spilled] = []

    def walk(value: Any, at: str) -> Any:
        if isinstance(value, str):
            if not _is_data_uri(value, min_chars):
                return value
            uri = parse_data_uri(value, max_bytes=max_bytes, field=at)
            info = uploads.save_data_uri(uri, field=at, ttl_seconds=ttl_seconds)
            moved.append(Spilled(at, info.id, info.size_bytes))
            return info.id
        if isinstance(value, dict):
            return {key: walk(item, f"{at}.{key}" if at else str(key)) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item, f"{at}[{i}]") for i, item in enumerate(value)]
        return value

    return walk(payload, path), moved
