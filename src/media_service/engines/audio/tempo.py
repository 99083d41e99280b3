"""Tempo (BPM) and energy estimates for the music library.

BPM: onset strength (positive log-spectral flux) -> autocorrelation -> the lag whose multiples
line up best, weighted by a broad prior around 120 BPM to settle half/double-tempo ambiguity,
refined to a fraction of a frame by parabolic interpolation.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import ndimage
from scipy.signal import find_peaks, stft

from .loudness import integrated_loudness

HOP = 128
FFT_SIZE = 1024
ANALYSIS_RATE = 22_050  # what the library decodes to for analysis: plenty for onsets, half the work
_PRIOR_CENTRE_BPM = 120.0
_PRIOR_OCTAVES = 1.0


def onset_strength(mono: np.ndarray, sample_rate: int) -> np.ndarray:
    """Positive log-magnitude spectral flux per hop, with its slow trend removed."""
    _, _, spectrum = stft(mono, fs=sample_rate, nperseg=FFT_SIZE, noverlap=FFT_SIZE - HOP, boundary=None,
                          padded=False)
    magnitude = np.log1p(1000.0 * np.abs(spectrum))
    flux = np.maximum(0.0, np.diff(magnitude, axis=1)).sum(axis=0)
    trend = ndimage.uniform_filter1d(flux, max(1, round(sample_rate / HOP)), mode="nearest")  # 1 s mean
    return np.maximum(0.0, flux - trend)


def estimate_bpm(samples: np.ndarray, sample_rate: int, *, bpm_min: float = 60.0,
                 bpm_max: float = 200.0) -> float | None:
    """Tempo in BPM of (channels, samples) or mono samples; None when there is no steady pulse.

    Needs a few seconds of audio; within ±1 BPM on a steady click track.
    """
    mono = samples.mean(axis=0) if samples.ndim == 2 else samples
    frame_rate = sample_rate / HOP
    if mono.size < 4 * sample_rate:
        return None
    onsets = onset_strength(mono, sample_rate)
    if not onsets.any():
        return None
    onsets = onsets - onsets.mean()
    spectrum = np.fft.rfft(onsets, 2 * onsets.size)
    correlation = np.fft.irfft(spectrum * np.conj(spectrum))[: onsets.size]
    correlation /= correlation[0]
    lags = np.arange(math.floor(60 * frame_rate / bpm_max), math.ceil(60 * frame_rate / bpm_min) + 1)
    lags = lags[(lags > 1) & (3 * lags < correlation.size)]
    if lags.size == 0:
        return None
    # A true beat period also correlates at two and three periods; tatums and half-beats do not.
    score = correlation[lags] + 0.5 * correlation[2 * lags] + 0.33 * correlation[3 * lags]
    bpm_at_lag = 60 * frame_rate / lags
    prior = np.exp(-0.5 * (np.log2(bpm_at_lag / _PRIOR_CENTRE_BPM) / _PRIOR_OCTAVES) ** 2)
    best = int(np.argmax(np.maximum(score, 0) * prior))
    if score[best] <= 0.05:
        return None
    lag = _refine(correlation, int(lags[best]))
    return round(60 * frame_rate / lag, 2)


def _refine(correlation: np.ndarray, lag: int) -> float:
    """Sub-frame peak position by a parabola through the peak and its neighbours, averaged over multiples."""
    estimates = []
    for multiple in (1, 2, 3, 4):
        centre = lag * multiple
        if centre + 2 >= correlation.size:
            break
        window = correlation[centre - 2: centre + 3]
        peak = centre - 2 + int(np.argmax(window))
        left, mid, right = correlation[peak - 1: peak + 2]
        curvature = left - 2 * mid + right
        offset = 0.5 * (left - right) / curvature if curvature < 0 else 0.0
        estimates.append((peak + offset) / multiple)
    return float(np.mean(estimates)) if estimates else float(lag)


def estimate_energy(samples: np.ndarray, sample_rate: int, *, bpm: float | None = None) -> float:
    """A 0–1 energy score: the mean of loudness, brightness, onset rate and (when known) tempo, each scaled 0–1.

    A heuristic for ranking and filtering tracks: a quiet, dark, sparse, slow pad scores near 0; a
    loud, bright, busy, fast track near 1. Silence scores 0.
    """
    mono = samples.mean(axis=0) if samples.ndim == 2 else samples
    lufs = integrated_loudness(mono[np.newaxis, :], sample_rate)
    if not math.isfinite(lufs) or mono.size < FFT_SIZE:
        return 0.0
    freqs, _, spectrum = stft(mono, fs=sample_rate, nperseg=FFT_SIZE, noverlap=FFT_SIZE - 4 * HOP)
    magnitude = np.abs(spectrum)
    centroid = float(np.median((freqs[:, None] * magnitude).sum(axis=0) / (magnitude.sum(axis=0) + 1e-12)))
    onsets = onset_strength(mono, sample_rate)
    peaks, _ = find_peaks(onsets, height=onsets.mean() + onsets.std(), distance=max(1, round(0.1 * sample_rate / HOP)))
    onset_rate = peaks.size / (mono.size / sample_rate)
    parts = [
        (lufs + 24.0) / 14.0,  # -24 LUFS quiet .. -10 LUFS loud
        math.log2(max(centroid, 1.0) / 500.0) / 2.0,  # 500 Hz dark .. 2 kHz bright
        (onset_rate - 1.0) / 5.0,  # 1 .. 6 onsets per second
    ]
    if bpm is not None:
        parts.append((bpm - 60.0) / 100.0)  # 60 .. 160 BPM
    return round(float(np.mean(np.clip(parts, 0.0, 1.0))), 3)
