"""Word timings: trimming engine word spans to where there is sound, and the syllable-weight estimate.

The estimate is for audio whose engine gives no alignment: it finds the voiced stretches of the audio
(~10 ms frames above a threshold relative to the loudest frame), then shares the voiced time among the
words in proportion to their syllable weights (`text.syllable_weight`). It is an estimate, documented
as such wherever it is returned (`Speech.timing_source == "estimate"`).
"""

from __future__ import annotations

import numpy as np

from .models import WordTiming
from .text import syllable_weight, written_words

FRAME_SECONDS = 0.01
SILENCE_DB = -40.0


def frame_hop(sample_rate: int) -> int:
    """Samples per analysis frame (about 10 ms; frame i starts at i * hop / sample_rate seconds)."""
    return max(1, int(sample_rate * FRAME_SECONDS))


def frame_energy_db(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """RMS level of each ~10 ms frame of mono `samples`, in dB relative to the loudest frame."""
    hop = frame_hop(sample_rate)
    count = len(samples) // hop
    if count == 0:
        return np.zeros(0, dtype=np.float64)
    frames = samples[: count * hop].astype(np.float64).reshape(count, hop)
    rms = np.sqrt(np.mean(frames * frames, axis=1)) + 1e-12
    return 20 * np.log10(rms / rms.max())


def voiced_mask(samples: np.ndarray, sample_rate: int, threshold_db: float = SILENCE_DB) -> np.ndarray:
    """One boolean per 10 ms frame: True where the frame is within `threshold_db` of the loudest one."""
    return frame_energy_db(samples, sample_rate) > threshold_db


def trim_word_ends(words: list[WordTiming], samples: np.ndarray, sample_rate: int) -> list[WordTiming]:
    """Pull each word's end back to its last voiced frame before the next word starts.

    Engines that report only word starts (espeak-ng) give a word up to the next word's start, pauses
    included; this moves the end to where the sound stops.
    """
    mask = voiced_mask(samples, sample_rate)
    frame = frame_hop(sample_rate) / sample_rate
    trimmed = []
    for word in words:
        first = int(word.start / frame)
        last = min(len(mask), int(np.ceil(word.end / frame)))
        voiced = np.flatnonzero(mask[first:last])
        end = (first + voiced[-1] + 1) * frame if voiced.size else word.end
        trimmed.append(WordTiming(word.text, word.start, float(max(word.start + frame, min(end, word.end)))))
    return trimmed


def estimate_word_timings(text: str, samples: np.ndarray, sample_rate: int) -> list[WordTiming]:
    """Word times estimated from syllable weights over the voiced part of the audio (no engine alignment)."""
    words = written_words(text)
    if not words:
        return []
    mask = voiced_mask(samples, sample_rate)
    voiced_frames = np.flatnonzero(mask)
    if voiced_frames.size == 0:
        return []
    frame = frame_hop(sample_rate) / sample_rate
    weights = np.array([syllable_weight(word) for word in words])
    # Cumulative voiced time → position in the audio: word boundaries fall on voiced frames only.
    bounds = np.concatenate([[0.0], np.cumsum(weights) / weights.sum()]) * voiced_frames.size
    timings = []
    for i, word in enumerate(words):
        a = voiced_frames[min(int(bounds[i]), voiced_frames.size - 1)]
        b = voiced_frames[max(min(int(np.ceil(bounds[i + 1])) - 1, voiced_frames.size - 1), 0)]
        timings.append(WordTiming(word, float(a * frame), float((b + 1) * frame)))
    return timings


def shift(words: list[WordTiming], offset: float) -> list[WordTiming]:
    """The same words moved `offset` seconds later (chunks placed in the joined audio)."""
    return [WordTiming(w.text, w.start + offset, w.end + offset) for w in words]
