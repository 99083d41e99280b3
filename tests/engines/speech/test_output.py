"""Encoded outputs: every format decodes to the speech, at spoken-word loudness, without dead air."""

from __future__ import annotations

import av
import pytest

from media_service.engines.audio import load_audio
from media_service.engines.speech import PIPER_JOE, render_speech

TEXT = "Every format carries the same words at the same level."


@pytest.mark.parametrize(("name", "fmt", "codec"), [
    ("a.mp3", "mp3", "mp3"), ("a.wav", "wav", "pcm_s16le"), ("a.ogg", "opus", "opus"),
    ("a.opus", "opus", "opus"), ("a.m4a", "aac", "aac"),
])
def test_each_format_decodes_to_the_speech(tmp_path, ear, name, fmt, codec):
    result = render_speech(TEXT, "espeak-en", tmp_path / name, fmt=fmt)
    assert result.format == fmt
    with av.open(str(tmp_path / name)) as opened:
        assert opened.streams.audio[0].codec_context.name in (codec, f"{codec}float")
    decoded = load_audio(tmp_path / name, sample_rate=22_050, channels=1)[0]
    assert decoded.size / 22_050 == pytest.approx(result.speech.duration, abs=0.08)
    assert ear.lufs(decoded, 22_050) == pytest.approx(-16.0, abs=1.0)


def test_speech_output_loudness_and_silence(tmp_path, ear):
    result = render_speech(TEXT + " " + TEXT, PIPER_JOE, tmp_path / "s.wav")
    decoded = load_audio(tmp_path / "s.wav", sample_rate=22_050, channels=1)[0]
    print(f"\npiper wav: {ear.lufs(decoded, 22_050):.2f} LUFS, peak {20 * __import__('math').log10(abs(decoded).max()):.2f} dBFS, "
          f"longest silence {ear.longest_silence(decoded, 22_050):.2f} s")
    assert ear.lufs(decoded, 22_050) == pytest.approx(-16.0, abs=0.5)
    assert abs(decoded).max() < 10 ** (-1.0 / 20)  # true-peak ceiling −1.5 dBTP leaves the sample peak below −1 dBFS
    segments = ear.segments(decoded, 22_050)
    assert segments[0].start < 0.12 and result.speech.duration - segments[-1].end < 0.12  # no dead air at the ends
    assert ear.longest_silence(decoded, 22_050) < 0.8
