"""Sidechain ducking: music (and optionally sfx) sits at `duck_to` while the voice speaks.

The engine sees the whole programme, so the sidechain is computed offline and exactly:
voice RMS envelope -> gate (threshold) -> bridge pauses shorter than hold -> gain ramps that finish
attack_ms *before* speech starts (look-ahead) and recover within release_ms after it ends. While the
voice speaks the music gain is exactly duck_to; nothing is estimated by a feedback compressor.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from .models import Ducking
from .timeline import pad_to_length, to_samples

ENVELOPE_WINDOW_MS = 20.0
MIN_SPEECH_MS = 30.0  # isolated blips shorter than this (clicks, breaths) do not duck the music


def voice_activity(voice: np.ndarray, *, sample_rate: int, threshold_db: float, hold_ms: float) -> np.ndarray:
    """Boolean mask (samples,) of where the voice speaks.

    Speech is where the centred 20 ms RMS exceeds `threshold_db` dBFS; pauses shorter than `hold_ms`
    count as speech (so words do not pump the music) and bursts shorter than 30 ms do not.
    """
    power = np.square(voice, dtype=np.float32).mean(axis=0)
    window = max(1, to_samples(ENVELOPE_WINDOW_MS / 1000, sample_rate))
    # A centred window keeps the gate edges within half a window of the real word edges.
    rms_power = ndimage.uniform_filter1d(power, window, mode="constant")
    active = rms_power > 10 ** (threshold_db / 10)
    active = _fill_runs(active, value=False, shorter_than=to_samples(hold_ms / 1000, sample_rate))
    return _fill_runs(active, value=True, shorter_than=to_samples(MIN_SPEECH_MS / 1000, sample_rate))


def _fill_runs(mask: np.ndarray, *, value: bool, shorter_than: int) -> np.ndarray:
    """Flip interior runs of `value` shorter than `shorter_than` samples (runs touching an end stay)."""
    if shorter_than <= 0 or mask.size == 0:
        return mask
    edges = np.flatnonzero(np.diff(mask.view(np.int8))) + 1
    bounds = np.concatenate(([0], edges, [mask.size]))
    starts, stops = bounds[:-1], bounds[1:]
    runs_value = mask[starts]
    interior = (starts > 0) & (stops < mask.size)
    flip = (runs_value == value) & interior & ((stops - starts) < shorter_than)
    if not flip.any():
        return mask
    return np.repeat(np.where(flip, not value, runs_value), stops - starts)


def duck_gain(voice: np.ndarray, *, sample_rate: int, ducking: Ducking, length: int | None = None) -> np.ndarray:
    """Gain curve (samples,) for the music: 1 away from speech, `duck_to` during it, smooth ramps between.

    The ramp down starts `attack_ms` before each speech onset; the ramp up starts when speech ends and
    reaches 1 exactly `release_ms` later. Ramps are raised-cosine shaped so they do not click.
    `length` extends (or cuts) the curve to the music's length; past the voice's end the gain is 1.
    """
    length = voice.shape[1] if length is None else length
    active = voice_activity(pad_to_length(voice, length), sample_rate=sample_rate,
                            threshold_db=ducking.threshold_db, hold_ms=ducking.hold_ms)
    if not active.any():
        return np.ones(length, dtype=np.float32)
    depth = np.maximum(_ramp(active, to_samples(ducking.attack_ms / 1000, sample_rate), forward=True),
                       _ramp(active, to_samples(ducking.release_ms / 1000, sample_rate), forward=False))
    smooth = 0.5 - 0.5 * np.cos(np.pi * depth)
    return (1.0 - smooth * (1.0 - ducking.duck_to)).astype(np.float32)


def _ramp(active: np.ndarray, width: int, *, forward: bool) -> np.ndarray:
    """1 on active samples, falling linearly to 0 over `width` samples before (forward) or after them."""
    if width <= 0:
        return active.astype(np.float64)
    index = np.arange(active.size)
    far = active.size + width
    if forward:  # distance to the next active sample
        nearest = np.minimum.accumulate(np.where(active, index, far)[::-1])[::-1]
        distance = nearest - index
    else:  # distance since the last active sample
        nearest = np.maximum.accumulate(np.where(active, index, -far))
        distance = index - nearest
    return np.clip(1.0 - distance / width, 0.0, 1.0)


def apply_ducking(music: np.ndarray, voice: np.ndarray, *, sample_rate: int, ducking: Ducking) -> np.ndarray:
    """Music (channels, samples) ducked under `voice`; a new array of the music's length."""
    gain = duck_gain(voice, sample_rate=sample_rate, ducking=ducking, length=music.shape[1])
    return music * gain
