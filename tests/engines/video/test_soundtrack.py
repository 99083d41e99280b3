"""The soundtrack: voice, music ducked under it and video layers' sound, normalised and muxed in step."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from media_service.engines.video import layer_sounds, render_timeline
from media_service.errors import ValidationError

from .helpers import BLACK, RATE, band_level_db, make_clip, make_timeline, scene
from tests.mediagen import decode, lufs, tone, write_wav

VOICE_HZ, MUSIC_HZ, CLIP_HZ = 300.0, 110.0, 1000.0


def _voice(path: Path) -> Path:
    """Speech stand-in: 1.0–2.5 s of a 300 Hz tone in a 3 s file."""
    samples = np.zeros((2, 3 * RATE), np.float32)
    samples[:, RATE:int(2.5 * RATE)] = tone(VOICE_HZ, 1.5, amp=0.2)
    return write_wav(path, samples)


def test_voice_and_ducked_music_at_minus_14_lufs(tmp_path: Path) -> None:
    timeline = make_timeline([scene(0, 4, BLACK)], duration=4, fps=10, audio={
        "voiceover": str(_voice(tmp_path / "voice.wav")),
        "music": str(write_wav(tmp_path / "music.wav", tone(MUSIC_HZ, 1.5, amp=0.3))),  # loops to fill 4 s
        "volumeMusic": 0.5, "ducking": {"duckTo": 0.2, "attackMs": 50, "releaseMs": 200}})
    result = render_timeline(timeline, tmp_path / "a.mp4", preset="ultrafast")
    assert result.has_audio and result.audio is not None
    assert result.audio.measurement.integrated_lufs == pytest.approx(-14, abs=0.5)
    video = decode(result.path)
    assert video.audio_codec == "aac" and video.audio is not None and video.audio_rate == RATE
    assert abs(video.audio.shape[1] / RATE - 4.0) < 0.05
    assert abs(lufs(video.audio, RATE) - -14) <= 1.0
    before = band_level_db(video.audio, RATE, MUSIC_HZ, 0.2, 0.8)
    under = band_level_db(video.audio, RATE, MUSIC_HZ, 1.4, 2.2)
    assert before - under > 8, (before, under)                           # ducked under the voice
    voice_on, voice_off = (band_level_db(video.audio, RATE, VOICE_HZ, a, b) for a, b in ((1.4, 2.2), (0.2, 0.8)))
    assert voice_on > voice_off + 30


def test_video_layers_sound_while_shown_unless_muted(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "talk.mp4", seconds=3.0, fps=10, tone_hz=CLIP_HZ)
    layers = [{"type": "video", "id": "talk", "src": str(clip), "start": 1.0, "end": 2.0, "width": 40, "height": 20},
              {"type": "video", "id": "quiet", "src": str(clip), "muted": True, "x": 60, "width": 40, "height": 20}]
    timeline = make_timeline([scene(0, 3, BLACK, layers=layers)], duration=3, fps=10)
    sounds = layer_sounds(timeline)
    assert [(s.field, s.start, s.duration) for s in sounds] == [("scenes.0.layers.0.src", 1.0, 1.0)]
    result = render_timeline(timeline, tmp_path / "v.webm", format="webm", quality="preview")
    video = decode(result.path)
    assert video.audio_codec == "opus" and video.audio is not None
    inside = band_level_db(video.audio, 48_000, CLIP_HZ, 1.1, 1.9)
    assert inside > band_level_db(video.audio, 48_000, CLIP_HZ, 0.1, 0.9) + 30
    assert inside > band_level_db(video.audio, 48_000, CLIP_HZ, 2.1, 2.9) + 30
    assert abs(lufs(video.audio, 48_000) - -14) <= 1.0


def test_a_missing_voiceover_names_its_field(tmp_path: Path) -> None:
    timeline = make_timeline([scene(0, 1, BLACK)], duration=1, audio={"voiceover": str(tmp_path / "none.wav")})
    with pytest.raises(ValidationError) as caught:
        render_timeline(timeline, tmp_path / "x.mp4")
    assert caught.value.details["errors"][0]["field"] == "audio.voiceover"
    assert not (tmp_path / "x.mp4").exists()


def test_an_unreadable_voiceover_names_its_field(tmp_path: Path) -> None:
    text = tmp_path / "voice.wav"
    text.write_text("not audio at all")
    timeline = make_timeline([scene(0, 1, BLACK)], duration=1, audio={"voiceover": str(text)})
    with pytest.raises(ValidationError) as caught:
        render_timeline(timeline, tmp_path / "x.mp4")
    assert caught.value.details["errors"][0]["field"] == "audio.voiceover"
    assert caught.value.message.startswith("audio.voiceover")
