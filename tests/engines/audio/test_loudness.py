"""Loudness: our BS.1770 meter against pyloudnorm, normalisation to target, the true-peak ceiling, silence."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.signal import resample_poly

from media_service.engines.audio import (Loudness, integrated_loudness, limit_true_peak, measure,
                                         normalize_loudness, true_peak)
from media_service.errors import ValidationError

SR = 48_000


def test_full_scale_1khz_sine_in_one_channel_reads_minus_3_lufs(synth):
    # The BS.1770 reference: a 0 dBFS 1 kHz sine on one channel measures -3.01 LKFS.
    assert integrated_loudness(synth.tone(1000, 5.0, 1.0, channels=1), SR) == pytest.approx(-3.01, abs=0.02)


@pytest.mark.parametrize("kind", ["noise", "speech", "chord", "quiet_noise"])
def test_meter_agrees_with_pyloudnorm(synth, meter, kind):
    signal = {
        "noise": synth.noise(6.0, 0.1),
        "speech": synth.speech(8.0, [(0.5, 3.0), (4.5, 7.5)])[0],
        "chord": synth.chord(6.0),
        "quiet_noise": synth.noise(6.0, 0.001),
    }[kind]
    # pyloudnorm's K-filter is an approximation of the standard's; they differ by ~0.04 LU.
    assert integrated_loudness(signal, SR) == pytest.approx(meter.lufs(signal), abs=0.1)


@pytest.mark.parametrize("target", [-14.0, -16.0, -23.0, -9.0])
def test_normalised_loudness_is_on_target_and_true_peak_under_ceiling(synth, meter, target):
    voice, _ = synth.speech(10.0, [(0.5, 4.0), (5.0, 9.5)], level=0.05)
    programme = voice + synth.chord(10.0, 0.1)
    out = normalize_loudness(programme, sample_rate=SR, loudness=Loudness(target_lufs=target, true_peak_db=-1.0))
    assert meter.lufs(out) == pytest.approx(target, abs=0.5)
    assert meter.true_peak_db(out) <= -1.0 + 1e-3


def test_peaky_material_is_limited_not_clipped(synth, meter):
    # Sparse loud clicks over a quiet pad: reaching -14 LUFS needs far more gain than the peaks allow.
    programme = synth.clicks(120, 8.0, channels=2) + synth.tone(200, 8.0, 0.02)
    out = normalize_loudness(programme, sample_rate=SR, loudness=Loudness(-14.0, -1.0))
    assert meter.true_peak_db(out) <= -1.0 + 1e-3
    assert np.abs(out).max() < 1.0
    assert meter.lufs(out) == pytest.approx(-14.0, abs=0.5)


def test_limiter_is_bit_exact_under_the_ceiling(synth):
    quiet = synth.noise(2.0, 0.05)
    np.testing.assert_array_equal(limit_true_peak(quiet, sample_rate=SR, ceiling_db=-1.0), quiet)


def test_limiter_holds_a_sustained_over_without_distortion(synth, meter):
    loud = synth.tone(1000, 2.0, 2.0)  # +6 dBFS
    out = limit_true_peak(loud, sample_rate=SR, ceiling_db=-1.0)
    assert meter.true_peak_db(out) <= -1.0 + 1e-3
    # Once the gain settles it is constant, so the steady part is still a pure sine: no harmonics.
    steady = out[0, SR // 2: SR // 2 + 48_000]
    spectrum = np.abs(np.fft.rfft(steady * np.hanning(steady.size)))
    fundamental = spectrum[1000]
    harmonics = max(spectrum[2000], spectrum[3000], spectrum[5000])
    assert 20 * np.log10(harmonics / fundamental) < -80


def test_limiter_catches_inter_sample_peaks(synth):
    # A 12 kHz sine sampled at 45 degrees has sample peaks of 0.707 but a true peak of 1.0.
    t = np.arange(SR) / SR
    sine = np.tile(np.sin(2 * np.pi * 12_000 * t + np.pi / 4), (2, 1)).astype(np.float32)
    assert np.abs(sine).max() < 0.71
    assert 20 * math.log10(true_peak(sine)) > -0.1
    out = limit_true_peak(sine, sample_rate=SR, ceiling_db=-1.0)
    assert 20 * np.log10(np.abs(resample_poly(out, 4, 1, axis=1)).max()) <= -1.0 + 1e-3


def test_true_peak_matches_full_oversampling(synth):
    noise = synth.noise(3.0, 0.2, seed=5)
    reference = np.abs(resample_poly(noise, 4, 1, axis=1)).max()
    assert true_peak(noise) == pytest.approx(reference, rel=1e-3)


def test_silence_stays_silent():
    silence = np.zeros((2, SR * 3), dtype=np.float32)
    out = normalize_loudness(silence, sample_rate=SR, loudness=Loudness(-14.0))
    assert not out.any()
    result = measure(silence, SR)
    assert result.integrated_lufs is None and result.true_peak_db is None


def test_noise_floor_below_the_gate_is_not_amplified(synth):
    hiss = synth.noise(3.0, 10 ** (-90 / 20))
    out = normalize_loudness(hiss, sample_rate=SR, loudness=Loudness(-14.0))
    np.testing.assert_array_equal(out, hiss)


def test_measure_reports_what_the_api_returns(synth):
    result = measure(synth.tone(1000, 3.0, 0.5), SR)
    assert result.duration_seconds == 3.0 and result.sample_rate == SR and result.channels == 2
    assert result.true_peak_db == pytest.approx(-6.02, abs=0.05)
    # -3.01 LUFS for a full-scale sine in one channel; -6.02 dB amplitude; +3.01 dB for the second channel.
    assert result.integrated_lufs == pytest.approx(-3.01 - 6.02 + 3.01, abs=0.05)


def test_loudness_parameters_are_validated():
    with pytest.raises(ValidationError) as caught:
        Loudness(target_lufs=-80)
    assert caught.value.errors[0]["field"] == "target_lufs"
    with pytest.raises(ValidationError):
        Loudness(true_peak_db=1.0)
