"""Media facts (duration, size, rate, channels, codecs) read with PyAV from a file's headers."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import av.container
from pydantic import BaseModel

from ..errors import UnsupportedMediaError

__all__ = ["MediaFacts", "probe_media"]


class MediaFacts(BaseModel):
    """What a client needs to know about a media file without opening it. Absent facts are None."""

    format: str | None = None
    duration_seconds: float | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    sample_rate: int | None = None
    channels: int | None = None
    video_codec: str | None = None
    audio_codec: str | None = None


def _duration(container: av.container.InputContainer) -> float | None:
    if container.duration is not None and container.duration > 0:
        return round(container.duration / av.time_base, 6)
    durations = [float(s.duration * s.time_base) for s in container.streams
                 if s.duration is not None and s.time_base is not None and s.duration > 0]
    return round(max(durations), 6) if durations else None


def _fps(rate: Fraction | None) -> float | None:
    return round(float(rate), 6) if rate else None


def _format_name(container: av.container.InputContainer) -> str:
    name = container.format.name.split(",")[0].removesuffix("_pipe")
    if name == "mov":  # FFmpeg's one demuxer for the whole family; the brand tells MP4 from QuickTime
        brand = str(container.metadata.get("major_brand", "")).strip()
        return "mov" if brand == "qt" else ("m4a" if brand.startswith("M4A") else "mp4")
    return name


def probe_media(path: str | Path) -> MediaFacts:
    """Read the facts of an image, video or audio file from its headers (no full decode).

    Still images report width and height only: FFmpeg's image demuxers invent a 25 fps rate
    and have no duration, neither of which means anything for a picture. Raises
    UnsupportedMediaError when PyAV cannot open the file.
    """
    try:
        container = av.open(str(path), mode="r")
    except av.FFmpegError as exc:
        raise UnsupportedMediaError(f"cannot read media facts: {exc.strerror or type(exc).__name__}") from None
    with container:
        fmt = container.format.name
        is_image = fmt.endswith("_pipe") or fmt == "image2"
        facts = MediaFacts(format=_format_name(container), duration_seconds=None if is_image else _duration(container))
        video = next((s for s in container.streams.video
                      if not s.disposition & av.stream.Disposition.attached_pic), None)
        if video is not None:
            ctx = video.codec_context
            facts.width, facts.height, facts.video_codec = ctx.width or None, ctx.height or None, ctx.name
            if not is_image:
                facts.fps = _fps(video.average_rate or video.guessed_rate)
        audio = next(iter(container.streams.audio), None)
        if audio is not None:
            actx = audio.codec_context
            facts.sample_rate, facts.audio_codec = actx.sample_rate or None, actx.name
            facts.channels = actx.layout.nb_channels if actx.layout is not None else None
        return facts
