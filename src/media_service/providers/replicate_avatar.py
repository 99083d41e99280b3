"""SadTalker and Wav2Lip talking heads as Replicate predictions (providers.md §6); versions from settings
(REPLICATE_SADTALKER_VERSION, REPLICATE_WAV2LIP_VERSION: `owner/name:<version>` or an official `owner/name`).

    SadTalker (cjwbw/sadtalker): source_image (a still face), driven_audio, still, preprocess, enhancer,
                                 size_of_image (256 | 512), pose_style, expression_scale
    Wav2Lip (devxpy/cog-wav2lip): face (a face video or image), audio, pads, smooth, fps, resize_factor

Files go as their public URL when the caller gave one, otherwise as `data:` URIs. The prediction runs through
the shared `run_prediction` (created once, polled, cancelled with our job, the MP4 downloaded and checked).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from media_service.media import MediaKind

from .avatar import AvatarInput, AvatarProgress, AvatarVideo, TalkingHeadRequest, data_uri
from .http import Cancelled, PollSchedule, ProviderHttp
from .replicate_video import run_prediction

__all__ = ["ReplicateTalkingHead", "SADTALKER_OPTIONS", "WAV2LIP_OPTIONS"]

SADTALKER_OPTIONS = ("still", "preprocess", "enhancer", "pose_style", "expression_scale")
WAV2LIP_OPTIONS = ("pads", "smooth", "resize_factor")


def _ref(item: AvatarInput) -> str:
    return item.url if item.url is not None else data_uri(item.path)


class ReplicateTalkingHead:
    """One talking-head model on Replicate: `name` is "sadtalker" or "wav2lip", `model` its configured version."""

    def __init__(self, http: ProviderHttp, *, name: str, model: str, schedule: PollSchedule) -> None:
        self.http = http
        self.name = name
        self.model = model
        self.schedule = schedule

    def inputs(self, request: TalkingHeadRequest) -> dict[str, Any]:
        """The model's input object for `request` (only the options this model reads)."""
        keys: tuple[str, ...]
        if self.name == "sadtalker":
            inputs: dict[str, Any] = {"source_image": _ref(request.face), "driven_audio": _ref(request.audio),
                                      "still": True, "preprocess": "full"}
            if request.resolution:
                inputs["size_of_image"] = 512 if request.resolution.startswith("512") else 256
            keys = SADTALKER_OPTIONS
        else:
            inputs = {"face": _ref(request.face), "audio": _ref(request.audio), "pads": "0 10 0 0", "smooth": True}
            if request.fps:
                inputs["fps"] = request.fps
            keys = WAV2LIP_OPTIONS
        inputs.update({k: v for k, v in request.options.items() if k in keys and v is not None})
        return inputs

    def generate(self, request: TalkingHeadRequest, stem: Path, *, progress: AvatarProgress | None = None,
                 cancelled: Cancelled | None = None,
                 submitted: Callable[[str], None] | None = None) -> AvatarVideo:
        """Create the prediction, follow it, download the MP4."""
        made = run_prediction(self.http, self.schedule, self.model, self.inputs(request), stem,
                              accept=MediaKind.VIDEO, progress=progress, cancelled=cancelled, submitted=submitted)
        return AvatarVideo(made.path, made.mime, self.name, self.model, made.provider_id)
