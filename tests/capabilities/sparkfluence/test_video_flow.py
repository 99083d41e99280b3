"""The Sparkfluence flow end to end, once through the GeminiGen fake and once fully offline:
generate-images → generate-videos → check-video-status (until all_completed) → combine-final-video →
job-status, each answer checked against the contract's schema; the final video decoded: one segment per
script segment, in order (each span shows its own clip), with sound in every segment."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.fakes import GeminiGenFake
from tests.fakes.fixtures import start_fake  # noqa: F401  (a fixture)
from tests.mediagen import Decoded, decode

from .test_contract import ACCEPTED, poll
from .test_generate_images import RESPONSE_SCHEMA as IMAGES_SCHEMA
from .test_generate_videos import GENERATE_SCHEMA, poll_status, spark_videos  # noqa: F401  (spark_videos: a fixture)

SCRIPT = [("HOOK", "Kerja seharian tapi nggak produktif?", "shock", "Close-up of a stressed person at a messy desk"),
          ("BODY_1", "Rahasia nomor satu: time blocking.", "curiosity", "Calendar app with colour-coded blocks"),
          ("BODY_2", "Rahasia nomor dua: teknik pomodoro.", "hope", "A timer showing twenty-five minutes"),
          ("ENDING_CTA", "Follow untuk tips lainnya!", "excitement", "Person giving a thumbs up")]


def run_flow(client: TestClient, tmp: Path, durations: list[float] | None = None,
             **videos_extra: Any) -> tuple[Decoded, list[Decoded], dict[str, Any]]:
    """The whole flow (`durations`: each segment's duration_seconds); returns the decoded final video, the
    decoded clips and the timings."""
    timings: dict[str, Any] = {}
    segments = [{"type": t, "script_text": s, "emotion": e, "visual_direction": v} for t, s, e, v in SCRIPT]
    r = client.post("/functions/v1/generate-images", json={"segments": segments, "provider": "local"})
    assert r.status_code == 200, r.text
    jsonschema.validate(r.json(), IMAGES_SCHEMA)
    images = [{"segment_type": i["segment_type"], "image_url": i["image_url"]} for i in r.json()["data"]["images"]]
    if durations is not None:
        segments = [{**segment, "duration_seconds": d} for segment, d in zip(segments, durations)]
    started = time.monotonic()
    r = client.post("/functions/v1/generate-videos", json={"segments": segments, "images": images,
                                                           "language": "indonesian", **videos_extra})
    assert r.status_code == 200, r.text
    jsonschema.validate(r.json(), GENERATE_SCHEMA)
    uuids = [v["veo_response"]["uuid"] for v in r.json()["data"]["videos"]]
    history = poll_status(client, uuids, timeout=600)
    timings["videos_sec"], timings["polls"] = time.monotonic() - started, len(history)
    final_status = history[-1]
    assert final_status["all_completed"], final_status
    clips, paths = [], []
    for index, video in enumerate(final_status["videos"]):
        path = tmp / f"clip{index}.mp4"
        path.write_bytes(client.get(video["video_url"]).content)
        clips.append(decode(path))
        paths.append(path)
    body = {"project_id": str(uuid.uuid4()), "options": {"bgm_url": None, "bgm_volume": 0.15},
            "segments": [{"type": SCRIPT[i][0], "video_url": v["video_url"], "duration_seconds": clips[i].duration}
                         for i, v in enumerate(final_status["videos"])]}
    r = client.post("/api/combine-final-video", json=body)
    assert r.status_code == 202, r.text
    jsonschema.validate(r.json(), ACCEPTED)
    done = poll(client, r.json()["data"]["job_id"], timeout=300)[-1]
    assert done["status"] == "completed", done
    timings["total_sec"] = time.monotonic() - started
    final = tmp / "final.mp4"
    final.write_bytes(client.get(done["final_video_url"]).content)
    return decode(final), clips, timings


def check_segments(final: Decoded, clips: list[Decoded]) -> None:
    """One span per clip, in order: its middle frame is nearest its own clip's; sound in every span."""
    assert final.duration == pytest.approx(sum(c.duration for c in clips), abs=0.25)
    assert final.audio is not None
    start = 0.0
    for index, clip in enumerate(clips):
        middle = final.at(start + clip.duration / 2).astype(np.float32)
        errors = [float(np.abs(middle - c.at(c.duration / 2).astype(np.float32)).mean()) for c in clips]
        assert int(np.argmin(errors)) == index, (index, errors)
        span = final.audio[:, round((start + 0.1) * final.audio_rate):round((start + clip.duration - 0.1)
                                                                            * final.audio_rate)]
        rms_db = 20 * np.log10(float(np.sqrt(np.mean(span ** 2))) + 1e-12)
        assert rms_db > -40, (index, rms_db)
        assert clip.audio is not None
        start += clip.duration


def test_flow_through_the_geminigen_fake(spark_videos, start_fake, tmp_path: Path) -> None:  # noqa: F811
    fake = start_fake(GeminiGenFake)
    final, clips, timings = run_flow(spark_videos(fake), tmp_path)
    check_segments(final, clips)
    assert len(fake.forms) == 4 and all(f["files"][1][:4] == b"\x89PNG" for f in fake.forms)
    print(f"\nfakes: generate-videos → all_completed in {timings['videos_sec']:.2f} s over {timings['polls']} "
          f"status polls; to the combined video {timings['total_sec']:.2f} s")


def test_flow_fully_local(spark_videos, tmp_path: Path) -> None:  # noqa: F811
    final, clips, timings = run_flow(spark_videos(), tmp_path)  # no video provider configured: local
    check_segments(final, clips)
    assert (final.width, final.height) == (720, 1280)
    print(f"\nlocal: 4 clips in {timings['videos_sec']:.2f} s; final video ({final.duration:.2f} s) after "
          f"{timings['total_sec']:.2f} s")
