"""Ducking: depth while the voice speaks, no pumping between words, attack and release timing."""

from __future__ import annotations

import numpy as np
import pytest

from media_service.engines.audio import (Ducking, Track, apply_ducking, duck_gain, load_audio, mix_tracks,
                                         render_ducked, voice_activity)
from media_service.errors import ValidationError

SR = 48_000
PHRASES = [(1.0, 3.5), (5.0, 8.0)]


@pytest.fixture
def scene(synth):
    voice, phrases = synth.speech(10.0, PHRASES, level=0.1)
    return voice, synth.chord(10.0, 0.3), phrases


def _speech_windows(voice: np.ndarray, phrases, step: float = 0.05):
    """50 ms windows inside each phrase (between first and last word) — where the voice is speaking."""
    for phrase in phrases:
        t = phrase.start
        while t + step <= phrase.end - 0.1:
            yield t, t + step
            t += step


@pytest.mark.parametrize("duck_to", [0.1, 0.25, 0.5])
def test_music_sits_at_duck_to_while_the_voice_speaks_without_pumping(scene, meter, duck_to):
    voice, music, phrases = scene
    ducked = apply_ducking(music, voice, sample_rate=SR, ducking=Ducking(duck_to=duck_to, hold_ms=350))
    target = 20 * np.log10(duck_to)
    # Every 50 ms window of every phrase, word gaps included, is within 1 dB of the target.
    levels = [meter.window_gain_db(ducked, music, a, b) for a, b in _speech_windows(voice, phrases)]
    assert len(levels) > 60
    assert max(abs(level - target) for level in levels) <= 1.0


def test_gain_is_down_when_speech_starts_and_back_within_release_after_it_ends(scene, meter):
    voice, music, phrases = scene
    ducking = Ducking(duck_to=0.2, attack_ms=80, release_ms=400)
    ducked = apply_ducking(music, voice, sample_rate=SR, ducking=ducking)
    first = phrases[0]
    # Look-ahead attack: fully down in the first 20 ms of speech, still up 100 ms before it.
    assert meter.window_gain_db(ducked, music, first.start, first.start + 0.02) == pytest.approx(-13.98, abs=1.0)
    assert meter.window_gain_db(ducked, music, first.start - 0.15, first.start - 0.1) == pytest.approx(0.0, abs=0.1)
    # Find where the last word really ends, then check recovery at end + release.
    speaking = voice_activity(voice, sample_rate=SR, threshold_db=-40, hold_ms=0)
    speech_end = np.flatnonzero(speaking[: round(4.5 * SR)])[-1] / SR
    midway = meter.window_gain_db(ducked, music, speech_end + 0.18, speech_end + 0.22)
    assert -13.0 < midway < -1.0  # recovering, not jumping
    after = meter.window_gain_db(ducked, music, speech_end + 0.4 + 0.02, speech_end + 0.4 + 0.07)
    assert after == pytest.approx(0.0, abs=0.5)


def test_music_far_from_speech_is_untouched(scene):
    voice, _, _ = scene
    gain = duck_gain(voice, sample_rate=SR, ducking=Ducking(duck_to=0.2))
    assert gain[: round(0.5 * SR)].min() == 1.0 and gain[round(9.0 * SR):].min() == 1.0


def test_voice_under_the_threshold_does_not_duck(synth):
    whisper, _ = synth.speech(4.0, [(1.0, 3.0)], level=0.001)  # -60 dBFS
    gain = duck_gain(whisper, sample_rate=SR, ducking=Ducking(threshold_db=-40))
    assert gain.min() == 1.0


def test_pauses_longer_than_hold_plus_release_let_the_music_back_up(synth, meter):
    voice, _ = synth.speech(8.0, [(1.0, 2.5), (5.0, 6.5)], level=0.1)
    music = synth.chord(8.0, 0.3)
    ducked = apply_ducking(music, voice, sample_rate=SR, ducking=Ducking(duck_to=0.2, release_ms=300, hold_ms=300))
    assert meter.window_gain_db(ducked, music, 3.6, 4.6) == pytest.approx(0.0, abs=0.2)


def test_duck_sfx_option_ducks_the_sfx_bus_too(scene, meter):
    voice, music, _ = scene
    tracks = [Track(voice, type="voiceover"), Track(music, type="sfx")]
    plain = mix_tracks(tracks, ducking=Ducking(duck_to=0.2), loudness=None)
    ducked = mix_tracks(tracks, ducking=Ducking(duck_to=0.2, duck_sfx=True), loudness=None)
    assert meter.window_gain_db(plain - voice, music, 6.0, 7.0) == pytest.approx(0.0, abs=0.1)
    assert meter.window_gain_db(ducked - voice, music, 6.0, 7.0) == pytest.approx(-13.98, abs=1.0)


def test_render_ducked_writes_the_music_stem_or_the_mix(scene, meter, media, tmp_path):
    voice, music, _ = scene
    voice_path, music_path = media.wav("voice.wav", voice), media.wav("music.wav", music[:, : 9 * SR])
    stem = render_ducked(voice_path, music_path, tmp_path / "stem.wav", ducking=Ducking(duck_to=0.25), output="music")
    decoded = load_audio(stem.path)
    assert decoded.shape[1] == 9 * SR
    assert meter.window_gain_db(decoded, music, 6.0, 7.0) == pytest.approx(-12.04, abs=1.0)
    mix = render_ducked(voice_path, music_path, tmp_path / "mix.wav", output="mix")
    assert load_audio(mix.path).shape[1] == 10 * SR  # as long as the longer input
    with pytest.raises(ValidationError):
        render_ducked(voice_path, music_path, tmp_path / "x.wav", output="voice")  # type: ignore[arg-type]


def test_ducking_parameters_are_validated():
    for kwargs, field in (({"duck_to": 1.2}, "duck_to"), ({"attack_ms": -1}, "attack_ms"),
                          ({"release_ms": 1e9}, "release_ms"), ({"threshold_db": 3}, "threshold_db")):
        with pytest.raises(ValidationError) as caught:
            Ducking(**kwargs)
        assert caught.value.errors[0]["field"] == field
