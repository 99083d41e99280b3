"""Decoding: every common format to 48 kHz stereo float32, correct up/down-mixing, clear errors."""

from __future__ import annotations

import numpy as np
import pytest

from media_service.engines.audio import as_samples, load_audio, probe_media, to_channels
from media_service.errors import UnsupportedMediaError, ValidationError


@pytest.mark.parametrize(("name", "args", "slack"), [
    ("tone.mp3", ["-c:a", "libmp3lame", "-b:a", "192k"], 0.05),
    ("tone.m4a", ["-c:a", "aac", "-b:a", "192k"], 0.05),
    ("tone.ogg", ["-c:a", "libopus"], 0.02),
    ("tone.opus", ["-c:a", "libopus"], 0.02),
    ("tone.flac", ["-c:a", "flac"], 0.001),
    ("tone.wav", ["-c:a", "pcm_s16le", "-ar", "44100"], 0.001),
])
def test_common_formats_decode_to_48k_stereo_at_the_same_pitch_level_and_length(synth, meter, media, name, args, slack):
    source = media.wav("tone.src.wav", synth.tone(1000, 2.0, 0.5, channels=1))
    path = media.convert(source, name, *args)
    audio = load_audio(path)
    assert audio.dtype == np.float32 and audio.shape[0] == 2
    assert abs(audio.shape[1] / 48_000 - 2.0) <= slack
    assert abs(meter.dominant_hz(audio) - 1000) < 2
    middle = audio[:, 24_000:72_000]
    # A mono 0.5 sine stays a 0.5 sine on both channels: RMS 0.5/sqrt(2) = -9.03 dBFS.
    assert abs(meter.rms_db(middle) - 20 * np.log10(0.5 / np.sqrt(2))) < 0.3
    np.testing.assert_allclose(middle[0], middle[1], atol=1e-6)


def test_aac_decoding_keeps_sample_placement(synth, media):
    source = media.wav("impulse.wav", synth.impulse(2.0, at=1.0, amp=0.9))
    audio = load_audio(media.convert(source, "impulse.m4a", "-c:a", "aac", "-b:a", "256k"))
    peak = int(np.argmax(np.abs(audio[0])))
    assert abs(peak - 48_000) <= 48  # 1 ms: the encoder delay is trimmed on decode


def test_mono_is_duplicated_at_unity_and_stereo_averaged_to_mono():
    mono = np.full((1, 100), 0.25, dtype=np.float32)
    np.testing.assert_array_equal(to_channels(mono, 2), np.full((2, 100), 0.25, dtype=np.float32))
    stereo = np.vstack([np.full(100, 0.5), np.zeros(100)]).astype(np.float32)
    np.testing.assert_allclose(to_channels(stereo, 1), np.full((1, 100), 0.25))


def test_resampling_44k1_to_48k_keeps_the_duration_exact(synth, media):
    path = media.wav("a.wav", synth.tone(440, 3.0, channels=2, sr=44_100), sr=44_100)
    audio = load_audio(path)
    assert abs(audio.shape[1] - 3 * 48_000) <= 2


def test_surround_is_folded_down_to_stereo(synth, media):
    source = media.wav("mono.wav", synth.tone(500, 1.0, 0.3, channels=1))
    path = media.convert(source, "surround.wav", "-af", "pan=5.1|FL=c0|FR=c0|FC=c0|LFE=0*c0|BL=c0|BR=c0")
    assert probe_media(path).channels == 6
    audio = load_audio(path)
    assert audio.shape[0] == 2 and np.abs(audio).max() > 0.3


def test_video_audio_stream_is_decoded(synth, meter, media):
    path = media.video("clip.mp4", 2.0, audio=synth.tone(600, 2.0, 0.4))
    probe = probe_media(path)
    assert probe.has_video and probe.has_audio and probe.codec == "aac"
    audio = load_audio(path)
    assert abs(audio.shape[1] / 48_000 - 2.0) < 0.05 and abs(meter.dominant_hz(audio) - 600) < 3


def test_corrupt_file_is_a_validation_error_naming_the_field(tmp_path):
    path = tmp_path / "noise.mp3"
    path.write_bytes(np.random.default_rng(0).bytes(4096))
    with pytest.raises(ValidationError) as caught:
        load_audio(path, field="music")
    assert caught.value.errors[0]["field"] == "music"


def test_empty_and_missing_files_are_validation_errors(tmp_path):
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError, match="empty"):
        load_audio(empty)
    with pytest.raises(ValidationError, match="not found"):
        load_audio(tmp_path / "missing.wav")


def test_video_without_audio_says_so(media):
    with pytest.raises(UnsupportedMediaError, match="no audio stream"):
        load_audio(media.video("silent.mp4", 1.0))


def test_header_only_wav_has_no_samples(synth, media):
    path = media.wav("header.wav", np.zeros((2, 0), dtype=np.float32))
    with pytest.raises(ValidationError):
        load_audio(path)


def test_caller_arrays_are_validated():
    assert as_samples(np.zeros(10)).shape == (2, 10)
    with pytest.raises(ValidationError):
        as_samples(np.zeros((3, 10)))
    with pytest.raises(ValidationError):
        as_samples(np.array([0.0, np.nan]))
    with pytest.raises(ValidationError):
        as_samples(np.zeros((2, 0)))
