"""Tempo and pitch changes through FFmpeg's filters: lengths and frequencies measured on the output."""

from __future__ import annotations

import numpy as np
import pytest

from media_service.engines.audio import change_tempo, shift_pitch
from media_service.errors import ValidationError

RATE = 24_000


def _tone(hz: float, seconds: float = 2.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    return (0.5 * np.sin(2 * np.pi * hz * t)).astype(np.float32)[np.newaxis, :]


def _frequency(samples: np.ndarray) -> float:
    middle = samples[0, RATE // 4: -RATE // 4]
    spectrum = np.abs(np.fft.rfft(middle * np.hanning(middle.size)))
    return float(np.argmax(spectrum) * RATE / middle.size)


@pytest.mark.parametrize("factor", [0.6, 1.5, 0.3])
def test_tempo_changes_the_length_not_the_pitch(factor):
    out = change_tempo(_tone(220), RATE, factor)
    assert out.shape[1] / (2.0 * RATE) == pytest.approx(1 / factor, rel=0.02)
    assert _frequency(out) == pytest.approx(220, rel=0.02)


@pytest.mark.parametrize("percent", [30.0, -25.0])
def test_pitch_changes_the_frequency_not_the_length(percent):
    out = shift_pitch(_tone(200), RATE, percent)
    assert out.shape[1] / (2.0 * RATE) == pytest.approx(1.0, rel=0.02)
    assert _frequency(out) == pytest.approx(200 * (1 + percent / 100), rel=0.02)


def test_out_of_range_values_name_the_field():
    with pytest.raises(ValidationError) as caught:
        shift_pitch(_tone(200), RATE, 80, field="options.pitch")
    assert caught.value.details["errors"][0]["field"] == "options.pitch"
    with pytest.raises(ValidationError):
        change_tempo(_tone(200), RATE, 5.0)
