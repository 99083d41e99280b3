"""Bad requests are 400s naming the field before any job exists; bad media fails the job, which keeps its
input, error and logs."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from .conftest import AudioApi, errors_by_field
from tests.mediagen import tone, write_wav


def _mix(url: str, **track: Any) -> dict[str, Any]:
    return {"tracks": [{"url": url, "type": "music", **track}]}


@pytest.fixture
def good(api_only: AudioApi) -> str:
    return str(write_wav(api_only.inputs / "ok.wav", tone(440, 0.5)))


def test_bad_mix_requests_are_400_naming_the_field(api_only: AudioApi, good: str) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        (_mix(good, volume=1.5), "tracks[0].volume"),
        (_mix(good, start_time=-1), "tracks[0].start_time"),
        (_mix(good, trim_start=2, trim_end=1), "tracks[0].trim_end"),
        ({**_mix(good), "output_format": "ogg-vorbis"}, "output_format"),
        ({"tracks": []}, "tracks"),
        ({"output_format": "mp3"}, "tracks"),
        ({"tracks": [{"url": good, "type": "speech"}]}, "tracks[0].type"),
        (_mix("ftp://example.com/a.wav"), "tracks[0].url"),
        (_mix("relative/path.wav"), "tracks[0].url"),
        ({**_mix(good), "ducking": {"duck_to": 2}}, "ducking.duck_to"),
        ({**_mix(good), "target_lufs": 3}, "target_lufs"),
    ]
    for body, field in cases:
        assert field in errors_by_field(api_only.post("mix", body)), (body, field)


def test_refs_are_checked_at_submission(api_only: AudioApi, good: str, tmp_path: Any) -> None:
    outside = write_wav(tmp_path / "elsewhere" / "x.wav", tone(440, 0.2))  # not under INPUT_ROOTS
    text = api_only.inputs / "notes.png"
    text.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    cases = [
        (_mix(str(outside)), "tracks[0].url"),
        (_mix(str(api_only.inputs / "missing.wav")), "tracks[0].url"),
        (_mix("upl_" + "a" * 26), "tracks[0].url"),
        (_mix(str(text)), "tracks[0].url"),  # an image where audio is expected
        ({"voice": good, "music": "upl_" + "b" * 26}, "music"),
        ({"input": str(outside)}, "input"),
    ]
    for body, field in cases:
        path = "duck" if "voice" in body else "normalize" if "input" in body else "mix"
        assert field in errors_by_field(api_only.post(path, body)), (body, field)
    ducking_alone = {**_mix(good), "ducking": {"enabled": True}}
    assert "ducking" in errors_by_field(api_only.post("mix", ducking_alone))
    assert api_only.client.get("/api/v1/jobs").json()["data"]["jobs"] == []


def test_bad_sfx_requests_name_the_effect(api_only: AudioApi, good: str) -> None:
    fields = errors_by_field(api_only.post("sfx", {"base": good, "effects": [{"sfx": "kaboom", "at": 1}]}))
    assert "effects[0].sfx" in fields and "whoosh" in fields["effects[0].sfx"]
    assert "effects[0].at" in errors_by_field(api_only.post("sfx", {"base": good, "effects": [{"sfx": "pop", "at": -1}]}))
    missing = {"base": good, "effects": [{"sfx": "pop", "at": 0}, {"sfx": str(api_only.inputs / "no.wav"), "at": 1}]}
    assert "effects[1].sfx" in errors_by_field(api_only.post("sfx", missing))
    assert "effects" in errors_by_field(api_only.post("sfx", {"base": good, "effects": []}))


def test_dry_run_checks_without_creating_a_job(api_only: AudioApi, good: str) -> None:
    r = api_only.post("mix", {**_mix(good), "dry_run": True})
    assert r.status_code == 200 and r.json()["data"]["type"] == "audio.mix"
    assert r.json()["data"]["queue"] == "cpu"
    assert api_only.client.get("/api/v1/jobs").json()["data"]["jobs"] == []


def test_corrupt_empty_and_silent_inputs_fail_the_job_with_their_field(audio_api: Callable[..., AudioApi]) -> None:
    api = audio_api()
    corrupt = api.inputs / "corrupt.wav"
    corrupt.write_bytes(os.urandom(4096))
    empty = api.inputs / "empty.wav"
    empty.touch()
    truncated = api.inputs / "truncated.wav"
    truncated.write_bytes(write_wav(api.inputs / "full.wav", tone(440, 1.0)).read_bytes()[:2000])
    silent = write_wav(api.inputs / "silent.wav", np.zeros((2, 48_000), np.float32))
    good = write_wav(api.inputs / "good.wav", tone(440, 1.0))
    submitted = {
        "corrupt": api.submit("mix", {"tracks": [{"url": str(good), "type": "voiceover"},
                                                 {"url": str(corrupt), "type": "music"}]}),
        "empty": api.submit("duck", {"voice": str(good), "music": str(empty)}),
        "truncated": api.submit("normalize", {"input": str(truncated)}),
        "silent": api.submit("normalize", {"input": str(silent)}),
        "silent track": api.submit("mix", {"tracks": [{"url": str(silent), "type": "voiceover"}]}),
    }
    expected = {"corrupt": ("tracks[1].url", "not a recognised"), "empty": ("music", "empty"),
                "truncated": ("input", "truncated or corrupt"), "silent": ("input", "silent"),
                "silent track": ("tracks[0].url", "silent")}
    for name, job_id in submitted.items():
        job = api.wait(job_id)
        field, words = expected[name]
        assert job["status"] == "failed", (name, job)
        assert job["error"]["code"] == "VALIDATION_ERROR", (name, job["error"])
        assert job["error"]["message"].startswith(f"{field}:") and words in job["error"]["message"], job["error"]
        assert job["error"]["details"]["errors"][0]["field"] == field
        assert job["input"] and job["retries"] == 0  # validation failures are not retried
        assert any("VALIDATION_ERROR" in line["message"] for line in job["logs"]), job["logs"]
    logs = api.client.get(f"/api/v1/jobs/{submitted['corrupt']}/logs").json()["data"]["logs"]
    assert any(line["message"].startswith("tracks[0].url: 1.00 s decoded") for line in logs)
