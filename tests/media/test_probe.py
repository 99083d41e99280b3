"""Media facts from PyAV on clips the tests generate."""

from __future__ import annotations

from pathlib import Path

import pytest

from media_service.errors import UnsupportedMediaError
from media_service.media import probe_media

from tests import mediagen


def test_video_with_audio(media_dir: Path) -> None:
    facts = probe_media(media_dir / "clip.mp4")
    assert facts.format == "mp4"
    assert facts.duration_seconds == pytest.approx(1.0, abs=0.05)
    assert (facts.width, facts.height) == (64, 48)
    assert facts.fps == pytest.approx(10.0)
    assert (facts.sample_rate, facts.channels) == (48000, 2)
    assert (facts.video_codec, facts.audio_codec) == ("mpeg4", "aac")


def test_other_sizes_and_rates(tmp_path: Path) -> None:
    facts = probe_media(mediagen.make_video(tmp_path / "v.mp4", seconds=2, size=(96, 32), fps=5, audio=False))
    assert (facts.width, facts.height, facts.fps) == (96, 32, 5.0)
    assert facts.duration_seconds == pytest.approx(2.0, abs=0.1)
    assert facts.sample_rate is None and facts.audio_codec is None


def test_wav(media_dir: Path) -> None:
    facts = probe_media(media_dir / "tone.wav")
    assert facts.format == "wav"
    assert facts.duration_seconds == pytest.approx(0.5, abs=0.01)
    assert (facts.sample_rate, facts.channels, facts.audio_codec) == (16000, 1, "pcm_s16le")
    assert facts.width is None and facts.fps is None


def test_png_reports_size_only(media_dir: Path) -> None:
    facts = probe_media(media_dir / "image.png")
    assert (facts.format, facts.width, facts.height) == ("png", 32, 24)
    assert facts.duration_seconds is None and facts.fps is None


def test_non_media_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_bytes(b"")
    with pytest.raises(UnsupportedMediaError):
        probe_media(text)
