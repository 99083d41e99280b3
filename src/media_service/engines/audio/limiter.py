"""True-peak detection (4x oversampled, BS.1770-4 Annex 2) and a look-ahead true-peak limiter.

Oversampling a whole programme is the expensive part of loudness work, so the oversampled value is
only computed around samples that could possibly reach the level of interest: an interpolated value
is bounded by the sum of |taps| of its phase times the largest neighbouring sample, so any sample
whose neighbourhood is below level / bound cannot produce a peak above level. The result is exactly
what full oversampling gives, at a fraction of the cost on real programme material.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy import ndimage
from scipy.signal import oaconvolve, resample_poly

OVERSAMPLING = 4
_HALF_WIDTH = 11  # input samples each side that the interpolation filter reaches (resample_poly: 10)
_BLOCK = 128  # small blocks keep the oversampled share of dense programme material near a third
_RELEASE_BLOCK = 16
_MARGIN_DB = 0.02  # headroom for the gain curve's own interpolation error; checked after every pass
_MAX_PASSES = 4
LOOKAHEAD_MS = 5.0
RELEASE_MS = 80.0


@functools.cache
def _polyphase() -> tuple[np.ndarray, float]:
    """Interpolation taps (window, phase) matching scipy's resample_poly(x, 4, 1), and their peak gain bound."""
    width = 2 * _HALF_WIDTH + 1
    impulse = np.zeros(width)
    impulse[_HALF_WIDTH] = 1.0
    response = resample_poly(impulse, OVERSAMPLING, 1)  # response[4 * i + p] = weight of x[centre] in y_p[i]
    taps = np.empty((width, OVERSAMPLING))
    for i in range(width):
        # window row i holds x[n - W + i]; its weight in y_p[n] is the impulse response at n - (n - W + i).
        j = 2 * _HALF_WIDTH - i
        taps[i] = response[OVERSAMPLING * j: OVERSAMPLING * j + OVERSAMPLING]
    bound = float(np.abs(taps).sum(axis=0).max())
    return taps.astype(np.float32), bound


def peak_envelope(samples: np.ndarray, level: float) -> np.ndarray:
    """Per-sample true-peak envelope, linked across channels, exact wherever it may exceed `level`.

    Elsewhere it holds the sample peak, which is then known to keep the true peak below `level`.
    """
    envelope = np.abs(samples).max(axis=0)
    taps, bound = _polyphase()
    runs = _active_runs(envelope > level / bound)
    if not runs:
        return envelope
    # All runs, each with its own halo of real neighbours, go through one convolution per phase;
    # only run interiors are read back, so the seams between runs never matter.
    width = _HALF_WIDTH
    pieces = [np.pad(samples[:, max(0, a - width): b + width],
                     ((0, 0), (max(0, width - a), max(0, b + width - samples.shape[1])))) for a, b in runs]
    joined = np.concatenate(pieces, axis=1).astype(np.float32, copy=False)
    peak = np.zeros(joined.shape[1], dtype=np.float32)
    for phase in range(1, OVERSAMPLING):  # phase 0 is the signal itself
        interpolated = oaconvolve(joined, taps[::-1, phase][np.newaxis, :], mode="same", axes=1)
        np.maximum(peak, np.abs(interpolated).max(axis=0), out=peak)
    offset = 0
    for a, b in runs:
        inner = peak[offset + width: offset + width + b - a]
        np.maximum(envelope[a:b], inner, out=envelope[a:b])
        offset += b - a + 2 * width
    return envelope


def _active_runs(candidates: np.ndarray) -> list[tuple[int, int]]:
    """Sample ranges to oversample: blocks holding a candidate, widened by a block each side for the halo."""
    if not candidates.any():
        return []
    blocks = -(-candidates.size // _BLOCK)
    padded = np.zeros(blocks * _BLOCK, dtype=bool)
    padded[:candidates.size] = candidates
    active = np.asarray(padded.reshape(blocks, _BLOCK).any(axis=1))
    active[1:] |= active[:-1].copy()
    active[:-1] |= active[1:].copy()
    edges = np.flatnonzero(np.diff(np.concatenate(([0], active.view(np.int8), [0]))))
    return [(int(a) * _BLOCK, min(int(b) * _BLOCK, candidates.size)) for a, b in zip(edges[::2], edges[1::2])]


def true_peak(samples: np.ndarray) -> float:
    """Linear true peak of (channels, samples): the largest absolute value of the 4x oversampled signal."""
    if samples.size == 0:
        return 0.0
    sample_peak = float(np.abs(samples).max())
    if sample_peak == 0.0:
        return 0.0
    # The maximum is at least the sample peak, so only neighbourhoods that could beat it are interpolated.
    return float(peak_envelope(samples, sample_peak).max())


def limit_true_peak(samples: np.ndarray, *, sample_rate: int, ceiling_db: float = -1.0,
                    lookahead_ms: float = LOOKAHEAD_MS, release_ms: float = RELEASE_MS) -> np.ndarray:
    """Hold the true peak of (channels, samples) at or under `ceiling_db` dBTP; a copy is returned.

    A linked-stereo look-ahead limiter: the gain starts falling `lookahead_ms` before an over so it
    is fully down when the peak arrives (no overshoot, no clipping), then recovers exponentially over
    `release_ms`. Material under the ceiling is left bit-exact.
    """
    ceiling = 10 ** (ceiling_db / 20)
    out = samples.astype(np.float32, copy=True)
    for attempt in range(_MAX_PASSES):
        envelope = peak_envelope(out, ceiling)
        if envelope.max() <= ceiling:
            break
        # Each further pass aims a little lower, so a stubborn over cannot survive the loop.
        gain = limiter_gain(envelope, sample_rate=sample_rate, ceiling_db=ceiling_db - 0.1 * attempt,
                            lookahead_ms=lookahead_ms, release_ms=release_ms)
        out *= gain.astype(np.float32)
    return out


def limiter_gain(envelope: np.ndarray, *, sample_rate: int, ceiling_db: float = -1.0,
                 lookahead_ms: float = LOOKAHEAD_MS, release_ms: float = RELEASE_MS) -> np.ndarray:
    """Smooth gain (<= 1) such that gain[n] * envelope[n] stays under `ceiling_db` (less a small margin).

    The required gain is min-filtered over the look-ahead window, held with an exponential release,
    then averaged over the same window: every value averaged at n comes from a window containing n,
    so each is <= the gain that n needs, and so is their mean.
    """
    ceiling = 10 ** ((ceiling_db - _MARGIN_DB) / 20)
    lookahead = max(1, round(lookahead_ms * sample_rate / 1000))
    release = max(1.0, release_ms * sample_rate / 1000)
    required = np.minimum(1.0, ceiling / np.maximum(envelope.astype(np.float32), 1e-12)).astype(np.float32)
    if required.min() >= 1.0:
        return np.ones_like(required)
    ahead = ndimage.minimum_filter1d(required, lookahead, mode="nearest", origin=-(lookahead // 2))
    held = _release(ahead, release)
    return ndimage.uniform_filter1d(held, lookahead, mode="nearest", origin=(lookahead - 1) // 2)


def _release(gain: np.ndarray, release: float) -> np.ndarray:
    """Attenuation that never falls faster than exp(-t / release): a[n] = max_k a[k] * exp(-(n - k) / release).

    In log space this is a running maximum, so it needs no per-sample loop. It runs on the maxima of
    16-sample blocks (a third of a millisecond at 48 kHz): still >= the attenuation every sample
    needs, at a sixteenth of the cost; the smoothing that follows hides the steps.
    """
    blocks = -(-gain.size // _RELEASE_BLOCK)
    padded = np.ones(blocks * _RELEASE_BLOCK, dtype=gain.dtype)
    padded[:gain.size] = gain
    attenuation = -np.log(padded.reshape(blocks, _RELEASE_BLOCK).min(axis=1).astype(np.float64))
    if not attenuation.any():
        return gain
    ramp = np.arange(blocks) * (_RELEASE_BLOCK / release)
    with np.errstate(divide="ignore"):
        held = np.maximum.accumulate(np.log(attenuation) + ramp) - ramp
    return np.repeat(np.exp(-np.exp(held)).astype(gain.dtype), _RELEASE_BLOCK)[:gain.size]


def to_db(value: float) -> float | None:
    """Linear amplitude to dB; None for zero (JSON has no -inf)."""
    return 20 * math.log10(value) if value > 0 else None
