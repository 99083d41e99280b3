"""What a segment file holds, read from its headers and packets (no pixel decoding).

`probe_segment` is where a file that is not a video (a PNG, a text file, an MP3) is refused: the combine
engine only ever sees segments that passed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from media_service.errors import UnsupportedMediaError, ValidationError

#: Demuxers that read still pictures: PyAV opens a PNG as a one-frame "video", which is not a segment.
_STILL_FORMATS = ("image2", "png_pipe", "jpeg_pipe", "webp_pipe", "gif", "bmp_pipe", "tiff_pipe", "svg_pipe")


@dataclass(frozen=True)
class AudioFacts:
    """The first audio stream's codec parameters (what must match for its packets to be copied)."""

    codec: str
    sample_rate: int
    layout: str
    time_base: Fraction


@dataclass(frozen=True)
class SegmentInfo:
    """The first video stream (and first audio stream, if any) of a segment file."""

    path: Path
    container: str
    codec: str
    width: int
    height: int
    fps: Fraction
    pix_fmt: str
    time_base: Fraction
    extradata: bytes
    duration_seconds: float
    frames: int
    audio: AudioFacts | None

    @property
    def resolution(self) -> str:
        """`WIDTHxHEIGHT`, as the Sparkfluence contract writes it."""
        return f"{self.width}x{self.height}"


def probe_segment(path: str | Path, *, field: str = "segments.0.video") -> SegmentInfo:
    """Describe a segment; UnsupportedMediaError naming `field` when it is not a readable video."""
    p = Path(path)
    if not p.is_file() or p.stat().st_size == 0:
        raise ValidationError(f"{field}: {p.name} is missing or empty", field=field)
    try:
        container = av.open(str(p))
    except (av.FFmpegError, UnicodeDecodeError) as exc:
        raise UnsupportedMediaError(f"{field}: {p.name} is not a readable video ({exc})", field=field) from None
    with container:
        name = container.format.name
        if not container.streams.video or any(still in name.split(",") for still in _STILL_FORMATS):
            raise UnsupportedMediaError(f"{field}: {p.name} is not a video (container {name!r})", field=field)
        video = container.streams.video[0]
        ctx = video.codec_context
        rate = video.average_rate or video.guessed_rate
        if not rate or video.time_base is None or ctx.width <= 0:
            raise UnsupportedMediaError(f"{field}: {p.name} has no usable frame rate or size", field=field)
        audio = None
        if container.streams.audio:
            stream = container.streams.audio[0]
            audio = AudioFacts(codec=stream.codec_context.name, sample_rate=stream.codec_context.sample_rate,
                               layout=stream.codec_context.layout.name, time_base=Fraction(stream.time_base or 0))
        frames, duration = _count(container, video, Fraction(rate))
        if frames == 0:
            raise UnsupportedMediaError(f"{field}: {p.name} has no video frames", field=field)
        return SegmentInfo(path=p, container=name, codec=ctx.name, width=ctx.width, height=ctx.height,
                           fps=Fraction(rate), pix_fmt=ctx.format.name if ctx.format else "", time_base=Fraction(
                               video.time_base), extradata=bytes(ctx.extradata or b""), duration_seconds=duration,
                           frames=frames, audio=audio)


def _count(container: av.container.InputContainer, video: av.video.stream.VideoStream,
           rate: Fraction) -> tuple[int, float]:
    """Frames and duration (first pts to the end of the last frame) from the video packets; a packet
    without a duration (WebM) lasts one frame."""
    frames, first, end = 0, None, None
    frame = max(1, round(1 / (rate * Fraction(video.time_base or 1))))
    try:
        for packet in container.demux(video):
            if packet.pts is None:
                continue
            frames += 1
            first = packet.pts if first is None else min(first, packet.pts)
            stop = packet.pts + (packet.duration or frame)
            end = stop if end is None else max(end, stop)
    except av.FFmpegError as exc:
        raise UnsupportedMediaError(f"{Path(container.name).name} is damaged ({exc})") from None
    if first is None or end is None or video.time_base is None:
        return frames, 0.0
    return frames, float((end - first) * video.time_base)
