"""`POST /avatar/train`, `GET /avatar/training/{id}`, `GET /avatar/models` against the Modal avatar fake: statuses
uploading → training (progress and time left from the backend) → completed | failed, the avatar persisted and
usable by `avatar_id` (its model path and reference face sent to InfiniteTalk); footage without exactly one
face refused before any call; missing credentials name what to set."""

from __future__ import annotations

import base64
import time
from typing import Any

from tests.capabilities.service_api import errors_by_field
from tests.fakes import ModalAvatarFake

from .conftest import AvatarApi


def _follow(api: AvatarApi, training_id: str, timeout: float = 60.0) -> list[dict[str, Any]]:
    """GET /training/{id} until completed or failed; every distinct state seen."""
    seen: list[dict[str, Any]] = []
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        r = api.client.get(f"{api.prefix}/training/{training_id}")
        assert r.status_code == 200, r.text
        state = r.json()["data"]
        key = (state["status"], state["progress"], state["estimated_time_remaining"])
        if not seen or key != (seen[-1]["status"], seen[-1]["progress"], seen[-1]["estimated_time_remaining"]):
            seen.append(state)
        if state["status"] in ("completed", "failed"):
            return seen
        time.sleep(0.02)
    raise AssertionError(f"training did not end: {seen}")


def test_training_to_completion_then_talking_with_the_avatar(avatar_api, modal_avatar_fake: ModalAvatarFake) -> None:
    api: AvatarApi = avatar_api(modal_avatar_fake)
    r = api.post("train", {"video_url": api.face_video(1), "avatar_name": "Ayu", "backend": "infinitetalk",
                           "training_config": {"epochs": 3, "batch_size": 2, "learning_rate": 0.0002,
                                               "frame_rate": 25}})
    assert r.status_code == 202, r.text
    started = r.json()["data"]
    assert started["status"] == "uploading" and started["avatar_id"].startswith("av_") and started["job_id"]
    states = _follow(api, started["avatar_id"])
    assert states[-1]["status"] == "completed", states
    assert {s["status"] for s in states} <= {"uploading", "training", "completed"}, states
    # The backend's progress and time left, as the job recorded them (sampling GET /training can miss a state
    # on a slow machine; the job's progress events cannot): 0.05 + 0.9 × the backend's fraction.
    steps = [(round(fraction, 3), step) for fraction, step in api.progress(started["job_id"])]
    assert (0.275, "training (90.0 s left)") in steps and (0.725, "training (30.0 s left)") in steps, steps
    done = states[-1]
    assert done["model_path"].endswith("/avatar.safetensors") and done["progress"] == 1.0
    assert _follow(api, started["job_id"])[-1]["avatar_id"] == started["avatar_id"]  # by job id too
    [train] = modal_avatar_fake.posts("/train")
    sent = train.json()
    assert sent["avatar_name"] == "Ayu" and sent["backend"] == "infinitetalk" and sent["video_base64"]
    assert sent["training_config"] == {"epochs": 3, "batch_size": 2, "learning_rate": 0.0002, "frame_rate": 25}
    models = api.client.get(f"{api.prefix}/models").json()["data"]["avatars"]
    assert [m["avatar_id"] for m in models] == [started["avatar_id"]]

    result = api.run("talking-head", {"audio_url": api.speech(), "avatar_id": started["avatar_id"]})
    assert result["backend"] == "infinitetalk" and result["avatar_id"] == started["avatar_id"]
    assert "trained for infinitetalk" in result["chosen_because"]
    body = modal_avatar_fake.posts("/submit")[-1].json()
    assert body["avatar_model"] == done["model_path"]
    assert base64.b64decode(body["face_image_base64"]).startswith(b"\x89PNG")


def test_failed_training_is_reported_and_not_listed(avatar_api, modal_avatar_fake: ModalAvatarFake) -> None:
    api: AvatarApi = avatar_api(modal_avatar_fake)
    modal_avatar_fake.inject("training_failed")
    r = api.post("train", {"video_url": api.face_video(1), "avatar_name": "Budi"})
    assert r.status_code == 202, r.text
    avatar_id = r.json()["data"]["avatar_id"]
    final = _follow(api, avatar_id)[-1]
    assert final["status"] == "failed" and "loss diverged" in final["error"]
    job = api.wait(r.json()["data"]["job_id"])
    assert job["status"] == "failed"
    assert api.client.get(f"{api.prefix}/models").json()["data"]["avatars"] == []
    unusable = errors_by_field(api.post("talking-head", {"audio_url": api.speech(), "avatar_id": avatar_id}))
    assert "failed" in unusable["avatar_id"]


def test_footage_without_one_face_and_missing_credentials(avatar_api, modal_avatar_fake: ModalAvatarFake) -> None:
    api: AvatarApi = avatar_api(modal_avatar_fake, worker=False)
    for faces, seen in ((0, "no face"), (2, "2 faces")):
        message = errors_by_field(api.post("train", {"video_url": api.face_video(faces), "avatar_name": "x"}))
        assert seen in message["video_url"]
    assert "video_url" in errors_by_field(api.post("train", {"video_url": api.face(1), "avatar_name": "x"}))
    assert "avatar_name" in errors_by_field(api.post("train", {"video_url": api.face_video(1), "avatar_name": ""}))
    assert "training_config.epochs" in errors_by_field(api.post("train", {
        "video_url": api.face_video(1), "avatar_name": "x", "training_config": {"epochs": 0}}))
    assert modal_avatar_fake.requests == []
    assert api.client.get(f"{api.prefix}/training/av_0000000000000000").status_code == 404
    bare: AvatarApi = avatar_api(worker=False)
    r = bare.post("train", {"video_url": bare.face_video(1), "avatar_name": "x"})
    assert r.status_code == 503 and r.json()["error"]["details"]["setting"] == "MODAL_API_URL"
