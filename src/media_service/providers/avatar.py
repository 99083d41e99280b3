"""What the avatar capability asks of a talking-head provider: `AvatarProvider` (a face + speech → a video),
`AvatarTrainer` (footage → a trained avatar) and the values they exchange.

    provider = registry.avatar("infinitetalk")          # or "sadtalker", "wav2lip"
    made = provider.generate(TalkingHeadRequest(audio=AvatarInput(path, url), face=AvatarInput(png)),
                             workdir / "avatar", progress=report, cancelled=ctx.cancelled, submitted=log_id)

Inputs travel by URL when the caller gave a public http(s) URL (the vendor fetches it; providers.md §8
prefers URLs to multi-MB bodies), otherwise inline (base64 / `data:` URI) from the local copy the service
fetched and checked. The result is always a downloaded, magic-byte-checked MP4 (vendor URLs expire).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from media_service.media import sniff_bytes

from .http import Cancelled
from .video import GeneratedVideo

__all__ = ["AVATAR_BACKENDS", "AvatarInput", "AvatarProgress", "AvatarProvider", "AvatarTrainer", "AvatarVideo",
           "TalkingHeadRequest", "TrainingRequest", "TrainingState", "data_uri"]

#: The talking-head backends the registry knows (kind "avatar").
AVATAR_BACKENDS = ("infinitetalk", "sadtalker", "wav2lip")
#: `progress(fraction 0..1, vendor status text)`.
AvatarProgress = Callable[[float, str], None]


@dataclass(frozen=True, slots=True)
class AvatarInput:
    """A checked local file and, when the caller gave one, its public http(s) URL (sent instead of the bytes)."""

    path: Path
    url: str | None = None


def data_uri(path: Path) -> str:
    """`data:<mime>;base64,...` of a file, typed by its magic bytes."""
    data = path.read_bytes()
    detected = sniff_bytes(data[:64])
    mime = detected.mime if detected else "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


@dataclass(frozen=True, slots=True)
class TalkingHeadRequest:
    """One talking head: the speech, the face (a still image, or a video for Wav2Lip) and the options each
    backend reads (`options`: backend-specific extras such as SadTalker's `still` or Wav2Lip's `pads`).
    `avatar_model` is a trained avatar's model path on the backend that trained it."""

    audio: AvatarInput
    face: AvatarInput
    resolution: str | None = None
    fps: int | None = None
    use_fp8: bool = False
    multi_gpu: bool = False
    avatar_model: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


#: A talking-head video a provider made: the checked file, who made it and the vendor's id for the call.
AvatarVideo = GeneratedVideo


@runtime_checkable
class AvatarProvider(Protocol):
    """Makes one talking-head video."""

    name: str
    model: str

    def generate(self, request: TalkingHeadRequest, stem: Path, *, progress: AvatarProgress | None = None,
                 cancelled: Cancelled | None = None,
                 submitted: Callable[[str], None] | None = None) -> AvatarVideo:
        """Start the vendor's work, follow it to the end and write the video to `stem` + its extension."""
        ...


@dataclass(frozen=True, slots=True)
class TrainingRequest:
    """Footage of one person to train an avatar from, the avatar's name, the backend it is for and the
    training settings the caller chose (epochs, batch_size, learning_rate, frame_rate)."""

    video: AvatarInput
    name: str
    backend: str
    config: Mapping[str, float | int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TrainingState:
    """The backend's view of one training: status, fraction done, seconds left and, once completed, the
    trained model's path (what later talking-head calls send as `avatar_model`)."""

    status: Literal["uploading", "training", "completed", "failed"]
    progress: float | None = None
    estimated_time_remaining: float | None = None
    model_path: str | None = None
    error: str | None = None


@runtime_checkable
class AvatarTrainer(Protocol):
    """Trains custom avatars from footage."""

    name: str

    def start_training(self, request: TrainingRequest, *, cancelled: Cancelled | None = None) -> str:
        """Upload the footage and start the training; returns the backend's training id."""
        ...

    def training_state(self, training_id: str, *, cancelled: Cancelled | None = None) -> TrainingState:
        """Where the training stands now."""
        ...
