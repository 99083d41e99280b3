"""Veo through the Gemini API (providers.md §3.3) as a `VideoProvider`:
`POST models/{model}:predictLongRunning` → poll `GET {operation name}` until `done` → download
`generatedSamples[0].video.uri` with the key (redirects followed; the file is checked as MP4).

`durationSeconds` is a number (a string is refused by Google); the first frame goes in as
`instance.image {bytesBase64Encoded, mimeType}` (not inlineData). `done` is omitted while running. An
operation that ends with `error`, or with no samples because of safety filters, is a failed job.
The API documents no cancel for these operations: a cancelled job stops polling and says so in its log.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

from media_service.media import MediaKind

from .errors import ProviderRejectedError, ProviderUnavailableError
from .http import Cancelled
from .video import GeneratedVideo, VendorVideos, VideoProgress, VideoRequest, aspect_of, image_file, resolution_of

__all__ = ["VeoVideos"]

_MAX_BYTES = 500 * 1024 * 1024


class VeoVideos(VendorVideos):
    """Veo 3.x text-to-video and image-to-video on the Gemini API."""

    name = "gemini"

    def generate(self, request: VideoRequest, stem: Path, *, progress: VideoProgress | None = None,
                 cancelled: Cancelled | None = None,
                 submitted: Callable[[str], None] | None = None) -> GeneratedVideo:
        """Start the long-running operation, poll it to `done`, download the first sample."""
        model = request.model or self.model
        instance: dict[str, Any] = {"prompt": request.prompt}
        if request.image is not None:
            data, mime, _ext = image_file(request.image)
            instance["image"] = {"bytesBase64Encoded": base64.b64encode(data).decode(), "mimeType": mime}
        parameters: dict[str, Any] = {"aspectRatio": aspect_of(request.width, request.height),
                                      "resolution": resolution_of(request.width, request.height),
                                      "durationSeconds": int(request.duration_seconds)}
        if request.negative_prompt:
            parameters["negativePrompt"] = request.negative_prompt
        operation = self.http.send("POST", f"models/{model}:predictLongRunning",
                                   json={"instances": [instance], "parameters": parameters}, paid=True,
                                   cancelled=cancelled).json()
        name = str(operation.get("name") or "")
        if not name:
            raise ProviderRejectedError("gemini answered predictLongRunning without an operation name",
                                        provider=self.name, reason="invalid_response")
        if submitted is not None:
            submitted(name)
        polls = 0

        def fetch() -> dict[str, Any]:
            nonlocal polls
            polls += 1
            state: dict[str, Any] = self.http.send("GET", name, cancelled=cancelled).json()
            if progress is not None and not state.get("done"):
                # Veo reports no percentage: each poll moves the bar a little, never past 90 %.
                progress(min(0.9, 1 - 0.8 ** polls), "running")
            return state

        final = operation if operation.get("done") else self.http.poll(
            fetch, done=lambda op: bool(op.get("done")), schedule=self.schedule, cancelled=cancelled)
        return self._download(final, name, model, stem)

    def _download(self, final: dict[str, Any], name: str, model: str, stem: Path) -> GeneratedVideo:
        error = final.get("error")
        if error:
            raise ProviderUnavailableError(f"gemini video operation failed: {error.get('message', error)}",
                                           provider=self.name, provider_message=str(error.get("message")))
        answer = (final.get("response") or {}).get("generateVideoResponse") or {}
        samples = answer.get("generatedSamples") or []
        uri = ((samples[0] if samples else {}).get("video") or {}).get("uri")
        if not uri:
            reasons = "; ".join(answer.get("raiMediaFilteredReasons") or []) or "no video in the answer"
            raise ProviderRejectedError(f"gemini made no video ({reasons})", provider=self.name,
                                        provider_message=reasons)
        saved = self.http.download(str(uri), stem, accept={MediaKind.VIDEO}, max_bytes=_MAX_BYTES)
        return GeneratedVideo(saved.path, saved.mime, self.name, model, name)
