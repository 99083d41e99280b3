"""POST /audio/mix through real workers: loudness, true peak, ducking, length, encoders, every ref form."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable

import numpy as np
from scipy.io import wavfile

from .conftest import AudioApi
from .sound import (
    codec_of,
    speech,
    tone_level_db,
    true_peak_db,
)
from tests.mediagen import decode_audio, lufs, SR, tone, write_wav

MUSIC_HZ = 110.0


def _data_uri(samples: np.ndarray) -> str:
    buffer = io.BytesIO()
    wavfile.write(buffer, SR, np.ascontiguousarray((samples * 32767).astype(np.int16).T))
    return "data:audio/wav;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_mix_with_ducking_meets_loudness_and_ducks_the_music(audio_api: Callable[..., AudioApi]) -> None:
    api = audio_api()
    # voice speaks 1.0–3.5 s of its file, placed at 0.5 s: speech in the programme at 1.5–4.0 s
    voice = write_wav(api.inputs / "voice.wav", speech(4.0, 1.0, 3.5, level=0.1))
    music_upload = api.upload(write_wav(api.inputs / "bed.wav", tone(MUSIC_HZ, 2.0, amp=0.2)))
    click = np.zeros((2, SR // 4), np.float32)
    click[:, :480] = tone(2000, 0.01, amp=0.5)
    job_id = api.submit("mix", {
        "tracks": [
            {"url": str(voice), "type": "voiceover", "volume": 1.0, "start_time": 0.5},
            {"url": music_upload, "type": "music", "volume": 0.8, "fade_in": 0.2},  # 2 s bed, loops to fill
            {"url": _data_uri(click), "type": "sfx", "volume": 0.5, "start_time": 5.0},
        ],
        "ducking": {"enabled": True, "duck_to": 0.2, "attack_ms": 80, "release_ms": 300},
        "duration": 6.0, "target_lufs": -16, "true_peak_db": -1.5, "output_format": "wav",
    })
    job = api.wait(job_id)
    assert job["status"] == "completed" and job["progress"] == 1.0, job
    out = job["result"]["output"]
    assert out["mime"] == "audio/wav" or out["mime"].startswith("audio/")
    assert out["sample_rate"] == SR and out["channels"] == 2
    assert abs(out["duration_seconds"] - 6.0) < 0.01
    assert abs(out["integrated_lufs"] - -16) < 0.2 and out["true_peak_db"] <= -1.5
    samples, rate = decode_audio(api.fetch(out))
    assert rate == SR and samples.shape == (2, 6 * SR)
    assert abs(lufs(samples) - -16) < 0.5, lufs(samples)
    assert true_peak_db(samples) <= -1.5 + 0.1
    # the music (a pure 110 Hz bed) drops to ~duck_to (-14 dB) under the voice and comes back after
    before = tone_level_db(samples, MUSIC_HZ, 0.5, 1.2)
    under = tone_level_db(samples, MUSIC_HZ, 2.0, 3.6)
    after = tone_level_db(samples, MUSIC_HZ, 4.6, 4.95)
    assert 11.0 < before - under < 17.0, (before, under)
    assert abs(after - before) < 1.0, (before, after)
    # the engine's progress came through, step by step and never backwards
    reports = api.progress(job_id)
    steps = [step for _, step in reports]
    assert {"decoding", "mixing", "saving"} <= set(steps), reports
    assert steps.index("decoding") < steps.index("mixing") < steps.index("saving")
    assert [p for p, _ in reports] == sorted(p for p, _ in reports)
    # the sfx lands at 5.0 s: the 2 kHz click is there and not before
    assert tone_level_db(samples, 2000, 5.0, 5.01) > tone_level_db(samples, 2000, 4.8, 4.99) + 20


def test_mix_encoders_and_output_path(audio_api: Callable[..., AudioApi]) -> None:
    api = audio_api()
    music = write_wav(api.inputs / "music.wav", tone(330, 2.0, amp=0.1) + tone(440, 2.0, amp=0.1))
    export_root = api.client.app.state.web.settings.resolved_output_roots[0]  # type: ignore[attr-defined]
    copy_to = export_root / "mine" / "mix.flac"
    jobs = {fmt: api.submit("mix", {"tracks": [{"url": str(music), "type": "music", "volume": 0.5}],
                                    "output_format": fmt, **({"output_path": str(copy_to)} if fmt == "flac" else {})})
            for fmt in ("mp3", "aac", "opus", "flac")}
    codecs = {"mp3": "mp3", "aac": "aac", "opus": "opus", "flac": "flac"}
    suffixes = {"mp3": ".mp3", "aac": ".m4a", "opus": ".opus", "flac": ".flac"}
    for fmt, job_id in jobs.items():
        job = api.wait(job_id)
        assert job["status"] == "completed", job
        out = job["result"]["output"]
        assert out["format"] == fmt and out["path"].endswith(suffixes[fmt])
        path = api.fetch(out)
        assert codec_of(path).startswith(codecs[fmt])
        samples, rate = decode_audio(path)
        assert abs(samples.shape[1] / rate - 2.0) < 0.06, (fmt, samples.shape[1] / rate)  # encoder padding only
        assert abs(lufs(samples, rate) - -14) < 0.5, (fmt, lufs(samples, rate))  # the default target
    assert copy_to.is_file() and decode_audio(copy_to)[0].shape[1] == 2 * SR
    assert codec_of(copy_to) == "flac"
