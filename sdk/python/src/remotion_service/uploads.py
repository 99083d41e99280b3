"""`client.uploads`: create from a path, bytes or a file object (multipart), plus the generated get/delete;
and `download`, an output's signed URL to a file."""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from typing import IO, Any

from ._generated import AsyncUploadsResource, UploadsResource
from ._transport import Request
from .models import Upload

__all__ = ["AsyncUploads", "FileInput", "Uploads", "output_url"]

FileInput = str | os.PathLike[str] | bytes | IO[bytes]


def _file(file: FileInput, filename: str | None, content_type: str | None) -> dict[str, Any]:
    if isinstance(file, bytes):
        name, content = filename or "upload.bin", file
        return {"file": (name, content, content_type or mimetypes.guess_type(name)[0] or "application/octet-stream")}
    if isinstance(file, str | os.PathLike):
        path = Path(file)
        name = filename or path.name
        return {"file": (name, path.read_bytes(), content_type or mimetypes.guess_type(name)[0]
                         or "application/octet-stream")}
    name = filename or Path(getattr(file, "name", "upload.bin")).name
    return {"file": (name, file.read(), content_type or mimetypes.guess_type(name)[0] or "application/octet-stream")}


def output_url(output: Any) -> str:
    """The URL of an output: a string, an OutputRef-like dict / model (`url`), or a result with `output`."""
    if isinstance(output, str):
        return output
    data = output.model_dump() if hasattr(output, "model_dump") else output
    if isinstance(data, dict):
        if isinstance(data.get("url"), str):
            return str(data["url"])
        if isinstance(data.get("output"), dict):
            return output_url(data["output"])
        for key in ("video_url", "audio_url", "image_url"):
            if isinstance(data.get(key), str):
                return str(data[key])
    raise ValueError("no output URL in that value")


class Uploads(UploadsResource):
    """`client.uploads` of the blocking client."""

    def create(self, file: FileInput, *, filename: str | None = None, content_type: str | None = None) -> Upload:
        """Upload a media file; use the answer's `id` as any media field of a job request."""
        data = self._client._transport.call(Request("POST", f"{self._client.api_prefix}/uploads",
                                                    files=_file(file, filename, content_type)))
        return Upload.model_validate(data)


class AsyncUploads(AsyncUploadsResource):
    """`client.uploads` of the asyncio client."""

    async def create(self, file: FileInput, *, filename: str | None = None,
                     content_type: str | None = None) -> Upload:
        """Upload a media file; use the answer's `id` as any media field of a job request."""
        data = await self._client._transport.call(Request("POST", f"{self._client.api_prefix}/uploads",
                                                          files=_file(file, filename, content_type)))
        return Upload.model_validate(data)
