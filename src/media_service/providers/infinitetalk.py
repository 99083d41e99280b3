"""InfiniteTalk talking heads and custom-avatar training on the operator's Modal endpoint (MODAL_API_URL +
MODAL_API_KEY; providers.md §8: proxy-auth headers, the 303 loop past Modal's 150 s HTTP limit).

The body shapes are ours (Modal only carries them), following the recommended submit/result contract:

    POST submit   {"audio_url"|"audio_base64", "face_image_url"|"face_image_base64", "resolution": "512x512",
                   "fps": 25, "use_fp8": false, "multi_gpu": false, "avatar_model"?}      → {"call_id": "fc-…"}
    GET  result?call_id=…  → 202 {"status": "running", "progress": 0.4}
                           | 200 {"status": "completed", "video_url": "…"} (or "video_base64")
                           | 200 {"status": "failed", "error": "…"}
    POST train    {"video_url"|"video_base64", "avatar_name", "backend", "training_config"} → {"training_id"}
    GET  training?training_id=…  → {"status": "uploading|training|completed|failed", "progress": 0.35,
                                    "estimated_time_remaining": 840, "model_path"?: "…", "error"?: "…"}
    errors: 4xx/5xx {"error": "…"}

A `video_url` on the endpoint's own origin is fetched with the credentials; any other passes the egress guard.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from media_service.errors import JobCancelledError
from media_service.media import MediaKind

from .avatar import AvatarInput, AvatarProgress, AvatarVideo, TalkingHeadRequest, TrainingRequest, TrainingState
from .errors import ProviderRejectedError, ProviderUnavailableError, scrub
from .http import Cancelled, PollSchedule, ProviderHttp
from .modal import json_object

__all__ = ["ModalInfiniteTalk"]

_REDIRECTS = 20
_MAX_BYTES = 500 * 1024 * 1024
_STATUSES = ("uploading", "training", "completed", "failed")


def _inline(name: str, item: AvatarInput) -> dict[str, str]:
    if item.url is not None:
        return {f"{name}_url": item.url}
    return {f"{name}_base64": base64.b64encode(item.path.read_bytes()).decode()}


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


class ModalInfiniteTalk:
    """InfiniteTalk (audio-driven talking video from one face image) and avatar training, on Modal."""

    name = "infinitetalk"
    model = "infinitetalk"

    def __init__(self, http: ProviderHttp, *, schedule: PollSchedule) -> None:
        self.http = http
        self.schedule = schedule

    def generate(self, request: TalkingHeadRequest, stem: Path, *, progress: AvatarProgress | None = None,
                 cancelled: Cancelled | None = None,
                 submitted: Callable[[str], None] | None = None) -> AvatarVideo:
        """Submit once (paid), poll the result through Modal's redirects, save the checked MP4."""
        body: dict[str, Any] = {**_inline("audio", request.audio), **_inline("face_image", request.face),
                                "resolution": request.resolution or "512x512", "fps": request.fps or 25,
                                "use_fp8": request.use_fp8, "multi_gpu": request.multi_gpu}
        if request.avatar_model:
            body["avatar_model"] = request.avatar_model
        call_id = self._field(self.http.send("POST", "submit", json=body, paid=True, cancelled=cancelled), "call_id")
        if submitted is not None:
            submitted(call_id)
        path = f"result?call_id={quote(call_id, safe='')}"

        def fetch() -> httpx.Response:
            response = self.http.send("GET", path, follow=_REDIRECTS, cancelled=cancelled)
            if response.status_code == 202 and progress is not None:
                progress(_number(json_object(response).get("progress")) or 0.0, "running")
            return response

        done = self.http.poll(fetch, done=lambda r: r.status_code != 202, schedule=self.schedule, cancelled=cancelled)
        state = json_object(done)
        if state.get("status") == "failed":
            raise ProviderUnavailableError("infinitetalk: the call failed", provider=self.name,
                                           provider_message=scrub(str(state.get("error")), self.http.endpoint.secrets))
        if isinstance(state.get("video_url"), str) and state["video_url"]:
            saved = self.http.download(state["video_url"], stem, accept={MediaKind.VIDEO}, max_bytes=_MAX_BYTES)
        else:
            try:
                video = base64.b64decode(self._field(done, "video_base64"), validate=True)
            except (binascii.Error, ValueError):
                raise ProviderRejectedError("infinitetalk returned invalid base64", provider=self.name,
                                            reason="invalid_response") from None
            saved = self.http.save_bytes(video, stem, accept={MediaKind.VIDEO}, max_bytes=_MAX_BYTES)
        return AvatarVideo(saved.path, saved.mime, self.name, self.model, call_id)

    def start_training(self, request: TrainingRequest, *, cancelled: Cancelled | None = None) -> str:
        """Send the footage (URL or inline) and the settings; returns the endpoint's training id."""
        body = {**_inline("video", request.video), "avatar_name": request.name, "backend": request.backend,
                "training_config": dict(request.config)}
        return self._field(self.http.send("POST", "train", json=body, paid=True, cancelled=cancelled), "training_id")

    def training_state(self, training_id: str, *, cancelled: Cancelled | None = None) -> TrainingState:
        """The endpoint's status, progress (0..1), seconds left and, once completed, the model path."""
        if cancelled is not None and cancelled():
            raise JobCancelledError("cancelled while following the training")
        state = json_object(self.http.send("GET", f"training?training_id={quote(training_id, safe='')}",
                                     follow=_REDIRECTS, cancelled=cancelled))
        status = state.get("status")
        if status not in _STATUSES:
            raise ProviderRejectedError(f"infinitetalk: unknown training status {status!r}", provider=self.name,
                                        reason="invalid_response")
        progress = _number(state.get("progress"))
        return TrainingState(status, None if progress is None else min(1.0, max(0.0, progress)),
                             _number(state.get("estimated_time_remaining")),
                             state.get("model_path") if isinstance(state.get("model_path"), str) else None,
                             scrub(str(state["error"]), self.http.endpoint.secrets) if state.get("error") else None)

    def _field(self, response: httpx.Response, name: str) -> str:
        value = json_object(response).get(name)
        if not isinstance(value, str) or not value:
            raise ProviderRejectedError(f"{self.name} answered without {name}", provider=self.name,
                                        reason="invalid_response", status_code=response.status_code)
        return value
