"""Decode any common audio file, or the audio stream of a video, to float32 (channels, samples).

FFmpeg (through PyAV) does the decoding and the sample-rate conversion. Mono/stereo mapping is done
here rather than by swresample, which pans mono to stereo at -3 dB: a mono voiceover placed in a
stereo mix should play at the level it was recorded on both speakers. Layouts wider than stereo
are folded down by swresample with the standard ITU coefficients.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import av
import av.error
import numpy as np
from scipy.signal import resample_poly

from media_service.errors import UnsupportedMediaError, ValidationError

from .control import CancelFn, check_cancelled
from .models import CHANNELS, SAMPLE_RATE


@dataclass(frozen=True)
class MediaProbe:
    """What a media file holds, read from its headers without decoding."""

    path: Path
    has_audio: bool
    has_video: bool
    duration_seconds: float | None
    sample_rate: int | None
    channels: int | None
    codec: str | None
    tags: dict[str, str] = field(default_factory=dict)


@contextmanager
def open_media(path: str | Path, *, field: str = "input") -> Iterator[av.container.InputContainer]:
    """Open a media file for reading, turning every way it can fail into a ValidationError on `field`."""
    p = Path(path)
    if not p.is_file():
        raise ValidationError(f"{field}: file not found: {p.name}", field=field)
    if p.stat().st_size == 0:
        raise ValidationError(f"{field}: file is empty: {p.name}", field=field)
    try:
        container = av.open(str(p), mode="r")
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise UnsupportedMediaError(f"{field}: {p.name} is not a readable media file ({exc})", field=field) from exc
    try:
        yield container
    finally:
        container.close()


def probe_media(path: str | Path, *, field: str = "input") -> MediaProbe:
    """Describe a media file: streams present, duration, audio format and metadata tags (keys lower-cased)."""
    with open_media(path, field=field) as container:
        audio = container.streams.audio[0] if container.streams.audio else None
        duration = container.duration / 1_000_000 if container.duration else None
        tags = {k.lower(): str(v) for k, v in container.metadata.items()}
        if audio is not None:
            tags.update({k.lower(): str(v) for k, v in audio.metadata.items()})
            if duration is None and audio.duration is not None and audio.time_base is not None:
                duration = float(audio.duration * audio.time_base)
        return MediaProbe(
            path=Path(path),
            has_audio=audio is not None,
            has_video=bool(container.streams.video),
            duration_seconds=duration,
            sample_rate=audio.rate if audio is not None else None,
            channels=audio.codec_context.layout.nb_channels if audio is not None else None,
            codec=audio.codec_context.name if audio is not None else None,
            tags=tags,
        )


def load_audio(path: str | Path, *, sample_rate: int = SAMPLE_RATE, channels: int = CHANNELS,
               field: str = "input", cancelled: CancelFn | None = None) -> np.ndarray:
    """Decode the first audio stream of `path` to float32 shaped (channels, samples) at `sample_rate`.

    Works for wav, mp3, aac/m4a, ogg/opus, flac and the audio of video files. Packets the decoder
    rejects are skipped (as the ffmpeg CLI does); a file yielding no samples at all is an error.
    """
    _check_layout(channels, field)
    with open_media(path, field=field) as container:
        if not container.streams.audio:
            raise UnsupportedMediaError(f"{field}: {Path(path).name} has no audio stream", field=field)
        stream = container.streams.audio[0]
        frames = _FrameCollector()
        try:
            for index, packet in enumerate(container.demux(stream)):
                if index % 512 == 0:
                    check_cancelled(cancelled)
                try:
                    decoded = packet.decode()
                except av.error.FFmpegError:
                    continue
                for frame in decoded:
                    frames.add(frame)
            frames.flush()
        except (av.error.FFmpegError, ValueError) as exc:
            if not frames.chunks:
                raise UnsupportedMediaError(f"{field}: {Path(path).name} could not be decoded ({exc})",
                                            field=field) from exc
    if not frames.chunks or sum(c.shape[1] for c in frames.chunks) == 0:
        raise ValidationError(f"{field}: {Path(path).name} contains no audio samples", field=field)
    samples = np.concatenate(frames.chunks, axis=1).astype(np.float32, copy=False)
    rate = frames.rate or sample_rate
    if channels <= samples.shape[0]:  # fold channels first so the resampler has less to do
        return resample(to_channels(samples, channels), rate, sample_rate)
    return to_channels(resample(samples, rate, sample_rate), channels)


_INT_SCALE = {"u8": 128.0, "s16": 32768.0, "s32": 2147483648.0, "s64": 9223372036854775808.0}


class _FrameCollector:
    """Decoded frames as float32 (channels, n) chunks at the stream's first rate, mono or stereo.

    Frames matching the first frame's rate and (mono/stereo) layout are converted in numpy, several
    times cheaper per frame than a swresample call; wider layouts and mid-stream format changes go
    through swresample (flushed whenever the direct path resumes, so no samples are lost or moved).
    """

    def __init__(self) -> None:
        self.chunks: list[np.ndarray] = []
        self.rate: int | None = None
        self._channels = 0
        self._resampler: av.AudioResampler | None = None

    def add(self, frame: av.AudioFrame) -> None:
        if self.rate is None:
            self.rate, self._channels = frame.sample_rate, min(frame.layout.nb_channels, 2)
        if frame.sample_rate == self.rate and frame.layout.nb_channels == self._channels:
            self.flush()
            self.chunks.append(_to_float(frame))
            return
        if self._resampler is None:
            self._resampler = av.AudioResampler(format="fltp", layout="mono" if self._channels == 1 else "stereo",
                                                rate=self.rate)
        self.chunks.extend(out.to_ndarray() for out in self._resampler.resample(frame))

    def flush(self) -> None:
        if self._resampler is not None:
            self.chunks.extend(out.to_ndarray() for out in self._resampler.resample(None))
            self._resampler = None


def _to_float(frame: av.AudioFrame) -> np.ndarray:
    """A mono/stereo frame of any sample format as float32 (channels, n) in ±1."""
    data = frame.to_ndarray()
    if not frame.format.is_planar:
        data = data.reshape(-1, frame.layout.nb_channels).T
    kind = frame.format.name.removesuffix("p")
    if kind in ("flt", "dbl"):
        return data.astype(np.float32, copy=False)
    if kind == "u8":
        return (data.astype(np.float32) - 128.0) / 128.0
    return (data / _INT_SCALE[kind]).astype(np.float32)


def to_channels(samples: np.ndarray, channels: int) -> np.ndarray:
    """Map mono/stereo samples to `channels`: mono is duplicated at unity, stereo is averaged to mono."""
    _check_layout(channels, "channels")
    have = samples.shape[0]
    if have == channels:
        return samples
    if channels == 2 and have == 1:
        return np.repeat(samples, 2, axis=0)
    return samples.mean(axis=0, keepdims=True, dtype=np.float32) if have == 2 else samples[:channels]


def as_samples(data: np.ndarray, *, channels: int = CHANNELS, field: str = "input") -> np.ndarray:
    """Validate caller-provided samples (1-D, or (channels, samples)) and return float32 in `channels`."""
    arr = np.asarray(data)
    if arr.ndim == 1:
        arr = arr[np.newaxis, :]
    if arr.ndim != 2 or arr.shape[0] not in (1, 2):
        raise ValidationError(f"{field}: samples must be shaped (channels, samples) with 1 or 2 channels",
                              field=field)
    if arr.shape[1] == 0:
        raise ValidationError(f"{field}: contains no audio samples", field=field)
    arr = arr.astype(np.float32, copy=False)
    if not np.all(np.isfinite(arr)):
        raise ValidationError(f"{field}: samples contain NaN or infinity", field=field)
    return to_channels(arr, channels)


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Band-limited polyphase resampling of (channels, samples) between two rates."""
    if from_rate == to_rate:
        return samples
    g = math.gcd(from_rate, to_rate)
    # A Kaiser beta of 9 keeps images and aliases near -90 dB (scipy's default of 5 leaves them near -50).
    return resample_poly(samples, to_rate // g, from_rate // g, axis=1, window=("kaiser", 9.0)).astype(np.float32)


def _check_layout(channels: int, field: str) -> None:
    if channels not in (1, 2):
        raise ValidationError("channels must be 1 or 2", field=field)
