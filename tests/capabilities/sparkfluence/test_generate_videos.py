"""`POST /functions/v1/generate-videos` and `/check-video-status` (contract Endpoints 3 and 4) against the GeminiGen
fake: the contract's shapes (JSON Schemas written from its examples and field tables), the prompt's four parts,
the image attached, status 1 → 2 with the vendor's percentages, a failed clip, and the edge error envelope."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from tests.capabilities.service_api import CAPABILITY_ENV
from tests.conftest import API_KEY
from tests.fakes import FakeServer, GeminiGenFake, mp4_bytes, png_bytes
from tests.fakes.fixtures import fakes_env, fake_env, start_fake  # noqa: F401  (a fixture)

from .test_generate_images import ERROR_SCHEMA

_VEO = {"type": "object", "additionalProperties": False,
        "required": ["id", "uuid", "model_name", "status", "status_percentage", "estimated_credit"],
        "properties": {"id": {"type": "integer"}, "uuid": {"type": "string", "minLength": 1},
                       "model_name": {"type": "string", "minLength": 1}, "status": {"enum": [1, 2, 3]},
                       "status_percentage": {"type": "number", "minimum": 0, "maximum": 100},
                       "estimated_credit": {"type": "number", "minimum": 0}}}
# Endpoint 3 "Response (200 OK)" (+ our `data.provider`).
GENERATE_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["success", "data"], "properties": {
        "success": {"const": True}, "data": {
            "type": "object", "additionalProperties": False,
            "required": ["videos", "polling_endpoint", "polling_interval_seconds"],
            "properties": {"videos": {"type": "array", "minItems": 1, "items": {
                "type": "object", "additionalProperties": False, "required": ["segment_type", "veo_response"],
                "properties": {"segment_type": {"type": "string"}, "veo_response": _VEO}}},
                "polling_endpoint": {"const": "/functions/v1/check-video-status"},
                "polling_interval_seconds": {"type": "number", "minimum": 1},
                "provider": {"type": "string"}}}}}
# Endpoint 4 "Response (200 OK)" (+ our `provider` and `error_message` per video).
STATUS_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["success", "data"], "properties": {
        "success": {"const": True}, "data": {
            "type": "object", "additionalProperties": False, "required": ["videos", "summary", "all_completed"],
            "properties": {
                "videos": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["uuid", "status", "status_percentage", "video_url"],
                    "properties": {"uuid": {"type": "string"}, "status": {"enum": [1, 2, 3]},
                                   "status_percentage": {"type": "number", "minimum": 0, "maximum": 100},
                                   "video_url": {"type": ["string", "null"], "pattern": "^https?://"},
                                   "provider": {"type": "string"}, "error_message": {"type": ["string", "null"]}}}},
                "summary": {"type": "object", "additionalProperties": False,
                            "required": ["total", "completed", "processing", "failed"],
                            "properties": {k: {"type": "integer", "minimum": 0}
                                           for k in ("total", "completed", "processing", "failed")}},
                "all_completed": {"type": "boolean"}}}}}

IMAGE = "data:image/png;base64," + base64.b64encode(png_bytes(72, 128)).decode()
SEGMENTS = [{"type": "HOOK", "script_text": "Kerja seharian tapi nggak produktif? Ini yang salah!", "emotion": "shock"},
            {"type": "BODY_1", "script_text": "Rahasia nomor 1: Time blocking.", "emotion": "curiosity",
             "visual_direction": "Calendar app with colour-coded time blocks"}]
IMAGES = [{"segment_type": "HOOK", "image_url": IMAGE}, {"segment_type": "BODY_1", "image_url": IMAGE}]


@pytest.fixture
def spark_videos(make_client: Callable[..., TestClient], start_worker: Callable[..., Any]
                 ) -> Callable[..., TestClient]:
    """`spark_videos(*fakes, **env)`: Bearer-authenticated client (X-API-Key too, for the backend's routes)."""

    def factory(*fakes: FakeServer, **env: str) -> TestClient:
        merged = fakes_env(*fakes, **{**CAPABILITY_ENV, "VIDEO_POLL_FIRST_SEC": "0.05", "VIDEO_POLL_CAP_SEC": "0.1",
                                      **env})
        client = make_client(merged, key=None)
        client.headers["Authorization"] = f"Bearer {API_KEY}"
        client.headers["X-API-Key"] = API_KEY
        start_worker(client, queues=("io", "cpu"))
        return client

    return factory


def poll_status(client: TestClient, uuids: list[str], timeout: float = 120.0) -> list[dict[str, Any]]:
    """Every check-video-status answer (validated) until all_completed or a clip failed."""
    seen: list[dict[str, Any]] = []
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        r = client.post("/functions/v1/check-video-status", json={"video_uuids": uuids})
        assert r.status_code == 200, r.text
        jsonschema.validate(r.json(), STATUS_SCHEMA)
        seen.append(r.json()["data"])
        if seen[-1]["all_completed"] or seen[-1]["summary"]["failed"]:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"not completed after {timeout} s: {seen[-1]}")


def test_geminigen_clips_follow_the_contract(spark_videos, start_fake) -> None:  # noqa: F811
    fake: GeminiGenFake = start_fake(GeminiGenFake)
    client = spark_videos(fake)
    r = client.post("/functions/v1/generate-videos", json={"segments": SEGMENTS, "images": IMAGES,
                                                           "language": "indonesian"})
    assert r.status_code == 200, r.text
    jsonschema.validate(r.json(), GENERATE_SCHEMA)
    data = r.json()["data"]
    assert data["provider"] == "geminigen" and [v["segment_type"] for v in data["videos"]] == ["HOOK", "BODY_1"]
    veo = data["videos"][0]["veo_response"]
    assert (veo["model_name"], veo["status"], veo["estimated_credit"]) == ("veo-3.1-fast", 1, 20)
    uuids = [v["veo_response"]["uuid"] for v in data["videos"]]
    history = poll_status(client, uuids)
    final = history[-1]
    assert final["all_completed"] and final["summary"] == {"total": 2, "completed": 2, "processing": 0, "failed": 0}
    seen = {v["status_percentage"] for answer in history for v in answer["videos"] if v["status"] == 1}
    assert seen <= set(range(1, 100)) and all(v["provider"] == "geminigen" for v in final["videos"])
    forms = sorted(fake.forms, key=lambda f: f["prompt"])
    hook = next(f for f in forms if "Kerja" in f["prompt"])
    assert hook["prompt"] == ("Dynamic camera movement zooming in fast. Voice narration in Indonesian: 'Kerja seharian "
                              "tapi nggak produktif? Ini yang salah!' Emotional tone: shocked, urgent.")
    body = next(f for f in forms if "Time blocking" in f["prompt"])
    assert body["prompt"].startswith("Slow push in revealing the details: Calendar app with colour-coded time blocks.")
    assert (hook["model"], hook["resolution"], hook["aspect_ratio"]) == ("veo-3.1-fast", "720p", "9:16")
    assert hook["files"][1] == png_bytes(72, 128)
    video = client.get(final["videos"][0]["video_url"])  # signed (the files route still wants a key too)
    assert video.status_code == 200 and video.content[4:8] == b"ftyp"


def test_a_failed_clip_is_status_three(spark_videos, start_fake) -> None:  # noqa: F811
    client = spark_videos(start_fake(GeminiGenFake))
    segments = [{**SEGMENTS[0], "script_text": "FAIL_ME"}, SEGMENTS[1]]
    r = client.post("/functions/v1/generate-videos", json={"segments": segments, "images": IMAGES,
                                                           "provider": "geminigen"})
    uuids = [v["veo_response"]["uuid"] for v in r.json()["data"]["videos"]]
    until = time.monotonic() + 60
    while True:
        final = poll_status(client, uuids)[-1]
        if final["summary"]["failed"] + final["summary"]["completed"] == 2 or time.monotonic() > until:
            break
    failed = final["videos"][0]
    assert (failed["status"], failed["video_url"], final["all_completed"]) == (3, None, False)
    assert "Content policy violation" in failed["error_message"]


def _error(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    jsonschema.validate(r.json(), ERROR_SCHEMA)
    assert r.json()["error"]["code"] == code
    return dict(r.json()["error"])


def test_bad_requests_in_the_edge_envelope(spark_videos) -> None:
    client = spark_videos()
    post = lambda path, body: client.post(f"/functions/v1/{path}", json=body)  # noqa: E731
    error = _error(post("generate-videos", {"segments": SEGMENTS, "images": IMAGES[:1]}), 400, "INVALID_INPUT")
    assert error["details"]["field"] == "images" and "BODY_1" in error["message"]
    error = _error(post("generate-videos", {"segments": SEGMENTS, "images": IMAGES, "language": "klingon"}), 400,
                   "INVALID_INPUT")
    assert error["details"]["field"] == "language"
    error = _error(post("generate-videos", {"segments": SEGMENTS, "images": IMAGES, "provider": "gemini"}), 503,
                   "API_ERROR")
    assert error["details"]["setting"] == "GOOGLE_API_KEY"
    _error(post("generate-videos", {"segments": SEGMENTS, "images": IMAGES, "voice": "x"}), 400, "INVALID_INPUT")
    _error(post("generate-videos", {"images": IMAGES}), 400, "INVALID_INPUT")
    video = "data:video/mp4;base64," + base64.b64encode(mp4_bytes()).decode()
    bad_image = [{"segment_type": "HOOK", "image_url": video}, IMAGES[1]]
    error = _error(post("generate-videos", {"segments": SEGMENTS, "images": bad_image}), 400, "INVALID_INPUT")
    assert error["details"]["field"] == "images[0].image_url"
    _error(post("check-video-status", {"video_uuids": []}), 400, "INVALID_INPUT")
    error = _error(post("check-video-status", {"video_uuids": ["c558a44c-c91c-11f0-98b4-0242ac120004"]}), 404,
                   "NOT_FOUND")
    assert error["details"]["uuid"] == "c558a44c-c91c-11f0-98b4-0242ac120004"
    client.headers.pop("Authorization"), client.headers.pop("X-API-Key")
    _error(post("check-video-status", {"video_uuids": ["x"]}), 401, "UNAUTHORIZED")
