"""Replicate video predictions (providers.md §6: Mochi 1, Wan 2.2) as a `VideoProvider`, and the enhancement
models `/video/transform` routes to (`enhance`, replicate_enhance.py).

The model comes from settings as `owner/name` (an official model: `POST models/{owner}/{name}/predictions`)
or a version (`owner/name:<id>` or the bare 64-hex id: `POST predictions {"version": ...}`). The
prediction is created once, polled through `starting → processing → succeeded|failed|canceled|aborted`;
progress follows the last percentage the model printed in its `logs` (tqdm style) when there is one.
Cancelling our job POSTs the prediction's `urls.cancel` before JobCancelledError leaves.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from media_service.errors import JobCancelledError
from media_service.media import MediaKind

from .errors import ProviderError, ProviderRejectedError, ProviderUnavailableError
from .http import Cancelled, PollSchedule, ProviderHttp
from .replicate_enhance import MAX_INLINE_BYTES
from .video import GeneratedVideo, VendorVideos, VideoProgress, VideoRequest, image_file

__all__ = ["ReplicateVideos", "prediction_route", "run_prediction"]

_TERMINAL = frozenset({"succeeded", "failed", "canceled", "aborted"})
_PERCENT = re.compile(r"(\d{1,3})%")
_MAX_BYTES = 500 * 1024 * 1024
_STATE_PROGRESS = {"starting": 0.02, "processing": 0.1}


def prediction_route(model: str) -> tuple[str, dict[str, Any]]:
    """(path, extra body) for a model setting: official `owner/name` or a version."""
    if ":" in model:
        return "predictions", {"version": model}
    if re.fullmatch(r"[0-9a-f]{64}", model):
        return "predictions", {"version": model}
    return f"models/{model}/predictions", {}


class ReplicateVideos(VendorVideos):
    """Text-to-video and image-to-video predictions on Replicate."""

    name = "replicate"

    def generate(self, request: VideoRequest, stem: Path, *, progress: VideoProgress | None = None,
                 cancelled: Cancelled | None = None,
                 submitted: Callable[[str], None] | None = None) -> GeneratedVideo:
        """Create the prediction, follow it (cancelling it if our job is cancelled), download the output."""
        inputs: dict[str, Any] = {"prompt": request.prompt, **request.extra}
        if request.image is not None:
            data, mime, _ext = image_file(request.image)
            inputs["image"] = f"data:{mime};base64,{base64.b64encode(data).decode()}"
        if request.negative_prompt:
            inputs["negative_prompt"] = request.negative_prompt
        return run_prediction(self.http, self.schedule, request.model, inputs, stem, accept=MediaKind.VIDEO,
                              progress=progress, cancelled=cancelled, submitted=submitted)

    def enhance(self, version: str, video: Path, video_input: str, extra: dict[str, Any], stem: Path, *,
                progress: VideoProgress | None = None, cancelled: Cancelled | None = None,
                submitted: Callable[[str], None] | None = None) -> GeneratedVideo:
        """Run an enhancement model (`replicate_enhance.ENHANCERS`) over `video`, sent inline as a data: URI."""
        if video.stat().st_size > MAX_INLINE_BYTES:
            raise ProviderRejectedError(f"the video is over {MAX_INLINE_BYTES // 2**20} MB, the most sent inline",
                                        provider=self.name)
        data = f"data:video/mp4;base64,{base64.b64encode(video.read_bytes()).decode()}"
        return run_prediction(self.http, self.schedule, version, {video_input: data, **extra}, stem,
                              accept=MediaKind.VIDEO, progress=progress, cancelled=cancelled, submitted=submitted)


def run_prediction(http: ProviderHttp, schedule: PollSchedule, model: str, inputs: dict[str, Any], stem: Path, *,
                   accept: MediaKind, progress: VideoProgress | None = None, cancelled: Cancelled | None = None,
                   submitted: Callable[[str], None] | None = None) -> GeneratedVideo:
    """Create one prediction of `model` (official name or version), follow it to a terminal state (cancelling
    it when our job is cancelled) and download its first output, checked to be `accept`."""
    path, extra = prediction_route(model)
    created = http.send("POST", path, json={**extra, "input": inputs}, paid=True, cancelled=cancelled).json()
    pid = str(created.get("id") or "")
    urls = created.get("urls") or {}
    if submitted is not None:
        submitted(pid)

    def fetch() -> dict[str, Any]:
        state: dict[str, Any] = http.send("GET", urls.get("get") or f"predictions/{pid}", cancelled=cancelled).json()
        if progress is not None and state.get("status") not in _TERMINAL:
            progress(_fraction(state), str(state.get("status")))
        return state

    try:
        final = created if created.get("status") in _TERMINAL else http.poll(
            fetch, done=lambda p: p.get("status") in _TERMINAL, schedule=schedule, cancelled=cancelled)
    except JobCancelledError:
        _cancel(http, urls.get("cancel") or f"predictions/{pid}/cancel")
        raise
    if final.get("status") != "succeeded":
        raise ProviderUnavailableError(f"replicate prediction {final.get('status')}", provider=http.name,
                                       provider_message=str(final.get("error") or final.get("status")))
    saved = http.download(_first_output(final), stem, accept={accept}, max_bytes=_MAX_BYTES)
    return GeneratedVideo(saved.path, saved.mime, http.name, model, pid)


def _cancel(http: ProviderHttp, url: str) -> None:
    try:
        http.send("POST", url)
    except ProviderError:
        pass  # best effort: the job is cancelled either way; the prediction may already have ended
def _fraction(prediction: dict[str, Any]) -> float:
    """The last `NN%` in the logs, else a small fixed value for the state."""
    found = _PERCENT.findall(str(prediction.get("logs") or ""))
    if found:
        return min(100, int(found[-1])) / 100
    return _STATE_PROGRESS.get(str(prediction.get("status")), 0.0)


def _first_output(prediction: dict[str, Any]) -> str:
    output = prediction.get("output")
    url = output[0] if isinstance(output, list) and output else output
    if not isinstance(url, str):
        raise ProviderRejectedError("replicate prediction succeeded without an output URL", provider="replicate",
                                    reason="invalid_response")
    return url
