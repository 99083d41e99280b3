"""`/api/v1/video/sora|mochi|wan2|models` and `/video/image-to-video` with a provider model, against the fakes:
Sora's retirement (503 without a fallback, routed and saying so with one), the catalogue's 400s, progress
following the vendor's percentage, cancel reaching the vendor, the clip kept as our output."""

from __future__ import annotations

import base64
import time
from pathlib import Path

import av
import pytest

from tests.capabilities.service_api import errors_by_field
from tests.fakes import GeminiFake, GeminiGenFake, ReplicateFake, png_bytes

from .conftest import AiVideoApi


def _streams(path: Path) -> set[str]:
    with av.open(str(path)) as container:
        return {s.type for s in container.streams}


def _image(api: AiVideoApi) -> str:
    path = api.inputs / "frame.png"
    path.write_bytes(png_bytes(72, 128))
    return str(path)


def test_sora_without_a_fallback_explains_the_retirement(ai_video) -> None:
    for env in ({"SORA_FALLBACK_MODEL": ""}, {}):  # none set; the default (veo-3.1) without GOOGLE_API_KEY
        r = ai_video(**env).post("sora", {"prompt": "a whale", "duration_seconds": 8})
        assert r.status_code == 503, r.text
        error = r.json()["error"]
        assert error["code"] == "SERVICE_UNAVAILABLE" and "2026-09-24" in error["message"]
        assert error["details"]["setting"] == ("SORA_FALLBACK_MODEL" if env else "GOOGLE_API_KEY")


def test_sora_routes_to_veo_and_says_so(ai_video, gemini_fake: GeminiFake) -> None:
    api = ai_video(gemini_fake)
    job_id = api.submit("sora", {"prompt": "a whale", "duration_seconds": 8, "size": "720x1280",
                                 "style_preset": "cinematic"})
    job = api.wait(job_id)
    assert job["status"] == "completed", job
    result = job["result"]
    assert (result["routed_from"], result["model"], result["provider"]) == ("sora-2", "veo-3.1", "gemini")
    assert result["provider_model"] == "veo-3.1-generate-preview" and result["status"] == "completed"
    assert result["provider_generation_id"].startswith("models/veo-3.1-generate-preview/operations/")
    assert result["has_audio"] and result["video_url"] == result["output"]["url"]
    assert _streams(api.fetch(result["output"])) == {"video", "audio"}
    sent = gemini_fake.posts(":predictLongRunning")[0].json()
    assert sent["instances"][0]["prompt"] == "a whale. Style: cinematic" and sent["parameters"]["durationSeconds"] == 8
    logs = " ".join(api.logs(job_id))
    assert result["provider_generation_id"] in logs and "sora-2 is retired" in logs and gemini_fake.key not in logs


def test_allow_extend_makes_a_long_clip_in_parts_continuing_from_the_last_frame(ai_video,
                                                                                 gemini_fake: GeminiFake) -> None:
    api = ai_video(gemini_fake)
    assert "4, 6, 8 s" in errors_by_field(api.post("sora", {"prompt": "a whale", "duration_seconds": 12}))[
        "duration_seconds"]  # without allow_extend: the model's limit
    job = api.wait(api.submit("sora", {"prompt": "a whale", "duration_seconds": 12, "allow_extend": True}))
    assert job["status"] == "completed", job
    result = job["result"]
    assert result["parts_seconds"] == [8, 4] and len(result["provider_generation_id"].split(",")) == 2
    sent = [r.json() for r in gemini_fake.posts(":predictLongRunning")]
    assert [b["parameters"]["durationSeconds"] for b in sent] == [8, 4]
    assert "image" not in sent[0]["instances"][0]  # text to video, then the second part from its last frame
    frame = base64.b64decode(sent[1]["instances"][0]["image"]["bytesBase64Encoded"])
    assert frame[:8] == b"\x89PNG\r\n\x1a\n"
    with av.open(str(api.fetch(result["output"]))) as container:  # the fake's clips are 1 s each: 2 s joined
        assert float(container.duration or 0) / 1e6 == pytest.approx(2.0, abs=0.15)
    models = {m["name"]: m for m in api.client.get("/api/v1/video/models").json()["data"]["models"]}
    price = models["veo-3.1"]["price_per_second_usd"]
    assert result["estimated_cost_usd"] == (None if price is None else pytest.approx(12 * price))  # both parts


def test_requests_checked_against_the_model(ai_video, gemini_fake: GeminiFake, replicate_fake: ReplicateFake) -> None:
    api = ai_video(gemini_fake, replicate_fake)
    assert "4, 6, 8 s" in errors_by_field(api.post("sora", {"prompt": "a", "duration_seconds": 12}))[
        "duration_seconds"]
    assert "reference_image_url" in errors_by_field(api.post("mochi", {"prompt": "a", "reference_image_url":
                                                                       "https://example.com/a.png"}))
    assert "832x480" in errors_by_field(api.post("wan2", {"prompt": "a", "size": "1920x1080"}))["size"]
    assert "prompt" in errors_by_field(api.post("wan2", {"size": "832x480"}))
    assert "colour" in errors_by_field(api.post("mochi", {"prompt": "a", "colour": "red"}))
    r = api.client.post("/api/v1/video/image-to-video", json={"image_path": _image(api), "model": "sora-9"})
    assert "unknown video model" in errors_by_field(r)["model"]
    r = api.client.post("/api/v1/video/image-to-video", json={"model": "veo-3.1", "duration_seconds": 8})
    assert errors_by_field(r)  # no image
    r = api.client.post("/api/v1/video/image-to-video", json={"image_path": _image(api), "model": "veo-3.1"})
    assert "4, 6, 8" in errors_by_field(r)["duration_seconds"]  # the default 5 s is not a Veo length
    assert not replicate_fake.requests and not gemini_fake.requests


def test_mochi_progress_follows_the_prediction(ai_video, replicate_fake: ReplicateFake) -> None:
    api = ai_video(replicate_fake)
    job_id = api.submit("mochi", {"prompt": "a fox in snow"})
    job = api.wait(job_id)
    assert job["status"] == "completed", job
    assert job["result"]["model"] == "mochi-1" and not job["result"]["has_audio"]
    assert replicate_fake.posts()[0].path == "/v1/models/genmoai/mochi-1/predictions"
    steps = [s for _, s in api.progress(job_id) if s and s.startswith("replicate")]
    assert "replicate: processing 40%" in steps


def test_wan2_failure_keeps_the_error(ai_video, replicate_fake: ReplicateFake) -> None:
    api = ai_video(replicate_fake, REPLICATE_WAN_I2V_VERSION="wan-video/wan-2.2-i2v-fast:" + "b" * 64)
    job = api.wait(api.submit("wan2", {"prompt": "FAIL_ME", "reference_image_url": _image(api)}))
    assert job["status"] == "failed" and "NSFW" in str(job["error"])
    assert replicate_fake.posts()[0].json()["version"].endswith("b" * 64)


def test_cancelling_our_job_cancels_the_prediction(ai_video, replicate_fake: ReplicateFake) -> None:
    api = ai_video(replicate_fake)
    job_id = api.submit("mochi", {"prompt": "SLOW_ME"})
    until = time.monotonic() + 20
    while not replicate_fake.predictions and time.monotonic() < until:
        time.sleep(0.05)
    assert api.client.delete(f"/api/v1/jobs/{job_id}").status_code in (200, 202)
    assert api.wait(job_id)["status"] == "cancelled"
    assert replicate_fake.cancelled == list(replicate_fake.predictions)


def test_image_to_video_with_geminigen(ai_video, geminigen_fake: GeminiGenFake) -> None:
    api = ai_video(geminigen_fake)
    job_id = api.submit("image-to-video", {"image_path": _image(api), "model": "veo-3.1-geminigen",
                                           "duration_seconds": 8, "motion_prompt": "slow push in"})
    job = api.wait(job_id)
    assert job["status"] == "completed", job
    result = job["result"]
    assert (result["provider"], result["template"], result["has_audio"]) == ("geminigen", None, True)
    assert geminigen_fake.forms[0]["prompt"] == "slow push in" and geminigen_fake.forms[0]["files"][1][:4] == \
        b"\x89PNG"
    percents = [s for _, s in api.progress(job_id) if s and s.startswith("geminigen")]
    assert percents[:2] == ["geminigen: processing 35%", "geminigen: processing 70%"]


def test_models_lists_every_model_and_what_to_set(ai_video, replicate_fake: ReplicateFake) -> None:
    r = ai_video(replicate_fake).client.get("/api/v1/video/models")
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    models = {m["name"]: m for m in data["models"]}
    assert set(models) == {"veo-3.1", "veo-3.1-geminigen", "mochi-1", "wan-2.2", "local"}
    assert models["local"]["configured"] and models["local"]["setting"] is None
    assert models["mochi-1"]["configured"] and models["mochi-1"]["provider_models"] == {"t2v": "genmoai/mochi-1"}
    assert models["wan-2.2"]["modes"] == ["text-to-video", "image-to-video"]
    assert not models["veo-3.1"]["configured"] and models["veo-3.1"]["setting"] == "GOOGLE_API_KEY"
    assert models["veo-3.1-geminigen"]["setting"] == "GEMINIGEN_API_KEY"
    assert "/video/sora" in models["veo-3.1"]["endpoints"] and data["sora"]["routed_to"] == "veo-3.1"
    assert models["veo-3.1"]["durations_seconds"] == [4, 6, 8] and models["veo-3.1"]["audio"]
    transforms = {m["name"]: m for m in data["transform_models"]}
    assert transforms["local"]["operations"] == ["upscale", "denoise"] and transforms["local"]["configured"]
    assert transforms["deoldify"]["operations"] == ["colorize"] and transforms["deoldify"]["configured"]
    assert transforms["real-esrgan"]["provider_model"].startswith("lucataco/real-esrgan-video:")
    assert set(transforms) == {"local", "real-esrgan", "gfpgan", "deoldify", "lcm-video2video"}


@pytest.mark.parametrize("route", ["mochi", "wan2"])
def test_unconfigured_provider_names_the_variable(ai_video, route: str) -> None:
    r = ai_video().post(route, {"prompt": "a"})
    assert r.status_code == 503 and r.json()["error"]["details"]["setting"] == "REPLICATE_API_TOKEN"
