"""Writers: the encoder-thread side of a sink. One per container family, all with the same four verbs.

A writer owns its container from open to close. The sink calls `write` and `finish`/`discard` only from
its encoder thread, so writers need no locks.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, Protocol, cast

import av
from av.container import OutputContainer
from av.packet import Packet
from av.video.reformatter import ColorPrimaries, ColorRange, Colorspace, ColorTrc
from av.video.stream import VideoStream

from .audio import AudioInput, AudioTrack
from .options import EncodeSettings, VideoFormat


#: The pixel format each writer takes: 4:2:0 for the video codecs, RGB for GIF's palette filters.
CONVERT_FORMATS: dict[VideoFormat, str] = {"mp4": "yuv420p", "webm": "yuv420p", "gif": "rgb24"}


class FrameWriter(Protocol):
    """What the sink's encoder thread drives; `write` takes frames in `CONVERT_FORMATS[format]`."""

    def write(self, frame: av.VideoFrame) -> None:
        """Encode one converted frame whose `pts` is its frame index."""

    def finish(self, frames: int) -> None:
        """Flush everything and close the file; `frames` frames were written."""

    def discard(self) -> None:
        """Close without finishing properly; the sink deletes the file afterwards."""


def open_writer(path: Path, settings: EncodeSettings, audio: AudioInput | None) -> FrameWriter:
    """The writer for `settings.format`; opens the file now so bad paths fail in the caller's thread."""
    if settings.format == "gif":
        from .gif import GifWriter  # the palette machinery is only paid for by GIF encodes

        return GifWriter(path, settings)
    return AvWriter(path, settings, audio)


class AvWriter:
    """H.264/AAC in MP4 or VP9/Opus in WebM, audio interleaved with the video as it goes."""

    def __init__(self, path: Path, settings: EncodeSettings, audio: AudioInput | None) -> None:
        self._settings = settings
        self._container: OutputContainer = av.open(str(path), "w", format=settings.format,
                                                   container_options=settings.container_options)
        self._audio: AudioTrack | None = None
        try:
            self._video = _add_video_stream(self._container, settings)
            if audio is not None and settings.audio_codec is not None:
                self._audio = AudioTrack(self._container, audio, codec=settings.audio_codec,
                                         bit_rate=settings.audio_bit_rate, mux=self._mux)
            # Opens the codecs and writes the header now: codec option errors surface in the caller.
            self._container.start_encoding()
        except BaseException:
            self.discard()
            path.unlink(missing_ok=True)  # we created (or truncated) it; a half-written header is no use
            raise

    def write(self, frame: av.VideoFrame) -> None:
        self._mux(self._video.encode(frame))
        if self._audio is not None:
            # Keep audio just behind the video clock so the muxer interleaves instead of buffering.
            self._audio.write_until(float(((frame.pts or 0) + 1) / self._settings.fps))

    def finish(self, frames: int) -> None:
        try:
            self._mux(self._video.encode(None))
            if self._audio is not None:
                self._audio.finish(float(frames / self._settings.fps))
        finally:
            self._close()

    def discard(self) -> None:
        try:
            self._close()
        except av.FFmpegError:
            pass  # the file is being thrown away; a trailer that cannot be written changes nothing

    def _close(self) -> None:
        if self._audio is not None:
            self._audio.close()
        self._container.close()

    def _mux(self, packets: Sequence[Packet[Any]]) -> None:
        self._container.mux(packets)


def _add_video_stream(container: OutputContainer, settings: EncodeSettings) -> VideoStream:
    stream = cast(VideoStream, container.add_stream(settings.video_codec, rate=settings.fps,
                                                    options=settings.video_options))
    stream.width, stream.height, stream.pix_fmt = settings.width, settings.height, settings.pix_fmt
    ctx = stream.codec_context
    ctx.time_base = Fraction(1) / settings.fps
    # Frame threads: PyAV's default SLICE threading made x264 1.5x slower on the reference clip.
    ctx.thread_type = "AUTO"
    # The sink converts with BT.709 limited range; say so, or players guess (601 for SD, 709 for HD).
    ctx.colorspace = int(Colorspace.ITU709)
    ctx.color_range = int(ColorRange.MPEG)
    ctx.color_primaries = int(ColorPrimaries.BT709)
    ctx.color_trc = int(ColorTrc.BT709)
    return stream
