"""`/video/transform` on Replicate's enhancement models, through the Replicate fake: each operation goes to the
model made for it with that model's own input names (the video inline as a data: URI), the prediction is
followed to its end, and the video it answers is downloaded, measured and kept. Cancelling the job cancels
the prediction."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.fakes import ReplicateFake
from tests.fakes.fixtures import fakes_env, replicate_fake, start_fake  # noqa: F401  (fixtures)
from tests.mediagen import decode

from .conftest import VideoApi

POLL = {"VIDEO_POLL_FIRST_SEC": "0.05", "VIDEO_POLL_CAP_SEC": "0.1"}


@pytest.fixture
def replicate_api(make_client: Callable[..., TestClient], tmp_path: Path, start_worker: Callable[..., Any],
                  replicate_fake: ReplicateFake) -> VideoApi:  # noqa: F811
    api = VideoApi.over(make_client, tmp_path, fakes_env(replicate_fake, **POLL))
    start_worker(api.client, queues=("cpu",))
    return api


@pytest.mark.parametrize(("kind", "model", "video_input", "version", "extra"), [
    ("super-resolution", None, "video_path", "lucataco/real-esrgan-video", {"resolution": "FHD",
                                                                            "model": "RealESRGAN_x4plus"}),
    ("denoise", "gfpgan", "video", "pbarker/gfpgan-video", {"scale": 2, "version": "v1.4"}),
    ("colorize", None, "input_video", "arielreplicate/deoldify_video", {"render_factor": 21}),
    ("style-transfer", None, "video", "fofr/lcm-video2video", {"prompt": "an oil painting, thick brush strokes",
                                                               "prompt_strength": 0.55, "max_width": 1920}),
])
def test_each_operation_runs_on_the_model_made_for_it(replicate_api: VideoApi,
                                                      replicate_fake: ReplicateFake,  # noqa: F811
                                                      clips: dict[str, Path], kind: str, model: str | None,
                                                      video_input: str, version: str, extra: dict[str, Any]) -> None:
    source = clips["seg0"]
    result = replicate_api.run("transform", {"video_path": replicate_api.place(source), "enhancement_type": kind,
                                             "model": model, "style_prompt": "an oil painting, thick brush strokes"})
    assert result["provider"] == "replicate" and result["provider_generation_id"].startswith("p")
    [created] = [r.json() for r in replicate_fake.posts("/predictions") if "cancel" not in r.path]
    assert created["version"].split(":")[0] == version
    sent = created["input"]
    assert sent[video_input].startswith("data:video/mp4;base64,")
    assert base64.b64decode(sent[video_input].split(",", 1)[1]) == source.read_bytes()  # the whole video, inline
    assert {k: sent[k] for k in extra} == extra
    video = decode(replicate_api.fetch(result["output"]))
    assert video.frames and (result["width"], result["height"]) == (video.width, video.height)
    assert result["frames"] > 0 and result["fps"] > 0


def test_a_failed_prediction_fails_the_job_and_cancelling_cancels_it(replicate_api: VideoApi,
                                                                     replicate_fake: ReplicateFake,  # noqa: F811
                                                                     clips: dict[str, Path]) -> None:
    video = replicate_api.place(clips["seg0"])
    failed = replicate_api.wait(replicate_api.submit("transform", {
        "video_path": video, "enhancement_type": "style-transfer", "style_prompt": "FAIL_ME"}))
    assert failed["status"] == "failed" and failed["error"]["code"] == "PROVIDER_ERROR", failed["error"]
    job_id = replicate_api.submit("transform", {"video_path": video, "enhancement_type": "style-transfer",
                                                "style_prompt": "SLOW_ME"})
    deadline = time.monotonic() + 60
    while not any("replicate prediction" in line for line in replicate_api.logs(job_id)):
        assert time.monotonic() < deadline, replicate_api.job(job_id)
        time.sleep(0.05)
    assert replicate_api.client.delete(f"/api/v1/jobs/{job_id}").status_code == 202
    assert replicate_api.wait(job_id)["status"] == "cancelled"
    deadline = time.monotonic() + 10
    while not replicate_fake.cancelled:
        assert time.monotonic() < deadline, "the prediction was not cancelled"
        time.sleep(0.05)
