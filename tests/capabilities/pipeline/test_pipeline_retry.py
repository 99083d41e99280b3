"""POST /video/pipeline/{id}/retry: a pipeline whose last step failed (its music file vanished after the
request was accepted) is run again; only the failed step makes a job, every finished step's result is
reused — counted on the children of both runs."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from tests.engines.assembly.clips import write_tone_wav

from .conftest import PipelineApi
from .test_pipeline_input import SCRIPT


@pytest.mark.slow
def test_retry_redoes_only_the_failed_step(pipeline_api, tmp_path: Path) -> None:
    api: PipelineApi = pipeline_api()
    music = write_tone_wav(api.inputs / "music.wav", 220.0, 4.0)
    kept = music.read_bytes()
    first = api.submit("pipeline", {"script": SCRIPT, "bgm": {"source": str(music), "volume": 0.2},
                                    "captions": False})
    music.unlink()  # accepted; gone before the combine step reads it
    failed = api.wait(first)
    assert failed["status"] == "failed", failed
    assert failed["error"]["details"]["step"] == "combine", failed["error"]
    before = Counter(c["type"] for c in api.children(first))
    assert before == {"sparkfluence.generate_images": 1, "video.image_to_video": 4, "tts.generate": 4,
                      "render.scene": 4, "video.combine": 1}, before

    music.write_bytes(kept)
    r = api.client.post(f"/api/v1/video/pipeline/{first}/retry")
    assert r.status_code == 202, r.text
    again = api.wait(r.json()["data"]["job_id"])
    assert again["status"] == "completed", again
    assert again["type"] == "video.pipeline_retry" and again["result"]["retry_of"] == first
    redone = api.children(again["id"])
    assert [(c["type"], c["child_key"]) for c in redone] == [("video.combine", "combine")]
    steps = {s["name"]: s for s in again["result"]["steps"]}
    assert steps["clips"]["reused"] == 4 and steps["clips"]["job_ids"] == []
    assert steps["images"]["reused"] == 1 and steps["captions"]["reused"] == 4
    assert Counter(c["type"] for c in api.children(first)) == before, "the failed run's children are untouched"
    assert api.client.post(f"/api/v1/video/pipeline/{again['id']}/retry").status_code == 409


def test_cancelling_the_pipeline_cancels_its_children(pipeline_api) -> None:
    api: PipelineApi = pipeline_api()
    job_id = api.submit("pipeline", {"script": SCRIPT, "bgm": None})
    deadline = time.monotonic() + 120
    while not any(c["type"] == "video.image_to_video" for c in api.children(job_id)):
        assert time.monotonic() < deadline, "no clip job started"
        time.sleep(0.2)
    r = api.client.delete(f"/api/v1/jobs/{job_id}")
    assert r.status_code in (200, 202), r.text  # 202: running, its cancellation requested
    ended = api.wait(job_id)
    assert ended["status"] == "cancelled", ended
    deadline = time.monotonic() + 60
    while any(c["status"] not in ("completed", "failed", "cancelled", "timeout") for c in api.children(job_id)):
        assert time.monotonic() < deadline, api.children(job_id)
        time.sleep(0.2)
    statuses = Counter(c["status"] for c in api.children(job_id))
    assert statuses["cancelled"] >= 1 and not {"queued", "processing"} & set(statuses), statuses
    assert not any(c["type"] == "video.combine" for c in api.children(job_id)), "nothing starts after the cancel"
