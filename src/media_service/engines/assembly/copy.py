"""The stream-copy path: segments with identical codec parameters joined without decoding a pixel.

Every segment's packets are copied in order, their timestamps shifted so each segment starts where the
previous one's video ended (the concat demuxer's rule). Video packets go through byte for byte. An audio
packet that would start before the audio already written (the AAC priming packet every later segment
opens with) is dropped: its samples lie before the segment's first frame and the muxer needs rising
timestamps. Whether copying is honest at all is decided by `copy_blockers`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
from av.container import InputContainer, OutputContainer

from media_service.errors import JobCancelledError

from .probe import SegmentInfo

__all__ = ["concat_copy", "copy_blockers"]

#: Containers whose packets an MP4 / WebM output can take unchanged.
_CONTAINER_CODECS = {"mp4": ("h264", "hevc", "mpeg4", "av1"), "webm": ("vp8", "vp9", "av1")}
_AUDIO_CODECS = {"mp4": ("aac", "mp3", "alac"), "webm": ("opus", "vorbis")}


def copy_blockers(infos: Sequence[SegmentInfo], *, output_format: str, trimmed: bool, transitions: bool,
                  size: tuple[int, int] | None, fps: Fraction | None) -> list[str]:
    """Why these segments cannot be joined by copying packets (empty: copying is honest)."""
    first = infos[0]
    reasons: list[str] = []
    if trimmed:
        reasons.append("a segment is trimmed (cuts would have to fall on keyframes)")
    if transitions:
        reasons.append("transitions are drawn, so frames must be re-encoded")
    if first.codec not in _CONTAINER_CODECS.get(output_format, ()):
        reasons.append(f"{first.codec} video cannot go into {output_format} unchanged")
    if first.audio is not None and first.audio.codec not in _AUDIO_CODECS.get(output_format, ()):
        reasons.append(f"{first.audio.codec} audio cannot go into {output_format} unchanged")
    if size is not None and size != (first.width, first.height):
        reasons.append(f"the output size {size[0]}x{size[1]} differs from the segments' {first.resolution}")
    if fps is not None and fps != first.fps:
        reasons.append(f"the output frame rate {fps} differs from the segments' {first.fps}")
    for index, info in enumerate(infos[1:], start=1):
        for name, mine, theirs in _facts(first, info):
            if mine != theirs:
                reasons.append(f"segment {index} differs from segment 0 in {name}")
    return reasons


def _facts(a: SegmentInfo, b: SegmentInfo) -> list[tuple[str, object, object]]:
    return [("video codec", a.codec, b.codec), ("resolution", a.resolution, b.resolution), ("frame rate", a.fps, b.fps),
            ("pixel format", a.pix_fmt, b.pix_fmt), ("timebase", a.time_base, b.time_base),
            ("codec parameters (SPS/PPS)", a.extradata, b.extradata), ("audio layout", a.audio, b.audio)]


def concat_copy(infos: Sequence[SegmentInfo], out: Path, *, output_format: str, audio: bool = True,
                progress: Callable[[float], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> float:
    """Write `out` from the segments' packets (audio too unless `audio` is False); returns the duration."""
    output: OutputContainer = av.open(str(out), "w", format=output_format,
                                      options={"movflags": "+faststart"} if output_format == "mp4" else {})
    try:
        duration = _copy_all(infos, output, audio=audio and infos[0].audio is not None, progress=progress,
                             cancelled=cancelled)
    except BaseException:
        output.close()
        out.unlink(missing_ok=True)
        raise
    output.close()
    return duration


def _copy_all(infos: Sequence[SegmentInfo], output: OutputContainer, *, audio: bool,
              progress: Callable[[float], None] | None, cancelled: Callable[[], bool] | None) -> float:
    streams: dict[str, Any] = {}
    last_dts: dict[str, int] = {}
    offset = Fraction(0)  # seconds: where the current segment starts
    for index, info in enumerate(infos):
        if cancelled is not None and cancelled():
            raise JobCancelledError("combine cancelled", details={"segment": index})
        with av.open(str(info.path)) as source:
            if not streams:
                streams["video"] = output.add_stream_from_template(source.streams.video[0])
                if audio:
                    streams["audio"] = output.add_stream_from_template(source.streams.audio[0])
            offset += _copy_segment(source, output, streams, last_dts, offset, audio=audio)
        if progress is not None:
            progress((index + 1) / len(infos))
    return float(offset)


def _copy_segment(source: InputContainer, output: OutputContainer, streams: dict[str, Any],
                  last_dts: dict[str, int], offset: Fraction, *, audio: bool) -> Fraction:
    """Copy one segment's packets shifted to `offset` seconds; returns its video length in seconds."""
    inputs = [source.streams.video[0]] + ([source.streams.audio[0]] if audio else [])
    starts = {stream.index: _first_pts(stream) for stream in inputs}
    video_end = Fraction(0)
    for packet in source.demux(inputs):
        if packet.dts is None or packet.pts is None:
            continue
        kind = packet.stream.type
        base = Fraction(packet.time_base)
        shift = round(offset / base) - starts[packet.stream.index]
        pts, dts = packet.pts + shift, packet.dts + shift
        if kind == "video":
            video_end = max(video_end, (packet.pts - starts[packet.stream.index] + (packet.duration or 0)) * base)
        if kind == "audio" and kind in last_dts and dts <= last_dts[kind]:
            continue  # an audio priming packet overlapping the previous segment's tail
        packet.pts, packet.dts = pts, dts
        last_dts[kind] = dts
        packet.stream = streams[kind]
        output.mux(packet)
    return video_end


def _first_pts(stream: av.stream.Stream) -> int:
    """The stream's presentation start (0 for the usual file; the AAC priming packet lies before it)."""
    return int(stream.start_time or 0) if stream.type == "video" else max(0, int(stream.start_time or 0))
