"""Sample-accurate timeline operations on (channels, samples) arrays: trim, loop, fit, fade, place."""

from __future__ import annotations

import numpy as np

from media_service.errors import ValidationError

LOOP_CROSSFADE_SECONDS = 0.1


def to_samples(seconds: float, sample_rate: int) -> int:
    """Seconds to the nearest whole sample."""
    return round(seconds * sample_rate)


def trim(samples: np.ndarray, *, sample_rate: int, start: float = 0.0, end: float | None = None,
         field: str = "trim_start") -> np.ndarray:
    """The part of `samples` from `start` to `end` seconds (end None: to the end); a view, not a copy."""
    first = to_samples(start, sample_rate)
    last = samples.shape[1] if end is None else min(samples.shape[1], to_samples(end, sample_rate))
    if first >= samples.shape[1] or last <= first:
        length = samples.shape[1] / sample_rate
        raise ValidationError(f"{field}: trimming leaves no audio (source is {length:.3f} s long)", field=field)
    return samples[:, first:last]


def loop_to_length(samples: np.ndarray, length: int, *, crossfade: int) -> np.ndarray:
    """Repeat `samples` to exactly `length` samples, joining each repeat with an equal-power crossfade.

    The first pass starts untouched; every later pass begins with the previous pass's last
    `crossfade` samples fading out under its own first `crossfade` samples fading in, so the loop
    point neither clicks nor dips in level (the two ends are uncorrelated material).
    """
    size = samples.shape[1]
    if length <= size:
        return samples[:, :length].copy()
    crossfade = min(crossfade, size // 4)
    if crossfade == 0:
        return np.tile(samples, (1, -(-length // size)))[:, :length].copy()
    phase = np.linspace(0.0, np.pi / 2, crossfade, dtype=np.float32)
    unit = samples[:, : size - crossfade].copy()
    unit[:, :crossfade] = samples[:, :crossfade] * np.sin(phase) + samples[:, size - crossfade:] * np.cos(phase)
    body = size - crossfade
    repeats = -(-(length - body) // body)
    return np.concatenate([samples[:, :body]] + [unit] * repeats, axis=1)[:, :length]


def fit_to_length(samples: np.ndarray, length: int, *, loop: bool, sample_rate: int,
                  crossfade_seconds: float = LOOP_CROSSFADE_SECONDS) -> np.ndarray:
    """Cut `samples` to at most `length`, or loop them up to exactly `length` when `loop` is set."""
    if loop and samples.shape[1] < length:
        return loop_to_length(samples, length, crossfade=to_samples(crossfade_seconds, sample_rate))
    return samples[:, :length].copy()


def apply_fades(samples: np.ndarray, *, sample_rate: int, fade_in: float = 0.0, fade_out: float = 0.0) -> np.ndarray:
    """Linear fade in from silence and fade out to silence, in place; returns `samples`.

    A linear ramp reaches half amplitude (-6 dB) halfway, like FFmpeg's default afade. Fades longer
    than the audio are shortened to it.
    """
    size = samples.shape[1]
    n_in = min(size, to_samples(fade_in, sample_rate))
    n_out = min(size, to_samples(fade_out, sample_rate))
    if n_in > 0:
        samples[:, :n_in] *= np.arange(n_in, dtype=np.float32) / n_in
    if n_out > 0:
        samples[:, size - n_out:] *= np.arange(n_out, 0, -1, dtype=np.float32) / n_out
    return samples


def place(bus: np.ndarray, clip: np.ndarray, offset: int) -> None:
    """Add `clip` into `bus` starting at sample `offset`, dropping whatever runs past the bus end."""
    if offset >= bus.shape[1]:
        return
    end = min(bus.shape[1], offset + clip.shape[1])
    bus[:, offset:end] += clip[:, : end - offset]


def pad_to_length(samples: np.ndarray, length: int) -> np.ndarray:
    """Zero-pad (or cut) `samples` to exactly `length` samples."""
    if samples.shape[1] >= length:
        return samples[:, :length]
    return np.pad(samples, ((0, 0), (0, length - samples.shape[1])))
