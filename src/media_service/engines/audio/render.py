"""File-to-file operations behind the audio endpoints: load, process, loudness stage, encode, measure."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from media_service.errors import UnsupportedMediaError, ValidationError

from .control import CancelFn, ProgressFn, check_cancelled, report, sub_progress
from .decode import load_audio, probe_media
from .duck import apply_ducking
from .encode import save_audio
from .loudness import measure, normalize_loudness
from .mix import mix_tracks
from .models import (DEFAULT_DUCKING, DEFAULT_ENCODING, DEFAULT_LOUDNESS, PEAK_SAFETY, SAMPLE_RATE, AudioResult,
                     DuckOutput, Ducking, Encoding, Loudness, SfxCue, Source, Track)
from .sfx import overlay_sfx
from .sources import load_source
from .timeline import apply_fades, fit_to_length, pad_to_length, to_samples, trim
from .video import is_video_path, write_with_video


def render_mix(tracks: Sequence[Track], out_path: str | Path, *, duration: float | None = None,
               ducking: Ducking | None = None, loudness: Loudness = DEFAULT_LOUDNESS,
               encoding: Encoding = DEFAULT_ENCODING, progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> AudioResult:
    """Mix `tracks` (see mix_tracks) to `out_path`, normalised to `loudness` (-14 LUFS, -1 dBTP)."""
    samples = mix_tracks(tracks, duration=duration, ducking=ducking, loudness=loudness,
                         progress=sub_progress(progress, 0.0, 0.85), cancelled=cancelled)
    return _write(samples, out_path, encoding, progress=progress, cancelled=cancelled)


def render_ducked(voice: Source, music: Source, out_path: str | Path, *, ducking: Ducking = DEFAULT_DUCKING,
                  output: DuckOutput = "mix", loudness: Loudness = PEAK_SAFETY, encoding: Encoding = DEFAULT_ENCODING,
                  progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> AudioResult:
    """Duck `music` under `voice`; write the ducked music alone (`output="music"`) or voice + ducked music.

    The mix lasts as long as the longer input, the music stem as long as the music. By default only
    the true-peak ceiling is applied, so levels stay as given.
    """
    if output not in ("mix", "music"):
        raise ValidationError("output must be 'mix' or 'music'", field="output")
    voice_audio = load_source(voice, field="voice", cancelled=cancelled)
    report(progress, 0.3)
    music_audio = load_source(music, field="music", cancelled=cancelled)
    report(progress, 0.6)
    check_cancelled(cancelled)
    ducked = apply_ducking(music_audio, voice_audio, sample_rate=SAMPLE_RATE, ducking=ducking)
    if output == "mix":
        length = max(voice_audio.shape[1], ducked.shape[1])
        ducked = pad_to_length(ducked, length) + pad_to_length(voice_audio, length)
    samples = normalize_loudness(ducked, sample_rate=SAMPLE_RATE, loudness=loudness)
    return _write(samples, out_path, encoding, progress=progress, cancelled=cancelled)


def render_sfx(base: str | Path, cues: Sequence[SfxCue], out_path: str | Path, *, loudness: Loudness = PEAK_SAFETY,
               encoding: Encoding = DEFAULT_ENCODING, progress: ProgressFn | None = None,
               cancelled: CancelFn | None = None) -> AudioResult:
    """Overlay `cues` onto the audio of `base` (an audio file, or a video).

    A video base written to a video name (.mp4, .mov, .mkv, .webm) keeps its video stream as is and
    its length; a video without audio gets the effects over silence. An audio output grows to hold
    effects that run past the base's end.
    """
    video_out = _check_video_output(base, out_path, field="base")
    probe = probe_media(base, field="base")
    if probe.has_audio:
        base_audio = load_audio(base, field="base", cancelled=cancelled)
    elif probe.has_video and probe.duration_seconds:
        base_audio = np.zeros((2, to_samples(probe.duration_seconds, SAMPLE_RATE)), dtype=np.float32)
    else:
        raise UnsupportedMediaError("base: has neither audio nor a video with a duration", field="base")
    report(progress, 0.3)
    samples = overlay_sfx(base_audio, cues, extend=not video_out, progress=sub_progress(progress, 0.3, 0.6),
                          cancelled=cancelled)
    samples = normalize_loudness(samples, sample_rate=SAMPLE_RATE, loudness=loudness)
    if video_out:
        return _write_video(base, samples, out_path, encoding, cancelled=cancelled)
    return _write(samples, out_path, encoding, progress=progress, cancelled=cancelled)


def render_normalized(source: str | Path, out_path: str | Path, *, loudness: Loudness = DEFAULT_LOUDNESS,
                      encoding: Encoding = DEFAULT_ENCODING, progress: ProgressFn | None = None,
                      cancelled: CancelFn | None = None) -> AudioResult:
    """Normalise the loudness of an audio file, or of a video's audio with its video stream copied."""
    video_out = _check_video_output(source, out_path, field="input")
    samples = load_audio(source, field="input", cancelled=cancelled)
    report(progress, 0.4)
    check_cancelled(cancelled)
    samples = normalize_loudness(samples, sample_rate=SAMPLE_RATE, loudness=loudness)
    report(progress, 0.8)
    if video_out:
        return _write_video(source, samples, out_path, encoding, cancelled=cancelled)
    return _write(samples, out_path, encoding, progress=progress, cancelled=cancelled)


def render_excerpt(source: Source, out_path: str | Path, *, start: float = 0.0, duration: float | None = None,
                   loop: bool = True, fade_in: float = 0.0, fade_out: float = 0.0,
                   loudness: Loudness = PEAK_SAFETY, encoding: Encoding = DEFAULT_ENCODING,
                   cancelled: CancelFn | None = None) -> AudioResult:
    """A track from `start`, cut (or, with `loop`, looped with a crossfade) to `duration` seconds, faded."""
    if duration is not None and not (duration > 0):
        raise ValidationError("duration must be a positive number of seconds", field="duration")
    audio = trim(load_source(source, field="source", cancelled=cancelled), sample_rate=SAMPLE_RATE, start=start,
                 field="start")
    length = audio.shape[1] if duration is None else to_samples(duration, SAMPLE_RATE)
    body = fit_to_length(audio, length, loop=loop, sample_rate=SAMPLE_RATE)
    apply_fades(body, sample_rate=SAMPLE_RATE, fade_in=fade_in, fade_out=fade_out)
    samples = normalize_loudness(body, sample_rate=SAMPLE_RATE, loudness=loudness)
    return _write(samples, out_path, encoding, cancelled=cancelled)


def _check_video_output(source: str | Path, out_path: str | Path, *, field: str) -> bool:
    """Whether to write a video; a video name needs a video input."""
    if not is_video_path(out_path):
        return False
    if not probe_media(source, field=field).has_video:
        raise ValidationError(f"output: {Path(out_path).name} is a video name but {field} has no video",
                              field="output")
    return True


def _write(samples: np.ndarray, out_path: str | Path, encoding: Encoding, *, progress: ProgressFn | None = None,
           cancelled: CancelFn | None = None) -> AudioResult:
    fmt = save_audio(samples, out_path, sample_rate=SAMPLE_RATE, encoding=encoding, cancelled=cancelled)
    report(progress, 1.0)
    return AudioResult(path=Path(out_path), format=fmt, measurement=measure(samples, SAMPLE_RATE))


def _write_video(video: str | Path, samples: np.ndarray, out_path: str | Path, encoding: Encoding, *,
                 cancelled: CancelFn | None = None) -> AudioResult:
    write_with_video(video, samples, out_path, sample_rate=SAMPLE_RATE, bitrate=encoding.bitrate,
                     cancelled=cancelled)
    fmt = "opus" if Path(out_path).suffix.lower() == ".webm" else "aac"
    return AudioResult(path=Path(out_path), format=fmt, measurement=measure(samples, SAMPLE_RATE),
                       video_copied=True)
