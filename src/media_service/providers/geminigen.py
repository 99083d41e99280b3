"""GeminiGen Veo (providers.md §4, the Sparkfluence backend's provider) as a `VideoProvider`:
multipart `POST /uapi/v1/video-gen/veo` with `x-api-key` → poll `GET /uapi/v1/history/{uuid}`
(status 1 processing with `status_percentage`, 2 completed, 3 failed) → download
`generated_video[0].video_url` (another origin, fetched without the key through the egress guard).

The segment's image is attached as `files` (with `mode_image=frame`: it is the first frame) rather than
sent as `file_urls`, so private or expiring image URLs work too. The plan's concurrency cap comes back as a
400 "maximum number of … concurrent" and is mapped to a retryable error. No cancel route is documented.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from media_service.media import MediaKind

from .errors import ProviderRejectedError, ProviderRetryableError, ProviderUnavailableError
from .http import Cancelled, VendorError
from .video import GeneratedVideo, VendorVideos, VideoProgress, VideoRequest, aspect_of, image_file, resolution_of

__all__ = ["GeminiGenVideos", "read_geminigen_error"]

_MAX_BYTES = 500 * 1024 * 1024
PROCESSING, COMPLETED, FAILED = 1, 2, 3


def read_geminigen_error(response: httpx.Response) -> VendorError:
    """`{"detail": {"error_code", "error_message"}}` (FastAPI style; a plain string detail is read too)."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return VendorError(response.text[:300] or response.reason_phrase)
    if isinstance(detail, dict):
        return VendorError(str(detail.get("error_message") or response.reason_phrase), code=detail.get("error_code"))
    return VendorError(str(detail or response.reason_phrase))


class GeminiGenVideos(VendorVideos):
    """Veo models resold by GeminiGen (`veo-3.1-fast` by default)."""

    name = "geminigen"

    def generate(self, request: VideoRequest, stem: Path, *, progress: VideoProgress | None = None,
                 cancelled: Cancelled | None = None,
                 submitted: Callable[[str], None] | None = None) -> GeneratedVideo:
        """Create the generation, poll its history record to status 2 or 3, download the video."""
        model = request.model or self.model
        form = {"prompt": request.prompt, "model": model, "aspect_ratio": aspect_of(request.width, request.height),
                "resolution": resolution_of(request.width, request.height)}
        if request.image is not None:
            form["mode_image"] = "frame"
        # Every field as a multipart part (httpx sends bare `data` url-encoded; the API takes multipart only).
        parts: list[tuple[str, tuple[str | None, bytes | str] | tuple[str, bytes, str]]] = [
            (k, (None, v)) for k, v in form.items()]
        if request.image is not None:
            data, mime, ext = image_file(request.image)
            parts.append(("files", (f"frame.{ext}", data, mime)))
        try:
            created = self.http.send("POST", "uapi/v1/video-gen/veo", files=parts, paid=True,
                                     cancelled=cancelled).json()
        except ProviderRejectedError as exc:
            if "concurrent" in str(exc.details.get("provider_message", "")):
                raise ProviderRetryableError("geminigen: the plan's concurrent generations are all busy",
                                             provider=self.name, status_code=exc.details.get("status_code"),
                                             provider_message=exc.details.get("provider_message"),
                                             reason="rate_limited") from None
            raise
        uuid = str(created.get("uuid") or "")
        if not uuid:
            raise ProviderRejectedError("geminigen answered without a uuid", provider=self.name,
                                        reason="invalid_response")
        if submitted is not None:
            submitted(uuid)

        def fetch() -> dict[str, Any]:
            record: dict[str, Any] = self.http.send("GET", f"uapi/v1/history/{uuid}", cancelled=cancelled).json()
            if progress is not None and _status(record) == PROCESSING:
                progress(float(record.get("status_percentage") or 0) / 100, str(record.get("status_desc") or
                                                                                 "processing"))
            return record

        final = self.http.poll(fetch, done=lambda r: _status(r) != PROCESSING, schedule=self.schedule,
                               cancelled=cancelled)
        if _status(final) != COMPLETED:
            message = str(final.get("error_message") or final.get("status_desc") or "failed")
            raise ProviderUnavailableError(f"geminigen generation failed: {message}", provider=self.name,
                                           provider_message=message)
        videos = final.get("generated_video") or []
        url = (videos[0] if videos else {}).get("video_url") or (videos[0] if videos else {}).get("file_download_url")
        if not url:
            raise ProviderRejectedError("geminigen completed without a video URL", provider=self.name,
                                        reason="invalid_response")
        saved = self.http.download(str(url), stem, accept={MediaKind.VIDEO}, max_bytes=_MAX_BYTES)
        return GeneratedVideo(saved.path, saved.mime, self.name, model, uuid)


def _status(record: dict[str, Any]) -> int:
    """1, 2 or 3; negative values (seen in one client) count as failed."""
    try:
        status = int(record.get("status") or PROCESSING)
    except (TypeError, ValueError):
        return FAILED
    return FAILED if status < 0 or status > FAILED else status
