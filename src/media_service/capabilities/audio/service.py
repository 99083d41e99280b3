"""What every audio handler does around the engine: fetch and decode inputs (refusing silent ones), map
progress, pick output names, and describe the written file with its measured loudness."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from media_service.engines.audio import (
    SAMPLE_RATE,
    VIDEO_SUFFIXES,
    AudioResult,
    Encoding,
    Loudness,
    load_audio,
    probe_media,
)
from media_service.errors import ServiceError, UnsupportedMediaError, ValidationError
from media_service.media import MediaKind, detect_media

from .schemas import AudioFormat, AudioOutput, AudioOutputOptions

if TYPE_CHECKING:
    from media_service.jobs import JobContext

__all__ = ["SILENCE_DBFS", "audio_output", "encoding_for", "fetch_input", "load_input", "loudness_for",
           "output_file", "stage", "video_suffix"]

SOUND_KINDS = (MediaKind.AUDIO, MediaKind.VIDEO)
# Nothing in a file peaks above -70 dBFS: inaudible, and under the BS.1770 absolute gate, so no loudness
# target could be reached. Such an input is almost always a broken upstream step (an empty TTS take).
SILENCE_DBFS = -70.0
_SUFFIXES: dict[AudioFormat, str] = {"mp3": ".mp3", "wav": ".wav", "aac": ".m4a", "opus": ".opus", "flac": ".flac"}


def stage(ctx: JobContext, start: float, end: float, step: str) -> Callable[[float], None]:
    """A progress callable for the engine: its 0–1 maps onto [start, end] of the job, under `step`."""

    def report(fraction: float) -> None:
        ctx.progress(start + (end - start) * min(max(fraction, 0.0), 1.0), step)

    return report


def _named(exc: ServiceError, field: str) -> ServiceError:
    """The same error with its message starting with the request field, so the job's error reads alone."""
    if not isinstance(exc, ValidationError) or exc.message.startswith(f"{field}:"):
        return exc
    return type(exc)(f"{field}: {exc.message}", details=exc.details)


def fetch_input(ctx: JobContext, ref: str, *, field: str) -> Path:
    """A local file for `ref` (audio or video, checked by content); errors name `field`."""
    try:
        path: Path = ctx.inputs.fetch(ref, field=field, accepts=SOUND_KINDS)
    except ServiceError as exc:
        raise _named(exc, field) from None
    return path


def load_input(ctx: JobContext, ref: str, *, field: str) -> np.ndarray:
    """Fetch and decode `ref` to engine samples; a file without audio or with only silence is refused."""
    path = fetch_input(ctx, ref, field=field)
    try:
        samples = load_audio(path, field=field, cancelled=ctx.cancelled)
    except ServiceError as exc:
        raise _named(exc, field) from None
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    if peak <= 10 ** (SILENCE_DBFS / 20):
        level = f"{20 * np.log10(peak):.1f} dBFS" if peak > 0 else "digital silence"
        raise ValidationError(f"{field}: the audio is silent (peak {level}, below {SILENCE_DBFS:g} dBFS)",
                              field=field)
    ctx.log(f"{field}: {samples.shape[1] / SAMPLE_RATE:.2f} s decoded, peak {20 * np.log10(peak):.1f} dBFS")
    return samples


def video_suffix(path: Path, *, field: str) -> str | None:
    """The container suffix to write when `path` is a video (its own, else .mkv); None for audio."""
    if not probe_media(path, field=field).has_video:
        return None
    ext = f".{detect_media(path, verify=False, field=field).ext}"
    return ext if ext in VIDEO_SUFFIXES else ".mkv"


def output_file(ctx: JobContext, stem: str, fmt: AudioFormat | None, *, video: str | None = None) -> Path:
    """Where the engine writes: the job's scratch dir, named by format (or by the video container)."""
    suffix = video if fmt is None and video else _SUFFIXES[fmt or "mp3"]
    return ctx.workdir / f"{stem}{suffix}"


def loudness_for(target_lufs: float | None, true_peak_db: float) -> Loudness:
    """The engine's loudness stage for a request's target and ceiling."""
    return Loudness(target_lufs=target_lufs, true_peak_db=true_peak_db)


def encoding_for(request: AudioOutputOptions, fmt: AudioFormat | None) -> Encoding:
    """The engine's encoding for a request (format None: taken from the output name)."""
    return Encoding(format=fmt, bitrate=request.bitrate)


def audio_output(ctx: JobContext, result: AudioResult, request: AudioOutputOptions, *,
                 require_signal: bool = False, field: str = "input") -> AudioOutput:
    """Register the engine's file as the job's output and describe it with the measurement.

    With `require_signal`, a result with no gated loudness (the input was silent) fails the job: asking to
    normalise silence is a mistake the client should hear about, not a silent file.
    """
    m = result.measurement
    if require_signal and m.integrated_lufs is None:
        raise UnsupportedMediaError(f"{field}: the audio is silent (below -70 LUFS); there is nothing to normalise",
                                    field=field)
    ctx.progress(0.97, "saving")
    ref = ctx.outputs.save(result.path, request=request)
    ctx.log(f"wrote {Path(ref.path).name}: {m.duration_seconds:.2f} s, {m.integrated_lufs} LUFS, "
            f"{m.true_peak_db} dBTP, {ref.size_bytes} bytes")
    data = ref.model_dump(exclude={"format"})  # the audio format (mp3, …) names it here
    data["duration_seconds"] = data.get("duration_seconds") or round(m.duration_seconds, 3)
    data["sample_rate"] = data.get("sample_rate") or m.sample_rate
    data["channels"] = data.get("channels") or m.channels
    return AudioOutput(**data, format=result.format, integrated_lufs=m.integrated_lufs,
                       true_peak_db=m.true_peak_db, video_copied=result.video_copied)
