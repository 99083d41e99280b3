"""Encoders (mp3 CBR/VBR, wav 16/24, aac in m4a, opus, flac) and file-level normalisation, videos included."""

from __future__ import annotations

import av
import numpy as np
import pytest

from media_service.engines.audio import (Encoding, Loudness, load_audio, probe_media, render_excerpt,
                                         render_normalized, resolve_format, save_audio)
from media_service.errors import JobCancelledError, ValidationError

SR = 48_000


@pytest.mark.parametrize(("name", "encoding", "codec", "container"), [
    ("a.mp3", Encoding(), "mp3", "mp3"),
    ("a.wav", Encoding(), "pcm_s16le", "wav"),
    ("b.wav", Encoding(bit_depth=24), "pcm_s24le", "wav"),
    ("a.m4a", Encoding(), "aac", "mov,mp4,m4a,3gp,3g2,mj2"),
    ("a.opus", Encoding(), "opus", "ogg"),
    ("a.ogg", Encoding(bitrate=96_000), "opus", "ogg"),
    ("a.flac", Encoding(), "flac", "flac"),
    ("b.flac", Encoding(bit_depth=24), "flac", "flac"),
])
def test_each_format_round_trips(synth, meter, tmp_path, name, encoding, codec, container):
    tone = synth.tone(1000, 2.0, 0.5)
    save_audio(tone, tmp_path / name, encoding=encoding)
    with av.open(str(tmp_path / name)) as opened:
        stream = opened.streams.audio[0]
        assert opened.format.name == container and stream.rate == SR
        assert stream.codec_context.name in (codec, f"{codec}float")  # FFmpeg decodes mp3 with "mp3float"
        if codec == "flac":
            assert stream.format.name == ("s32" if encoding.bit_depth == 24 else "s16")
    decoded = load_audio(tmp_path / name)
    assert abs(decoded.shape[1] - tone.shape[1]) <= 0.02 * SR
    assert abs(meter.dominant_hz(decoded) - 1000) < 2
    assert meter.rms_db(decoded[:, SR // 2: SR + SR // 2]) == pytest.approx(meter.rms_db(tone), abs=0.3)


def test_24_bit_output_keeps_low_level_detail(synth, tmp_path):
    quiet = synth.tone(1000, 1.0, 10 ** (-110 / 20))  # below 16-bit resolution, above 24-bit's
    save_audio(quiet, tmp_path / "q16.wav")
    save_audio(quiet, tmp_path / "q24.flac", encoding=Encoding(bit_depth=24))
    assert not load_audio(tmp_path / "q16.wav").any()
    assert load_audio(tmp_path / "q24.flac").any()


def test_mp3_cbr_bitrate_and_vbr_quality_are_honoured(synth, tmp_path):
    noise = synth.noise(4.0, 0.1)
    sizes = {}
    for name, encoding in (("cbr128", Encoding(bitrate=128_000)), ("cbr320", Encoding(bitrate=320_000)),
                           ("vbr0", Encoding(vbr_quality=0)), ("vbr9", Encoding(vbr_quality=9))):
        save_audio(noise, tmp_path / f"{name}.mp3", encoding=encoding)
        sizes[name] = (tmp_path / f"{name}.mp3").stat().st_size
    assert sizes["cbr128"] * 8 / 4 == pytest.approx(128_000, rel=0.05)
    assert sizes["cbr320"] * 8 / 4 == pytest.approx(320_000, rel=0.05)
    assert sizes["vbr0"] > 2 * sizes["vbr9"]


def test_format_and_name_must_agree(synth, tmp_path):
    with pytest.raises(ValidationError):
        save_audio(synth.tone(440, 0.5), tmp_path / "a.wav", encoding=Encoding(format="mp3"))
    with pytest.raises(ValidationError):
        resolve_format(tmp_path / "a.xyz")
    assert resolve_format(tmp_path / "a.bin", "flac") == "flac"
    save_audio(synth.tone(440, 0.5), tmp_path / "a.bin", encoding=Encoding(format="aac"))
    assert probe_media(tmp_path / "a.bin").codec == "aac"


def test_normalize_file_reaches_target(synth, meter, media, tmp_path):
    source = media.convert(media.wav("speech.wav", synth.speech(8.0, [(0.5, 7.5)], level=0.02)[0]), "speech.mp3")
    result = render_normalized(source, tmp_path / "out.wav", loudness=Loudness(-16.0, -1.5))
    decoded = load_audio(result.path)
    assert meter.lufs(decoded) == pytest.approx(-16.0, abs=0.5)
    assert meter.true_peak_db(decoded) <= -1.5 + 0.01
    assert result.measurement.integrated_lufs == pytest.approx(-16.0, abs=0.1)


def test_normalize_video_copies_the_video_and_levels_its_audio(synth, meter, media, tmp_path):
    video = media.video("clip.mp4", 3.0, audio=synth.noise(3.0, 0.01))
    result = render_normalized(video, tmp_path / "out.mp4")
    assert result.video_copied
    assert media.video_digest(result.path) == media.video_digest(video)
    assert meter.lufs(load_audio(result.path)) == pytest.approx(-14.0, abs=0.5)
    audio_only = render_normalized(video, tmp_path / "out.m4a")
    assert not audio_only.video_copied and not probe_media(audio_only.path).has_video


def test_normalize_silent_file_leaves_silence(media, tmp_path):
    silent = media.wav("silent.wav", np.zeros((2, SR * 2), np.float32))
    result = render_normalized(silent, tmp_path / "out.wav")
    assert not load_audio(result.path).any()
    assert result.measurement.integrated_lufs is None and result.to_dict()["true_peak_db"] is None


def test_excerpt_loops_or_trims_a_track_to_a_duration(synth, media, tmp_path):
    track = media.wav("track.wav", synth.chord(3.0))
    looped = render_excerpt(track, tmp_path / "long.wav", duration=7.5, fade_out=1.0)
    assert load_audio(looped.path).shape[1] == round(7.5 * SR)
    cut = render_excerpt(track, tmp_path / "short.wav", start=1.0, duration=1.5)
    assert load_audio(cut.path).shape[1] == round(1.5 * SR)
    with pytest.raises(ValidationError):
        render_excerpt(track, tmp_path / "x.wav", duration=0)


def test_cancelled_encode_leaves_no_partial_file(synth, tmp_path):
    with pytest.raises(JobCancelledError):
        save_audio(synth.tone(440, 2.0), tmp_path / "gone.mp3", cancelled=lambda: True)
    assert not (tmp_path / "gone.mp3").exists()
