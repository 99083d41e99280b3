"""Audio muxing: AAC in MP4, Opus in WebM, cut or padded to the video, from an array or a file."""

from __future__ import annotations

import time
from pathlib import Path

import av
import numpy as np
import pytest

from media_service.engines.encode import AudioArray, open_video, render_frames
from media_service.errors import UnsupportedMediaError, ValidationError

from .helpers import dominant_hz, draw_solid, rms
from tests.mediagen import decode, tone, write_wav

# AAC and Opus frames are 1024 and 960 samples; one video frame (1/30 s) is the tolerance we promise.
ONE_FRAME = 1 / 30


def test_mp4_gets_aac_padded_with_silence_to_the_video_length(tmp_path: Path) -> None:
    """1 s of stereo tone under 2 s of video: 2 s of AAC, the tone first, then silence."""
    audio = AudioArray(tone((440.0, 660.0), 1.0, rate=48_000), 48_000)
    result = render_frames(draw_solid, tmp_path / "padded.mp4", width=160, height=90, fps=30, frames=60,
                           audio=audio, preset="ultrafast")
    out = decode(result.path)
    assert result.has_audio
    assert (out.audio_codec, out.audio_rate) == ("aac", 48_000)
    assert out.audio is not None and out.audio.shape[0] == 2
    assert abs(out.audio.shape[1] / out.audio_rate - 2.0) <= ONE_FRAME
    left, right = out.audio
    assert abs(dominant_hz(left[4800:43200], 48_000) - 440) < 5
    assert abs(dominant_hz(right[4800:43200], 48_000) - 660) < 5
    assert rms(left[4800:43200]) > 0.15  # a 0.3 sine has RMS 0.21
    assert rms(out.audio[:, 52800:]) < 0.01  # after 1.1 s: the padding


def test_webm_gets_opus_cut_to_the_video_length_from_a_wav_file(tmp_path: Path) -> None:
    """3 s of 44.1 kHz mono WAV under 1 s of video: 1 s of 48 kHz Opus that still carries the tone."""
    wav = write_wav(tmp_path / "long.wav", tone((330.0,), 3.0, rate=44_100), 44_100)
    result = render_frames(draw_solid, tmp_path / "cut.webm", width=160, height=90, fps=30, frames=30,
                           format="webm", audio=wav, preset="8")
    out = decode(result.path)
    assert (out.audio_codec, out.audio_rate) == ("opus", 48_000)
    assert out.audio is not None and out.audio.shape[0] == 1
    assert abs(out.audio.shape[1] / out.audio_rate - 1.0) <= ONE_FRAME
    assert abs(dominant_hz(out.audio[0, 4800:43200], 48_000) - 330) < 5
    assert abs(out.duration - 1.0) <= ONE_FRAME


def test_an_array_at_another_rate_is_resampled(tmp_path: Path) -> None:
    audio = AudioArray(tone((1000.0,), 1.0, rate=22_050)[0], 22_050)  # 1-D: mono
    result = render_frames(draw_solid, tmp_path / "resampled.mp4", width=160, height=90, fps=30, frames=30,
                           audio=audio, preset="ultrafast")
    out = decode(result.path)
    assert out.audio is not None and out.audio.shape[0] == 1
    assert out.audio_rate == 22_050  # an AAC rate is kept as it is
    assert abs(dominant_hz(out.audio[0, 2205:19845], 22_050) - 1000) < 10


def test_audio_and_video_reach_the_disk_as_they_are_rendered(tmp_path: Path) -> None:
    """Audio fed in step lets the muxer write as it goes; fed at the end, the muxer would hold every video
    packet in memory until then (it waits for all streams) and a long render would grow without bound."""
    path = tmp_path / "streamed.mp4"
    rng = np.random.default_rng(7)
    audio = AudioArray(tone((440.0,), 30.0, rate=16_000), 16_000)
    with open_video(path, width=64, height=36, fps=5, audio=audio, preset="ultrafast", crf=0) as sink:
        for _ in range(75):  # 15 s of noise: about 250 KB of video, far past the 32 KB write buffer
            sink.write_frame(rng.integers(0, 255, (36, 64, 3), dtype=np.uint8))
        deadline = time.monotonic() + 10
        while path.stat().st_size < 100_000 and time.monotonic() < deadline:
            time.sleep(0.05)
        size_mid_render = path.stat().st_size
    assert size_mid_render >= 100_000
    latest = {"audio": 0.0, "video": 0.0}
    worst_gap = 0.0
    with av.open(str(path)) as container:
        for packet in container.demux():
            if packet.size and packet.pts is not None:
                kind = packet.stream.type
                latest[kind] = max(latest[kind], float(packet.pts * packet.time_base))
                worst_gap = max(worst_gap, abs(latest["audio"] - latest["video"]))
    assert latest["audio"] > 14 and latest["video"] > 14
    assert worst_gap < 2.0  # in file order neither stream runs ahead: players read front to back


def test_a_missing_or_silent_file_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        render_frames(draw_solid, tmp_path / "a.mp4", width=160, height=90, frames=3, audio=tmp_path / "none.wav")
    video_only = render_frames(draw_solid, tmp_path / "video-only.mp4", width=160, height=90, frames=3)
    with pytest.raises(UnsupportedMediaError):
        render_frames(draw_solid, tmp_path / "b.mp4", width=160, height=90, frames=3, audio=video_only.path)
    with pytest.raises(ValidationError):
        render_frames(draw_solid, tmp_path / "c.mp4", width=160, height=90, frames=3,
                      audio=AudioArray(np.zeros((3, 4, 5), np.float32), 48_000))
    assert not any((tmp_path / name).exists() for name in ("a.mp4", "b.mp4", "c.mp4"))
