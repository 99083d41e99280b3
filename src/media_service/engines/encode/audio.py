"""The audio track of an encode: a file or an array, resampled, cut or padded to the video, encoded in step.

Audio is fed to the muxer a little at a time as video frames go out, so the two streams interleave in the
file (players read it front to back) and a long file is never decoded whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import av
import numpy as np
from av.audio.stream import AudioStream
from av.container import OutputContainer
from av.packet import Packet

from media_service.errors import UnsupportedMediaError, ValidationError

# Rates AAC can signal without an escape; anything else is resampled to 48 kHz.
_AAC_RATES = frozenset({8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000})
_OPUS_RATE = 48_000
_ARRAY_CHUNK = 8192  # samples per frame handed to the resampler when an array needs a new rate


@dataclass(frozen=True)
class AudioArray:
    """Audio already in memory: `samples` is float (channels, n) or (n,) in [-1, 1], at `rate` Hz."""

    samples: np.ndarray
    rate: int


AudioInput = str | os.PathLike[str] | AudioArray


class AudioTrack:
    """An audio stream in an output container, written in step with the video.

    `write_until(seconds)` encodes whole codec frames up to a point in time; `finish(seconds)` ends the
    track at exactly that duration, padding with silence when the source is shorter and cutting it when
    longer.
    """

    def __init__(self, container: OutputContainer, source: AudioInput, *, codec: str, bit_rate: int,
                 mux: Callable[[Sequence[Packet[Any]]], None]) -> None:
        channels, in_rate = _probe(source)
        self.rate = _OPUS_RATE if codec == "libopus" else (in_rate if in_rate in _AAC_RATES else 48_000)
        self.layout = "mono" if channels == 1 else "stereo"
        self.channels = 1 if channels == 1 else 2
        self._stream = cast(AudioStream, container.add_stream(codec, rate=self.rate, layout=self.layout))
        self._stream.bit_rate = bit_rate
        self._stream.codec_context.time_base = Fraction(1, self.rate)
        self._mux = mux
        self._blocks = _blocks(source, rate=self.rate, layout=self.layout)
        # Slicing the current block (not concatenating a backlog) keeps a long array source O(n).
        self._current = np.zeros((self.channels, 0), np.float32)
        self._offset = 0
        self.samples_written = 0

    @property
    def frame_size(self) -> int:
        # Known once the codec is open (the container opens it with the header); 1024 for AAC, 960 for Opus.
        return self._stream.codec_context.frame_size or 1024

    def write_until(self, seconds: float) -> None:
        """Encode whole codec frames while they end at or before `seconds`."""
        target = round(seconds * self.rate)
        size = self.frame_size
        while self.samples_written + size <= target:
            self._encode(self._take(size))

    def finish(self, seconds: float) -> None:
        """End the track at `seconds` exactly (a short last frame if needed) and flush the encoder."""
        target = round(seconds * self.rate)
        while self.samples_written < target:
            self._encode(self._take(min(self.frame_size, target - self.samples_written)))
        self._mux(self._stream.encode(None))
        self.close()

    def close(self) -> None:
        """Release the source (closes an open input file); safe to call twice."""
        self._blocks.close()

    def _encode(self, block: np.ndarray) -> None:
        frame = av.AudioFrame.from_ndarray(block, format="fltp", layout=self.layout)
        frame.sample_rate = self.rate
        frame.time_base = Fraction(1, self.rate)
        frame.pts = self.samples_written
        self.samples_written += block.shape[1]
        self._mux(self._stream.encode(frame))

    def _take(self, n: int) -> np.ndarray:
        """The next `n` samples, zero-padded once the source has run out."""
        parts: list[np.ndarray] = []
        need = n
        while need > 0:
            if self._offset >= self._current.shape[1]:
                block = next(self._blocks, None)
                if block is None:
                    break
                self._current, self._offset = block, 0
                continue
            part = self._current[:, self._offset:self._offset + need]
            self._offset += part.shape[1]
            need -= part.shape[1]
            parts.append(part)
        if need:
            parts.append(np.zeros((self.channels, need), np.float32))
        return np.ascontiguousarray(np.concatenate(parts, axis=1) if len(parts) > 1 else parts[0], dtype=np.float32)


def _probe(source: AudioInput) -> tuple[int, int]:
    """(channels, rate) of the source; errors name the `audio` field."""
    if isinstance(source, AudioArray):
        samples = _as_planar(source.samples)
        if not isinstance(source.rate, int) or not 8000 <= source.rate <= 192_000:
            raise ValidationError(f"audio rate must be 8000..192000 Hz, got {source.rate!r}", field="audio")
        return samples.shape[0], source.rate
    path = Path(source)
    if not path.is_file():
        raise ValidationError(f"audio file not found: {path}", field="audio")
    try:
        with av.open(str(path)) as probe:
            if not probe.streams.audio:
                raise UnsupportedMediaError(f"{path.name} has no audio stream", field="audio")
            ctx = probe.streams.audio[0].codec_context
            return ctx.channels, ctx.sample_rate
    except av.FFmpegError as exc:
        raise UnsupportedMediaError(f"{path.name} is not a readable audio file: {exc}", field="audio") from exc


def _as_planar(samples: np.ndarray) -> np.ndarray:
    array = np.asarray(samples)
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2 or not 1 <= array.shape[0] <= 8 or not np.issubdtype(array.dtype, np.floating):
        raise ValidationError("audio samples must be a float array shaped (channels, n) with 1..8 channels",
                              field="audio")
    return array.astype(np.float32, copy=False)


def _blocks(source: AudioInput, *, rate: int, layout: str) -> Generator[np.ndarray, None, None]:
    """Planar float32 blocks (channels, n) of the source at `rate` and `layout`."""
    if isinstance(source, AudioArray):
        return _array_blocks(_as_planar(source.samples), source.rate, rate=rate, layout=layout)
    return _file_blocks(Path(source), rate=rate, layout=layout)


def _array_blocks(samples: np.ndarray, in_rate: int, *, rate: int, layout: str) -> Generator[np.ndarray, None, None]:
    channels = 1 if layout == "mono" else 2
    if in_rate == rate and samples.shape[0] == channels:
        yield samples  # already right: no copy, no resampler
        return
    resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
    in_layout = av.AudioLayout(samples.shape[0]).name if samples.shape[0] > 2 else (
        "mono" if samples.shape[0] == 1 else "stereo")
    for start in range(0, samples.shape[1], _ARRAY_CHUNK):
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples[:, start:start + _ARRAY_CHUNK]),
                                           format="fltp", layout=in_layout)
        frame.sample_rate = in_rate
        frame.pts = start
        frame.time_base = Fraction(1, in_rate)
        for out in resampler.resample(frame):
            yield out.to_ndarray()
    for out in resampler.resample(None):
        yield out.to_ndarray()


def _file_blocks(path: Path, *, rate: int, layout: str) -> Generator[np.ndarray, None, None]:
    with av.open(str(path)) as container:
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
        for frame in container.decode(audio=0):
            for out in resampler.resample(frame):
                yield out.to_ndarray()
        for out in resampler.resample(None):
            yield out.to_ndarray()
