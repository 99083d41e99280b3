"""Tempo (BPM) and energy estimates for the music library.

BPM: onset strength (positive log-spectral flux) -> autocorrelation -> the lag whose multiples
line up best, weighted by a broad prior around 120 BPM to settle half/double-tempo ambiguity,
refined to a fraction of a frame by parabolic interpolation. Above ~160 BPM a steady pulse may be
reported at half tempo (as many listeners would count it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import ndimage
from scipy.signal import find_peaks, stft

from .loudness import integrated_loudness

HOP = 128
FFT_SIZE = 1024
ANALYSIS_RATE = 24_000  # what the library decodes to for analysis: plenty for onsets, half of 48 kHz
_PRIOR_CENTRE_BPM = 120.0
_PRIOR_OCTAVES = 1.0
_MIN_ONSET = 3.0  # onsets move the summed log-magnitude by 20+; steady tones and chords by under 1
_MIN_SALIENCE = 0.1


@dataclass(frozen=True)
class _Spectrum:
    """One STFT of the mono signal, shared by the tempo and energy estimates."""

    freqs: np.ndarray
    magnitude: np.ndarray
    sample_rate: int

    @classmethod
    def of(cls, samples: np.ndarray, sample_rate: int) -> _Spectrum:
        mono = samples.mean(axis=0) if samples.ndim == 2 else samples
        peak = float(np.abs(mono).max()) if mono.size else 0.0
        # Peak-normalised so the onset floor below means the same for quiet and loud recordings.
        mono = mono / peak if peak > 0 else mono
        freqs, _, spectrum = stft(mono, fs=sample_rate, nperseg=FFT_SIZE, noverlap=FFT_SIZE - HOP, boundary=None,
                                  padded=False)
        return cls(freqs, np.abs(spectrum).astype(np.float32), sample_rate)

    def onsets(self) -> np.ndarray:
        """Positive log-magnitude spectral flux per hop, with its 1 s moving mean removed."""
        log_magnitude = np.log1p(100.0 * self.magnitude)
        flux = np.maximum(0.0, np.diff(log_magnitude, axis=1)).sum(axis=0)
        trend = ndimage.uniform_filter1d(flux, max(1, round(self.sample_rate / HOP)), mode="nearest")
        return np.maximum(0.0, flux - trend)


def estimate_bpm(samples: np.ndarray, sample_rate: int, *, bpm_min: float = 60.0,
                 bpm_max: float = 200.0) -> float | None:
    """Tempo in BPM of (channels, samples) or mono samples; None when there is no steady pulse.

    Needs at least 4 s of audio; within ±1 BPM on a steady click track.
    """
    if samples.shape[-1] < 4 * sample_rate:
        return None
    return _bpm(_Spectrum.of(samples, sample_rate).onsets(), sample_rate, bpm_min, bpm_max)


def _bpm(onsets: np.ndarray, sample_rate: int, bpm_min: float, bpm_max: float) -> float | None:
    if onsets.size == 0 or onsets.max() < _MIN_ONSET:
        return None
    frame_rate = sample_rate / HOP
    centred = onsets - onsets.mean()
    spectrum = np.fft.rfft(centred, 2 * centred.size)
    correlation = np.fft.irfft(spectrum * np.conj(spectrum))[: centred.size]
    correlation /= correlation[0]
    lags = np.arange(math.floor(60 * frame_rate / bpm_max), math.ceil(60 * frame_rate / bpm_min) + 1)
    lags = lags[(lags > 1) & (3 * lags < correlation.size)]
    if lags.size == 0:
        return None
    # A true beat period also correlates at two and three periods; tatums and half-beats do not.
    score = correlation[lags] + 0.5 * correlation[2 * lags] + 0.33 * correlation[3 * lags]
    prior = np.exp(-0.5 * (np.log2(60 * frame_rate / lags / _PRIOR_CENTRE_BPM) / _PRIOR_OCTAVES) ** 2)
    best = int(np.argmax(np.maximum(score, 0) * prior))
    if correlation[lags[best]] < _MIN_SALIENCE:
        return None
    return round(60 * frame_rate / _refine(correlation, int(lags[best])), 2)


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
    if samples.shape[-1] < FFT_SIZE:
        return 0.0
    spectrum = _Spectrum.of(samples, sample_rate)
    return _energy(samples, spectrum, spectrum.onsets(), bpm)


def analyse_music(samples: np.ndarray, sample_rate: int) -> tuple[float | None, float]:
    """(estimated BPM, energy) from one spectral analysis; what the library stores per track."""
    if samples.shape[-1] < FFT_SIZE:
        return None, 0.0
    spectrum = _Spectrum.of(samples, sample_rate)
    onsets = spectrum.onsets()
    bpm = _bpm(onsets, sample_rate, 60.0, 200.0) if samples.shape[-1] >= 4 * sample_rate else None
    return bpm, _energy(samples, spectrum, onsets, bpm)


def _energy(samples: np.ndarray, spectrum: _Spectrum, onsets: np.ndarray, bpm: float | None) -> float:
    mono = samples.mean(axis=0) if samples.ndim == 2 else samples
    lufs = integrated_loudness(mono[np.newaxis, :], spectrum.sample_rate)
    if not math.isfinite(lufs):
        return 0.0
    magnitude = spectrum.magnitude
    centroid = float(np.median((spectrum.freqs[:, None] * magnitude).sum(axis=0) / (magnitude.sum(axis=0) + 1e-12)))
    spacing = max(1, round(0.1 * spectrum.sample_rate / HOP))
    peaks, _ = find_peaks(onsets, height=onsets.mean() + onsets.std(), distance=spacing)
    onset_rate = peaks.size / (mono.size / spectrum.sample_rate)
    parts = [
        (lufs + 24.0) / 14.0,  # -24 LUFS quiet .. -10 LUFS loud
        math.log2(max(centroid, 1.0) / 500.0) / 2.0,  # 500 Hz dark .. 2 kHz bright
        (onset_rate - 1.0) / 5.0,  # 1 .. 6 onsets per second
    ]
    if bpm is not None:
        parts.append((bpm - 60.0) / 100.0)  # 60 .. 160 BPM
    return round(float(np.mean(np.clip(parts, 0.0, 1.0))), 3)
