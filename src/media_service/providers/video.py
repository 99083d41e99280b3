"""What the AI video capabilities ask of a video provider: the `VideoProvider` Protocol and its values.

    provider = registry.video("gemini")
    made = provider.generate(VideoRequest(prompt, model="veo-3.1-generate-preview", duration_seconds=8,
                                          width=720, height=1280, image=first_frame),
                             workdir / "clip", progress=report, cancelled=ctx.cancelled, submitted=log_id)

A provider creates the vendor's job once (paid work is never re-sent), polls it with the video schedule,
reports the vendor's own percentage through `progress(fraction, status)` and downloads the file (vendor
URLs expire; we keep the file). When `cancelled()` turns true while it waits, it cancels the vendor's job
where the API allows and raises JobCancelledError. `submitted(provider_id)` lets the job log the id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from media_service.media import sniff_bytes

from .http import Cancelled, PollSchedule, ProviderHttp

__all__ = ["GeneratedVideo", "VendorVideos", "VideoProgress", "VideoProvider", "VideoRequest", "aspect_of",
           "image_file", "resolution_of"]

#: `progress(fraction 0..1, vendor status text)`.
VideoProgress = Callable[[float, str], None]


@dataclass(frozen=True, slots=True)
class VideoRequest:
    """One clip to make. `model` is the vendor's model id (or Replicate version); `image` a local first frame."""

    prompt: str
    model: str
    duration_seconds: float
    width: int
    height: int
    image: Path | None = None
    negative_prompt: str | None = None
    fps: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GeneratedVideo:
    """A clip a provider made: the checked file, who made it and the vendor's id for it."""

    path: Path
    mime: str
    provider: str
    model: str
    provider_id: str
    notes: tuple[str, ...] = ()


@runtime_checkable
class VideoProvider(Protocol):
    """Makes one video clip from a prompt (and optionally a first-frame image)."""

    name: str

    def generate(self, request: VideoRequest, stem: Path, *, progress: VideoProgress | None = None,
                 cancelled: Cancelled | None = None,
                 submitted: Callable[[str], None] | None = None) -> GeneratedVideo:
        """Create the vendor job, follow it to the end and write the video to `stem` + its extension."""
        ...


def aspect_of(width: int, height: int) -> str:
    """`9:16` for portrait, `16:9` for landscape (the two ratios the Veo APIs take)."""
    return "9:16" if height > width else "16:9"


def resolution_of(width: int, height: int) -> str:
    """`720p`, `1080p` or `4k` from the short side."""
    short = min(width, height)
    return "4k" if short >= 2160 else "1080p" if short >= 1080 else "720p"


def image_file(path: Path) -> tuple[bytes, str, str]:
    """(bytes, MIME type, extension) of a first-frame image, typed by its magic bytes (PNG when unknown)."""
    data = path.read_bytes()
    detected = sniff_bytes(data[:64])
    return data, detected.mime if detected else "image/png", detected.ext if detected else "png"


class VendorVideos:
    """What the polled video adapters share: their vendor's HTTP client, default model and poll schedule."""

    name = "vendor"

    def __init__(self, http: ProviderHttp, *, model: str = "", schedule: PollSchedule) -> None:
        self.http = http
        self.model = model
        self.schedule = schedule
