"""Mixing: sample-accurate placement, fades, trims, loops, programme length, levels, errors, control."""

from __future__ import annotations

import numpy as np
import pytest

from media_service.engines.audio import Ducking, Loudness, Track, load_audio, mix_tracks, render_mix
from media_service.errors import JobCancelledError, ValidationError

SR = 48_000


def test_start_time_places_a_track_to_the_sample(synth, media):
    path = media.wav("impulse.wav", synth.impulse(1.0, at=0.0))
    for start in (0.0, 1.2345, 2.000021):
        out = mix_tracks([Track(path, type="sfx", start_time=start)], duration=4.0, loudness=None)
        assert int(np.argmax(np.abs(out[0]))) == round(start * SR)
        assert out[0, round(start * SR)] == pytest.approx(0.5)


def test_fade_in_and_out_are_linear_ramps_of_the_given_length(synth):
    out = mix_tracks([Track(synth.tone(1000, 4.0, 0.5), fade_in=1.0, fade_out=2.0)], loudness=None)

    def envelope(t: float) -> float:  # the peak over one 1 kHz cycle around t
        return float(np.abs(out[0, round(t * SR) - 24: round(t * SR) + 24]).max())

    assert np.abs(out[:, 0]).max() == 0.0
    for t, expected in ((0.25, 0.125), (0.5, 0.25), (0.75, 0.375), (1.5, 0.5), (3.0, 0.25), (3.5, 0.125)):
        assert envelope(t) == pytest.approx(expected, abs=0.01), t
    assert np.abs(out[:, -1]).max() < 1e-3


def test_trim_start_and_end_select_the_source_range(synth):
    ramp = np.tile(np.linspace(0, 1, 5 * SR, endpoint=False, dtype=np.float32), (2, 1))  # value = t / 5
    out = mix_tracks([Track(ramp, type="voiceover", trim_start=1.0, trim_end=3.5)], loudness=None)
    assert out.shape[1] == round(2.5 * SR)
    assert out[0, 0] == pytest.approx(0.2, abs=1e-6) and out[0, -1] == pytest.approx(0.7, abs=1e-4)


def test_music_loops_with_a_seamless_crossfade(synth, meter):
    music = synth.noise(3.0, 0.1, seed=7)
    voice = synth.noise(10.0, 0.0001, seed=8)
    out = mix_tracks([Track(music, type="music"), Track(voice, type="voiceover")], loudness=None)
    assert out.shape[1] == 10 * SR
    # 50 ms windows across the whole programme, loop points included, keep the level (no gap, no dip).
    levels = [meter.rms_db(out[:, i:i + 2400]) for i in range(0, out.shape[1] - 2400, 2400)]
    assert max(levels) - min(levels) < 1.5
    assert np.abs(np.diff(out[0])).max() < 0.8  # no step at a loop point


def test_voiceover_and_sfx_do_not_loop():
    out = mix_tracks([Track(np.ones((2, SR), np.float32) * 0.1, type="sfx"),
                      Track(np.zeros((2, 10)), type="music")], duration=3.0, loudness=None)
    assert out[:, :SR].min() == pytest.approx(0.1) and not out[:, SR:].any()


def test_default_duration_ends_with_the_last_voice_or_sfx(synth):
    voice, music = synth.noise(5.0, 0.05), synth.chord(20.0)
    out = mix_tracks([Track(music), Track(voice, type="voiceover", start_time=2.0)], loudness=None)
    assert out.shape[1] == 7 * SR
    only_music = mix_tracks([Track(synth.chord(3.0)), Track(synth.chord(4.0), start_time=0.5)], loudness=None)
    assert only_music.shape[1] == round(4.5 * SR)
    assert mix_tracks([Track(music)], duration=2.5, loudness=None).shape[1] == round(2.5 * SR)


def test_volume_scales_linearly(synth, meter):
    full = mix_tracks([Track(synth.chord(2.0))], loudness=None)
    half = mix_tracks([Track(synth.chord(2.0), volume=0.5)], loudness=None)
    assert meter.rms_db(half) - meter.rms_db(full) == pytest.approx(-6.02, abs=0.01)


def test_rendered_mix_hits_loudness_target_with_ducking(synth, meter, media, tmp_path):
    voice, _ = synth.speech(12.0, [(1.0, 5.0), (7.0, 11.0)])
    paths = [media.wav("voice.wav", voice), media.wav("music.wav", synth.chord(6.0, 0.4)),
             media.wav("sfx.wav", synth.impulse(0.5, 0.0, amp=0.9))]
    tracks = [Track(paths[0], type="voiceover"), Track(paths[1], type="music", volume=0.6, fade_out=1.0),
              Track(paths[2], type="sfx", start_time=6.0)]
    result = render_mix(tracks, tmp_path / "mix.wav", ducking=Ducking(duck_to=0.2))
    decoded = load_audio(result.path)
    assert result.measurement.duration_seconds == pytest.approx(12.0, abs=1e-3)
    assert decoded.shape[1] == 12 * SR
    assert meter.lufs(decoded) == pytest.approx(-14.0, abs=0.5)
    assert meter.true_peak_db(decoded) <= -1.0 + 0.01
    assert result.measurement.integrated_lufs == pytest.approx(-14.0, abs=0.1)
    assert result.measurement.true_peak_db <= -1.0


def test_progress_is_reported_and_cancellation_stops_the_mix(synth):
    seen: list[float] = []
    mix_tracks([Track(synth.chord(2.0)), Track(synth.noise(1.0), type="voiceover")], progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0
    with pytest.raises(JobCancelledError):
        mix_tracks([Track(synth.chord(2.0))], cancelled=lambda: True)


def test_bad_tracks_are_validation_errors_naming_the_field(synth, media, tmp_path):
    with pytest.raises(ValidationError):
        mix_tracks([])
    for kwargs, field in (({"volume": 1.5}, "volume"), ({"start_time": -1.0}, "start_time"),
                          ({"trim_start": 2.0, "trim_end": 1.0}, "trim_end"), ({"type": "drums"}, "type"),
                          ({"fade_in": float("nan")}, "fade_in")):
        with pytest.raises(ValidationError) as caught:
            Track(synth.chord(1.0), **kwargs)
        assert caught.value.errors[0]["field"] == field
    with pytest.raises(ValidationError) as caught:
        mix_tracks([Track(synth.chord(1.0), trim_start=5.0)])
    assert caught.value.errors[0]["field"] == "tracks[0].trim_start"
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"ID3" + bytes(500))
    with pytest.raises(ValidationError) as caught:
        mix_tracks([Track(synth.chord(1.0)), Track(broken, type="voiceover")])
    assert caught.value.errors[0]["field"] == "tracks[1].source"


def test_silent_tracks_mix_to_silence(media):
    path = media.wav("silence.wav", np.zeros((2, SR * 2), np.float32))
    out = mix_tracks([Track(path, type="voiceover"), Track(path)], loudness=Loudness(-14.0))
    assert out.shape[1] == 2 * SR and not out.any()
