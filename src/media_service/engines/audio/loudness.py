"""Loudness measurement (ITU-R BS.1770-4 / EBU R128) and normalisation to a target with a true-peak ceiling.

Measurement is implemented here rather than borrowed from pyloudnorm so the tests can use pyloudnorm
as an independent check of it.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.signal import sosfilt

from .limiter import limit_true_peak, limiter_gain, peak_envelope, to_db, true_peak
from .models import DEFAULT_LOUDNESS, AudioMeasurement, Loudness

BLOCK_SECONDS = 0.4
STEP_SECONDS = 0.1  # 75 % block overlap
ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
# Surround channels weigh +1.5 dB; the engine only handles mono and stereo, where every weight is 1.
_CHANNEL_WEIGHTS = (1.0, 1.0, 1.0, 1.41, 1.41)
_TOLERANCE_LU = 0.05
_MAX_PASSES = 8
_MAX_EXTRA_GAIN_DB = 12.0
_ENVELOPE_HEADROOM_DB = 2.0


def k_weighting(sample_rate: int) -> np.ndarray:
    """The BS.1770 K-weighting pre-filter (high shelf + RLB high-pass) as second-order sections.

    Coefficients are derived for any rate from the analogue prototype (as libebur128 does); at 48 kHz
    they equal the ones tabulated in the standard.
    """
    k = math.tan(math.pi * 1681.974450955533 / sample_rate)
    vh = 10 ** (3.999843853973347 / 20)
    vb = vh ** 0.4996667741545416
    q = 0.7071752369554196
    a0 = 1 + k / q + k * k
    shelf = [(vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0,
             1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]
    k = math.tan(math.pi * 38.13547087602444 / sample_rate)
    q = 0.5003270373238773
    a0 = 1 + k / q + k * k
    highpass = [1.0, -2.0, 1.0, 1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]
    return np.array([shelf, highpass])


def integrated_loudness(samples: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness in LUFS of (channels, samples); -inf when nothing passes the -70 LUFS gate.

    Signals shorter than one 400 ms block are measured as a single block.
    """
    return gated_loudness(weighted_power(samples, sample_rate), sample_rate)


def weighted_power(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """Per-sample, channel-weighted square of the K-weighted signal (what the gating blocks average)."""
    weighted = sosfilt(k_weighting(sample_rate), samples.astype(np.float64), axis=1)
    power = np.zeros(weighted.shape[1])
    for channel, signal in enumerate(weighted):
        power += _CHANNEL_WEIGHTS[min(channel, len(_CHANNEL_WEIGHTS) - 1)] * signal * signal
    return power


def gated_loudness(power: np.ndarray, sample_rate: int) -> float:
    """BS.1770 gating over 400 ms blocks (75 % overlap): absolute gate -70 LUFS, relative gate -10 LU."""
    if power.size == 0:
        return -math.inf
    block = round(BLOCK_SECONDS * sample_rate)
    step = round(STEP_SECONDS * sample_rate)
    if power.size < block:
        energy = np.array([power.mean()])
    else:
        cumulative = np.concatenate(([0.0], np.cumsum(power)))
        starts = np.arange(0, power.size - block + 1, step)
        energy = (cumulative[starts + block] - cumulative[starts]) / block
    loud = energy > 10 ** ((ABSOLUTE_GATE_LUFS + 0.691) / 10)
    if not np.any(loud):
        return -math.inf
    relative_gate = energy[loud].mean() * 10 ** (RELATIVE_GATE_LU / 10)
    gated = energy[loud & (energy > relative_gate)]
    return -0.691 + 10 * math.log10(gated.mean())


def measure(samples: np.ndarray, sample_rate: int) -> AudioMeasurement:
    """Duration, rate, channels, integrated loudness and true peak of (channels, samples)."""
    lufs = integrated_loudness(samples, sample_rate) if samples.size else -math.inf
    return AudioMeasurement(
        duration_seconds=samples.shape[1] / sample_rate,
        sample_rate=sample_rate,
        channels=samples.shape[0],
        integrated_lufs=round(lufs, 2) if math.isfinite(lufs) else None,
        true_peak_db=_round(to_db(true_peak(samples))),
    )


def normalize_loudness(samples: np.ndarray, *, sample_rate: int, loudness: Loudness = DEFAULT_LOUDNESS) -> np.ndarray:
    """Gain (channels, samples) to `loudness.target_lufs` and hold the true peak under `loudness.true_peak_db`.

    The limiter only touches passages that would cross the ceiling; when limiting pulls the programme
    below target, the gain is raised until the loudness is within 0.05 LU (at most +12 dB more).
    Audio with no gated loudness (silence, or noise under -70 LUFS) is never amplified.
    """
    ceiling_db = loudness.true_peak_db
    if loudness.target_lufs is None:
        return limit_true_peak(samples, sample_rate=sample_rate, ceiling_db=ceiling_db)
    power = weighted_power(samples, sample_rate)
    current = gated_loudness(power, sample_rate)
    if not math.isfinite(current):
        return limit_true_peak(samples, sample_rate=sample_rate, ceiling_db=ceiling_db)
    gain_db = loudness.target_lufs - current
    max_gain_db = gain_db + _MAX_EXTRA_GAIN_DB
    # Peaks and K-weighted power scale with the gain, so both are measured once on the input and the
    # passes only rescale them; the limiter's slow gain curve commutes with K-weighting closely enough
    # for estimating, and the exact ceiling is enforced on the result below. The envelope is exact
    # wherever a gain up to `covered_db` could push it over; a pass wanting more measures it again.
    covered_db = -math.inf
    for _ in range(_MAX_PASSES):
        if gain_db > covered_db:
            covered_db = min(gain_db + _ENVELOPE_HEADROOM_DB, max_gain_db)
            envelope = peak_envelope(samples, 10 ** ((ceiling_db - covered_db) / 20))
        gain = 10 ** (gain_db / 20)
        curve = limiter_gain(envelope * gain, sample_rate=sample_rate, ceiling_db=ceiling_db)
        total = gain * curve
        error = loudness.target_lufs - gated_loudness(power * total * total, sample_rate)
        if abs(error) < _TOLERANCE_LU:
            break
        gain_db = min(gain_db + error, max_gain_db)
    return limit_true_peak(samples * total.astype(np.float32), sample_rate=sample_rate, ceiling_db=ceiling_db)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
