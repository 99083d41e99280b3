"""The built-in sound effects, synthesised by the engine so transitions work offline and carry our licence.

Every effect is deterministic (fixed seed), stereo, peak-normalised to -3 dBFS and ends in silence.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.signal import butter, istft, sosfilt, stft

from media_service.errors import ValidationError

PEAK = 10 ** (-3 / 20)


@dataclass(frozen=True)
class SfxInfo:
    """A built-in effect as listed to clients."""

    name: str
    duration_seconds: float
    description: str


def _times(duration: float, sr: int) -> np.ndarray:
    return np.arange(round(duration * sr)) / sr


def _band_noise(t: np.ndarray, sr: int, rng: np.random.Generator, centre: np.ndarray, octaves: float) -> np.ndarray:
    """White noise through a band-pass whose centre follows `centre` (Hz per sample), via STFT masking."""
    noise = rng.standard_normal(t.size)
    freqs, frames, spectrum = stft(noise, fs=sr, nperseg=1024)
    centre_at_frame = np.interp(frames, t, centre)
    distance = np.log2(np.maximum(freqs, 1.0)[:, None] / centre_at_frame[None, :]) / octaves
    _, out = istft(spectrum * np.exp(-0.5 * distance**2), fs=sr, nperseg=1024)
    return out[: t.size]


def _glide(t: np.ndarray, sr: int, start_hz: float, end_hz: float, tau: float) -> np.ndarray:
    """Phase of a sine whose frequency glides exponentially from start to end with time constant tau."""
    freq = end_hz + (start_hz - end_hz) * np.exp(-t / tau)
    return 2 * np.pi * np.cumsum(freq) / sr


def _sweep(t: np.ndarray, start_hz: float, end_hz: float) -> np.ndarray:
    """Frequency per sample moving exponentially (musically even) from start to end."""
    return start_hz * (end_hz / start_hz) ** (t / t[-1])


def _pan(mono: np.ndarray, position: np.ndarray | float) -> np.ndarray:
    """Equal-power pan: 0 hard left, 0.5 centre, 1 hard right."""
    angle = np.asarray(position) * np.pi / 2
    return np.vstack([mono * np.cos(angle), mono * np.sin(angle)]) * np.sqrt(2)


def _bump(t: np.ndarray, peak_at: float, sharpness: float) -> np.ndarray:
    """Swell-and-fade envelope peaking at `peak_at` (fraction of the duration)."""
    x = t / t[-1]
    rise = np.clip(x / peak_at, 0, 1) ** sharpness
    fall = np.clip((1 - x) / (1 - peak_at), 0, 1) ** (sharpness * 0.7)
    return np.where(x < peak_at, rise, fall)


def _whoosh(sr: int, rng: np.random.Generator) -> np.ndarray:
    t = _times(0.8, sr)
    centre = np.interp(t / t[-1], [0, 0.55, 1], [250, 2500, 600])
    return _pan(_band_noise(t, sr, rng, centre, 0.8) * _bump(t, 0.55, 2.0), np.linspace(0.2, 0.8, t.size))


def _swoosh(sr: int, rng: np.random.Generator) -> np.ndarray:
    t = _times(0.45, sr)
    centre = np.interp(t / t[-1], [0, 0.35, 1], [1200, 7000, 4000])
    return _pan(_band_noise(t, sr, rng, centre, 0.6) * _bump(t, 0.35, 2.5), np.linspace(0.35, 0.65, t.size))


def _pop(sr: int, rng: np.random.Generator) -> np.ndarray:
    t = _times(0.15, sr)
    body = np.sin(_glide(t, sr, 900, 350, 0.04)) * np.exp(-t / 0.025) * np.minimum(1, t / 0.001)
    transient = rng.standard_normal(t.size) * np.exp(-t / 0.002) * 0.3
    return _pan(body + transient, 0.5)


def _click(sr: int, rng: np.random.Generator) -> np.ndarray:
    t = _times(0.04, sr)
    burst = sosfilt(butter(2, 2000, "highpass", fs=sr, output="sos"), rng.standard_normal(t.size)) * np.exp(-t / 0.0015)
    ring = np.sin(2 * np.pi * 3200 * t) * np.exp(-t / 0.003) + 0.6 * np.sin(2 * np.pi * 1800 * t) * np.exp(-t / 0.005)
    return _pan(burst + ring, 0.5)


def _ding(sr: int, rng: np.random.Generator) -> np.ndarray:
    t = _times(1.6, sr)
    attack = np.minimum(1, t / 0.002)
    channels = []
    for detune in (0.0, 1.5):  # a slightly detuned right channel gives the bell width
        partials = [(1.0, 1.0, 0.6), (2.0, 0.35, 0.3), (2.76, 0.5, 0.25), (5.4, 0.2, 0.1)]
        bell = sum(a * np.sin(2 * np.pi * (1318.5 + detune) * r * t) * np.exp(-t / tau) for r, a, tau in partials)
        channels.append(bell * attack)
    return np.vstack(channels)


def _riser(sr: int, rng: np.random.Generator) -> np.ndarray:
    t = _times(2.5, sr)
    noise = _band_noise(t, sr, rng, _sweep(t, 300, 6000), 1.0)
    tone = np.sin(2 * np.pi * np.cumsum(_sweep(t, 150, 1200)) / sr) * 0.4
    swell = (t / t[-1]) ** 2 * np.minimum(1, (t[-1] - t) / 0.03)
    return _pan((noise / np.abs(noise).max() + tone) * swell, 0.5)


def _impact(sr: int, rng: np.random.Generator) -> np.ndarray:
    t = _times(1.2, sr)
    attack = np.minimum(1, t / 0.001)
    thump = np.sin(_glide(t, sr, 110, 42, 0.08)) * np.exp(-t / 0.35)
    lowpass = butter(2, 2000, "lowpass", fs=sr, output="sos")
    crack = sosfilt(lowpass, rng.standard_normal(t.size)) * np.exp(-t / 0.04) * 0.5
    tail = sosfilt(lowpass, rng.standard_normal((2, t.size)), axis=1) * np.exp(-t / 0.4) * 0.05
    return _pan((thump + crack) * attack, 0.5) + tail * attack


def _typing(sr: int, rng: np.random.Generator) -> np.ndarray:
    t = _times(2.0, sr)
    out = np.zeros((2, t.size))
    key_t = t[: round(0.03 * sr)]
    highpass = butter(2, 1500, "highpass", fs=sr, output="sos")
    at = 0.02
    for index in range(64):
        if at > 1.9:
            break
        space = index % 7 == 6
        freq, tau = (700.0, 0.015) if space else (rng.uniform(2000, 4000), 0.006)
        burst = sosfilt(highpass, rng.standard_normal(key_t.size)) * np.exp(-key_t / 0.002)
        key = (burst + np.sin(2 * np.pi * freq * key_t) * np.exp(-key_t / tau)) * rng.uniform(0.6, 1.0)
        start = round(at * sr)
        out[:, start:start + key_t.size] += _pan(key, rng.uniform(0.4, 0.6))[:, : t.size - start]
        at += rng.uniform(0.05, 0.16)
    return out


_EFFECTS: dict[str, tuple[Callable[[int, np.random.Generator], np.ndarray], str]] = {
    "whoosh": (_whoosh, "air rushing past, left to right; for slides and wipes"),
    "swoosh": (_swoosh, "short bright swish; for quick cuts and pop-ins"),
    "pop": (_pop, "bubbly pop; for elements appearing"),
    "click": (_click, "crisp UI click"),
    "ding": (_ding, "bell ding; for highlights and correct answers"),
    "riser": (_riser, "rising noise and tone building tension into a reveal"),
    "impact": (_impact, "low boom with a crack; for reveals and hard cuts"),
    "typing": (_typing, "keyboard typing, about ten keys per second"),
}
SFX_NAMES = tuple(_EFFECTS)


@functools.lru_cache(maxsize=32)
def _render(name: str, sample_rate: int) -> np.ndarray:
    synth, _ = _EFFECTS[name]
    # A per-name seed keeps every effect identical across runs and machines.
    audio = synth(sample_rate, np.random.default_rng(sum(map(ord, name))))
    fade = min(audio.shape[1], round(0.005 * sample_rate))
    audio[:, audio.shape[1] - fade:] *= np.linspace(1, 0, fade)
    audio *= PEAK / np.abs(audio).max()
    audio = audio.astype(np.float32)
    audio.flags.writeable = False
    return audio


def synthesize_sfx(name: str, *, sample_rate: int, field: str = "sfx") -> np.ndarray:
    """The built-in effect `name` as float32 (2, samples) at `sample_rate` (a fresh, writable copy)."""
    if name not in _EFFECTS:
        raise ValidationError(f"{field}: unknown built-in effect {name!r}; choose one of {', '.join(SFX_NAMES)}",
                              field=field)
    return _render(name, sample_rate).copy()


def list_sfx(*, sample_rate: int = 48_000) -> list[SfxInfo]:
    """Every built-in effect with its duration and a one-line description."""
    return [SfxInfo(name, round(_render(name, sample_rate).shape[1] / sample_rate, 3), description)
            for name, (_, description) in _EFFECTS.items()]
