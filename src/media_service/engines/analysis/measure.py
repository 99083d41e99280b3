"""Honest measurements of a video or audio file: what can be counted without a model.

- scene cuts: frames sampled at `sample_fps`, shrunk to 64×36 grey; a cut is a frame whose mean absolute
  difference from the previous sample exceeds `CUT_THRESHOLD` (0–1 scale) and is at least 0.25 s after
  the previous cut; cuts per minute = cuts / duration × 60;
- sound: integrated loudness (ITU-R BS.1770, the audio engine's meter), the share of 50 ms frames below
  −45 dBFS (silence), the longest silent run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from media_service.engines.audio import integrated_loudness, load_audio, probe_media
from media_service.engines.audio.control import CancelFn, check_cancelled

__all__ = ["CUT_THRESHOLD", "SILENCE_DB", "SoundStats", "VisualStats", "measure_sound", "measure_visual"]

CUT_THRESHOLD = 0.12
SILENCE_DB = -45.0
_FRAME = 0.05


@dataclass(frozen=True, slots=True)
class VisualStats:
    duration: float
    cuts: tuple[float, ...]
    sampled_frames: int

    @property
    def cuts_per_minute(self) -> float:
        return round(len(self.cuts) / self.duration * 60, 2) if self.duration > 0 else 0.0


@dataclass(frozen=True, slots=True)
class SoundStats:
    duration: float
    has_audio: bool
    integrated_lufs: float | None
    silence_ratio: float
    longest_silence: float


def _grey(frame: av.VideoFrame) -> np.ndarray:
    small = frame.reformat(width=64, height=36, format="gray")
    return np.asarray(small.to_ndarray(), dtype=np.float32) / 255.0


def measure_visual(path: Path, *, sample_fps: float = 5.0, cancelled: CancelFn | None = None) -> VisualStats | None:
    """Scene cuts of the first video stream (None when the file has no picture)."""
    with av.open(str(path)) as container:
        if not container.streams.video:
            return None
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        previous: np.ndarray | None = None
        cuts: list[float] = []
        next_time, last_time, sampled = 0.0, 0.0, 0
        for frame in container.decode(stream):
            if frame.time is None or frame.time < next_time:
                continue
            check_cancelled(cancelled)
            next_time = frame.time + 1.0 / sample_fps
            last_time = frame.time
            grey = _grey(frame)
            sampled += 1
            if previous is not None and float(np.mean(np.abs(grey - previous))) > CUT_THRESHOLD \
                    and (not cuts or frame.time - cuts[-1] >= 0.25):
                cuts.append(round(float(frame.time), 3))
            previous = grey
        ticks, base = stream.duration, stream.time_base
        duration = float(ticks * base) if ticks is not None and base is not None else last_time + 1.0 / sample_fps
    return VisualStats(round(duration, 3), tuple(cuts), sampled)


def measure_sound(path: Path, *, cancelled: CancelFn | None = None) -> SoundStats:
    """Loudness and silence of the first audio stream (a file without sound is all silence)."""
    probe = probe_media(path, field="media")
    if not probe.has_audio:
        return SoundStats(round(probe.duration_seconds or 0.0, 3), False, None, 1.0, round(probe.duration_seconds or 0.0, 3))
    samples = load_audio(path, sample_rate=16_000, channels=1, field="media", cancelled=cancelled)
    mono = samples[0]
    hop = int(16_000 * _FRAME)
    frames = len(mono) // hop
    rms = np.sqrt(np.mean(mono[: frames * hop].reshape(frames, hop) ** 2, axis=1) + 1e-12) if frames else np.zeros(0)
    silent = 20 * np.log10(rms) < SILENCE_DB
    longest, run = 0, 0
    for quiet in silent:
        run = run + 1 if quiet else 0
        longest = max(longest, run)
    lufs = integrated_loudness(samples, 16_000) if frames else None
    lufs = None if lufs is None or not np.isfinite(lufs) else round(float(lufs), 2)
    return SoundStats(round(len(mono) / 16_000, 3), True, lufs, round(float(np.mean(silent)) if frames else 1.0, 3),
                      round(longest * _FRAME, 3))
