"""POST /api/v1/video/image-to-video and /video/transform: local models, clear 400s and 503s for the rest
(the transform models on Replicate: test_transform_replicate.py)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import get_args

from media_service.capabilities.video import schemas
from media_service.engines.motion import TEMPLATES

from tests.capabilities.service_api import errors_by_field
from tests.engines.motion.measure import edge_minimum, grey_frames
from tests.engines.motion.test_motion import write_picture

from .conftest import VideoApi


def test_image_to_video_from_base64_with_a_prompt_matched_template(video_api: VideoApi, tmp_path: Path) -> None:
    picture = write_picture(tmp_path / "p.png", 270, 480)
    result = video_api.run("image-to-video", {
        "image_base64": base64.b64encode(picture.read_bytes()).decode(), "motion_prompt": "camera pans left slowly",
        "duration_seconds": 1, "fps": 12, "resolution": "720x1280", "quality": "draft"})
    assert (result["template"], result["model"], result["frames"]) == ("panLeft", "local", 12)
    frames = grey_frames(video_api.fetch(result["output"]))
    assert len(frames) == 12 and frames[0].shape == (1280, 720)
    assert min(edge_minimum(f) for f in frames) > 45


def test_an_unmatched_prompt_says_it_fell_back_to_a_gentle_zoom(video_api: VideoApi, tmp_path: Path) -> None:
    picture = video_api.place(write_picture(tmp_path / "q.png", 64, 64))
    result = video_api.run("image-to-video", {"image_path": picture, "motion_prompt": "a cat eating lasagna",
                                              "duration_seconds": 0.5, "fps": 8, "resolution": "512x512",
                                              "quality": "draft"})
    assert result["template"] == "zoomIn" and result["strength"] == 0.5
    assert "gentle zoom" in result["motion_reason"]


def test_transform_upscales_and_keeps_audio(video_api: VideoApi, clips: dict[str, Path]) -> None:
    result = video_api.run("transform", {"video_path": video_api.place(clips["seg0"]), "enhancement_type": "upscale",
                                         "output_resolution": "720p"})
    assert (result["width"], result["height"], result["audio_kept"], result["model"]) == (720, 1280, True, "local")
    assert grey_frames(video_api.fetch(result["output"]))[0].shape == (1280, 720)


def test_bad_requests_name_the_field_and_the_models_available(api_only: VideoApi, clips: dict[str, Path],
                                                              tmp_path: Path) -> None:
    picture = api_only.place(write_picture(tmp_path / "r.png", 64, 64))
    for seconds in (0, 3600):
        assert "duration_seconds" in errors_by_field(api_only.post("image-to-video", {
            "image_path": picture, "duration_seconds": seconds}))
    model = errors_by_field(api_only.post("image-to-video", {"image_path": picture, "model": "runway-gen3"}))
    assert "unknown video model 'runway-gen3'" in model["model"] and "local" in model["model"]  # GET /video/models
    assert "body" in errors_by_field(api_only.post("image-to-video", {"motion_prompt": "zoom"}))  # no image
    video = api_only.place(clips["seg0"])
    assert "image_path" in errors_by_field(api_only.post("image-to-video", {"image_path": video}))
    for kind, model in (("colorize", None), ("super-resolution", None), ("upscale", "real-esrgan"),
                        ("style-transfer", "lcm-video2video")):  # the AI models run on Replicate: not configured here
        r = api_only.post("transform", {"video_path": video, "enhancement_type": kind, "model": model,
                                        "style_prompt": "oil painting"})
        assert r.status_code == 503 and r.json()["error"]["details"]["setting"] == "REPLICATE_API_TOKEN", r.text
    refused = errors_by_field(api_only.post("transform", {"video_path": video, "enhancement_type": "colorize",
                                                          "model": "local"}))
    assert "local (upscale, denoise, offline)" in refused["enhancement_type"]
    assert "deoldify (colorize)" in refused["enhancement_type"]
    for model in ("wan2.2", "gfpgan", "runway"):
        assert "model" in errors_by_field(api_only.post("transform", {"video_path": video, "model": model,
                                                                      "enhancement_type": "colorize"}))
    assert "style_prompt" in errors_by_field(api_only.post("transform", {"video_path": video,
                                                                         "enhancement_type": "style-transfer"}))
    assert "video_path" in errors_by_field(api_only.post("transform", {"video_path": picture,
                                                                       "enhancement_type": "denoise"}))


def test_the_api_lists_the_engines_templates() -> None:
    assert get_args(schemas.TemplateName) == TEMPLATES


def test_a_long_data_uri_is_stored_as_a_file_not_in_the_job(video_api: VideoApi, tmp_path: Path) -> None:
    # #11 item 5: inputs sent inline would otherwise be stored and returned verbatim on every read.
    picture = write_picture(tmp_path / "big.png", 540, 960)
    inline = "data:image/png;base64," + base64.b64encode(picture.read_bytes()).decode()
    assert len(inline) > 50_000
    job_id = video_api.submit("image-to-video", {"image_base64": inline, "template": "zoomIn",
                                                 "duration_seconds": 0.5, "fps": 8, "resolution": "512x512",
                                                 "quality": "draft"})
    job = video_api.wait(job_id)
    assert job["status"] == "completed", job
    stored = job["input"]["image_base64"]
    assert stored.startswith("upl_")
    upload = video_api.client.get(f"/api/v1/uploads/{stored}").json()["data"]
    assert upload["size_bytes"] == picture.stat().st_size and upload["mime"] == "image/png"
    assert len(video_api.client.get(f"/api/v1/jobs/{job_id}").content) < 10_000
    assert len(grey_frames(video_api.fetch(job["result"]["output"]))) == 4


def test_a_data_uri_that_is_not_media_is_refused_at_submission(video_api: VideoApi) -> None:
    text = "data:text/plain;base64," + base64.b64encode(b"not a picture " * 400).decode()
    r = video_api.post("image-to-video", {"image_base64": text, "duration_seconds": 0.5})
    assert r.status_code in (400, 415), r.text
    assert r.json()["error"]["details"]["errors"][0]["field"] == "image_base64" or \
        r.json()["error"]["details"].get("field") == "image_base64"
    assert video_api.client.get("/api/v1/jobs").json()["data"]["jobs"] == []
