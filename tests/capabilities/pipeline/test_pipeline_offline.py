"""The acceptance run: a 30 s 9:16 video from one topic, fully offline, in one call. Decoded: its length and
size, sound throughout; measured: integrated loudness −14 ± 1 LUFS and speech in every segment (the voice
band's RMS over each segment's window, against the same measure in the pauses). Three frames are saved under
/tmp for a person to look at. Also: one child job per step item, each with `parent_id`, and the step reports."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import skia

from tests.mediagen import lufs

from .conftest import PipelineApi, read_programme

TOPIC = "why sleep makes you smarter"
LEAD = 0.3  # the pipeline's silence before each voiceover
FRAMES_DIR = Path(os.environ.get("PIPELINE_FRAMES_DIR", "/tmp/pipeline-frames"))


def band_rms_db(audio: np.ndarray, rate: int, start: float, end: float) -> float:
    """RMS (dB) of the mono mix in 300–3400 Hz (the voice band) between `start` and `end` seconds."""
    mono = audio.mean(axis=0)[round(start * rate):round(end * rate)]
    spectrum = np.fft.rfft(mono)
    freqs = np.fft.rfftfreq(mono.size, 1 / rate)
    spectrum[(freqs < 300) | (freqs > 3400)] = 0
    band = np.fft.irfft(spectrum, mono.size)
    return float(20 * np.log10(np.sqrt(np.mean(band ** 2)) + 1e-12))


def spoken_lengths(children: list[dict[str, Any]]) -> dict[int, float]:
    """Each segment's voiceover length, from its tts.generate child (a refit one wins)."""
    found: dict[int, float] = {}
    for child in sorted(children, key=lambda c: c["child_key"] or ""):
        key = child["child_key"] or ""
        if child["type"] == "tts.generate" and key.startswith("voice:"):
            found[int(key.split(":")[1])] = float(child["result"]["duration_seconds"])
    return found


def run_offline(api: PipelineApi, body: dict[str, Any]) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    job = api.wait(api.submit("pipeline", body))
    return job, time.monotonic() - started


@pytest.mark.slow
def test_thirty_second_video_offline_in_one_call(pipeline_api, tmp_path: Path) -> None:
    api = pipeline_api()
    job, wall = run_offline(api, {"topic": TOPIC, "duration": "30s", "platform": "tiktok", "language": "english"})
    assert job["status"] == "completed", job
    result = job["result"]
    steps = {s["name"]: s for s in result["steps"]}
    assert list(steps) == ["script", "images", "clips", "voiceover", "captions", "combine"][:len(steps)] or \
        set(steps) >= {"script", "images", "clips", "voiceover", "captions", "combine"}
    assert all(s["provider"] == "local" for n, s in steps.items() if n != "voiceover_fit")
    segments = result["segments"]
    assert sum(s["duration_seconds"] for s in segments) == 30

    children = api.children(job["id"])
    assert all(c["parent_id"] == job["id"] for c in children)
    kinds = sorted(c["type"] for c in children)
    n = len(segments)
    assert kinds.count("video.image_to_video") == n and kinds.count("render.scene") == n
    assert kinds.count("scripts.generate") == 1 and kinds.count("video.combine") == 1
    assert kinds.count("sparkfluence.generate_images") == 1 and kinds.count("tts.generate") >= n
    assert all(c["status"] == "completed" for c in children)
    assert api.logs(children[0]["id"]), "each child keeps its own log"
    progress = api.progress(job["id"])
    fractions = [p for p, _ in progress]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0, progress  # weighted by step, never backwards
    assert {step.split(":")[0] for _, step in progress if step} >= {"script", "images", "clips", "captions"}

    path = api.fetch(result["output"], "pipeline.mp4")
    bounds = np.cumsum([0] + [s["duration_seconds"] for s in segments])
    looks = (1.0, float(bounds[1] + bounds[2]) / 2, 28.5)
    video = read_programme(path, at=looks)
    assert video.duration == pytest.approx(30.0, abs=1.0)
    assert (video.width, video.height) == (720, 1280)
    assert video.audio is not None
    loudness = lufs(video.audio, video.audio_rate)
    assert loudness == pytest.approx(-14.0, abs=1.0)
    speech = []
    spoken = spoken_lengths(children)
    for i, (start, end) in enumerate(zip(bounds[:-1], bounds[1:])):
        talk_end = min(end, start + LEAD + spoken[i])
        words = band_rms_db(video.audio, video.audio_rate, start + LEAD, talk_end)
        rest = band_rms_db(video.audio, video.audio_rate, talk_end + 0.3, end - 0.05) if end - talk_end > 0.8 else None
        speech.append((round(words, 1), None if rest is None else round(rest, 1)))
    for i, (words, rest) in enumerate(speech):  # the voice is loud, and louder than the music alone
        assert words > -30 and (rest is None or words > rest + 6), (i, speech)
    FRAMES_DIR.mkdir(parents=True, exist_ok=True)
    for t, frame in video.frames.items():
        assert frame.std() > 10, f"frame at {t}s is flat"
        skia.Image.fromarray(np.dstack([frame, np.full(frame.shape[:2], 255, np.uint8)])).save(
            str(FRAMES_DIR / f"frame_{t:05.1f}s.png"))
    timing = ", ".join(f"{s['name']} {s['seconds']:.1f}s" for s in result["steps"])
    print(f"\npipeline offline: {wall:.1f} s wall ({timing}); {video.duration:.2f} s {video.width}x{video.height}; "
          f"{loudness:.2f} LUFS; voice band per segment (words dB, music-only tail dB) {speech}; frames in {FRAMES_DIR}")
