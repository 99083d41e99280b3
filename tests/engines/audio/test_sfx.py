"""Sound effects: the built-in set, sample-accurate overlay, and overlay onto a video with the video copied."""

from __future__ import annotations

import numpy as np
import pytest

from media_service.engines.audio import (SFX_NAMES, SfxCue, list_sfx, load_audio, overlay_sfx, probe_media,
                                         render_sfx, synthesize_sfx)
from media_service.errors import ValidationError

SR = 48_000
EXPECTED = {"whoosh", "swoosh", "pop", "click", "ding", "riser", "impact", "typing"}


def test_builtin_set_lists_every_effect_with_its_real_duration():
    listed = {info.name: info for info in list_sfx()}
    assert set(listed) == EXPECTED == set(SFX_NAMES)
    for name, info in listed.items():
        audio = synthesize_sfx(name, sample_rate=SR)
        assert info.duration_seconds == pytest.approx(audio.shape[1] / SR, abs=1e-3)
        assert 0.02 <= info.duration_seconds <= 3.0 and info.description


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_effect_is_stereo_audible_peak_normalised_and_ends_in_silence(name, meter):
    audio = synthesize_sfx(name, sample_rate=SR)
    assert audio.shape[0] == 2 and audio.dtype == np.float32
    assert np.abs(audio).max() == pytest.approx(10 ** (-3 / 20), abs=1e-4)
    assert meter.rms_db(audio) > -40
    assert np.abs(audio[:, -5:]).max() < 1e-3
    np.testing.assert_array_equal(audio, synthesize_sfx(name, sample_rate=SR))  # deterministic


def test_whoosh_travels_left_to_right():
    whoosh = synthesize_sfx("whoosh", sample_rate=SR)
    half = whoosh.shape[1] // 2
    first, second = np.square(whoosh[:, :half]).sum(axis=1), np.square(whoosh[:, half:]).sum(axis=1)
    assert first[0] > first[1] and second[1] > second[0]


def test_effects_land_on_the_exact_sample_at_their_volume(synth):
    base = synth.tone(200, 3.0, 0.1)
    out = overlay_sfx(base, [SfxCue("pop", at=0.5), SfxCue("click", at=2.25, volume=0.5)], sample_rate=SR)
    pop, click = synthesize_sfx("pop", sample_rate=SR), synthesize_sfx("click", sample_rate=SR)
    start = round(0.5 * SR)
    np.testing.assert_allclose(out[:, start:start + pop.shape[1]] - base[:, start:start + pop.shape[1]], pop,
                               atol=1e-6)
    start = round(2.25 * SR)
    np.testing.assert_allclose(out[:, start:start + click.shape[1]] - base[:, start:start + click.shape[1]],
                               0.5 * click, atol=1e-6)
    np.testing.assert_array_equal(out[:, : round(0.5 * SR)], base[:, : round(0.5 * SR)])


def test_overlay_extends_audio_but_not_a_video_soundtrack(synth):
    base = synth.tone(200, 1.0, 0.1)
    ding = synthesize_sfx("ding", sample_rate=SR)
    grown = overlay_sfx(base, [SfxCue("ding", at=0.8)], sample_rate=SR)
    assert grown.shape[1] == round(0.8 * SR) + ding.shape[1]
    kept = overlay_sfx(base, [SfxCue("ding", at=0.8)], sample_rate=SR, extend=False)
    assert kept.shape[1] == base.shape[1]


def test_a_file_can_be_an_effect(synth, media):
    path = media.wav("blip.wav", synth.tone(3000, 0.1, 0.3))
    out = overlay_sfx(np.zeros((2, SR), np.float32), [SfxCue(str(path), at=0.5)], sample_rate=SR)
    assert np.abs(out[:, : SR // 2]).max() == 0 and np.abs(out[:, SR // 2:]).max() == pytest.approx(0.3, abs=1e-3)


def test_unknown_effect_names_the_cue(synth):
    with pytest.raises(ValidationError) as caught:
        overlay_sfx(synth.tone(200, 1.0), [SfxCue("pop", at=0.1), SfxCue("kaboom", at=0.2)], sample_rate=SR)
    assert caught.value.errors[0]["field"] == "effects[1].sfx"
    with pytest.raises(ValidationError):
        SfxCue("pop", at=-1.0)


def test_sfx_onto_audio_file_is_peak_safe(synth, meter, media, tmp_path):
    base = media.wav("bed.wav", synth.tone(200, 3.0, 0.8))
    result = render_sfx(base, [SfxCue("impact", at=1.0), SfxCue("whoosh", at=2.5)], tmp_path / "out.wav")
    decoded = load_audio(result.path)
    assert decoded.shape[1] == round(2.5 * SR) + synthesize_sfx("whoosh", sample_rate=SR).shape[1]
    assert meter.true_peak_db(decoded) <= -1.0 + 0.01
    assert not result.video_copied


def test_sfx_onto_a_video_copies_the_video_stream(synth, meter, media, tmp_path):
    video = media.video("clip.mp4", 2.0, audio=synth.tone(300, 2.0, 0.05))
    result = render_sfx(video, [SfxCue("ding", at=1.0)], tmp_path / "out.mp4")
    assert result.video_copied and result.format == "aac"
    assert media.video_digest(result.path) == media.video_digest(video)
    probe = probe_media(result.path)
    assert probe.has_video and probe.codec == "aac" and probe.duration_seconds == pytest.approx(2.0, abs=0.1)
    audio = load_audio(result.path)
    assert meter.rms_db(audio[:, : round(0.9 * SR)]) < meter.rms_db(audio[:, round(1.0 * SR): round(1.3 * SR)]) - 10


def test_sfx_onto_a_video_without_audio_plays_over_silence(media, tmp_path):
    video = media.video("mute.mp4", 2.0)
    result = render_sfx(video, [SfxCue("pop", at=0.5)], tmp_path / "out.mp4")
    audio = load_audio(result.path)
    assert np.abs(audio[:, : round(0.45 * SR)]).max() < 1e-3 and np.abs(audio).max() > 0.3
    assert media.video_digest(result.path) == media.video_digest(video)


def test_video_output_needs_a_video_input(synth, media, tmp_path):
    with pytest.raises(ValidationError) as caught:
        render_sfx(media.wav("a.wav", synth.tone(200, 1.0)), [SfxCue("pop", at=0.1)], tmp_path / "out.mp4")
    assert caught.value.errors[0]["field"] == "output"
