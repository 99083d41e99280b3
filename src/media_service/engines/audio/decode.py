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
        source_channels = stream.codec_context.layout.nb_channels or CHANNELS
        resampler = av.AudioResampler(format="fltp", layout="mono" if source_channels == 1 else "stereo",
                                      rate=sample_rate)
        chunks: list[np.ndarray] = []
        try:
            for index, packet in enumerate(container.demux(stream)):
                if index % 512 == 0:
                    check_cancelled(cancelled)
                try:
                    frames = packet.decode()
                except av.error.FFmpegError:
                    continue
                for frame in frames:
                    chunks.extend(out.to_ndarray() for out in resampler.resample(frame))
            chunks.extend(out.to_ndarray() for out in resampler.resample(None))
        except (av.error.FFmpegError, ValueError) as exc:
            if not chunks:
                raise UnsupportedMediaError(f"{field}: {Path(path).name} could not be decoded ({exc})",
                                            field=field) from exc
    if not chunks or sum(c.shape[1] for c in chunks) == 0:
        raise ValidationError(f"{field}: {Path(path).name} contains no audio samples", field=field)
    samples = np.concatenate(chunks, axis=1).astype(np.float32, copy=False)
    return to_channels(samples, channels)


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
    return resample_poly(samples, to_rate // g, from_rate // g, axis=1).astype(np.float32)


def _check_layout(channels: int, field: str) -> None:
    if channels not in (1, 2):
        raise ValidationError("channels must be 1 or 2", field=field)
