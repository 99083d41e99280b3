"""POST /audio/duck, /audio/sfx and /audio/normalize through real workers, measured on the decoded output."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .conftest import AudioApi
from .sound import (
    codec_of,
    onset,
    rms_db,
    speech,
    tone_level_db,
    true_peak_db,
)
from tests.mediagen import decode_audio, lufs, SR, tone, video_digest, write_video, write_wav


def test_duck_music_output_drops_while_the_voice_speaks(audio_api: Callable[..., AudioApi]) -> None:
    api = audio_api()
    voice = write_wav(api.inputs / "voice.wav", speech(4.0, 1.5, 3.0, level=0.1))
    music = write_wav(api.inputs / "music.wav", tone(150, 5.0, amp=0.25))
    common = {"voice": str(voice), "music": str(music), "duck_to": 0.25, "attack_ms": 50, "release_ms": 200,
              "output_format": "wav"}
    ducked = api.submit("duck", {**common, "output": "music"})
    mixed = api.submit("duck", {**common, "output": "mix"})
    job = api.wait(ducked)
    assert job["status"] == "completed", job
    out = job["result"]["output"]
    stem, _ = decode_audio(api.fetch(out, "ducked.wav"))
    assert abs(out["duration_seconds"] - 5.0) < 0.01 and stem.shape[1] == 5 * SR  # the music's length
    original = rms_db(tone(150, 5.0, amp=0.25), 0.0, 5.0)
    assert abs(rms_db(stem, 0.2, 1.2) - original) < 0.5  # untouched before the voice
    drop = original - rms_db(stem, 1.8, 2.8)
    assert abs(drop - 20 * np.log10(1 / 0.25)) < 1.0, drop  # -12 dB: duck_to 0.25
    assert abs(rms_db(stem, 3.8, 5.0) - original) < 0.5  # released after 3.0 s + hold + release
    assert out["true_peak_db"] <= -1.0 and true_peak_db(stem) <= -0.9  # the default ceiling only
    job = api.wait(mixed)
    assert job["status"] == "completed", job
    mix, _ = decode_audio(api.fetch(job["result"]["output"], "mix.wav"))
    # the voice is in the mix (its band carries energy only while it speaks) over the ducked bed
    assert rms_db(mix - stem, 1.8, 2.8) > rms_db(mix - stem, 0.2, 1.2) + 30


def test_sfx_on_a_video_copies_the_video_and_places_the_effect(audio_api: Callable[..., AudioApi]) -> None:
    api = audio_api()
    video = write_video(api.inputs / "clip.mp4", 3.0, audio=tone(440, 3.0, amp=0.2))
    result = api.run("sfx", {"base": str(video), "effects": [{"sfx": "impact", "at": 1.5, "volume": 1.0}]})
    out = result["output"]
    assert out["video_copied"] is True and out["path"].endswith(".mp4") and out["width"] == 64
    path = api.fetch(out)
    assert video_digest(path) == video_digest(video)  # packets identical: copied, not re-encoded
    assert codec_of(path) == "aac"
    samples, rate = decode_audio(path)
    assert abs(samples.shape[1] / rate - 3.0) < 0.1  # the video's length, not the effect's
    # the impact is a 110→42 Hz thump; the base is a 440 Hz tone, so below 150 Hz the effect stands alone
    start = onset(samples, threshold_db=-40, lowpass_hz=150, after=0.2)
    assert abs(start - 1.5) < 0.03, start
    assert tone_level_db(samples, 440, 0.5, 1.4) > -20  # the base audio is still there


def test_sfx_on_audio_with_a_referenced_effect(audio_api: Callable[..., AudioApi]) -> None:
    api = audio_api()
    base = write_wav(api.inputs / "base.wav", tone(220, 2.0, amp=0.1))
    beep = write_wav(api.inputs / "beep.wav", tone(3000, 0.2, amp=0.5))
    result = api.run("sfx", {"base": str(base), "output_format": "wav",
                             "effects": [{"sfx": api.upload(beep), "at": 0.5, "volume": 0.5},
                                         {"sfx": "click", "at": 1.9}]})  # runs past the end: audio grows
    out = result["output"]
    samples, _ = decode_audio(api.fetch(out))
    assert out["format"] == "wav" and out["video_copied"] is False
    assert samples.shape[1] >= round(1.94 * SR)
    assert tone_level_db(samples, 3000, 0.5, 0.7) > tone_level_db(samples, 3000, 0.2, 0.45) + 30
    assert abs(tone_level_db(samples, 3000, 0.5, 0.7) - 20 * np.log10(0.25)) < 1.0  # 0.5 amplitude at volume 0.5


def test_normalize_a_video_and_an_audio_file(audio_api: Callable[..., AudioApi]) -> None:
    api = audio_api()
    video = write_video(api.inputs / "talk.mp4", 3.0, audio=tone(300, 3.0, amp=0.05))
    quiet = write_wav(api.inputs / "quiet.wav", speech(3.0, 0.2, 2.8, level=0.02))
    on_video = api.submit("normalize", {"input": str(video), "target_lufs": -20, "true_peak_db": -2})
    on_audio = api.submit("normalize", {"input": str(quiet), "target_lufs": -16, "output_format": "flac"})
    job = api.wait(on_video)
    assert job["status"] == "completed", job
    out = job["result"]["output"]
    assert out["video_copied"] and out["path"].endswith(".mp4")
    assert abs(out["integrated_lufs"] - -20) < 0.1 and out["true_peak_db"] <= -2
    path = api.fetch(out)
    assert video_digest(path) == video_digest(video)
    samples, rate = decode_audio(path)
    assert abs(lufs(samples, rate) - -20) < 0.5, lufs(samples, rate)
    job = api.wait(on_audio)
    assert job["status"] == "completed", job
    samples, rate = decode_audio(api.fetch(job["result"]["output"]))
    assert codec_of(api.fetch(job["result"]["output"], "again.flac")) == "flac"
    assert abs(lufs(samples, rate) - -16) < 0.5 and true_peak_db(samples) <= -1.0 + 0.1
