"""Audio-test signals and meters beyond tests/mediagen.py: speech-like noise, 4x-oversampled peaks,
band and onset levels, applied to what the API hands back."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
from scipy.signal import butter, resample_poly, sosfilt

from tests.mediagen import SR


def speech(seconds: float, start: float, end: float, *, level: float = 0.1, seed: int = 1) -> np.ndarray:
    """Band-limited (500–3400 Hz) noise 'words' of 150–350 ms with short gaps between `start` and `end`."""
    rng = np.random.default_rng(seed)
    out = np.zeros(round(seconds * SR))
    band = butter(4, [500, 3400], "bandpass", fs=SR, output="sos")
    at = start
    while at < end:
        word = min(rng.uniform(0.15, 0.35), end - at)
        n = round(word * SR)
        burst = sosfilt(band, rng.standard_normal(n)) * np.sin(np.pi * np.arange(n) / n)
        i = round(at * SR)
        out[i:i + n] += burst[: out.size - i]
        at += word + rng.uniform(0.06, 0.15)
    out *= level / np.sqrt(np.mean(out[out != 0] ** 2))
    return np.vstack([out, out]).astype(np.float32)


def codec_of(path: Path) -> str:
    with av.open(str(path)) as container:
        return str(container.streams.audio[0].codec_context.name)


def true_peak_db(samples: np.ndarray) -> float:
    return float(20 * np.log10(np.abs(resample_poly(samples.astype(np.float64), 4, 1, axis=1)).max()))


def rms_db(samples: np.ndarray, start: float, end: float, rate: int = SR) -> float:
    """RMS level (dBFS) over [start, end) seconds."""
    part = samples[:, round(start * rate):round(end * rate)].astype(np.float64)
    return float(10 * np.log10(np.mean(part * part) + 1e-30))


def tone_level_db(samples: np.ndarray, freq: float, start: float, end: float, rate: int = SR) -> float:
    """Amplitude (dBFS) of the `freq` component over [start, end): picks one instrument out of a mix."""
    mono = samples.mean(axis=0)[round(start * rate):round(end * rate)].astype(np.float64)
    t = np.arange(mono.size) / rate
    amplitude = 2 * np.abs(np.sum(mono * np.exp(-2j * np.pi * freq * t))) / mono.size
    return float(20 * np.log10(amplitude + 1e-30))


def onset(samples: np.ndarray, *, threshold_db: float, lowpass_hz: float | None = None, after: float = 0.0,
          rate: int = SR) -> float:
    """Seconds to the first 5 ms window from `after` on whose RMS exceeds `threshold_db` (after an optional
    low-pass; `after` skips the filter's own start-up transient)."""
    mono = samples.mean(axis=0).astype(np.float64)
    if lowpass_hz is not None:
        mono = sosfilt(butter(4, lowpass_hz, "lowpass", fs=rate, output="sos"), mono)
    hop = round(0.005 * rate)
    frames = mono[: mono.size // hop * hop].reshape(-1, hop)
    levels = 10 * np.log10(np.mean(frames * frames, axis=1) + 1e-30)
    hits = np.flatnonzero((levels > threshold_db) & (np.arange(levels.size) * hop >= after * rate))
    return float(hits[0] * hop / rate) if hits.size else float("inf")
