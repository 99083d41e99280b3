"""Write (channels, samples) float32 audio to mp3, wav, aac (.m4a), opus or flac with PyAV's encoders."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import get_args

import av
import av.error
import numpy as np

from media_service.errors import ValidationError

from .control import CancelFn, check_cancelled
from .decode import resample
from .models import DEFAULT_ENCODING, SAMPLE_RATE, AudioFormat, Encoding

SUFFIX_FORMATS: dict[str, AudioFormat] = {
    ".mp3": "mp3", ".wav": "wav", ".m4a": "aac", ".aac": "aac", ".opus": "opus", ".ogg": "opus", ".flac": "flac",
}
# Used when the output name has no suffix we recognise.
_CONTAINERS: dict[AudioFormat, str] = {"mp3": "mp3", "wav": "wav", "aac": "ipod", "opus": "ogg", "flac": "flac"}
_DEFAULT_BITRATES: dict[AudioFormat, int] = {"mp3": 192_000, "aac": 192_000, "opus": 128_000}
_FRAME_SAMPLES = 1 << 15
_QP2LAMBDA = 118  # FFmpeg's FF_QP2LAMBDA: how the CLI's -q:a becomes global_quality


def resolve_format(path: str | Path, requested: AudioFormat | None = None, *,
                   field: str = "output_format") -> AudioFormat:
    """The format to write `path` in: the requested one, or the one its suffix names; they must agree."""
    by_suffix = SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if requested is not None:
        if requested not in get_args(AudioFormat):
            raise ValidationError(f"{field}: unsupported audio format {requested!r}", field=field)
        if by_suffix is not None and by_suffix != requested:
            raise ValidationError(f"{field}: {requested} does not match the output name {Path(path).name}",
                                  field=field)
        return requested
    if by_suffix is None:
        raise ValidationError(f"{field}: cannot tell the audio format from {Path(path).name}; "
                              f"use one of {', '.join(sorted(SUFFIX_FORMATS))}", field=field)
    return by_suffix


def save_audio(samples: np.ndarray, path: str | Path, *, sample_rate: int = SAMPLE_RATE,
               encoding: Encoding = DEFAULT_ENCODING, cancelled: CancelFn | None = None) -> AudioFormat:
    """Encode (channels, samples) float32 to `path` and return the format written.

    mp3 is CBR at `encoding.bitrate` (192 kb/s) or VBR with `vbr_quality`; wav and flac are 16- or
    24-bit PCM; aac goes in an MPEG-4 (.m4a) container; opus is Ogg Opus at 48 kHz. Samples beyond
    ±1 are clipped by the integer formats, so callers run the loudness stage first.
    """
    fmt = resolve_format(path, encoding.format)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    container_format = None if target.suffix.lower() in SUFFIX_FORMATS else _CONTAINERS[fmt]
    container = av.open(str(target), mode="w", format=container_format)
    try:
        stream, rate = add_audio_stream(container, fmt, encoding, sample_rate=sample_rate,
                                        channels=samples.shape[0])
        for packet in encode_packets(stream, resample(samples, sample_rate, rate), rate, cancelled=cancelled):
            container.mux(packet)
    except BaseException:
        container.close()
        target.unlink(missing_ok=True)
        raise
    container.close()
    return fmt


def add_audio_stream(container: av.container.OutputContainer, fmt: AudioFormat, encoding: Encoding, *,
                     sample_rate: int, channels: int) -> tuple[av.audio.stream.AudioStream, int]:
    """Add an encoder stream for `fmt` to `container`; returns it and the sample rate it will run at."""
    codec_name, sample_format, options = _codec_settings(fmt, encoding)
    supported = av.codec.Codec(codec_name, "w").audio_rates
    rate = sample_rate if not supported or sample_rate in supported else SAMPLE_RATE
    stream = container.add_stream(codec_name, rate=rate, layout="mono" if channels == 1 else "stereo",
                                  options=options)
    assert isinstance(stream, av.audio.stream.AudioStream)  # an audio codec name always gives one
    if sample_format is not None:
        stream.codec_context.format = sample_format
    bitrate = encoding.bitrate or _DEFAULT_BITRATES.get(fmt)
    if bitrate is not None and not (fmt == "mp3" and encoding.vbr_quality is not None):
        stream.codec_context.bit_rate = bitrate
    return stream, rate


def _codec_settings(fmt: AudioFormat, encoding: Encoding) -> tuple[str, str | None, dict[str, str]]:
    """Encoder name, sample format and private options for a format."""
    match fmt:
        case "mp3":
            if encoding.vbr_quality is None:
                return "libmp3lame", "fltp", {}
            return "libmp3lame", "fltp", {"flags": "+qscale", "global_quality": str(encoding.vbr_quality * _QP2LAMBDA)}
        case "wav":
            return ("pcm_s24le" if encoding.bit_depth == 24 else "pcm_s16le"), None, {}
        case "flac":
            # FFmpeg's FLAC encoder writes 24-bit samples when fed s32.
            return "flac", ("s32" if encoding.bit_depth == 24 else "s16"), {}
        case "aac":
            return "aac", "fltp", {}
        case "opus":
            return "libopus", "flt", {}


def encode_packets(stream: av.audio.stream.AudioStream, samples: np.ndarray, sample_rate: int, *,
                   cancelled: CancelFn | None = None) -> Iterator[av.Packet]:
    """Encode samples through `stream`'s encoder, yielding packets (the encoder is flushed at the end).

    PyAV converts the float frames to the encoder's sample format and frame size itself.
    """
    layout = "mono" if samples.shape[0] == 1 else "stereo"
    time_base = Fraction(1, sample_rate)
    for start in range(0, samples.shape[1], _FRAME_SAMPLES):
        check_cancelled(cancelled)
        chunk = np.ascontiguousarray(samples[:, start:start + _FRAME_SAMPLES], dtype=np.float32)
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=layout)
        frame.sample_rate = sample_rate
        frame.time_base = time_base
        frame.pts = start
        yield from stream.encode(frame)
    yield from stream.encode(None)
